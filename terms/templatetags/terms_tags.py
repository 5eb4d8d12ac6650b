"""Template filters and tags for glossary pages."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from terms.hrefs import is_allowed_href
from terms.markdown import render_markdown
from terms.origin import absolute_url, site_origin
from terms.seo import DEFAULT_DESCRIPTION, json_ld_script

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render Markdown to sanitized HTML; the sanitizer's output is the only thing marked safe."""
    return mark_safe(render_markdown(text or ""))


@register.filter
def safe_href(url: str) -> str:
    """Return `url` for an href, or "#" when terms.hrefs does not allow it.

    Forms already refuse such URLs; this keeps rows written around them (fixtures, scripts)
    from putting a javascript: or //other-host link on a page.
    """
    return url if is_allowed_href(url or "") else "#"


@register.simple_tag
def default_description() -> str:
    """Return the description of a page that has none of its own."""
    return DEFAULT_DESCRIPTION


@register.simple_tag
def json_ld(data) -> str:
    """Render structured data as JSON-LD <script> elements, one per object."""
    items = data if isinstance(data, list) else [data]
    return mark_safe("".join(json_ld_script(item) for item in items))  # Escaped by json_ld_script.


@register.inclusion_tag("includes/embed_snippet.html", takes_context=True)
def embed_snippet(context) -> dict:
    """Render the line a site owner pastes into a page to get term cards there."""
    request = context["request"]
    return {
        "script_url": absolute_url(request, reverse("terms:embed_script")),
        "origin": site_origin(request),
    }
