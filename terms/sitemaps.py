"""The sitemap: the index, the topics and every published term with its last change."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from terms.index import topics_with_counts
from terms.models import Term, has_address


class PageSitemap(Sitemap):
    def items(self):
        return ["terms:index", "terms:topics"]

    def location(self, name):
        return reverse(name)


class TopicSitemap(Sitemap):
    def items(self):
        return topics_with_counts()

    def location(self, topic):
        return reverse("terms:topic", args=[topic.slug])


class TermSitemap(Sitemap):
    def items(self):
        terms = Term.objects.published().only("slug", "updated_at").order_by("slug")
        return [term for term in terms if has_address(term)]

    def lastmod(self, term):
        return term.updated_at


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap, "terms": TermSitemap}
