"""Public pages: A–Z index, letters, topics, search and the term article (staff see drafts)."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from terms import index, letters, missing, seo, twins
from terms.cache import public_page
from terms.drafts import pending_article
from terms.linking import link_matcher, linked_sections
from terms.models import CallToAction, SlugRedirect, Term, Topic, has_address
from terms.origin import absolute_url
from terms.search.forms import SearchForm
from terms.search.highlight import results_for
from terms.search.suggestions import closest_titles
from terms.sections import SECTION_NAMES

SEARCH_PAGE_SIZE = 20
INDEX_FIELDS = ["title", "slug", "summary", "index_letter", "sort_key"]


def paginate(request: HttpRequest, objects, per_page: int):
    """Return the requested page of `objects`; a bad page number is a 404."""
    try:
        return Paginator(objects, per_page).page(request.GET.get("page", 1))
    except InvalidPage as error:
        raise Http404(str(error)) from None


@require_safe
@public_page
def term_index(request: HttpRequest) -> HttpResponse:
    bar = index.letter_bar()
    total = sum(letter.count for letter in bar)
    groups, terms = [], []
    if total <= index.PAGE_SIZE:
        # Small enough for one page: the bar jumps to the headings below.
        for letter in bar:
            letter.jump = True
        terms = index.in_index_order(Term.objects.published()).only(*INDEX_FIELDS)
        entries = index.entries(terms, index.aliases_for_index(index.visible_aliases()))
        groups = index.grouped(entries)
        terms = [entry.term for entry in entries if not entry.is_alias]
    context = {
        "letters": bar,
        "topics": index.topics_with_counts(),
        "groups": groups,
        "total": total,
        "meta": seo.page_meta(request, "Glossary A–Z", "Every term of the glossary, A to Z."),
        "structured_data": seo.defined_term_set(request, terms),
    }
    return render(request, "terms/term_index.html", context)


@require_safe
@public_page(params=("page",))
def term_letter(request: HttpRequest, letter: str) -> HttpResponse:
    group = letters.letter_from_slug(letter)
    if group is None:
        raise Http404("No such letter.")
    terms = index.in_index_order(Term.objects.published().filter(index_letter=group))
    page = paginate(request, terms.only(*INDEX_FIELDS), index.PAGE_SIZE)
    # One row past the page tells which aliases sort before the next page's first term.
    start = (page.number - 1) * index.PAGE_SIZE
    rows = list(page.paginator.object_list[start : start + index.PAGE_SIZE + 1])
    page_terms = rows[: index.PAGE_SIZE]
    aliases = index.visible_aliases().filter(index_letter=group)
    if page.has_previous() and page_terms:
        aliases = aliases.filter(sort_key__gte=page_terms[0].sort_key)
    if len(rows) > index.PAGE_SIZE:
        aliases = aliases.filter(sort_key__lt=rows[-1].sort_key)
    label = letters.letter_label(group)
    title = f"Terms starting with {label}"
    if page.number > 1:
        title += f", page {page.number}"
    context = {
        "letters": index.letter_bar(),
        "current": group,
        "label": label,
        "page": page,
        "entries": index.entries(page_terms, index.aliases_for_index(aliases)),
        "meta": seo.page_meta(request, title, f"Glossary terms starting with {label}."),
    }
    return render(request, "terms/term_letter.html", context)


@require_safe
@public_page
def topic_list(request: HttpRequest) -> HttpResponse:
    context = {
        "topics": index.topics_with_counts(),
        "meta": seo.page_meta(request, "Topics", "The glossary's terms by topic."),
    }
    return render(request, "terms/topic_list.html", context)


@require_safe
@public_page(params=("page",))
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    terms = index.in_index_order(Term.objects.published().filter(tags=topic))
    page = paginate(request, terms.only(*INDEX_FIELDS), index.PAGE_SIZE)
    if not page.object_list:
        raise Http404("No published terms on this topic.")
    title = f"{topic.name} terms" + (f", page {page.number}" if page.number > 1 else "")
    context = {
        "topic": topic,
        "page": page,
        "groups": index.grouped(index.entries(page.object_list, [])),
        "meta": seo.page_meta(
            request, title, topic.description or f"Glossary terms on {topic.name}, A to Z."
        ),
    }
    return render(request, "terms/topic_detail.html", context)


@require_safe
@public_page(params=("q", "page"), seconds=settings.GLOSSARY_SEARCH_CACHE_SECONDS)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    context = {"form": form, "meta": seo.page_meta(request, "Search", "Search the glossary.")}
    if not form.is_valid():
        return render(request, "terms/search.html", context, status=400)
    query = form.cleaned_data["q"]
    context["query"] = query
    if query:
        fields = ["title", "slug", "summary", *SECTION_NAMES]
        terms = Term.objects.search(query).only(*fields).prefetch_related("faqs")
        page = paginate(request, terms, SEARCH_PAGE_SIZE)
        context["page"] = page
        context["results"] = results_for([t for t in page.object_list if has_address(t)], query)
        if not page.paginator.count:
            context["suggestions"] = [t for t in closest_titles(query) if has_address(t)]
        context["meta"] = seo.page_meta(
            request, f"Search results for “{query}”", f"Glossary terms matching “{query}”."
        )
    response = render(request, "terms/search.html", context)
    return missing.found_nothing(response, context.get("page"))


def can_preview(request: HttpRequest) -> bool:
    """Return True if the user may see terms that are not published yet."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # a reader: reading request.user would add "Vary: Cookie" to the page
    return request.user.is_staff and request.user.has_perm("terms.view_term")


