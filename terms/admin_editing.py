"""Editing aids for the term admin: the picker's ranking and the summary's two-line box."""

from django import forms
from django.contrib import admin
from django.db.models import Case, Exists, OuterRef, When

from terms.models import Alias
from terms.quality import SUMMARY_MAX_LENGTH


def search_rank(text: str) -> Case:
    """Return 0 for an exact title, 1 for a title prefix, 2 for an alias match, else 3."""
    alias_matches = Alias.objects.filter(term=OuterRef("pk"), name__icontains=text)
    return Case(
        When(title__iexact=text, then=0),
        When(title__istartswith=text, then=1),
        When(Exists(alias_matches), then=2),
        default=3,
    )


class SummaryField(forms.CharField):
    """One sentence in a two-line box, counted as it is typed; line breaks become spaces."""

    widget = forms.Textarea(attrs={"rows": 2, "data-count-limit": SUMMARY_MAX_LENGTH})

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class TopicFilter(admin.RelatedFieldListFilter):
    """Filter terms by topic, naming the choice for terms without one instead of "-"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "No topic"
