"""Rows named by natural key, remembered for the length of one fixture load.

A fixture names each term many times over (every FAQ, alias, topic and related link names its
term, and links their target, by slug). Without this, each name was a query: about 5,000 of
them for the seed glossary, most of the time `loaddata` took.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Model

_rows: ContextVar[dict | None] = ContextVar("natural_key_rows", default=None)


@contextmanager
def remembered() -> Iterator[None]:
    """Remember, inside the block, each row found or saved by natural key or primary key."""
    token = _rows.set({})
    try:
        yield
    finally:
        _rows.reset(token)


def remember(instance: Model, natural_key: list | None) -> None:
    """Note a row just saved, by its primary key and its natural key (if it has one yet)."""
    rows = _rows.get()
    if rows is not None:
        model = type(instance)
        rows[(model, "pk", instance.pk)] = instance
        if natural_key is not None:
            rows[(model, "key", tuple(natural_key))] = instance


def recall(model: type[Model], kind: str, value, find: Callable[[], Model]) -> Model:
    """Return the row of `model` whose `kind` ("pk" or "key") is `value`, found once."""
    rows = _rows.get()
    if rows is None:
        return find()
    found = rows.get((model, kind, value))
    if found is None:
        found = rows[(model, kind, value)] = find()
    return found
