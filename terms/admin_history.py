"""History comparison of a term: a word diff of what changed between two revisions, nothing else."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from reversion_compare.helpers import html_diff

from terms.models import TaggedTerm, Topic

# Kept up by the code, or shown elsewhere in the comparison: never an editor's change.
NOT_COMPARED = [
    "created_at",
    "updated_at",
    "index_letter",
    "sort_key",
    "search_vector",
    "search_names",
    "tags",  # compared below from the topic rows; taggit's manager breaks reversion-compare
    "taggedterm",
    "linked_from",  # other terms' links, saved with those terms
    "old_slugs",  # follows from the slug change, which is shown
]
TOPICS = SimpleNamespace(verbose_name="topics", help_text="", related_name="topics")
ROW_FIELDS_NOT_COMPARED = {"id", "term", "term_id", "index_letter", "sort_key"}


def topic_names(version) -> set[str]:
    """Return the topic names saved in `version`'s revision."""
    rows = version.revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(TaggedTerm)
    )
    ids = {row.field_dict["tag_id"] for row in rows}
    return set(Topic.objects.filter(pk__in=ids).values_list("name", flat=True))


def added_and_removed(added, removed) -> str:
    """Return the added and removed items as + and - lines, or nothing if there are none."""
    if not added and not removed:
        return ""
    return format_html(
        '<p class="highlight">{}{}</p>',
        format_html_join("", "<ins>+ {}</ins><br>", ((item,) for item in sorted(added))),
        format_html_join("", "<del>- {}</del><br>", ((item,) for item in sorted(removed))),
    )


class CleanComparison:
    """Compare only the fields editors change, topics included, with word diffs of rows."""

    compare_exclude = NOT_COMPARED
    compare_template = "admin/terms/term/compare.html"

    def compare(self, obj, version1, version2):
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        before, after = version1.field_dict, version2.field_dict
        diff = [
            entry
            for entry in diff
            if getattr(entry["field"], "attname", None) not in before
            or before[entry["field"].attname] != after.get(entry["field"].attname)
        ]
        topics1, topics2 = topic_names(version1), topic_names(version2)
        if topics1 != topics2:
            html = added_and_removed(topics2 - topics1, topics1 - topics2)
            diff.append({"field": TOPICS, "is_related": True, "follow": True, "diff": html})
        return diff, has_unfollowed_fields

    def compare_ManyToOneRel(self, obj_compare):
        """Show rows added and removed, and a word diff of each changed field of a kept row."""
        change = obj_compare.get_m2o_change_info()
        changed = []
        for old, new in change["changed_items"]:
            fields = [
                (name, html_diff(value, new.field_dict.get(name)))
                for name, value in old.field_dict.items()
                if name not in ROW_FIELDS_NOT_COMPARED and value != new.field_dict.get(name)
            ]
            changed.append(
                format_html(
                    "<p><strong>{}</strong></p>{}",
                    new.object_repr,
                    format_html_join("", "<div>{}: {}</div>", fields),
                )
            )
        added = [str(item) for item in change["added_items"] + change["added_missing_objects"]]
        removed = [
            str(item)
            for item in change["removed_items"]
            + change["removed_missing_objects"]
            + change["deleted_items"]
        ]
        return format_html(
            "{}{}",
            format_html_join("", "{}", ((c,) for c in changed)),
            added_and_removed(added, removed),
        )


class RestoredMessage:
    """Say "restored" after a revision is restored, instead of the admin's "changed"."""

    def response_change(self, request, obj):
        opts = self.opts
        if request.resolver_match.url_name != f"{opts.app_label}_{opts.model_name}_revision":
            return super().response_change(request, obj)
        self.message_user(
            request,
            format_html("“{}” was restored to the version you chose.", obj),
            messages.SUCCESS,
        )
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
