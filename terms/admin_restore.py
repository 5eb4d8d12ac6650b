"""Restore a revision only as far as the user's permissions go.

django-reversion reverts every object of a revision, other terms included, and deletes what the
terms in it have gained since, whoever asks; the admin's own guards cover the term in the URL.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from reversion.errors import RevertError
from reversion.models import Revision
from reversion.revisions import _follow_relations_recursive

from terms.models import TaggedTerm, Term


def may_delete(user, row: models.Model) -> bool:
    """Return True if `user` may delete `row` in the admin."""
    if isinstance(row, TaggedTerm):
        return user.has_perm("terms.change_term")  # topics are a field of the term's form
    opts = row._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('delete', opts)}")


@dataclass
class RestoreGuard:
    """What a restore must leave as it is: terms' publishing fields and undeletable rows."""

    publishing: dict[int, dict] = field(default_factory=dict)
    recovered_drafts: list[str] = field(default_factory=list)
    kept_rows: list[models.Model] = field(default_factory=list)

    @classmethod
    def capture(cls, revision: Revision, user) -> "RestoreGuard":
        """Note, before `revision` is reverted, what `user` may not change by reverting it."""
        guard = cls()
        term_type = ContentType.objects.get_for_model(Term)
        in_revision, absent_terms = [], []
        for version in revision.version_set.all():
            row = version._model._default_manager.filter(pk=version.object_id).first()
            if row is not None:
                in_revision.append(row)
            elif version.content_type_id == term_type.pk:
                absent_terms.append(version.object_id)
        if not user.has_perm("terms.publish_term"):
            terms = [row.pk for row in in_revision if isinstance(row, Term)]
            guard.publishing = {
                values.pop("pk"): values
                for values in Term.objects.filter(pk__in=terms).values(
                    "pk", "status", "published_at"
                )
            }
            guard.recovered_drafts = absent_terms
        # The same walk as reversion's revert(delete=True), which deletes what it finds.
        followed = {row for obj in in_revision for row in _follow_relations_recursive(obj)} - set(
            in_revision
        )
        guard.kept_rows = [row for row in followed if not may_delete(user, row)]
        return guard

    def apply(self) -> None:
        """Put back, after the revert, what the user may not change."""
        for pk, values in self.publishing.items():
            Term.objects.filter(pk=pk).update(**values)
        Term.objects.filter(pk__in=self.recovered_drafts).update(status=Term.Status.DRAFT)
        for row in self.kept_rows:
            try:
                with transaction.atomic():
                    row.save_base(raw=True)
            except IntegrityError as error:
                raise RevertError(
                    f"This revision cannot be restored without deleting “{row}” "
                    f"({row._meta.verbose_name}), which only a Publisher may delete."
                ) from error
