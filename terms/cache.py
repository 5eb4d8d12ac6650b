"""Whole-page caching of public pages, under the content version (terms.content_version).

Pages are stored per version, so any content change retires them all at once; ETag and
Last-Modified come from the version too, so revalidation needs no rendering.
"""

import functools
import hashlib
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition

from terms.content_version import content_state


def _is_public_request(request: HttpRequest) -> bool:
    # Only the session cookie is looked at: reading request.user would add "Vary: Cookie".
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _address(request: HttpRequest) -> str:
    # Scheme and host are part of the page: canonical and Open Graph URLs are absolute.
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()}"


def _page_key(address: str, version: int) -> str:
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


class PageMemory:
    """This process's copies of pages of the current content version, up to a size in bytes.

    In front of the shared cache: a page read from here costs no round trip to Redis.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version = None
        self._pages: OrderedDict[str, tuple[bytes, list]] = OrderedDict()
        self._size = 0

    def get(self, version: int, address: str) -> tuple[bytes, list] | None:
        with self._lock:
            if version != self._version or address not in self._pages:
                return None
            self._pages.move_to_end(address)
            return self._pages[address]

    def put(self, version: int, address: str, page: tuple[bytes, list]) -> None:
        with self._lock:
            if version != self._version:
                self._version, self._size = version, 0
                self._pages.clear()
            if address in self._pages:
                self._size -= len(self._pages.pop(address)[0])
            self._pages[address] = page
            self._size += len(page[0])
            while self._size > self.max_bytes:
                self._size -= len(self._pages.popitem(last=False)[1][0])


page_memory = PageMemory(max_bytes=settings.GLOSSARY_PAGE_MEMORY_MB * 1024 * 1024)


class PublicPageCacheMiddleware:
    """Answer a public page from the cache before sessions, CSRF, auth or CSP run.

    Placed right after WhiteNoise: a page in this process's memory costs about what a static
    file does, one in the shared cache a round trip more. Pages are stored with the headers
    the inner middleware gave them; only views marked `public_page` are stored, and only for
    requests without a session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            settings.GLOSSARY_PAGE_CACHE
            and _is_public_request(request)
            and _is_public_path(get_urlconf(settings.ROOT_URLCONF), request.path_info)
        ):
            return self.get_response(request)
        request.content_state = content_state()
        version, address = request.content_state.version, _address(request)
        page = page_memory.get(version, address)
        if page is not None:
            return _replay(request, *page)
        key = _page_key(address, version)
        page = cache.get(key)
        if page is None:
            response = self.get_response(request)
            if not getattr(response, "cacheable_page", False) or response.streaming:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            page = (response.content, list(response.items()))
            cache.set(key, page, timeout=settings.GLOSSARY_PAGE_CACHE_SECONDS)
            page_memory.put(version, address, page)
            return response
        page_memory.put(version, address, page)
        return _replay(request, *page)


@functools.lru_cache(maxsize=10_000)
def _is_public_path(urlconf: str, path: str) -> bool:
    try:
        match = resolve(path, urlconf)
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
