"""Whole-page caching of public pages, invalidated by any content change.

Every public page shows a little of many terms (titles and blurbs in "Keep exploring", the index,
letters, topics, search), so one content version covers them all: any save or delete of content
replaces it, and pages cached under the old version are never served again. The version also
rolls over when a scheduled term's publish time passes, since that changes pages with no save.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition
from taggit.models import Tag

from terms.models import FAQ, Alias, CallToAction, RelatedLink, SlugRedirect, TaggedTerm, Term

STATE_KEY = "glossary:content-state"
CONTENT_MODELS = [Term, FAQ, RelatedLink, CallToAction, Alias, Tag, TaggedTerm, SlugRedirect]


@dataclass(frozen=True)
class ContentState:
    version: int  # nanoseconds since the epoch when this version was first seen
    next_publish: float | None  # when the next scheduled term goes live, as a timestamp

    @property
    def last_modified(self) -> float:
        return self.version / 1e9


def content_state() -> ContentState:
    """Return the current content version, starting a new one when a scheduled term goes live."""
    state = cache.get(STATE_KEY)
    if state is None or (state.next_publish is not None and time.time() >= state.next_publish):
        state = ContentState(version=time.time_ns(), next_publish=_next_publish_time())
        cache.set(STATE_KEY, state, timeout=None)
    return state


def invalidate() -> None:
    """End the current content version now and again on commit, so no page outlives the change.

    The second time covers a page rendered by another server between the save and the commit.
    """
    cache.delete(STATE_KEY)
    transaction.on_commit(lambda: cache.delete(STATE_KEY))


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


def _is_public_request(request: HttpRequest) -> bool:
    # Only the session cookie is looked at: reading request.user would add "Vary: Cookie".
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _page_key(request: HttpRequest, version: int) -> str:
    # Scheme and host are part of the page: canonical and Open Graph URLs are absolute.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"glossary:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    return f"{request.content_state.version:x}"


def _last_modified(request: HttpRequest, *args, **kwargs):
    return datetime.fromtimestamp(request.content_state.last_modified, tz=UTC)


def public_page(view):
    """Mark `view`'s pages as public: ETag, Last-Modified and 304s, cached by the middleware.

    Anyone with a session (staff, previews) gets a fresh, privately cached page instead.
    """

    @condition(etag_func=_etag, last_modified_func=_last_modified)
    def conditional_view(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_public_request(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not hasattr(request, "content_state"):
            request.content_state = content_state()
        response = conditional_view(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=settings.GLOSSARY_HTTP_MAX_AGE)
            response.cacheable_page = response.status_code == 200
        return response

    wrapper.is_public_page = True
    return wrapper


class PublicPageCacheMiddleware:
    """Answer a public page from the cache before sessions, CSRF, auth or CSP run.

    Placed right after WhiteNoise: a cached page costs about what a static file does. Pages are
    stored with the headers the inner middleware gave them; only views marked `public_page`
    are stored, and only for requests without a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            settings.GLOSSARY_PAGE_CACHE
            and _is_public_request(request)
            and _is_public_view(request)
        ):
            return self.get_response(request)
        request.content_state = content_state()  # read once: each read is a cache round trip
        key = _page_key(request, request.content_state.version)
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, *stored)
        response = self.get_response(request)
        if getattr(response, "cacheable_page", False) and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            stored = (response.content, list(response.items()))
            cache.set(key, stored, timeout=settings.GLOSSARY_PAGE_CACHE_SECONDS)
        return response


def _is_public_view(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def _replay(request: HttpRequest, content: bytes, headers: list) -> HttpResponse:
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
