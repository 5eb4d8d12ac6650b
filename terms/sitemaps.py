"""The sitemap: the index, the topics and every published term with its last change."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from terms.index import topics_with_counts
from terms.models import Term, has_address
from terms.origin import site_origin


class SiteSitemap(Sitemap):
    """A sitemap whose URLs start with `origin` rather than the request's own host."""

    def __init__(self, origin: str):
        self.protocol, _, self.domain = origin.partition("://")

    def get_domain(self, site=None):
        return self.domain


class PageSitemap(SiteSitemap):
    def items(self):
        return ["terms:index", "terms:topics"]

    def location(self, name):
        return reverse(name)


class TopicSitemap(SiteSitemap):
    def items(self):
        return topics_with_counts()

    def location(self, topic):
        return reverse("terms:topic", args=[topic.slug])


class TermSitemap(SiteSitemap):
    def items(self):
        terms = Term.objects.published().only("slug", "updated_at").order_by("slug")
        return [term for term in terms if has_address(term)]

    def lastmod(self, term):
        return term.updated_at


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap, "terms": TermSitemap}


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """Serve the sitemap with the site's origin (terms.origin) in every URL."""
    origin = site_origin(request)
    return sitemap(request, {name: section(origin) for name, section in SITEMAPS.items()})
