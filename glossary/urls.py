"""Root URLs: the glossary, sitemap, robots.txt, health check, admin and a root redirect."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from terms.cache import public_page
from terms.health import healthz
from terms.sitemaps import sitemap_xml
from terms.views import robots_txt

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="terms:index", permanent=False)),
    path("glossary/", include("terms.urls")),
    path("sitemap.xml", public_page(sitemap_xml), name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path(settings.GLOSSARY_ADMIN_PATH, admin.site.urls),
]

handler400 = "terms.errors.bad_request"
handler404 = "terms.errors.page_not_found"
handler500 = "terms.errors.server_error"
