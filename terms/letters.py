"""Index letters and sort keys for the A–Z index: accents and case folded, non-letters as 0–9."""

import unicodedata

DIGITS_AND_SYMBOLS = "0-9"
LETTERS = [DIGITS_AND_SYMBOLS, *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


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
    """Return the key that orders `title` within the index."""
    return fold(title).strip()


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
