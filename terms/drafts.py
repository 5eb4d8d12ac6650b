"""Drafts of changes to live terms: the article as an unsaved form describes it, kept aside.

A draft of changes is stored in `PendingChange` twice over, each copy with one reader: the
submitted form data, which the admin validates and saves through its own form when the draft is
published, and a snapshot of the article it describes, which the term page shows to staff.
"""

import copy
from dataclasses import dataclass

from django.core import serializers
from django.db.models import QuerySet
from django.http import QueryDict

from terms.models import FAQ, PendingChange, RelatedLink, Term, Topic, has_address

# What a draft of changes never carries: whether and when the term is live stays the live row's.
LIVE_ONLY_FIELDS = ("status", "published_at")
# The term's own fields a snapshot keeps: what an editor writes.
ARTICLE_FIELDS = [
    field.name
    for field in Term._meta.concrete_fields
    if field.editable and not field.primary_key and field.name not in LIVE_ONLY_FIELDS
]
# Form keys that are not part of the term: the CSRF token and which button was pressed.
NOT_FORM_DATA = ("csrfmiddlewaretoken",)


@dataclass
class Article:
    """A term page's content: the term with its FAQs, related links and topics."""

    term: Term
    faqs: list[FAQ]
    links: list[RelatedLink]
    topics: list[Topic]


def kept_rows(formset) -> list:
    """Return the unsaved objects of a valid formset's rows that are neither empty nor deleted."""
    rows = [
        form.instance
        for form in formset.forms
        if not formset._should_delete_form(form)
        and (form.instance.pk is not None or form.has_changed())
    ]
    return sorted(rows, key=lambda row: getattr(row, "position", None) or 0)


def topics_named(names: list[str]) -> list[Topic]:
    """Return the topics called `names` that still exist, as the article lists them."""
    return list(Topic.objects.filter(name__in=names).order_by("pk"))


def form_data(query: QueryDict) -> dict[str, list[str]]:
    """Return the submitted form as JSON-ready lists of values, without the CSRF token."""
    return {key: query.getlist(key) for key in query if not key.startswith(NOT_FORM_DATA)}


def as_query(data: dict[str, list[str]]) -> QueryDict:
    """Return stored form data as the QueryDict a form reads."""
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


def snapshot(term: Term, faqs: list[FAQ], links: list[RelatedLink], topics: list[Topic]) -> dict:
    """Return the article of an unsaved term and rows as JSON-ready data."""
    return {
        "term": serializers.serialize("python", [term], fields=ARTICLE_FIELDS)[0]["fields"],
        "rows": serializers.serialize("python", [*faqs, *links]),
        "topics": [topic.name for topic in topics],
    }


def save_draft(term: Term, user, data: QueryDict, article: dict) -> PendingChange:
    """Keep `data` and its article as the draft of changes to `term`, replacing any earlier one."""
    pending, _ = PendingChange.objects.update_or_create(
        term=term, defaults={"form_data": form_data(data), "article": article, "saved_by": user}
    )
    return pending


def pending_article(term: Term) -> Article | None:
    """Return the article of `term`'s draft of changes as readers would see it, or None."""
    pending = PendingChange.objects.filter(term=term).first()
    if pending is None:
        return None
    article = drafted_article(term, pending)
    targets = visible_targets(Term.objects.published(), [link.target_id for link in article.links])
    shown_links = []
    for link in article.links:
        if link.target_id is None:
            shown_links.append(link)
        elif link.target_id in targets:
            link.target = targets[link.target_id]
            shown_links.append(link)
    article.links = shown_links
    return article


def drafted_article(term: Term, pending: PendingChange) -> Article:
    """Return the article `pending` describes, every related link included."""
    draft = copy.copy(term)
    for name, value in pending.article["term"].items():
        field = Term._meta.get_field(name)
        setattr(draft, field.attname, field.to_python(value))
    rows = [row.object for row in serializers.deserialize("python", pending.article["rows"])]
    return Article(
        term=draft,
        faqs=[row for row in rows if isinstance(row, FAQ)],
        links=[row for row in rows if isinstance(row, RelatedLink)],
        topics=topics_named(pending.article["topics"]),
    )


def visible_targets(published: QuerySet, ids: list[int | None]) -> dict[int, Term]:
    """Return the published terms among `ids` that have an address, by id."""
    found = published.filter(pk__in=[pk for pk in ids if pk]).in_bulk()
    return {pk: term for pk, term in found.items() if has_address(term)}
