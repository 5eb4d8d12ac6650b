"""Bulk import and export of terms, one row per term, through django-import-export.

The same resource serves the admin's import and export and `manage.py import_terms`. Every row
is checked with the models' own `full_clean()` (Term, FAQ, Alias, RelatedLink) before anything is
written, and the whole file is applied in one transaction, or not at all.
"""

import unicodedata
from collections import Counter

import reversion
from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.html import format_html_join
from django.utils.text import slugify
from import_export import fields, resources, widgets

from terms.models import FAQ, Alias, RelatedLink, Term, Topic
from terms.quality import SUMMARY_MAX_LENGTH
from terms.sections import SECTION_NAMES

FAQ_SLOTS = 4
SEPARATOR = ";"
TERM_COLUMNS = ["title", "slug", "summary", *SECTION_NAMES, "status"]
LIST_COLUMNS = ["topics", "aliases", "related"]
FAQ_COLUMNS = [f"faq{n}_{part}" for n in range(1, FAQ_SLOTS + 1) for part in ("question", "answer")]
COLUMNS = TERM_COLUMNS + LIST_COLUMNS + FAQ_COLUMNS
# Tabs and line breaks belong in Markdown sections; every other control character is a paste
# accident that would end up invisible in the page.
ALLOWED_CONTROLS = "\t\n\r"
EDITOR_STATUS_ERROR = (
    "Only Publishers import published terms or change published ones; "
    "an Editor's import creates or updates drafts only (status draft)."
)


def split_list(value: str) -> list[str]:
    """Return the non-empty, trimmed items of a `;`-separated cell."""
    return [item.strip() for item in str(value or "").split(SEPARATOR) if item.strip()]


def join_list(items) -> str:
    return f"{SEPARATOR} ".join(items)


def faq_slot(term: Term, slot: int) -> FAQ | None:
    faqs = list(term.faqs.all()) if term.pk else []
    return faqs[slot] if slot < len(faqs) else None


def read_topics(term: Term) -> str:
    return join_list(sorted(tag.name for tag in term.tags.all())) if term.pk else ""


def read_aliases(term: Term) -> str:
    return join_list(alias.name for alias in term.aliases.all()) if term.pk else ""


def read_related(term: Term) -> str:
    if not term.pk:
        return ""
    return join_list(link.target.slug for link in term.related_links.all() if link.target_id)


class ComputedColumn(fields.Field):
    """A column read from the term's related rows; the resource writes those rows itself."""

    def __init__(self, column_name: str, read):
        super().__init__(column_name=column_name, widget=widgets.CharWidget())
        self.read = read

    def get_value(self, instance):
        return self.read(instance)


def faq_column(slot: int, part: str) -> ComputedColumn:
    def read(term):
        faq = faq_slot(term, slot)
        return getattr(faq, part) if faq else ""

    return ComputedColumn(f"faq{slot + 1}_{part}", read)


class UnstyledDiff(resources.Diff):
    """The dry run's cell diff as <ins> and <del> without inline styles, which the CSP blocks."""

    TAGS = {diff_match_patch.DIFF_INSERT: "ins", diff_match_patch.DIFF_DELETE: "del"}

    def as_html(self):
        matcher = diff_match_patch()
        cells = []
        for before, after in zip(self.left, self.right, strict=True):
            if self.new:
                before = ""
            diff = matcher.diff_main(str(before or ""), str(after or ""))
            matcher.diff_cleanupSemantic(diff)
            cells.append(
                format_html_join(
                    "",
                    "<{}>{}</{}>",
                    (
                        (self.TAGS.get(op, "span"), text, self.TAGS.get(op, "span"))
                        for op, text in diff
                    ),
                )
            )
        return cells


