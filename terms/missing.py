"""Searches that found nothing: counted per process, written to the database once a minute.

The search view marks a page that found nothing (`found_nothing`); `MissingSearchMiddleware`,
outside the page cache, counts every such page it hands out, whether rendered or served from
a cache, and takes the mark off. Counts wait in this process's memory and reach the database
(`MissingSearch`) at the end of a request once `FLUSH_SECONDS` have passed, or when the admin
list opens: a reader's request never waits for a write, and nothing of the shared cache is
used, so a Redis outage changes nothing here. Only the normalised query is kept: no address,
cookie, user agent or user.
"""

import logging
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from terms.models import MissingSearch

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
MAX_KEPT = 10_000  # distinct queries in the database, and waiting in one process's memory
FLUSH_SECONDS = 60
# Set by the search view on a page that found nothing; stored with the cached page.
FOUND_NOTHING_HEADER = "X-Glossary-Found-Nothing"


def normalise(query: str) -> str | None:
    """Return the query as it is counted, or None when it is not worth counting."""
    text = " ".join(unicodedata.normalize("NFKC", query).lower().split())
    if len(text) > MAX_QUERY_LENGTH or not any(char.isalpha() for char in text):
        return None
    return text


@dataclass
class Seen:
    count: int
    first: datetime
    last: datetime


class Tally:
    """This process's counts since its last flush to the database."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen: dict[str, Seen] = {}
        self._flushed_at = time.monotonic()

    def add(self, query: str, seen: Seen) -> None:
        with self._lock:
            kept = self._seen.get(query)
            if kept is not None:
                kept.count += seen.count
                kept.first, kept.last = min(kept.first, seen.first), max(kept.last, seen.last)
            elif len(self._seen) < MAX_KEPT:
                self._seen[query] = seen

    def due(self) -> bool:
        return bool(self._seen) and time.monotonic() - self._flushed_at >= FLUSH_SECONDS

    def take(self) -> dict[str, Seen]:
        with self._lock:
            seen, self._seen = self._seen, {}
            self._flushed_at = time.monotonic()
        return seen


tally = Tally()


def found_nothing(response: HttpResponse, page) -> HttpResponse:
    """Mark the search results `response` as a search that found nothing when `page` is empty."""
    if page is not None and not page.paginator.count:
        response[FOUND_NOTHING_HEADER] = "1"
    return response


def record(query: str) -> None:
    """Count one search for `query` that found nothing (in memory until the next flush)."""
    normalised = normalise(query)
    if normalised is not None:
        now = timezone.now()
        tally.add(normalised, Seen(1, now, now))


def flush() -> None:
    """Write this process's counts to the database and keep the most recent `MAX_KEPT`."""
    seen = tally.take()
    if not seen:
        return
    try:
        with transaction.atomic():
            MissingSearch.objects.bulk_create(
                [
                    MissingSearch(query=query, count=0, first_seen=s.first, last_seen=s.first)
                    for query, s in seen.items()
                ],
                ignore_conflicts=True,  # another process may have written the same query
            )
            for query, s in seen.items():
                MissingSearch.objects.filter(query=query).update(
                    count=F("count") + s.count, last_seen=s.last
                )
            _drop_beyond_limit()
    except DatabaseError:
        logger.warning("Could not save %d missing searches; retrying later", len(seen))
        for query, s in seen.items():
            tally.add(query, s)


def flush_if_due() -> None:
    """Flush once `FLUSH_SECONDS` have passed since the last flush (at a request's end)."""
    if tally.due():
        flush()


def _drop_beyond_limit() -> None:
    kept = MissingSearch.objects.order_by("-last_seen", "-count", "pk")
    dropped = list(kept.values_list("pk", flat=True)[MAX_KEPT:])
    if dropped:
        MissingSearch.objects.filter(pk__in=dropped).delete()


class MissingSearchMiddleware:
    """Count each search page that found nothing, however it was served, and unmark it.

    Placed outside the page cache, so a page served from memory or the shared cache is
    counted like one the view rendered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if FOUND_NOTHING_HEADER in response:
            del response[FOUND_NOTHING_HEADER]
            if request.method == "GET":
                record(request.GET.get("q", ""))
        return response
