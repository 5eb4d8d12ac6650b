"""Editing aids for the term admin: the pickers, and the summary's two-line box."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Case, Exists, OuterRef, When

from terms.models import Alias, Topic
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


class TopicAutocomplete(AutocompleteSelectMultiple):
    """The admin's autocomplete, showing a refused form again without its values that are not ids.

    Django's own looks the chosen values up as ids, so a posted name would make the page a 500.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


def topic_picker(db_field, admin_site) -> forms.ModelMultipleChoiceField:
    """Return the term form's topics field: an autocomplete of existing topics only.

    taggit's own field is free text, where a typo creates a topic; creating one is a
    Publisher's deliberate act under Topics.
    """
    return db_field.formfield(
        form_class=forms.ModelMultipleChoiceField,
        queryset=Topic.objects.all(),
        widget=TopicAutocomplete(db_field, admin_site),
    )