class TermResource(resources.ModelResource):
    """Read and write terms, one row per term, with their topics, aliases, FAQs and links."""

    topics = ComputedColumn("topics", read_topics)
    aliases = ComputedColumn("aliases", read_aliases)
    related = ComputedColumn("related", read_related)
    faq1_question = faq_column(0, "question")
    faq1_answer = faq_column(0, "answer")
    faq2_question = faq_column(1, "question")
    faq2_answer = faq_column(1, "answer")
    faq3_question = faq_column(2, "question")
    faq3_answer = faq_column(2, "answer")
    faq4_question = faq_column(3, "question")
    faq4_answer = faq_column(3, "answer")

    class Meta:
        model = Term
        fields = COLUMNS
        import_order = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.user = None
        self.file_name = ""
        self.file_slugs: set[str] = set()
        self.first_row_of_slug: dict[str, int] = {}
        self.duplicate_slugs: set[str] = set()
        self.original_status: str | None = None
        self.current_row: dict = {}
        self.pending_links: list[tuple[Term, list[str]]] = []
        self.saved_terms: list[Term] = []

    def get_diff_class(self):
        return UnstyledDiff

    def import_data(self, dataset, dry_run=False, **kwargs):
        """Import `dataset`, rolling everything back if any row fails."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, **kwargs)

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        queryset = queryset.prefetch_related("tags", "aliases", "faqs", "related_links__target")
        return super().export(queryset=queryset, **kwargs)

    # Reading the file

    def before_import(self, dataset, **kwargs):
        self.user = kwargs.get("user")
        self.file_name = kwargs.get("file_name") or "a file"
        if dataset and "slug" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="slug")
        headers = dataset.headers
        slugs = [self.row_slug(dict(zip(headers, values, strict=True))) for values in dataset]
        self.file_slugs = set(slugs)
        self.duplicate_slugs = {slug for slug, n in Counter(slugs).items() if slug and n > 1}
        self.topics = {topic.name.casefold(): topic for topic in Topic.objects.all()}

    @staticmethod
    def row_slug(row) -> str:
        """Return the row's slug, or one made from its title when the slug cell is empty."""
        slug = str(row.get("slug") or "").strip()
        return slug or slugify(str(row.get("title") or "").strip())

    def before_import_row(self, row, **kwargs):
        self.current_row = row
        for column, value in row.items():
            row[column] = "" if value is None else str(value)
        for column in ("title", "status", "summary"):
            if column in row:
                row[column] = row[column].strip()
        row["slug"] = self.row_slug(row)
        if not row.get("status"):
            row.pop("status", None)  # keeps an existing term's status; new terms are drafts

    def after_init_instance(self, instance, new, row, **kwargs):
        self.original_status = None if new else instance.status

    # Checking a row

    def import_instance(self, instance, row, **kwargs):
        """Set the term's fields from `row` and check every cell, naming the column at fault."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        row_number = kwargs.get("row_number")
        for column, message in self.row_errors(instance, row, row_number):
            errors.setdefault(column, []).append(message)
        if errors:
            raise ValidationError(errors)

    def row_errors(self, instance, row, row_number):
        for column, value in row.items():
            if column and any(
                unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in value
            ):
                yield column, "Contains a control character; remove it."
        slug = row["slug"]
        if slug in self.duplicate_slugs:
            first = self.first_row_of_slug.setdefault(slug, row_number)
            if first != row_number:
                yield "slug", f"The slug “{slug}” is also on row {first} of this file."
        if len(row.get("summary", "")) > SUMMARY_MAX_LENGTH:
            yield (
                "summary",
                f"Keep the summary to {SUMMARY_MAX_LENGTH} characters "
                f"(it has {len(row['summary'])}): it is the page's meta description.",
            )
        yield from self.topic_errors(row)
        yield from self.alias_errors(instance, row)
        yield from self.faq_errors(instance, row)
        yield from self.related_errors(instance, row)

    def topic_errors(self, row):
        for name in split_list(row.get("topics")):
            if name.casefold() not in self.topics:
                yield (
                    "topics",
                    f"No topic is called “{name}”: use an existing topic's name, "
                    "or ask a Publisher to add it under Topics.",
                )

    def alias_errors(self, instance, row):
        if "aliases" not in row:
            return
        existing = (
            {alias.name.casefold(): alias for alias in instance.aliases.all()}
            if (instance.pk)
            else {}
        )
        seen = set()
        for name in split_list(row["aliases"]):
            if name.casefold() in seen:
                yield "aliases", f"The alias “{name}” is entered twice."
            seen.add(name.casefold())
            alias = existing.get(name.casefold()) or Alias(term=instance, name=name)
            alias.name = name
            yield from model_errors(alias, {"name": "aliases"}, "aliases")

    def faq_errors(self, instance, row):
        questions = set()
        for slot in range(FAQ_SLOTS):
            q_column, a_column = FAQ_COLUMNS[2 * slot], FAQ_COLUMNS[2 * slot + 1]
            question, answer = row.get(q_column, "").strip(), row.get(a_column, "").strip()
            if not question and not answer:
                continue
            if question.casefold() in questions:
                yield q_column, "This question is entered twice."
            questions.add(question.casefold())
            faq = FAQ(term=instance, question=question, answer=answer)
            yield from model_errors(faq, {"question": q_column, "answer": a_column}, q_column)

    def related_errors(self, instance, row):
        if "related" not in row:
            return
        slugs = split_list(row["related"])
        known = Term.objects.in_bulk(slugs, field_name="slug")
        for slug in slugs:
            if slug == row["slug"]:
                yield "related", "A term cannot link to itself."
            elif slug in known:
                link = RelatedLink(term=instance, target=known[slug])
                yield from model_errors(link, {}, "related")
            elif slug not in self.file_slugs:
                yield "related", f"No term has the slug “{slug}”, in the glossary or this file."
        for slug, count in Counter(slugs).items():
            if count > 1:
                yield "related", f"“{slug}” is listed twice."

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not self.may_publish() and Term.Status.PUBLISHED in (
            instance.status,
            self.original_status,
        ):
            errors.setdefault("status", []).append(EDITOR_STATUS_ERROR)
        if instance.pk:
            for column, message in self.removal_errors(instance, self.current_row):
                errors.setdefault(column, []).append(message)
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(attach_to_fields(error, Term)) from None

    def may_publish(self) -> bool:
        return self.user is None or self.user.has_perm("terms.publish_term")

    def may_delete(self, model) -> bool:
        return self.user is None or self.user.has_perm(f"terms.delete_{model._meta.model_name}")

    def removal_errors(self, term, row):
        """Yield an error for each alias, FAQ or link the row drops that the user may not delete."""
        if "aliases" in row and not self.may_delete(Alias):
            kept = {name.casefold() for name in split_list(row["aliases"])}
            for alias in term.aliases.all():
                if alias.name.casefold() not in kept:
                    yield "aliases", f"Only Publishers remove aliases; keep “{alias.name}”."
        if "related" in row and not self.may_delete(RelatedLink):
            kept = set(split_list(row["related"]))
            for link in term.related_links.select_related("target"):
                if link.target_id and link.target.slug not in kept:
                    yield (
                        "related",
                        f"Only Publishers remove related terms; keep “{link.target.slug}”.",
                    )
        if not self.may_delete(FAQ):
            for slot, faq in enumerate(list(term.faqs.all())[:FAQ_SLOTS]):
                column = FAQ_COLUMNS[2 * slot]
                if (
                    column in row
                    and not row[column].strip()
                    and not row[FAQ_COLUMNS[2 * slot + 1]].strip()
                ):
                    yield column, f"Only Publishers remove FAQs; keep “{faq.question}”."

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip a row that changes nothing, its topics, aliases, FAQs and links included."""
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return all(
            normalised(column, row[column]) == normalised(column, field.export(original))
            for column, field in self.computed_fields().items()
            if column in row
        )

    def computed_fields(self) -> dict[str, fields.Field]:
        return {name: self.fields[name] for name in LIST_COLUMNS + FAQ_COLUMNS}

    # Writing

    def after_save_instance(self, instance, row, **kwargs):
        if "topics" in row:
            names = {name.casefold() for name in split_list(row["topics"])}
            instance.tags.set([self.topics[name] for name in names])
        if "aliases" in row:
            save_aliases(instance, split_list(row["aliases"]))
        if any(column in row for column in FAQ_COLUMNS):
            save_faqs(instance, row)
        if "related" in row:
            self.pending_links.append((instance, split_list(row["related"])))
        self.saved_terms.append(instance)

    def after_import(self, dataset, result, **kwargs):
        """Link terms once every row is saved, then record one revision per term."""
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return
        for term, slugs in self.pending_links:
            save_related(term, slugs)
        if kwargs.get("dry_run"):
            return
        comment = f"Imported from {self.file_name}"
        for term in self.saved_terms:
            with reversion.create_revision(atomic=False):
                reversion.set_comment(comment)
                if self.user is not None:
                    reversion.set_user(self.user)
                reversion.add_to_revision(term)


