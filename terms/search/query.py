"""How search ranks terms: PostgreSQL full text and trigrams, SQLite FTS5 over trigrams.

It builds on the queryset it is given and imports no model, so `TermQuerySet.search()` can
call it; `terms.search.indexing` writes what it reads.
"""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connections
from django.db.models import Case, F, FloatField, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest

from terms.letters import fold
from terms.search.words import meaningful_words

CONFIG = "english"
# The SQLite full-text table: one row a term (rowid = its pk), folded words between spaces.
FTS_TABLE = "terms_term_fts"
FTS_COLUMNS = ("title", "aliases", "summary", "body")
# bm25 weight of each column, in the order of FTS_COLUMNS: as PostgreSQL's A, B and C weights.
FTS_WEIGHTS = (10.0, 8.0, 4.0, 1.0)
# An alias's similarity counts a little less than a title's, so that an alias containing a
# title ("Machine Learning Bias") does not tie with it.
ALIAS_WEIGHT = 0.9
# On SQLite, the share of the query's trigrams a title or alias must hold to count as misspelt.
TYPO_SIMILARITY = 0.5
MAX_WORDS = 10
MAX_TRIGRAMS = 40


def ranked(terms: QuerySet, query: str) -> QuerySet:
    """Return the terms matching `query`, best first; exact title or alias first."""
    folded = " ".join(fold(query).split())
    if not folded:
        return terms.none()
    if connections[terms.db].vendor == "postgresql":
        return _postgres_search(terms, query, folded)
    return _sqlite_search(terms, folded)


def _name_match(folded: str) -> Case:
    """Rank an exact name over a prefix, and a title over an alias.

    "machi" finds Machine Learning before MLOps, whose alias is "Machine Learning Operations".
    """
    return Case(
        When(sort_key=folded, then=4),
        When(search_names__contains=f"|{folded}|", then=3),
        When(sort_key__startswith=folded, then=2),
        When(search_names__contains=f"|{folded}", then=1),
        default=0,
        output_field=IntegerField(),
    )


def _postgres_search(terms: QuerySet, query: str, folded: str) -> QuerySet:
    """Rank full-text matches and names that match or nearly match (misspelt) the query.

    Every branch of the filter is answered by a GIN index: the search vector, and trigrams of
    `search_names` for prefixes (LIKE) and typos (word similarity, threshold set in settings).
    """
    tsquery = SearchQuery(query, search_type="websearch", config=CONFIG)
    return (
        terms.filter(
            Q(search_vector=tsquery)
            | Q(search_names__contains=f"|{folded}")
            | TrigramWordSimilar(F("search_names"), folded)
        )
        .annotate(
            match=_name_match(folded),
            # Whole words of the text before names that merely look alike ("rag", "rank").
            found=Case(When(search_vector=tsquery, then=1), default=0),
            # Rows written without save() (bulk_create) have no vector yet: rank them as 0.
            rank=Coalesce(SearchRank(F("search_vector"), tsquery), Value(0.0)),
            similarity=Greatest(
                TrigramWordSimilarity(folded, "sort_key"),
                TrigramWordSimilarity(folded, "search_names") * ALIAS_WEIGHT,
            ),
        )
        .order_by("-match", "-found", (F("rank") + F("similarity")).desc(), "sort_key")
    )


def _sqlite_search(terms: QuerySet, folded: str) -> QuerySet:
    """Rank terms holding every word of the query as a word or word start, and misspelt names.

    The FTS5 table stores folded words between spaces, so the phrase " rag" is a word start
    (found by its trigrams " ra" and "rag", never inside "storage"). A name counts as misspelt
    when it holds TYPO_SIMILARITY of the query's trigrams, the way pg_trgm compares words.
    """
    words = [word for word in meaningful_words(folded) if len(word) >= 2][:MAX_WORDS]
    match = _name_match(folded)
    if not words:
        return terms.annotate(match=match).filter(match__gt=0).order_by("-match", "sort_key")
    grams = trigrams(words)
    text = " AND ".join(f'" {word}"' for word in words)
    names = "{title aliases} : (" + " OR ".join(f'"{gram}"' for gram in grams) + ")"
    row = f"{FTS_TABLE}.rowid = {terms.model._meta.db_table}.{terms.model._meta.pk.column}"
    weights = ", ".join(map(str, FTS_WEIGHTS))
    # bm25 is 0 or less: 1 - 1/(1 - bm25) maps it onto 0..1, like PostgreSQL's rank.
    text_rank = RawSQL(
        f"SELECT 1.0 - 1.0 / (1.0 - bm25({FTS_TABLE}, {weights})) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND {row}",
        [text],
        output_field=FloatField(),
    )
    similarity = RawSQL(
        f"SELECT max({_share('title', grams)}, {_share('aliases', grams)} * {ALIAS_WEIGHT}) "
        f"FROM {FTS_TABLE} WHERE {row}",
        grams * 2,
        output_field=FloatField(),
    )
    candidates = RawSQL(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [f"({text}) OR {names}"]
    )
    return (
        terms.annotate(match=match, text_rank=text_rank, similarity=similarity)
        .filter(
            Q(match__gt=0)
            | Q(pk__in=candidates)
            & (Q(text_rank__isnull=False) | Q(similarity__gte=TYPO_SIMILARITY))
        )
        .annotate(found=Case(When(text_rank__isnull=False, then=1), default=0))
        .order_by(
            "-match", "-found", (Coalesce("text_rank", 0.0) + F("similarity")).desc(), "sort_key"
        )
    )


def _share(column: str, grams: list[str]) -> str:
    """Return the SQL for the share of `grams` found in `column` (one parameter a trigram)."""
    found = " + ".join([f"(instr({column}, %s) > 0)"] * len(grams))
    return f"({found}) * 1.0 / {len(grams)}"


def trigrams(words: list[str]) -> list[str]:
    """Return the trigrams of `words`, each padded with a space on both sides."""
    grams = []
    for word in words:
        padded = f" {word} "
        grams += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return list(dict.fromkeys(grams))[:MAX_TRIGRAMS]
