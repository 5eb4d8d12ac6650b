"""Root URLs: the glossary, the admin, and a redirect from the site root."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="terms:index", permanent=False)),
    path("glossary/", include("terms.urls")),
    path("admin/", admin.site.urls),
]
