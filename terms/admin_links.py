"""Content-health actions on a one-way related link: link back, or keep it one-way on purpose."""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from terms.models import RelatedLink, Term


def append_link(term: Term, target: Term) -> bool:
    """Add a related link from `term` to `target` after its others; return False if it exists."""
    last = term.related_links.aggregate(last=Max("position"))["last"] or 0
    _, created = RelatedLink.objects.get_or_create(
        term=term, target=target, defaults={"position": last + 1}
    )
    return created


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
