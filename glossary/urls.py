"""Root URLs: the glossary, its API and llms.txt, sitemap, robots.txt, health check, admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from terms import api, twins
from terms.cache import public_page
from terms.health import healthz
from terms.sitemaps import sitemap_xml
from terms.views import robots_txt

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="terms:index", permanent=False)),
    path("glossary/", include("terms.urls")),
    path("sitemap.xml", public_page(sitemap_xml, params=("p",)), name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("llms.txt", twins.llms_txt_view, name="llms_txt"),
    path("llms-full.txt", twins.llms_full_txt_view, name="llms_full_txt"),
    path("api/", api.public_urls()),
    path("healthz", healthz, name="healthz"),
    path(settings.GLOSSARY_ADMIN_PATH, admin.site.urls),
]

handler400 = "terms.errors.bad_request"
handler404 = "terms.errors.page_not_found"
handler500 = "terms.errors.server_error"
