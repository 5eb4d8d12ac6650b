"""The read-only JSON API under /api/: terms, one term with FAQs and related terms, topics.

Built with django-ninja, which derives validation and the OpenAPI schema from type hints.
"""

from datetime import datetime
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from terms import index, letters
from terms.cache import public_page
from terms.markdown import plain_text
from terms.models import FAQ, RelatedLink, Term, Topic
from terms.origin import absolute_url
from terms.search.forms import MAX_QUERY_LENGTH
from terms.twins import article_terms, former_term, markdown_path

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100

api = NinjaAPI(
    title="Glossary API",
    version="1",
    description="Read-only access to the glossary's published terms and topics.",
    urls_namespace="api",
)


class TopicRef(Schema):
    name: str
    slug: str


class TermSummary(Schema):
    slug: str
    title: str
    summary: str
    topics: list[TopicRef]
    url: str = Field(description="The term's page.")
    markdown_url: str = Field(description="The term as Markdown.")
    api_url: str = Field(description="The term with FAQs and related terms, in this API.")

    @staticmethod
    def resolve_topics(term: Term) -> list[Topic]:
        return sorted(term.tags.all(), key=lambda tag: tag.name)

    @staticmethod
    def resolve_url(term: Term, context) -> str:
        return absolute_url(context["request"], term.get_absolute_url())

    @staticmethod
    def resolve_markdown_url(term: Term, context) -> str:
        return absolute_url(context["request"], markdown_path(term.slug))

    @staticmethod
    def resolve_api_url(term: Term, context) -> str:
        return absolute_url(context["request"], reverse("api:term", args=[term.slug]))


class Section(Schema):
    anchor: str
    heading: str
    markdown: str


class FAQOut(Schema):
    question: str
    answer: str = Field(description="Markdown.")


class RelatedOut(Schema):
    title: str = Field(alias="display_title")
    blurb: str = Field(description="Plain text.")
    url: str = Field(description="A term's page or a page elsewhere.")
    slug: str | None = Field(description="The related term's slug; null for a page elsewhere.")

    @staticmethod
    def resolve_blurb(link: RelatedLink) -> str:
        return plain_text(link.display_blurb)

    @staticmethod
    def resolve_url(link: RelatedLink, context) -> str:
        return link.url or absolute_url(context["request"], link.target.get_absolute_url())

    @staticmethod
    def resolve_slug(link: RelatedLink) -> str | None:
        return link.target.slug if link.target_id else None


class TermDetail(TermSummary):
    aliases: list[str]
    sections: list[Section]
    faqs: list[FAQOut]
    related: list[RelatedOut]
    published_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_aliases(term: Term) -> list[str]:
        return [alias.name for alias in term.aliases.all()]

    @staticmethod
    def resolve_sections(term: Term) -> list[dict]:
        return [
            {"anchor": anchor, "heading": heading, "markdown": text}
            for anchor, heading, text in term.sections
        ]

    @staticmethod
    def resolve_faqs(term: Term) -> list[FAQ]:
        return list(term.faqs.all())

    @staticmethod
    def resolve_related(term: Term) -> list[RelatedLink]:
        return list(term.related_links.all())


class TopicOut(Schema):
    name: str
    slug: str
    count: int = Field(description="How many published terms have this topic.")
    url: str = Field(description="The topic's page.")
    terms_url: str = Field(description="The topic's terms in this API.")

    @staticmethod
    def resolve_url(topic: Topic, context) -> str:
        return absolute_url(context["request"], reverse("terms:topic", args=[topic.slug]))

    @staticmethod
    def resolve_terms_url(topic: Topic, context) -> str:
        path = reverse("api:terms") + f"?topic={topic.slug}"
        return absolute_url(context["request"], path)


class TermFilters(Schema):
    topic: str | None = Field(None, description="A topic's slug.")
    letter: str | None = Field(None, description="An index letter, a to z, or 0-9.")
    q: str | None = Field(None, max_length=MAX_QUERY_LENGTH, description="Search words.")


@api.get("/terms", response=list[TermSummary], url_name="terms", summary="List terms")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_terms(request: HttpRequest, filters: Query[TermFilters]):
    """List published terms A to Z, or best first when searching; filter by topic and letter."""
    if filters.q and filters.q.strip():
        terms = Term.objects.search(filters.q)
    else:
        terms = index.in_index_order(Term.objects.published())
    if filters.topic:
        terms = terms.filter(tags__slug=filters.topic)
    if filters.letter:
        group = letters.letter_from_slug(filters.letter)
        if group is None:
            raise HttpError(400, "letter must be one of a to z, or 0-9.")
        terms = terms.filter(index_letter=group)
    return terms.only("title", "slug", "summary").prefetch_related("tags")


@api.get("/terms/{slug}", response=TermDetail, url_name="term", summary="One term")
def get_term(request: HttpRequest, slug: str):
    """Return a published term with its sections, FAQs, related terms and topics.

    A former slug answers with a permanent redirect to the term's current address.
    """
    term = article_terms().prefetch_related("aliases").filter(slug=slug).first()
    if term is not None:
        return term
    moved = former_term(slug)
    if moved is None:
        raise Http404("No published term has this slug.")
    return HttpResponsePermanentRedirect(reverse("api:term", args=[moved.slug]))


@api.get("/topics", response=list[TopicOut], url_name="topics", summary="List topics")
def list_topics(request: HttpRequest):
    """List the topics that have published terms, with how many, by name."""
    return index.topics_with_counts()


# The query parameters each operation reads: the page cache drops any other (terms.cache).
QUERY_PARAMS = {"terms": (*TermFilters.model_fields, "page", "page_size")}


def public_urls():
    """Return the API's URL patterns, each a public page (cached, ETag, 304) that only reads.

    Ninja answers other methods on operations with 405 itself, but not on its schema and docs.
    """
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        params = QUERY_PARAMS.get(pattern.name, ())
        pattern.callback = require_safe(public_page(_head_as_get(pattern.callback), params=params))
    return patterns, app_name, namespace


def _head_as_get(view):
    """Answer HEAD as GET, as the site's pages do: ninja finds no operation for HEAD."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper
