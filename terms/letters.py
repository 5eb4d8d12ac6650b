"""Index letters and sort keys for the A–Z index: accents and case folded, non-letters as 0–9."""

import unicodedata

DIGITS_AND_SYMBOLS = "0-9"
LETTERS = [DIGITS_AND_SYMBOLS, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
# The sort_key columns' length: folding can lengthen a name of 200 characters (ﬁ becomes fi).
SORT_KEY_LENGTH = 200


def fold(text: str) -> str:
    """Return `text` without accents and in case-folded form, for sorting and matching."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


def index_letter(title: str) -> str:
    """Return the index group of `title`: a capital A–Z, or 0-9 for digits and symbols."""
    folded = fold(title).strip()
    first = folded[:1]
    return first.upper() if "a" <= first <= "z" else DIGITS_AND_SYMBOLS


def sort_key(title: str) -> str:
    """Return the key that orders `title` within the index, cut to the column's length."""
    return fold(title).strip()[:SORT_KEY_LENGTH]


def index_keys(name: str) -> dict[str, str]:
    """Return the index letter and sort key of `name`, as a term's or alias's fields."""
    return {"index_letter": index_letter(name), "sort_key": sort_key(name)}


def letter_label(letter: str) -> str:
    """Return how a letter group is shown to readers."""
    return "0–9" if letter == DIGITS_AND_SYMBOLS else letter


def letter_slug(letter: str) -> str:
    """Return the URL form of a letter group."""
    return letter.lower()


def letter_from_slug(slug: str) -> str | None:
    """Return the letter group named by a URL, or None when there is no such group."""
    letter = slug.upper()
    return letter if letter in LETTERS and slug == letter_slug(letter) else None
