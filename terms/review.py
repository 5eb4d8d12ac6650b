"""Review before publishing: what editors submitted and Publishers have still to look at."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from terms.models import PendingChange, ReviewRequest, Term


def has_unpublished_work(term: Term) -> bool:
    """Return True if `term` is a draft or carries a draft of changes: something to review."""
    return term.status == Term.Status.DRAFT or PendingChange.objects.filter(term=term).exists()


def close_reviews_of_published(terms: QuerySet) -> None:
    """Close the reviews of `terms` that are published with no draft of changes left."""
    done = terms.filter(status=Term.Status.PUBLISHED).exclude(
        Exists(PendingChange.objects.filter(term=OuterRef("pk")))
    )
    ReviewRequest.objects.filter(term__in=done).delete()


def submit(term: Term, user) -> ReviewRequest:
    """Ask for a review of `term`, afresh: an earlier send-back and its comment are closed."""
    review, _ = ReviewRequest.objects.update_or_create(
        term=term,
        defaults={
            "submitted_by": user,
            "submitted_at": timezone.now(),
            "sent_back_by": None,
            "sent_back_at": None,
            "comment": "",
        },
    )
    return review


def send_back(review: ReviewRequest, user, comment: str) -> None:
    """Return `review` to its editor with `comment`, which their change page then shows."""
    review.sent_back_by = user
    review.sent_back_at = timezone.now()
    review.comment = comment
    review.save()


def waiting_for_review() -> QuerySet:
    """Return the reviews no Publisher has answered yet, oldest first, with who asked."""
    return (
        ReviewRequest.objects.filter(sent_back_at__isnull=True)
        .select_related("term", "submitted_by")
        .annotate(of_changes=Exists(PendingChange.objects.filter(term=OuterRef("term"))))
        .order_by("submitted_at")
    )
