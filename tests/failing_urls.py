"""The site's URLconf plus one view that fails, to exercise the 500 page."""

from django.urls import path

from glossary.urls import handler400, handler404, handler500  # noqa: F401
from glossary.urls import urlpatterns as site_urlpatterns


def boom(request):
    """Raise so Django renders the server error page."""
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
