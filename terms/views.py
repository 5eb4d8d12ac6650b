"""Public pages: the glossary index and the term article."""

from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from terms.models import FAQ, CallToAction, RelatedLink, Term


@require_safe
def term_index(request: HttpRequest) -> HttpResponse:
    terms = Term.objects.published().only("title", "slug", "summary")
    return render(request, "terms/term_index.html", {"terms": terms})


@require_safe
def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    visible_links = RelatedLink.objects.filter(
        Q(target__isnull=True) | Q(target__in=Term.objects.published())
    ).select_related("target")
    term = get_object_or_404(
        Term.objects.published()
        .select_related("call_to_action")
        .prefetch_related(
            Prefetch("faqs", queryset=FAQ.objects.all()),
            Prefetch("related_links", queryset=visible_links),
            "tags",
        ),
        slug=slug,
    )
    call_to_action = term.call_to_action or CallToAction.site_default()
    return render(
        request, "terms/term_detail.html", {"term": term, "call_to_action": call_to_action}
    )
