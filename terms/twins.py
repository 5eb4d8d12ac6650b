"""Twins for programs and language models: a term as Markdown, llms.txt and llms-full.txt."""

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.views.decorators.http import require_safe

from terms.cache import public_page
from terms.markdown import plain_text
from terms.models import RelatedLink, SlugRedirect, TaggedTerm, Term, published_condition
from terms.origin import absolute_url
from terms.sections import SECTIONS

MARKDOWN = "text/markdown; charset=utf-8"
SUMMARY = (
    "A glossary for business readers: each term has a one-sentence summary, the sections "
    + ", ".join(f"“{section.heading}”" for section in SECTIONS)
    + " and answers to common questions."
)
UNTOPICAL = "Other terms"
# llms-full.txt reads this many terms (and their FAQs and links) per round of queries.
FULL_TEXT_CHUNK = 100


def markdown_path(slug: str) -> str:
    """Return the address of the Markdown twin of the term with `slug`."""
    return reverse("terms:markdown", args=[slug])


def visible_links():
    """Return the related links readers may see ("Keep exploring"), with what they show."""
    # A condition on the joined target: "target IN (published terms)" reads every term.
    return (
        RelatedLink.objects.filter(Q(target__isnull=True) | published_condition("target__"))
        .select_related("target")
        .only(
            "term", "target", "url", "title", "blurb", "position",
            "target__title", "target__slug", "target__plain_english",
        )
    )  # fmt: skip


def article_terms():
    """Return published terms with everything their Markdown shows, fetched alongside."""
    return (
        Term.objects.published()
        .for_reading()
        .prefetch_related("faqs", Prefetch("related_links", queryset=visible_links()), "tags")
    )


def _escape(text: str) -> str:
    """Return `text` with the characters that would end a Markdown link text escaped."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _link(text: str, url: str) -> str:
    return f"[{_escape(text)}]({url.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})"


def term_markdown(request: HttpRequest, term: Term, level: int = 1) -> str:
    """Return `term` as Markdown under a heading of `level`: sections, FAQs, Keep exploring."""
    h1, h2, h3 = ("#" * n for n in range(level, level + 3))
    lines = [f"{h1} {term.title}", "", f"> {' '.join(term.summary.split())}", ""]
    lines.append(f"Source: <{absolute_url(request, term.get_absolute_url())}>")
    topics = sorted(term.tags.all(), key=lambda tag: tag.name)
    if topics:
        links = ", ".join(
            _link(tag.name, absolute_url(request, reverse("terms:topic", args=[tag.slug])))
            for tag in topics
        )
        lines += ["", f"Topics: {links}"]
    for _anchor, heading, text in term.sections:
        lines += ["", f"{h2} {heading}", "", text.strip()]
    faqs = term.faqs.all()
    if faqs:
        lines += ["", f"{h2} Frequently asked questions"]
        for faq in faqs:
            lines += ["", f"{h3} {' '.join(faq.question.split())}", "", faq.answer.strip()]
    related = term.related_links.all()
    if related:
        lines += ["", f"{h2} Keep exploring", ""]
        for link in related:
            url = link.url or absolute_url(request, markdown_path(link.target.slug))
            blurb = plain_text(link.display_blurb)
            lines.append(f"- {_link(link.display_title, url)}" + (f": {blurb}" if blurb else ""))
    return "\n".join(lines) + "\n"


@require_safe
@public_page
def term_markdown_view(request: HttpRequest, slug: str) -> HttpResponse:
    term = article_terms().filter(slug=slug).first()
    if term is not None:
        return HttpResponse(term_markdown(request, term), content_type=MARKDOWN)
    moved = former_term(slug)
    if moved is None:
        raise Http404("No published term has this address.")
    return HttpResponsePermanentRedirect(markdown_path(moved.slug))


def former_term(slug: str) -> Term | None:
    """Return the published term that had `slug` before a rename, if any."""
    redirect = (
        SlugRedirect.objects.filter(old_slug=slug, term__in=Term.objects.published())
        .select_related("term")
        .only("term__slug")
        .first()
    )
    return redirect.term if redirect else None


def llms_txt(request: HttpRequest) -> str:
    """Return the llms.txt index: site name, summary, then each topic's terms with links."""
    # Plain rows read in chunks, each made its line at once, not model instances with their
    # topics: at 10,000 terms those took a worker's peak memory up by over 70 MB for a 3 MB answer.
    published = Term.objects.published()
    topics_of = defaultdict(list)
    topic_rows = TaggedTerm.objects.filter(content_object__in=published).values_list(
        "content_object_id", "tag__name"
    )
    for term_id, topic in topic_rows:
        topics_of[term_id].append(topic)
    lines_by_topic: dict[str, list[str]] = defaultdict(list)
    untopical = []
    terms = published.order_by("sort_key", "title", "pk").values_list(
        "pk", "title", "slug", "summary"
    )
    for pk, title, slug, summary in terms.iterator():
        url = absolute_url(request, markdown_path(slug))
        line = f"- {_link(title, url)}: {' '.join(summary.split())}"
        for topic in topics_of.get(pk, ()):
            lines_by_topic[topic].append(line)
        if pk not in topics_of:
            untopical.append(line)
    full_text = absolute_url(request, reverse("llms_full_txt"))
    lines = [f"# {settings.GLOSSARY_SITE_NAME}", "", f"> {SUMMARY}", ""]
    lines.append(
        "Each link below leads to a term as Markdown; "
        f"every term in one file: {_link('llms-full.txt', full_text)}"
    )
    groups = sorted(lines_by_topic.items()) + ([(UNTOPICAL, untopical)] if untopical else [])
    for topic, topic_lines in groups:
        lines += ["", f"## {topic}", "", *topic_lines]
    return "\n".join(lines) + "\n"


@require_safe
@public_page
def llms_txt_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(llms_txt(request), content_type=MARKDOWN)


def llms_full_txt(request: HttpRequest) -> Iterator[str]:
    """Yield every published term as Markdown, A to Z, in one document."""
    yield f"# {settings.GLOSSARY_SITE_NAME}\n\n> {SUMMARY}\n"
    terms = article_terms().order_by("sort_key", "title", "pk")
    for term in terms.iterator(chunk_size=FULL_TEXT_CHUNK):
        yield "\n" + term_markdown(request, term, level=2)


@require_safe
@public_page
def llms_full_txt_view(request: HttpRequest) -> StreamingHttpResponse:
    # Streamed, and so left out of the page cache: at 10,000 terms it is megabytes, which would
    # crowd every page out of the in-process memory. ETags and public caching still apply.
    return StreamingHttpResponse(llms_full_txt(request), content_type=MARKDOWN)
