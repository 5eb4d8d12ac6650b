"""Refuse a request whose host, address or cookies carry bytes no page can use.

One check in front of every view, public and admin: a NUL reaches PostgreSQL as a DataError
(a 500), and bytes that are not UTF-8 (lone surrogates included) would otherwise be replaced
silently by Django and looked up as "\ufffd".
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse

# Django re-percent-encodes path bytes that are not UTF-8 ("%FF"); a literal "%" reaches it
# as "%25" and would be just as foreign to every address of the site.
BROKEN_BYTES = re.compile(r"%[0-9A-Fa-f]{2}")


class BadBytes(BadRequest):
    """A query string or cookie that is not text; its message is shown to the reader."""


def check_text(raw: bytes) -> None:
    """Raise BadBytes unless `raw` is UTF-8 text without a NUL."""
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        raise BadBytes("Only UTF-8 text is allowed in an address.") from None
    if "\x00" in text:
        # The words of Django's own form validator, which the search form used to show.
        raise BadBytes("Null characters are not allowed.")


def _query_bytes(request: HttpRequest) -> bytes:
    # WSGI hands over the raw bytes as a latin-1 string (PEP 3333).
    return request.META.get("QUERY_STRING", "").encode("iso-8859-1", errors="replace")


class BadBytesMiddleware:
    """Answer a bad path with 404 (no page has it) and a bad query or cookie with 400.

    It sits inside the middleware that add the security headers, so refusals carry them too.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A disallowed Host raises here, so its 400 gets the same headers as any other page.
        request.get_host()
        if "\x00" in request.path_info or BROKEN_BYTES.search(request.path_info):
            raise Http404("No page has an address with bytes that are not text.")
        check_text(unquote_to_bytes(_query_bytes(request)))
        check_text("".join(request.COOKIES.values()).encode(errors="replace"))
        return self.get_response(request)
