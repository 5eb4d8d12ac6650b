"""The A–Z index: letter counts, topics with counts, and terms listed with their aliases."""

from dataclasses import dataclass
from heapq import merge
from itertools import groupby

from django.db.models import Count, QuerySet
from django.urls import reverse

from terms import letters
from terms.models import Alias, Term, Topic, has_address

# Largest number of entries shown on one page: about 300 KB of HTML at the longest titles
# and summaries. A bigger glossary's index links to a page per letter, split into pages.
PAGE_SIZE = 250


@dataclass
class LetterHeading:
    """A letter group as the heading of its entries."""

    letter: str

    @property
    def label(self) -> str:
        return letters.letter_label(self.letter)

    @property
    def slug(self) -> str:
        return letters.letter_slug(self.letter)

    @property
    def anchor(self) -> str:
        return f"letter-{self.slug}"

    @property
    def url(self) -> str:
        return reverse("terms:letter", args=[self.slug])


@dataclass
class Letter(LetterHeading):
    """A letter group in the letter bar, with its number of published terms."""

    count: int
    has_entries: bool
    jump: bool = False

    @property
    def href(self) -> str:
        return f"#{self.anchor}" if self.jump else self.url


@dataclass
class Entry:
    """A line of the index: a term, or an alias that says "see" its term."""

    name: str
    letter: str
    sort_key: str
    term: Term
    is_alias: bool = False


def letter_bar() -> list[Letter]:
    """Return every letter group with its number of published terms."""
    published = Term.objects.published()
    counts = dict(published.order_by().values_list("index_letter").annotate(count=Count("pk")))
    alias_letters = set(
        visible_aliases().order_by().values_list("index_letter", flat=True).distinct()
    )
    return [
        Letter(letter, counts.get(letter, 0), letter in counts or letter in alias_letters)
        for letter in letters.LETTERS
    ]


def topics_with_counts() -> QuerySet[Topic]:
    """Return the topics that have published terms, each with `count`, by name."""
    return (
        Topic.objects.filter(terms_taggedterm_items__content_object__in=Term.objects.published())
        .annotate(count=Count("terms_taggedterm_items"))
        .order_by("name")
    )


def visible_aliases() -> QuerySet[Alias]:
    return Alias.objects.filter(term__in=Term.objects.published())


def in_index_order(terms: QuerySet[Term]) -> QuerySet[Term]:
    return terms.order_by("index_letter", "sort_key", "title", "pk")


def entries(terms, aliases) -> list[Entry]:
    """Return terms and "see" entries for aliases merged in index order, all with addresses."""
    term_entries = (Entry(t.title, t.index_letter, t.sort_key, t) for t in terms if has_address(t))
    alias_entries = (
        Entry(a.name, a.index_letter, a.sort_key, a.term, is_alias=True)
        for a in aliases
        if has_address(a.term)
    )
    return list(
        merge(term_entries, alias_entries, key=lambda entry: (entry.letter, entry.sort_key))
    )


def aliases_for_index(aliases: QuerySet[Alias]) -> QuerySet[Alias]:
    return (
        aliases.select_related("term")
        .only("name", "index_letter", "sort_key", "term__title", "term__slug")
        .order_by("index_letter", "sort_key")
    )


def grouped(entry_list: list[Entry]) -> list[tuple[LetterHeading, list[Entry]]]:
    """Return the entries under their letter headings."""
    return [
        (LetterHeading(letter), list(group))
        for letter, group in groupby(entry_list, key=lambda entry: entry.letter)
    ]
