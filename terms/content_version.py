"""The content version: one number that changes whenever anything readers see changes.

Every public page shows a little of many terms (titles and blurbs in "Keep exploring", the index,
letters, topics, search), so one content version covers them all: any save or delete of content
replaces it, and what was computed under the old version is never used again. The version also
rolls over when a scheduled term's publish time passes, since that changes pages with no save.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag

from terms.models import FAQ, Alias, CallToAction, RelatedLink, SlugRedirect, TaggedTerm, Term

STATE_KEY = "glossary:content-state"
CHANGES_CHANNEL = "glossary:content-changed"
# How long a thread trusts the state it read with no change announced: the bound on staleness
# should the subscription fail without the socket noticing.
TRUST_SECONDS = 1.0
CONTENT_MODELS = [Term, FAQ, RelatedLink, CallToAction, Alias, Tag, TaggedTerm, SlugRedirect]


@dataclass(frozen=True)
class ContentState:
    version: int  # nanoseconds since the epoch when this version was first seen
    next_publish: float | None  # when the next scheduled term goes live, as a timestamp

    @property
    def last_modified(self) -> float:
        return self.version / 1e9

    def is_due(self) -> bool:
        return self.next_publish is not None and time.time() >= self.next_publish


_known = threading.local()


def content_state() -> ContentState:
    """Return the current content version, starting a new one when a scheduled term goes live.

    With a Redis cache, each thread keeps the state it read while no change is announced (see
    `glossary.redis_cache.Listener`), so most requests do not ask Redis for it.
    """
    listener = _change_listener()
    if listener is None:
        return _shared_state()
    quiet = listener.heard_nothing()  # asked first, so nothing announced from here is missed
    known = getattr(_known, "state", None)
    if (
        quiet
        and known is not None
        and _known.listener is listener
        and not known.is_due()
        and time.monotonic() - _known.read_at < TRUST_SECONDS
    ):
        return known
    _known.state, _known.listener, _known.read_at = _shared_state(), listener, time.monotonic()
    return _known.state


def _shared_state() -> ContentState:
    state = cache.get(STATE_KEY)
    if state is None or state.is_due():
        state = ContentState(version=time.time_ns(), next_publish=_next_publish_time())
        cache.set(STATE_KEY, state, timeout=None)
    return state


def invalidate() -> None:
    """End the current content version now and again on commit, so no page outlives the change.

    The second time covers a page rendered by another server between the save and the commit.
    """
    _end_version()
    transaction.on_commit(_end_version)


def _end_version() -> None:
    cache.delete(STATE_KEY)
    _known.state = None
    publish = getattr(cache, "publish", None)
    if publish is not None:
        publish(CHANGES_CHANNEL)


def _change_listener():
    """Return this thread's listener for content changes, if the cache can tell of them."""
    listener = getattr(cache, "listener", None)
    return listener(CHANGES_CHANNEL) if listener is not None else None


def _next_publish_time() -> float | None:
    upcoming = Term.objects.filter(
        status=Term.Status.PUBLISHED, published_at__gt=timezone.now()
    ).aggregate(at=Min("published_at"))["at"]
    return upcoming.timestamp() if upcoming else None


def _content_changed(sender, **kwargs):
    invalidate()


for _model in CONTENT_MODELS:
    post_save.connect(_content_changed, sender=_model, dispatch_uid=f"cache-save-{_model}")
    post_delete.connect(_content_changed, sender=_model, dispatch_uid=f"cache-delete-{_model}")


@receiver(m2m_changed, sender=Term.tags.through)
def _tags_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        invalidate()


def versioned(name: str, compute):
    """Return `compute()` cached under the current content version (shared by all workers)."""
    key = f"glossary:{name}:{content_state().version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.GLOSSARY_PAGE_CACHE_SECONDS)
    return value


_in_process: dict[str, tuple[int, object]] = {}


def versioned_in_process(name: str, compute):
    """Return `compute()` kept in this process's memory for the current content version.

    For values too costly to rebuild per request, such as a compiled pattern.
    """
    version = content_state().version
    kept = _in_process.get(name)
    if kept is None or kept[0] != version:
        kept = _in_process[name] = (version, compute())
    return kept[1]
