"""The Atom feed of recently published or updated terms."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from terms.clean_output import clean_text
from terms.models import Term, has_address
from terms.origin import site_origin

FEED_SIZE = 20


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text, with no character XML 1.0 forbids.

    Django's Atom summaries are `type="html"`, which feed readers parse as markup, and its XML
    writer raises on a control character, which would take the whole feed down.
    """

    def add_item(self, title, link, description, **kwargs):
        kwargs["categories"] = [clean_text(str(name)) for name in kwargs.get("categories") or ()]
        super().add_item(clean_text(title), link, clean_text(description or ""), **kwargs)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestTermsFeed(Feed):
    """The feed, its links starting with `origin` (one instance per request, see latest_terms)."""

    feed_type = PlainTextAtomFeed
    subtitle = "Recently published or updated terms."

    def __init__(self, origin: str):
        self.origin = origin

    def title(self):
        return settings.GLOSSARY_SITE_NAME

    def link(self):
        return self.origin + reverse("terms:index")

    def feed_url(self):
        return self.origin + reverse("terms:feed")

    def item_link(self, term):
        return self.origin + term.get_absolute_url()

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


def latest_terms(request: HttpRequest) -> HttpResponse:
    """Serve the feed with the site's origin (terms.origin) in every URL."""
    return LatestTermsFeed(site_origin(request))(request)
