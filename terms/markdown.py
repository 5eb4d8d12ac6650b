"""Turn editor-written Markdown into sanitized HTML."""

import functools
import html as html_lib
import threading

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
# Browsers drop tabs and newlines inside URLs, so "java\tscript:" is a javascript: URL.
URL_INVISIBLES = str.maketrans("", "", "\t\n\r")


def drop_hidden_schemes(element: str, attribute: str, value: str) -> str | None:
    """Drop a link whose URL names a scheme once the characters browsers ignore are removed."""
    if attribute == "href":
        squeezed = value.translate(URL_INVISIBLES).strip().lower()
        scheme = squeezed.split(":", 1)[0] if ":" in squeezed else ""
        if scheme and "/" not in scheme and scheme not in {"http", "https", "mailto"}:
            return None
    return value


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    """Return this thread's Markdown converter: building one costs more than a conversion."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown_lib.Markdown(
            extensions=["tables", "sane_lists"], output_format="html"
        )
    return _local.converter


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Return `text` rendered from Markdown to HTML that is safe to show to readers.

    Remembered by text: a page renders the same sections, answers and blurbs again and again.
    """
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=drop_hidden_schemes,
    )


def plain_text(text: str) -> str:
    """Return `text` rendered from Markdown as plain text, for snippets and structured data."""
    return " ".join(html_lib.unescape(strip_tags(render_markdown(text))).split())
