"""What search reads, kept current: each term's names, and its vector or FTS5 row.

On PostgreSQL a term's weighted `search_vector` and `search_names` are written by one UPDATE;
on SQLite `search_names` and the term's row in the FTS5 table (made by migration 0012, which
also removes a deleted term's row by trigger).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat

from terms.models import FAQ, Alias, Term
from terms.search.query import CONFIG, FTS_COLUMNS, FTS_TABLE
from terms.search.words import folded_words
from terms.sections import SECTION_NAMES

# A term's texts with its aliases and FAQs, for the terms `selected` (SQLite's SQL).
SOURCE_ROWS = f"""
SELECT id, title, sort_key, summary,
    (SELECT group_concat(name, ' ') FROM terms_alias WHERE term_id = terms_term.id),
    (SELECT group_concat(sort_key, '|') FROM terms_alias WHERE term_id = terms_term.id),
    {", ".join(SECTION_NAMES)},
    (SELECT group_concat(question || ' ' || answer, ' ') FROM terms_faq
     WHERE term_id = terms_term.id)
FROM terms_term WHERE id IN ({{selected}})
"""


_waiting: ContextVar[set | None] = ContextVar("terms_waiting_for_the_index", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Index the terms saved inside the block once each, at its end, in one write per database.

    A fixture load saves a term's aliases and FAQs one by one, each a reason to index it again.
    """
    waiting: set[tuple[str, int]] = set()
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    for using in {using for using, _ in waiting}:
        ids = [term_id for alias, term_id in waiting if alias == using]
        index_terms(Term.objects.using(using).filter(pk__in=ids))


def index_term(term_id: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Rewrite what search reads of one term, now or at the end of a `deferred()` block."""
    waiting = _waiting.get()
    if waiting is not None:
        waiting.add((using, term_id))
    else:
        index_terms(Term.objects.using(using).filter(pk=term_id))


def index_terms(terms: QuerySet[Term]) -> None:
    """Rewrite what search reads of `terms` (after a bulk_create, which sends no signals)."""
    if connections[terms.db].vendor == "postgresql":
        write_search_vectors(terms)
    else:
        write_fts_rows(terms)


def write_search_vectors(terms: QuerySet[Term]) -> None:
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
    article = []
    for name in SECTION_NAMES:
        article += [name, Value(" ")]
    body = Concat(
        *article,
        Coalesce(Subquery(faqs), Value(""), output_field=TextField()),
        output_field=TextField(),
    )
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


def write_fts_rows(terms: QuerySet[Term]) -> None:
    """Store each term's names and its row of folded words in the FTS5 table (SQLite).

    Plain SQL: building the same queries with the ORM took most of a save's time.
    """
    selected, params = terms.values("pk").query.sql_with_params()
    with connections[terms.db].cursor() as cursor:
        cursor.execute(SOURCE_ROWS.format(selected=selected), params)
        entries, names = [], []
        for pk, title, sort_key, summary, aliases, alias_keys, *article in cursor.fetchall():
            names.append((f"|{sort_key}|" + (f"{alias_keys}|" if alias_keys else ""), pk))
            texts = [title, aliases or "", summary, " ".join(text or "" for text in article)]
            entries.append((pk, *map(spaced, texts)))
        cursor.executemany("UPDATE terms_term SET search_names = %s WHERE id = %s", names)
        columns = ", ".join(FTS_COLUMNS)
        cursor.executemany(
            f"INSERT OR REPLACE INTO {FTS_TABLE} (rowid, {columns}) VALUES (%s, %s, %s, %s, %s)",
            entries,
        )


def spaced(text: str) -> str:
    """Return the folded words of `text` with a space before and after each."""
    return f" {' '.join(folded_words(text))} "
