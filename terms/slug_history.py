"""Keep every old address of a term working by recording its slug before each rename."""

from terms.models import SlugRedirect, Term


def slug_in_database(term: Term) -> str | None:
    """Return the slug the term has in the database (None if it is not saved yet).

    Read by a signal rather than in `Term.save()`, because restoring a revision saves the term raw.
    """
    if not term.pk:
        return None
    return Term.objects.filter(pk=term.pk).values_list("slug", flat=True).first()


def record_rename(term: Term, old_slug: str | None) -> None:
    """Redirect `old_slug` to the term, and stop redirecting the slug it now has."""
    SlugRedirect.objects.filter(old_slug=term.slug).delete()
    if old_slug and old_slug != term.slug:
        SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"term": term})
