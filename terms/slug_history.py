"""Keep every old address of a term working by recording its slug before each rename."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from terms.models import SlugRedirect, Term


@receiver(pre_save, sender=Term, dispatch_uid="terms.remember_old_slug")
def remember_old_slug(sender, instance: Term, raw: bool, **kwargs) -> None:
    """Note the slug the term had in the database before this save.

    A signal rather than `Term.save()`, because restoring a revision saves the term raw.
    """
    instance._slug_before_save = (
        Term.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Term, dispatch_uid="terms.record_slug_change")
def record_slug_change(sender, instance: Term, **kwargs) -> None:
    """Redirect the previous slug to this term, and stop redirecting the slug it now has."""
    old_slug = getattr(instance, "_slug_before_save", None)
    SlugRedirect.objects.filter(old_slug=instance.slug).delete()
    if old_slug and old_slug != instance.slug:
        SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"term": instance})
