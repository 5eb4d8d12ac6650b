"""What search engines and link previews read: page metadata and JSON-LD structured data."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from terms.clean_output import clean_data
from terms.markdown import plain_text
from terms.origin import absolute_url

DEFAULT_DESCRIPTION = "An encyclopedia of terms for business readers."
# Characters that could end the <script> element or open a comment inside it.
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class PageMeta:
    """The title, description and canonical URL behind <title>, Open Graph and Twitter tags."""

    title: str
    description: str
    url: str
    og_type: str = "website"

    @property
    def full_title(self) -> str:
        return f"{self.title} · {settings.GLOSSARY_SITE_NAME}"


def page_meta(
    request: HttpRequest, title: str, description: str = "", og_type: str = "website"
) -> PageMeta:
    """Return a page's metadata; its canonical URL keeps only the `page` parameter."""
    url = absolute_url(request, request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={page}"
    return PageMeta(title, description or DEFAULT_DESCRIPTION, url, og_type)


def json_ld_script(data) -> SafeString:
    """Return `data` as a JSON-LD <script>; escaping <, > and & keeps text from breaking out."""
    text = json.dumps(clean_data(data), cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def defined_term_set(request: HttpRequest, terms=()) -> dict:
    """Return the glossary as a schema.org DefinedTermSet, listing `terms` if given."""
    data = {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "name": settings.GLOSSARY_SITE_NAME,
        "url": absolute_url(request, reverse("terms:index")),
    }
    if terms:
        data["hasDefinedTerm"] = [
            {
                "@type": "DefinedTerm",
                "name": term.title,
                "url": absolute_url(request, term.get_absolute_url()),
            }
            for term in terms
        ]
    return data


def term_web_page(term, url: str) -> dict:
    """Return the term's page as a schema.org WebPage with its update and review dates."""
    # dateModified and lastReviewed belong to a WebPage, not to the DefinedTerm itself.
    page = {"@type": "WebPage", "url": url, "dateModified": term.updated_at}
    if term.reviewed_on:
        page["lastReviewed"] = term.reviewed_on
    return page


def term_structured_data(request: HttpRequest, term, faqs) -> list[dict]:
    """Return a term page's DefinedTerm, BreadcrumbList and (with FAQs) FAQPage."""
    url = absolute_url(request, term.get_absolute_url())
    index_url = absolute_url(request, reverse("terms:index"))
    data = [
        {
            "@context": "https://schema.org",
            "@type": "DefinedTerm",
            "name": term.title,
            "description": term.summary,
            "url": url,
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "name": settings.GLOSSARY_SITE_NAME,
                "url": index_url,
            },
            "mainEntityOfPage": term_web_page(term, url),
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Glossary", "item": index_url},
                {"@type": "ListItem", "position": 2, "name": term.title, "item": url},
            ],
        },
    ]
    if faqs:
        data.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": faq.question,
                        "acceptedAnswer": {"@type": "Answer", "text": plain_text(faq.answer)},
                    }
                    for faq in faqs
                ],
            }
        )
    return data
