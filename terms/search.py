"""Search: PostgreSQL full text and trigram similarity, ranked substring matching on SQLite."""

import difflib
import re
from dataclasses import dataclass

from django import forms
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.lookups import TrigramStrictWordSimilar, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramStrictWordSimilarity,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Greatest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from terms.letters import fold
from terms.markdown import plain_text
from terms.models import FAQ, Alias, Term

CONFIG = "english"
MAX_QUERY_LENGTH = 200
# Trigram word similarity from which a title or alias counts as a (misspelt) match.
ALIAS_WEIGHT = 0.9
FRAGMENT_WORDS = 30
# How many names the database hands to difflib for "Did you mean", at most.
SUGGESTION_CANDIDATES = 20
MAX_SUGGESTION_TRIGRAMS = 24
WORD = re.compile(r"\w+")
# Never highlighted: the Snowball English stop words, the list PostgreSQL's "english" config drops.
_SNOWBALL_ENGLISH = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which who whom this that
    these those am is are was were be been being have has had having do does did doing a an the
    and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now
"""
STOP_WORDS = frozenset(_SNOWBALL_ENGLISH.split())


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the glossary",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )


def search_terms(query: str, using: str = "default") -> QuerySet[Term]:
    """Return the published terms matching `query`, best first; exact title or alias first."""
    folded = " ".join(fold(query).split())
    if not folded:
        return Term.objects.using(using).none()
    terms = Term.objects.using(using).published()
    if connections[using].vendor == "postgresql":
        return _postgres_search(terms, query, folded)
    return _substring_search(terms, folded)


def _postgres_search(terms: QuerySet[Term], query: str, folded: str) -> QuerySet[Term]:
    """Rank full-text matches and names that match or nearly match (misspelt) the query.

    Every branch of the filter is answered by a GIN index: the search vector, and trigrams of
    `search_names` for prefixes (LIKE) and typos (word similarity, threshold set in settings).
    """
    tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
    # An exact name beats a prefix, and a title beats an alias: "machi" finds Machine Learning
    # before MLOps, whose alias is "Machine Learning Operations".
    match = Case(
        When(sort_key=folded, then=4),
        When(search_names__contains=f"|{folded}|", then=3),
        When(sort_key__startswith=folded, then=2),
        When(search_names__contains=f"|{folded}", then=1),
        default=0,
        output_field=IntegerField(),
    )
    return (
        terms.filter(
            Q(search_vector=tsquery)
            | Q(search_names__contains=f"|{folded}")
            | TrigramWordSimilar(F("search_names"), folded)
        )
        .annotate(
            match=match,
            # Rows written without save() (bulk_create) have no vector yet: rank them as 0.
            rank=Coalesce(SearchRank(F("search_vector"), tsquery), Value(0.0)),
            # A title's similarity counts fully, an alias's a little less, so that an alias
            # containing a title ("Machine Learning Bias") does not tie with it.
            similarity=Greatest(
                TrigramWordSimilarity(folded, "sort_key"),
                TrigramWordSimilarity(folded, "search_names") * ALIAS_WEIGHT,
            ),
        )
        .order_by("-match", (F("rank") + F("similarity")).desc(), "sort_key")
    )


def _substring_search(terms: QuerySet[Term], folded: str) -> QuerySet[Term]:
    """Match every word of the query somewhere in the term; rank title and alias hits first.

    SQLite has no stemming or similarity without extensions, so this is LIKE matching
    (Django escapes %, _ and backslashes) with the ranking done by CASE expressions.
    """
    words = folded.split()[:10]
    in_name = Q()
    anywhere = Q()
    for word in words:
        aliases = Alias.objects.filter(term=OuterRef("pk"), sort_key__contains=word)
        faqs = FAQ.objects.filter(term=OuterRef("pk")).filter(
            Q(question__icontains=word) | Q(answer__icontains=word)
        )
        name = Q(sort_key__contains=word) | Q(Exists(aliases))
        in_name &= name
        anywhere &= (
            name
            | Q(summary__icontains=word)
            | Q(plain_english__icontains=word)
            | Q(technical_definition__icontains=word)
            | Q(business_use_case__icontains=word)
            | Q(example__icontains=word)
            | Q(Exists(faqs))
        )
    summary = Q()
    for word in words:
        summary &= Q(summary__icontains=word)
    alias_of_term = Alias.objects.filter(term=OuterRef("pk"))
    match = Case(
        When(sort_key=folded, then=4),
        When(Exists(alias_of_term.filter(sort_key=folded)), then=3),
        When(sort_key__startswith=folded, then=2),
        When(Exists(alias_of_term.filter(sort_key__startswith=folded)), then=1),
        default=0,
        output_field=IntegerField(),
    )
    return (
        terms.annotate(match=match)
        .filter(Q(match__gt=0) | anywhere)
        .annotate(
            in_name=Case(When(in_name, then=1), default=0, output_field=IntegerField()),
            in_summary=Case(When(summary, then=1), default=0, output_field=IntegerField()),
        )
        .order_by("-match", "-in_name", "-in_summary", "sort_key")
    )


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


@dataclass
class Result:
    term: Term
    summary: SafeString
    fragment: SafeString | None


def results_for(terms, query: str) -> list[Result]:
    """Return each term with its summary and best matching passage highlighted."""
    tokens = [token for token in fold(query).split() if len(token) >= 2 and token not in STOP_WORDS]
    results = []
    for term in terms:
        fragment = None
        if not _matching_word(term.summary, tokens):
            texts = [text for _, _, text in term.sections]
            texts += [f"{faq.question} {faq.answer}" for faq in term.faqs.all()]
            fragment = next(
                (
                    _fragment(plain, tokens)
                    for plain in map(plain_text, texts)
                    if _matching_word(plain, tokens)
                ),
                None,
            )
        results.append(Result(term, _highlight(term.summary, tokens), fragment))
    return results


def _word_matches(word: str, tokens: list[str]) -> bool:
    word = fold(word)
    for token in tokens:
        if word == token or (len(token) >= 3 and word.startswith(token)):
            return True
        if len(token) >= 4 and difflib.SequenceMatcher(None, word, token).ratio() >= 0.8:
            return True
    return False


def _matching_word(text: str, tokens: list[str]) -> re.Match | None:
    return next((m for m in WORD.finditer(text) if _word_matches(m.group(), tokens)), None)


def _highlight(text: str, tokens: list[str]) -> SafeString:
    """Escape `text` and wrap the words that match the query in <mark>."""
    parts, end = [], 0
    for found in WORD.finditer(text):
        if _word_matches(found.group(), tokens):
            parts.append(escape(text[end : found.start()]))
            parts.append(f"<mark>{escape(found.group())}</mark>")
            end = found.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # Every piece of editor text above went through escape().


def _fragment(text: str, tokens: list[str]) -> SafeString:
    """Return about FRAGMENT_WORDS words of `text` around its first match, highlighted."""
    words = text.split()
    first = next(i for i, word in enumerate(words) if _matching_word(word, tokens))
    start = max(0, first - FRAGMENT_WORDS // 3)
    window = " ".join(words[start : start + FRAGMENT_WORDS])
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + FRAGMENT_WORDS < len(words) else ""
    return mark_safe(prefix + _highlight(window, tokens) + suffix)


def write_search_vectors(terms: QuerySet) -> None:
    """Store each term's weighted vector (names, then summary, then article) in one UPDATE."""
    aliases = (
        Alias.objects.filter(term=OuterRef("pk"))
        .values("term")
        .annotate(text=StringAgg("name", " ", order_by="pk", output_field=TextField()))
        .values("text")
    )
    alias_keys = (
        Alias.objects.filter(term=OuterRef("pk"))
        .values("term")
        .annotate(
            keys=Concat(
                StringAgg("sort_key", "|", order_by="pk"), Value("|"), output_field=TextField()
            )
        )
        .values("keys")
    )
    faqs = (
        FAQ.objects.filter(term=OuterRef("pk"))
        .values("term")
        .annotate(
            text=StringAgg(
                Concat("question", Value(" "), "answer", output_field=TextField()),
                " ",
                order_by=("position", "pk"),
            )
        )
        .values("text")
    )
    names = Concat(
        "title",
        Value(" "),
        Coalesce(Subquery(aliases), Value(""), output_field=TextField()),
        output_field=TextField(),
    )
    body = Concat(
        "plain_english", Value(" "), "technical_definition", Value(" "),
        "business_use_case", Value(" "), "example", Value(" "),
        Coalesce(Subquery(faqs), Value(""), output_field=TextField()),
        output_field=TextField(),
    )  # fmt: skip
    terms.update(
        search_names=Concat(
            Value("|"),
            "sort_key",
            Value("|"),
            Coalesce(Subquery(alias_keys), Value(""), output_field=TextField()),
            output_field=TextField(),
        ),  # fmt: skip
        search_vector=SearchVector(names, weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector(body, weight="C", config=CONFIG),
    )
