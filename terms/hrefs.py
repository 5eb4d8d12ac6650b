"""The one rule for which addresses a link on a page may point to."""

import re

ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Browsers drop tabs and newlines anywhere in a URL, and control characters and spaces
# before it, so "java\tscript:" is a javascript: URL.
URL_INVISIBLES = str.maketrans("", "", "\t\n\r")
LEADING_IGNORED = "".join(map(chr, range(0x21)))
# Two slashes, either way round, lead to another host: browsers read "\" as "/".
OTHER_HOST = re.compile(r"[/\\]{2}")


def is_allowed_href(url: str) -> bool:
    """Return True if `url` is an http, https or mailto URL, or an address on this site."""
    squeezed = url.translate(URL_INVISIBLES).lstrip(LEADING_IGNORED).lower()
    if OTHER_HOST.match(squeezed):
        return False
    scheme, colon, _ = squeezed.partition(":")
    if colon and not any(mark in scheme for mark in "/?#"):
        return scheme in ALLOWED_SCHEMES
    return True
