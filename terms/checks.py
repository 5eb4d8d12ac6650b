"""System checks of the glossary's own settings, run by `manage.py check`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """Warn in production when absolute URLs would follow each request's Host header."""
    if settings.GLOSSARY_SITE_URL:
        return []
    return [
        Warning(
            "GLOSSARY_SITE_URL is not set, so canonical links, Open Graph, JSON-LD, the "
            "sitemap, the feed and robots.txt repeat whatever Host a request carried.",
            hint="Set GLOSSARY_SITE_URL to the public origin, e.g. https://glossary.example.com.",
            id="glossary.W001",
        )
    ]