def normalised(column: str, value) -> str:
    """Return a cell as it compares: lists trimmed, topics and aliases in any order."""
    value = str(value or "")
    if column in ("topics", "aliases"):
        return join_list(sorted(split_list(value), key=str.casefold))
    if column == "related":
        return join_list(split_list(value))
    return value.strip()


def model_errors(instance, columns: dict[str, str], default: str):
    """Yield (column, message) for each error of the row's own `full_clean()`."""
    try:
        instance.full_clean(exclude=["term"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                yield columns.get(field, default), message


def attach_to_fields(error: ValidationError, model) -> dict:
    """Move constraint errors to the column of the field they check, such as a reserved slug."""
    errors = error.update_error_dict({})
    leftover = []
    for message in errors.pop(NON_FIELD_ERRORS, []):
        text = message.message if isinstance(message, ValidationError) else str(message)
        field = next(
            (
                constraint_field(constraint)
                for constraint in model._meta.constraints
                if constraint.violation_error_message == text
            ),
            None,
        )
        if field:
            errors.setdefault(field, []).append(message)
        else:
            leftover.append(message)
    if leftover:
        errors[NON_FIELD_ERRORS] = leftover
    return errors


def constraint_field(constraint) -> str | None:
    names = getattr(constraint, "fields", None) or sorted(
        constraint.condition.referenced_base_fields
    )
    return names[0] if names else None


@transaction.atomic
def save_aliases(term: Term, names: list[str]) -> None:
    wanted = {name.casefold(): name for name in names}
    for alias in term.aliases.all():
        if alias.name.casefold() not in wanted:
            alias.delete()
        elif alias.name != wanted[alias.name.casefold()]:
            alias.name = wanted[alias.name.casefold()]
            alias.save()
        wanted.pop(alias.name.casefold(), None)
    for name in wanted.values():
        Alias.objects.create(term=term, name=name)


def save_faqs(term: Term, row) -> None:
    """Make the term's first four FAQs those of the row; later ones stay as they are."""
    existing = list(term.faqs.all())
    next_position = max((faq.position for faq in existing), default=0) + 1
    for slot in range(FAQ_SLOTS):
        if FAQ_COLUMNS[2 * slot] not in row:
            continue
        question = row.get(FAQ_COLUMNS[2 * slot], "").strip()
        answer = row.get(FAQ_COLUMNS[2 * slot + 1], "").strip()
        faq = existing[slot] if slot < len(existing) else None
        if not question and not answer:
            if faq:
                faq.delete()
        elif faq is None:
            FAQ.objects.create(term=term, question=question, answer=answer, position=next_position)
            next_position += 1
        elif (faq.question, faq.answer) != (question, answer):
            faq.question, faq.answer = question, answer
            faq.save()


def save_related(term: Term, slugs: list[str]) -> None:
    """Make the term's links to other terms those listed, in order; URL links stay."""
    links = {link.target.slug: link for link in term.related_links.all() if link.target_id}
    for slug, link in links.items():
        if slug not in slugs:
            link.delete()
    if [slug for slug in links if slug in slugs] == slugs:
        return
    targets = Term.objects.in_bulk(slugs, field_name="slug")
    positions = sorted(link.position for slug, link in links.items() if slug in slugs)
    first = positions[0] if positions else 1
    for offset, slug in enumerate(slugs):
        link = links.get(slug) or RelatedLink(term=term, target=targets[slug])
        link.position = first + offset
        link.save()
