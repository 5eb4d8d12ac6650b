"""What every save of content does first, raw saves of fixtures and restored revisions included."""

from django.db import models
from django.db.models.signals import pre_save
from django.dispatch import receiver
from taggit.models import Tag

from terms import letters
from terms.models import FAQ, Alias, CallToAction, RelatedLink, SlugRedirect, Term
from terms.text import clean_text

# Every model whose text editors write, in the admin or in a fixture.
EDITED_MODELS = [CallToAction, Term, Alias, SlugRedirect, FAQ, RelatedLink, Tag]


def clean_editor_text(sender, instance, **kwargs) -> None:
    """Clean every text field an editor fills, before anything reads it."""
    for field in instance._meta.concrete_fields:
        if field.editable and isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                multiline = isinstance(field, models.TextField)
                setattr(instance, field.attname, clean_text(value, multiline=multiline))


for _model in EDITED_MODELS:
    pre_save.connect(clean_editor_text, sender=_model, dispatch_uid=f"clean-text-{_model}")


@receiver(pre_save, sender=Term, dispatch_uid="terms.set_index_keys")
@receiver(pre_save, sender=Alias, dispatch_uid="terms.set_index_keys")
def set_index_keys(sender, instance, **kwargs) -> None:
    """Store the index letter and sort key of the cleaned name."""
    name = instance.title if sender is Term else instance.name
    instance.index_letter = letters.index_letter(name)
    instance.sort_key = letters.sort_key(name)[:200]
