"""Template filters for term pages."""

from django import template
from django.utils.safestring import mark_safe

from terms.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """Render Markdown to sanitized HTML; the sanitizer's output is the only thing marked safe."""
    return mark_safe(render_markdown(text or ""))
