"""Topics as editors type them: names between commas, in double quotes when they hold either."""

import csv
from collections.abc import Iterable

from taggit.models import Tag

from terms.text import clean_text


def parse_topics(typed: str) -> list[str]:
    """Return the distinct topic names in `typed`, read as one line of CSV.

    Replaces taggit's parser (TAGGIT_TAGS_FROM_STRING), which splits on spaces when there is no
    comma and has no way to quote a double quote: saving a term split `Fundamentals "core"` in two.
    """
    row = next(csv.reader([clean_text(typed, multiline=False)], skipinitialspace=True), [])
    return sorted({name.strip() for name in row if name.strip()})


def typed_topics(topics: Iterable[Tag]) -> str:
    """Return `topics` as an editor would type them, so that `parse_topics` reads them back."""
    return ", ".join(sorted(_quoted(topic.name) for topic in topics))


def _quoted(name: str) -> str:
    if "," in name or '"' in name:
        return '"' + name.replace('"', '""') + '"'
    return name
