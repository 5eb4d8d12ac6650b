"""What every save of content does first, raw saves of fixtures and restored revisions included."""

from django.db.models.signals import pre_save
from django.dispatch import receiver

from terms import letters
from terms.models import (
    FAQ,
    Alias,
    CallToAction,
    RelatedLink,
    SlugRedirect,
    Term,
    Topic,
    clean_editor_text,
)

# Every model whose text editors write, in the admin or in a fixture.
EDITED_MODELS = [CallToAction, Term, Alias, SlugRedirect, FAQ, RelatedLink, Topic]


def clean_text_before_saving(sender, instance, **kwargs) -> None:
    """Clean every text field an editor fills, before anything reads it."""
    clean_editor_text(instance)


for _model in EDITED_MODELS:
    pre_save.connect(clean_text_before_saving, sender=_model, dispatch_uid=f"clean-text-{_model}")


@receiver(pre_save, sender=Term, dispatch_uid="terms.set_index_keys")
@receiver(pre_save, sender=Alias, dispatch_uid="terms.set_index_keys")
def set_index_keys(sender, instance, **kwargs) -> None:
    """Store the index letter and sort key of the cleaned name."""
    name = instance.title if sender is Term else instance.name
    instance.index_letter = letters.index_letter(name)
    instance.sort_key = letters.sort_key(name)[:200]
