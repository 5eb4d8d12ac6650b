"""Where a term is linked from, and content health's actions on a one-way related link."""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from terms.linking import terms_mentioning
from terms.models import RelatedLink, Term


def append_link(term: Term, target: Term) -> bool:
    """Add a related link from `term` to `target` after its others; return False if it exists."""
    last = term.related_links.aggregate(last=Max("position"))["last"] or 0
    _, created = RelatedLink.objects.get_or_create(
        term=term, target=target, defaults={"position": last + 1}
    )
    return created


def term_list(terms) -> str:
    """Return an HTML list of `terms`, each with a link to its change page and its status."""
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:terms_term_change", args=[term.pk]),
                    term,
                    term.get_status_display(),
                )
                for term in terms
            ),
        ),
    )


def linked_from(term: Term) -> str:
    """Return the terms whose pages link to `term`, under Keep exploring and in their text."""
    if not term.pk:
        return "Once the term is saved, the terms that link to it are listed here."
    listing = Term.objects.filter(related_links__target=term).order_by("title")
    mentioning = terms_mentioning(term)
    none = format_html("<p>{}</p>", "No term.")
    return format_html(
        "<p>Under “Keep exploring” on:</p>{}<p>As a mention linked automatically in:</p>{}",
        term_list(listing) if listing else none,
        term_list(mentioning) if mentioning else none,
    )


class OneWayLinkActions:
    """Admin views behind the "Link back" and "One-way on purpose" buttons of content health."""

    def get_urls(self):
        actions = [
            path(
                "content-health/<int:link_id>/link-back/",
                self.admin_site.admin_view(self.link_back_view),
                name="terms_term_link_back",
            ),
            path(
                "content-health/<int:link_id>/keep-one-way/",
                self.admin_site.admin_view(self.keep_one_way_view),
                name="terms_term_keep_one_way",
            ),
        ]
        return actions + super().get_urls()

    def one_way_link(self, link_id: int) -> RelatedLink:
        links = RelatedLink.objects.select_related("term", "target")
        return get_object_or_404(links, pk=link_id, target__isnull=False)

    @method_decorator(require_POST)
    def link_back_view(self, request, link_id):
        """Add the reverse of a related link at the end of its target's list."""
        link = self.one_way_link(link_id)
        if not self.has_change_permission(request, link.target):
            raise PermissionDenied
        with transaction.atomic(), reversion.create_revision():
            if append_link(link.target, link.term):
                link.target.save(update_fields=["updated_at"])
                reversion.add_to_revision(link.target)
                reversion.set_user(request.user)
                reversion.set_comment(f"Linked back to “{link.term}” from content health.")
        self.message_user(
            request,
            f"“{link.target}” now links back to “{link.term}” under Keep exploring.",
            messages.SUCCESS,
        )
        return redirect("admin:terms_term_content_health")

    @method_decorator(require_POST)
    def keep_one_way_view(self, request, link_id):
        """Mark a related link as one-way on purpose, so content health stops listing it."""
        link = self.one_way_link(link_id)
        if not self.has_change_permission(request, link.term):
            raise PermissionDenied
        with transaction.atomic(), reversion.create_revision():
            link.one_way_intended = True
            link.save(update_fields=["one_way_intended"])
            reversion.add_to_revision(link.term)
            reversion.set_user(request.user)
            reversion.set_comment(f"Kept the link to “{link.target}” one-way on purpose.")
        self.message_user(
            request,
            f"The link from “{link.term}” to “{link.target}” is one-way on purpose.",
            messages.SUCCESS,
        )
        return redirect("admin:terms_term_content_health")
