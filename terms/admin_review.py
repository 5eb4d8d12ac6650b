"""Review before publishing in the admin: Submit for review, and Send back with a comment.

Publishing a reviewed term is the term's own Publish (terms.admin_drafts), which closes its
review; Publishers find what waits on the admin home and with the term list's filter.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from terms import review
from terms.admin_site import object_path
from terms.models import ReviewRequest

COMMENT_MAX_LENGTH = 2000


class ReviewWorkflow:
    """Add Submit for review and Send back to the term admin (mixed into TermAdmin)."""

    def get_urls(self):
        site = self.admin_site
        return [
            object_path(
                site, "review/submit", self.submit_for_review_view, "terms_term_review_submit"
            ),
            object_path(
                site, "review/send-back", self.send_back_view, "terms_term_review_send_back"
            ),
            *super().get_urls(),
        ]

    def submit_for_review_view(self, request, object_id):
        """Ask Publishers to review the term's draft or draft of changes."""
        term = self.get_object(request, unquote(object_id))
        if term is None:
            raise Http404("No term has this id.")
        if not self.has_change_permission(request, term):
            raise PermissionDenied
        if review.has_unpublished_work(term):
            review.submit(term, request.user)
            self.message_user(request, f"Submitted “{term}” for review.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                f"“{term}” is published and has no draft of changes: there is nothing to "
                "review. Save a draft first.",
                messages.ERROR,
            )
        return redirect(reverse("admin:terms_term_change", args=[term.pk]))

    def send_back_view(self, request, object_id):
        """Return the term to its editor with the Publisher's comment."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        term = self.get_object(request, unquote(object_id))
        waiting = get_object_or_404(ReviewRequest, term=term, sent_back_at__isnull=True)
        comment = request.POST.get("comment", "").strip()
        if not comment or len(comment) > COMMENT_MAX_LENGTH:
            self.message_user(
                request,
                f"Write what to change (up to {COMMENT_MAX_LENGTH} characters) before sending "
                "it back; it is still waiting for review.",
                messages.ERROR,
            )
        else:
            review.send_back(waiting, request.user, comment)
            self.message_user(request, f"Sent “{term}” back with your comment.", messages.SUCCESS)
        return redirect(reverse("admin:terms_term_change", args=[term.pk]))