@require_safe
@public_page
def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # One term, so its rows are read by plain queries: a prefetch costs more CPU to build.
    terms = Term.objects.for_reading().select_related("call_to_action").filter(slug=slug)
    term = terms.published().first()
    preview = False
    if term is None and can_preview(request):
        term = terms.first()
        preview = term is not None
    if term is None:
        return redirect_old_slug(request, slug)
    changes = pending_article(term) if can_preview(request) else None
    if changes is not None:
        context = article_context(
            request, changes.term, faqs=changes.faqs, links=changes.links, topics=changes.topics
        )
        preview = True
    else:
        links = twins.visible_links().filter(term=term)
        context = article_context(
            request,
            term,
            faqs=list(term.faqs.all()),
            links=[link for link in links if link.target is None or has_address(link.target)],
            topics=list(term.tags.order_by("pk")),
        )
    context["preview"] = preview
    context["unpublished_changes"] = changes is not None
    response = render(request, "terms/term_detail.html", context)
    if preview:
        patch_cache_control(response, private=True, no_store=True)
    return response


def article_context(request: HttpRequest, term: Term, *, faqs, links, topics) -> dict:
    """Return what templates/terms/term_detail.html needs to show `term` as an article."""
    return {
        "term": term,
        "faqs": faqs,
        "links": links,
        "topics": topics,
        "sections": linked_sections(term, link_matcher()),
        "call_to_action": term.call_to_action or CallToAction.site_default(),
        "preview": False,
        "markdown_url": absolute_url(request, twins.markdown_path(term.slug)),
        "meta": seo.page_meta(request, term.title, term.summary, og_type="article"),
        "structured_data": seo.term_structured_data(request, term, faqs),
    }


def redirect_old_slug(request: HttpRequest, slug: str) -> HttpResponse:
    """Send a former address straight to the term's current one, or raise 404."""
    redirect = SlugRedirect.objects.filter(old_slug=slug).select_related("term").first()
    if redirect is None:
        raise Http404("No term has this address.")
    visible = Term.objects.published().filter(pk=redirect.term_id).exists()
    if not (visible or can_preview(request)):
        raise Http404("No term has this address.")
    return HttpResponsePermanentRedirect(redirect.term.get_absolute_url())


@require_safe
@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = absolute_url(request, reverse("sitemap"))
    search_path = reverse("terms:search")
    lines = ["User-agent: *", f"Disallow: {search_path}", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
