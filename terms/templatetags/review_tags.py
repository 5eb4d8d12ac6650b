"""The admin home's *Waiting for review* list, shown to Publishers."""

from django import template

from terms.review import waiting_for_review

register = template.Library()


@register.inclusion_tag("admin/terms/term/includes/waiting_for_review.html", takes_context=True)
def waiting_for_review_list(context) -> dict:
    """Return the reviews waiting, for a user who may publish; nothing for anyone else."""
    user = context["request"].user
    if not user.has_perm("terms.publish_term"):
        return {"shown": False}
    return {"shown": True, "reviews": list(waiting_for_review())}
