"""The one origin (scheme and host) that starts every absolute URL the site writes."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import iri_to_uri


def site_origin(request: HttpRequest) -> str:
    """Return GLOSSARY_SITE_URL when set, else the scheme and host the request came with."""
    return settings.GLOSSARY_SITE_URL or f"{request.scheme}://{request.get_host()}"


def absolute_url(request: HttpRequest, path: str) -> str:
    """Return the absolute URL of the site path `path`."""
    return iri_to_uri(site_origin(request) + path)
