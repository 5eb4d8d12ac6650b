"""Term cards on any website: the embed script, its stylesheet, its index of terms and its guide.

The script and stylesheet live in static/embed/ and are served here, at addresses that never
change (a host page cannot follow a hashed static name), cached like every public page.
"""

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
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
    terms = (
        Term.objects.published()
        .only("title", "slug", "summary")
        .prefetch_related(Prefetch("aliases", queryset=Alias.objects.only("term_id", "name")))
    )
    return {
        "terms": [
            {
                "title": term.title,
                "slug": term.slug,
                "summary": term.summary,
                "aliases": [alias.name for alias in term.aliases.all()],
            }
            for term in terms
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
