"""The content version: a shared counter that moves on whenever anything readers see changes.

Every public page shows a little of many terms (titles and blurbs in "Keep exploring", the index,
letters, topics, search), so one content version covers them all: any save or delete of content
moves it on, and what was computed under an older version is never used again. It also moves on
when a scheduled term's publish time passes, since that changes pages with no save.

The number is a counter in the shared cache (Redis `INCR` with Redis), so it only moves forward
whichever server changes it; a counter that went missing (Redis restarted) starts again from
the clock in microseconds, above any number handed out before. Each version records when it
began, at least a second after the version before whichever server's clock says otherwise:
pages send it as `Last-Modified`, so it never goes backwards. (A burst of changes can put it a
few seconds ahead of the clock; the ETag, the version number, stays the strong validator.)
"""

import contextlib
import contextvars
import math
import threading
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from terms import shared_cache
from terms.version_watch import watch

VERSION_KEY = "glossary:content-version"


@dataclass(frozen=True)
class ContentVersion:
    number: int
    began_at: int  # when content last changed, in whole seconds since the epoch
    next_publish: float | None  # when the next scheduled term goes live, as a timestamp

    @property
    def etag(self) -> str:
        return f'"{self.number:x}"'

    def is_due(self) -> bool:
        return self.next_publish is not None and time.time() >= self.next_publish


_latest: ContentVersion | None = None  # the last version this process learned
_change_pending = threading.Event()  # this process changed content while the cache failed
_pinned: contextvars.ContextVar[ContentVersion | None] = contextvars.ContextVar("pinned")


def current() -> ContentVersion | None:
    """Return the current content version, or None while the shared cache cannot tell it."""
    pinned = _pinned.get(None)
    if pinned is not None:
        return pinned
    try:
        if _change_pending.is_set():
            _move_on()
        version = _learn(watch().number(_read_number))
        if version.is_due():
            version = _roll_over(version)
    except shared_cache.Unavailable:
        return None
    return version


@contextlib.contextmanager
def pinned():
    """Read the content version once and keep it for everything computed inside the block."""
    version = current()
    token = _pinned.set(version)
    try:
        yield version
    finally:
        _pinned.reset(token)


def invalidate() -> None:
    """End the current content version now and again on commit, so no page outlives the change.

    The second time covers a page rendered by another server between the save and the commit.
    """
    if transaction.get_connection().in_atomic_block:
        _change()
    transaction.on_commit(_change)  # outside a transaction: at once


def _change() -> None:
    try:
        _move_on()
    except shared_cache.Unavailable:
        # Remembered, and made when the cache answers; until then this process caches nothing.
        _change_pending.set()


def _read_number() -> int:
    number = shared_cache.get(VERSION_KEY)
    if number is None:
        number = shared_cache.increment(VERSION_KEY, start=time.time_ns() // 1000)
    return number


def _began_key(number: int) -> str:
    return f"glossary:content-began:{number}"


def _move_on(began_at: float | None = None) -> None:
    """Start a new version, recording when it began (never before the previous one began)."""
    number = shared_cache.increment(VERSION_KEY, start=time.time_ns() // 1000)
    previous = shared_cache.get(_began_key(number - 1)) or 0
    # HTTP dates count whole seconds: a version beginning in the same second as the one before
    # would answer a client holding the older page "304 Not Modified" on its date alone.
    _record_beginning(number, max(math.ceil(began_at or time.time()), previous + 1))
    _change_pending.clear()
    watch().changed()


def _record_beginning(number: int, began_at: int) -> int:
    if _latest is not None and _latest.number < number:
        began_at = max(began_at, _latest.began_at + 1)
    key = _began_key(number)
    # Kept as long as any page of the version can be: whoever records first is believed.
    if shared_cache.add(key, began_at, timeout=settings.GLOSSARY_PAGE_CACHE_SECONDS):
        return began_at
    return shared_cache.get(key) or began_at


def _learn(number: int) -> ContentVersion:
    global _latest
    latest = _latest
    if latest is not None and latest.number == number:
        return latest
    began_at = shared_cache.get(_began_key(number))
    if began_at is None:  # its maker failed to record it, or it was evicted
        began_at = _record_beginning(number, math.ceil(time.time()))
    if latest is not None and number < latest.number:
        return ContentVersion(number, began_at, _next_publish_time())
    _latest = ContentVersion(number, began_at, _next_publish_time())
    return _latest


def _roll_over(version: ContentVersion) -> ContentVersion:
    # Every process sees the term fall due at once; one of them moves the version on.
    if shared_cache.add(f"glossary:rollover:{version.number}", 1, timeout=60):
        _move_on(began_at=version.next_publish)
    return _learn(_read_number())


def _next_publish_time() -> float | None:
    term = apps.get_model("terms", "Term")
    upcoming = term.objects.filter(
        status=term.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(at=Min("published_at"))["at"]
    return upcoming.timestamp() if upcoming else None


def versioned(name: str, compute):
    """Return `compute()` kept in the shared cache under the current content version.

    A result of None is kept too; without the cache, `compute()` runs every time.
    """
    version = current()
    if version is None:
        return compute()
    key = f"glossary:{name}:{version.number}"
    try:
        kept = shared_cache.get(key)
    except shared_cache.Unavailable:
        return compute()
    if kept is None:
        kept = (compute(),)
        with contextlib.suppress(shared_cache.Unavailable):
            shared_cache.put(key, kept, timeout=settings.GLOSSARY_PAGE_CACHE_SECONDS)
    return kept[0]


_in_process: dict[str, tuple[int, object]] = {}
# One thread builds a value while the others that need it wait, rather than each building it.
_in_process_building = threading.RLock()


def versioned_in_process(name: str, compute):
    """Return `compute()` kept in this process's memory for the current content version.

    For values too costly to rebuild per request, such as a compiled pattern. While the shared
    cache cannot tell the version, the value last built is kept: a page then renders at the
    uncached rate, its auto-links at most as old as the outage.
    """
    version = current()
    kept = _in_process.get(name)
    if not _is_stale(kept, version):
        return kept[1]
    del kept  # a thread waiting for the new value must not keep the old one alive
    with _in_process_building:
        # Built by another thread while this one waited? If not, the old value goes before
        # the new one is built: both at once would raise the worker's peak memory.
        if _is_stale(_in_process.get(name), version):
            _in_process.pop(name, None)
            _in_process[name] = (version.number if version else 0, compute())
        return _in_process[name][1]


def _is_stale(kept: tuple[int, object] | None, version: ContentVersion | None) -> bool:
    return kept is None or (version is not None and kept[0] != version.number)
