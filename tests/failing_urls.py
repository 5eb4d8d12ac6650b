"""A URLconf whose only view fails, to exercise the 500 page."""

from django.urls import path


def boom(request):
    """Raise so Django renders the server error page."""
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]
