"""Term cards on any website: the embed script, its stylesheet, its index of terms and its guide.

The script and stylesheet live in static/embed/ and are served here, at addresses that never
change (a host page cannot follow a hashed static name), cached like every public page.
"""

from collections import defaultdict

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from terms import seo
from terms.cache import public_page
from terms.models import Alias, Term

# How many terms the live demo on the guide page mentions.
DEMO_TERMS = 3


def _static_file(name: str) -> bytes:
    path = finders.find(name)
    with open(path, "rb") as file:
        return file.read()


@require_safe
@public_page
def embed_script(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        _static_file("embed/embed.js"), content_type="text/javascript; charset=utf-8"
    )


@require_safe
@public_page
def embed_stylesheet(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_static_file("embed/embed.css"), content_type="text/css; charset=utf-8")


def embed_index_data() -> dict:
    """Return the published terms the script links: title, slug, summary and aliases."""
    # Plain rows, not model instances: at 10,000 terms, instances took a worker's peak memory
    # up by 38 MB for a 2 MB answer.
    published = Term.objects.published()
    aliases = defaultdict(list)
    for term_id, name in Alias.objects.filter(term__in=published).values_list("term_id", "name"):
        aliases[term_id].append(name)
    rows = published.values_list("pk", "title", "slug", "summary")
    return {
        "terms": [
            {"title": title, "slug": slug, "summary": summary, "aliases": aliases[pk]}
            for pk, title, slug, summary in rows
        ]
    }


@require_safe
@public_page
def embed_index(request: HttpRequest) -> JsonResponse:
    """Answer the script's index; any origin may read it, with a simple GET and no cookies."""
    response = JsonResponse(
        embed_index_data(), json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@public_page
def embed_guide(request: HttpRequest) -> HttpResponse:
    latest = Term.objects.published().only("title").order_by("-updated_at", "title")
    context = {
        "demo_terms": [term.title for term in latest[:DEMO_TERMS]],
        "meta": seo.page_meta(
            request,
            "Term cards on your website",
            "Link the glossary's terms on any web page, with a definition card on hover.",
        ),
    }
    return render(request, "terms/embed.html", context)
