"""No lost edits: the term form refuses to save over a save made after it was opened."""

from datetime import datetime
from functools import wraps

from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timezone import localtime
from reversion.models import Version

from terms.models import Term


def version_token(term: Term) -> str:
    """Return what identifies the saved state of `term`: the time of its last save."""
    return term.updated_at.isoformat() if term.pk and term.updated_at else ""


def to_milliseconds(value: datetime) -> datetime:
    # Revisions store datetimes with Django's JSON serializer, to the millisecond.
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def conflict_message(term_id: int, opened: datetime, saved: datetime) -> str:
    """Say who saved the term since `opened`, and link to a comparison of the two versions."""
    versions = Version.objects.get_for_object_reference(Term, term_id).select_related(
        "revision__user"
    )  # newest first
    latest = versions.first()
    if latest and latest.field_dict.get("updated_at") == to_milliseconds(saved):
        who = latest.revision.user or "Someone"
    else:
        who = "Someone"  # a publish or unpublish action on the list records no revision
    seen = next(
        (
            version
            for version in versions.iterator()
            if version.field_dict.get("updated_at", saved) <= to_milliseconds(opened)
        ),
        None,
    )
    link = reverse("admin:terms_term_history", args=[term_id])
    if seen and latest and seen != latest:
        query = urlencode({"version_id1": seen.pk, "version_id2": latest.pk})
        link = f"{reverse('admin:terms_term_compare', args=[term_id])}?{query}"
    return format_html(
        "{} changed this term on {} after you opened this form. "
        '<a href="{}">Compare their version with the one you opened</a>. '
        "Your changes below are not saved: save again to replace theirs with yours, "
        "or reload the page to start from theirs.",
        who,
        date_format(localtime(saved), "j M Y, H:i:s T"),
        link,
    )


class TermForm(forms.ModelForm):
    """The term form, carrying the version of the term it was opened on."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = version_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("opened_version")
        if not (self.instance.pk and opened):
            return cleaned_data
        # The row lock lasts until the admin's transaction commits this save: a save that
        # starts meanwhile waits here, then finds this one.
        saved = (
            Term.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if saved and saved.isoformat() != opened:
            # Saving the form again is then a choice made knowing of the other save.
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = saved.isoformat()
            try:
                opened_at = datetime.fromisoformat(opened)
            except ValueError:
                opened_at = saved
            raise forms.ValidationError(conflict_message(self.instance.pk, opened_at, saved))
        return cleaned_data


def retry_after_unique_race(view):
    """Run an admin save view once more if the database refused a value taken meanwhile.

    Two saves can both pass validation before either commits the same alias or slug; the
    second then meets the unique index. Run again, it validates against the committed row and
    answers with the form's own error instead of a 500.
    """

    @wraps(view)
    def run(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except IntegrityError:
            if transaction.get_connection().in_atomic_block:
                raise  # inside an outer transaction, which cannot go on
            return view(*args, **kwargs)

    return run
