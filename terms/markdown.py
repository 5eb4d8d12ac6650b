"""Turn editor-written Markdown into sanitized HTML."""

import functools
import html as html_lib
import threading

import markdown as markdown_lib
import nh3
from django.utils.html import strip_tags

from terms.hrefs import ALLOWED_SCHEMES, is_allowed_href

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def drop_disallowed_hrefs(element: str, attribute: str, value: str) -> str | None:
    """Drop a link whose address terms.hrefs does not allow."""
    if attribute == "href" and not is_allowed_href(value):
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


@functools.lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """Return `text` rendered from Markdown to HTML that is safe to show to readers.

    Remembered by text: a page renders the same sections, answers and blurbs again and again.
    """
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=drop_disallowed_hrefs,
    )


def plain_text(text: str) -> str:
    """Return `text` rendered from Markdown as plain text, for snippets and structured data."""
    return " ".join(html_lib.unescape(strip_tags(render_markdown(text))).split())
