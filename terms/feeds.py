"""The Atom feed of recently published or updated terms."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from terms.models import Term, has_address

FEED_SIZE = 20


class LatestTermsFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Recently published or updated terms."

    def title(self):
        return settings.GLOSSARY_SITE_NAME

    def link(self):
        return reverse("terms:index")

    def items(self):
        terms = Term.objects.published().prefetch_related("tags").order_by("-updated_at")
        return [term for term in terms[:FEED_SIZE] if has_address(term)]

    def item_title(self, term):
        return term.title

    def item_description(self, term):
        return term.summary

    def item_pubdate(self, term):
        return term.published_at

    def item_updateddate(self, term):
        return term.updated_at

    def item_categories(self, term):
        return [tag.name for tag in term.tags.all()]
