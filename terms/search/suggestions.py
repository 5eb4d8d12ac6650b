"""“Did you mean”: the published titles closest to a query that found nothing."""

import difflib

from django.contrib.postgres.lookups import TrigramStrictWordSimilar
from django.contrib.postgres.search import TrigramStrictWordSimilarity
from django.db import connections
from django.db.models import Case, F, IntegerField, QuerySet, When

from terms.letters import fold
from terms.models import Alias, Term

# How many names the database hands to difflib, at most.
SUGGESTION_CANDIDATES = 20
MAX_SUGGESTION_TRIGRAMS = 24


def closest_titles(query: str, limit: int = 3) -> list[Term]:
    """Return up to `limit` published terms whose title or alias is closest to `query`.

    The database narrows the names to a few candidates (a trigram index on PostgreSQL), so
    a query that matches nothing costs the same at any size; difflib then picks among them.
    """
    folded = " ".join(fold(query).split())
    if connections["default"].vendor == "postgresql":
        names = _postgres_candidates(folded)
    else:
        names = _bounded_candidates(folded)
    suggestions = []
    for key in difflib.get_close_matches(folded, list(names), n=limit * 2, cutoff=0.5):
        if names[key] not in suggestions:
            suggestions.append(names[key])
    return [Term(slug=slug, title=title) for slug, title in suggestions[:limit]]


def suggestion_candidates(folded: str) -> QuerySet[Term]:
    """Return the published terms whose names come closest to `folded` (PostgreSQL).

    Strict word similarity (`<<%`, threshold set in settings) is answered by the trigram
    index on `search_names`, and is looser than the search's own typo match.
    """
    return (
        Term.objects.published()
        .filter(TrigramStrictWordSimilar(F("search_names"), folded))
        .annotate(closeness=TrigramStrictWordSimilarity(folded, "search_names"))
        .order_by("-closeness", "sort_key")
    )


def _postgres_candidates(folded: str) -> dict[str, tuple[str, str]]:
    rows = suggestion_candidates(folded).values_list("slug", "title", "search_names")
    names = {}
    for slug, title, search_names in rows[:SUGGESTION_CANDIDATES]:
        for key in filter(None, search_names.split("|")):
            names.setdefault(key, (slug, title))
    return names


def _bounded_candidates(folded: str) -> dict[str, tuple[str, str]]:
    """Return the titles and aliases sharing the most trigrams with `folded` (SQLite).

    SQLite has no trigram index: the counting happens in SQL and only a few rows come back.
    """
    grams = sorted({folded[i : i + 3] for i in range(len(folded) - 2)})
    step = max(1, len(grams) // MAX_SUGGESTION_TRIGRAMS)
    shared = [
        Case(When(sort_key__contains=gram, then=1), default=0, output_field=IntegerField())
        for gram in grams[::step][:MAX_SUGGESTION_TRIGRAMS]
    ]
    if not shared:
        return {}
    score = sum(shared[1:], shared[0])
    published = Term.objects.published()
    titles = published.annotate(score=score).filter(score__gt=0).order_by("-score", "sort_key")
    aliases = (
        Alias.objects.filter(term__in=published)
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", "sort_key")
    )
    names = {}
    for rows in [
        titles.values_list("sort_key", "slug", "title")[:SUGGESTION_CANDIDATES],
        aliases.values_list("sort_key", "term__slug", "term__title")[:SUGGESTION_CANDIDATES],
    ]:
        for key, slug, title in rows:
            names.setdefault(key, (slug, title))
    return names
