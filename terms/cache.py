"""The page cache: public pages kept whole until the content version ends.

- `@public_page(params=...)` marks a view's pages as public and cacheable, naming the query
  parameters the view reads; it changes nothing else about the view.
- `PublicPageCacheMiddleware` serves and stores them. For a GET or HEAD without a session
  cookie to a marked view it drops every other query parameter (the page is the same without
  them, and they make no entry), answers 304s, serves the page from this process's memory or
  the shared cache, or lets the view render it and stores a 200. Requests with a session get a
  fresh page marked private.
- The content version (`terms.content_version`) says when pages end: they are stored under it,
  and it gives their ETag and Last-Modified.

When the shared cache fails, pages are rendered afresh, without validators (see
`terms.shared_cache`).
"""

import contextlib
import hashlib
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from terms import content_version, shared_cache
from terms.content_version import ContentVersion
from terms.origin import site_origin


@dataclass(frozen=True)
class PublicPage:
    """What `public_page` declares about a view."""

    params: tuple[str, ...] = ()
    seconds: int | None = None  # how long its pages stay cached; None: GLOSSARY_PAGE_CACHE_SECONDS

    @property
    def timeout(self) -> int:
        return settings.GLOSSARY_PAGE_CACHE_SECONDS if self.seconds is None else self.seconds


def public_page(view=None, *, params: tuple[str, ...] = (), seconds: int | None = None):
    """Mark `view`'s pages as public and cacheable, one page per value of the `params` it reads."""

    def mark(view):
        @wraps(view)
        def marked(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        marked.public_page = PublicPage(tuple(params), seconds)
        return marked

    return mark(view) if view is not None else mark


@dataclass(frozen=True)
class StoredPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def size(self, key: str) -> int:
        """Return about how many bytes this page and its key take in memory."""
        strings = [key, self.content, *(text for header in self.headers for text in header)]
        return sum(sys.getsizeof(text) for text in strings)

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


class PageMemory:
    """This process's copies of pages of the current content version, up to a size in bytes.

    In front of the shared cache: a page read from here costs no round trip to Redis. Each
    page counts its key, headers and body against the size.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version = None
        self._pages: OrderedDict[str, tuple[StoredPage, float, int]] = OrderedDict()
        self.size = 0

    def get(self, version: int, key: str) -> StoredPage | None:
        with self._lock:
            kept = self._pages.get(key) if version == self._version else None
            if kept is None:
                return None
            page, expires_at, size = kept
            if time.monotonic() >= expires_at:
                del self._pages[key]
                self.size -= size
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, version: int, key: str, page: StoredPage, timeout: float) -> None:
        size = page.size(key)
        with self._lock:
            if version != self._version:
                self._version, self.size = version, 0
                self._pages.clear()
            if key in self._pages:
                self.size -= self._pages.pop(key)[2]
            self._pages[key] = (page, time.monotonic() + timeout, size)
            self.size += size
            while self.size > self.max_bytes:
                self.size -= self._pages.popitem(last=False)[1][2]

    def __len__(self) -> int:
        return len(self._pages)


page_memory = PageMemory(max_bytes=settings.GLOSSARY_PAGE_MEMORY_MB * 1024 * 1024)


def page_key(request: HttpRequest, version: int) -> str:
    """Return the shared-cache key of the page `request` asks for under content `version`."""
    # The origin is part of the page (canonical and Open Graph URLs are absolute); with
    # GLOSSARY_SITE_URL set, every Host the request may carry gives the same page.
    address = site_origin(request) + request.get_full_path()
    return f"glossary:page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


class PublicPageCacheMiddleware:
    """Serve and store the pages of views marked `public_page` (see this module's docstring).

    Placed right after WhiteNoise, so a cached page skips sessions, CSRF, auth and CSP: one in
    this process's memory costs about what a static file does, one in the shared cache a round
    trip more. Pages are stored with the headers the inner middleware gave them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        page = _public_page_of(request)
        if page is None:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            # Only the session cookie is looked at: reading request.user would add "Vary: Cookie".
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        with _only_params(request, page.params), content_version.pinned() as version:
            if version is None:
                return _mark_public(self.get_response(request), None)
            return self._serve(request, page, version)

    def _serve(self, request: HttpRequest, page: PublicPage, version: ContentVersion):
        not_modified = get_conditional_response(
            request, etag=version.etag, last_modified=version.began_at
        )
        if not_modified is not None:
            return _mark_public(not_modified, version)
        if not settings.GLOSSARY_PAGE_CACHE:
            return _mark_public(self.get_response(request), version)
        key = page_key(request, version.number)
        stored = page_memory.get(version.number, key)
        if stored is None:
            try:
                stored = shared_cache.get(key)
            except shared_cache.Unavailable:
                stored = None
            if stored is not None:
                page_memory.put(version.number, key, stored, page.timeout)
        if stored is not None:
            return stored.response()
        response = _mark_public(self.get_response(request), version)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            stored = StoredPage(response.content, tuple(response.items()))
            with contextlib.suppress(shared_cache.Unavailable):
                shared_cache.put(key, stored, page.timeout)
            page_memory.put(version.number, key, stored, page.timeout)
        return response


def _public_page_of(request: HttpRequest) -> PublicPage | None:
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return getattr(match.func, "public_page", None)


@contextlib.contextmanager
def _only_params(request: HttpRequest, params: tuple[str, ...]):
    """Show the view only `params`, each with one value, in a fixed order.

    The query string the client sent is back once the page is made, for the request log.
    """
    kept = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            kept[name] = request.GET[name]
    sent = request.META.get("QUERY_STRING", "")
    request.GET, request.META["QUERY_STRING"] = kept, kept.urlencode()
    try:
        yield
    finally:
        request.META["QUERY_STRING"] = sent


def _mark_public(response: HttpResponse, version: ContentVersion | None) -> HttpResponse:
    if response.status_code in (200, 304):
        patch_cache_control(response, public=True, max_age=settings.GLOSSARY_HTTP_MAX_AGE)
        if version is not None:
            response["ETag"] = version.etag
            response["Last-Modified"] = http_date(version.began_at)
    return response
