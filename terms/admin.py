"""Admin for editors: terms with their FAQs, related links and history, topics, calls to action."""

from adminsortable2.admin import CustomInlineFormSetMixin, SortableAdminBase, SortableTabularInline
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from taggit.models import Tag

from terms import admin_missing  # noqa: F401  (registers *Missing terms*)
from terms.admin_concurrency import TermForm, retry_after_unique_race
from terms.admin_drafts import DraftChanges, draft_of
from terms.admin_editing import SummaryField, TopicFilter, search_rank, topic_picker
from terms.admin_history import CleanComparison, RestoredMessage
from terms.admin_imports import TermImportExportMixin
from terms.admin_links import OneWayLinkActions, linked_from
from terms.admin_preview import TermPreview
from terms.admin_restore import RestoreGuard
from terms.admin_review import ReviewWorkflow
from terms.content_version import invalidate
from terms.drafts import drafted_article
from terms.linking import terms_mentioning
from terms.login_throttle import ThrottledLoginForm
from terms.models import FAQ, Alias, CallToAction, RelatedLink, SlugRedirect, Term, Topic
from terms.quality import check_article, check_term, content_health, published_ids
from terms.review import close_reviews_of_published
from terms.sections import SECTION_NAMES

MARKDOWN_HELP = (
    "Sections and FAQ answers are Markdown: a blank line starts a new paragraph; "
    "*italic*, **bold**, `inline code`; lines starting with “- ” or “1. ” make lists; "
    "[link text](https://example.com) makes a link. HTML, scripts and images are removed. "
    "The first mention of another published term is linked to it automatically."
)
admin.site.login_form = ThrottledLoginForm
admin.site.unregister(Tag)  # topics are the glossary's own model, under Topics

# The key under which a restore hands its guard from the revision view to the change form.
RESTORE_GUARD = "restore_guard"


class ConstraintCheckingFormSet(BaseInlineFormSet):
    """Check each row against the model's constraints, including those on the parent term.

    Django leaves the inline's foreign key out of constraint validation, so a row that repeats
    an already saved one would otherwise reach the database as an IntegrityError.
    """

    def clean(self):
        super().clean()
        for form in self.forms:
            if form.errors or not form.has_changed() or self._should_delete_form(form):
                continue
            try:
                form.instance.validate_constraints()
            except ValidationError as error:
                form.add_error(None, error)


class PositionedFormSet(CustomInlineFormSetMixin, ConstraintCheckingFormSet):
    """Give a row saved with an empty position the next one after the term's others.

    The position is a hidden field that django-admin-sortable2 renumbers as rows are dragged
    or moved first or last.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["position"].required = False
        if form.instance.pk is None:
            form.initial["position"] = None

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and hasattr(form, "cleaned_data")
        ]
        taken = [form.cleaned_data.get("position") for form in kept]
        following = max((position for position in taken if position is not None), default=0) + 1
        for form in kept:
            if form.cleaned_data.get("position") is None and form.has_changed():
                form.cleaned_data["position"] = form.instance.position = following
                following += 1


class RelatedLinkFormSet(PositionedFormSet):
    def clean(self):
        """Flag a URL entered twice; Django's formset already checks repeated targets."""
        super().clean()
        seen = set()
        for form in self.forms:
            url = getattr(form, "cleaned_data", {}).get("url")
            if not url or self._should_delete_form(form):
                continue
            if url in seen:
                form.add_error("url", "This term already links to that URL.")
            seen.add(url)


class AliasFormSet(ConstraintCheckingFormSet):
    def clean(self):
        """Flag an alias entered twice in different case; the database would refuse it."""
        super().clean()
        seen = set()
        for form in self.forms:
            name = getattr(form, "cleaned_data", {}).get("name")
            if not name or self._should_delete_form(form):
                continue
            if name.casefold() in seen:
                form.add_error("name", "This alias is entered twice.")
            seen.add(name.casefold())


class ValidatedActionsMixin:
    """Answer 400 to an action on ids that are not ids, instead of the admin's own 500."""

    def response_action(self, request, queryset):
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                self.model._meta.pk.to_python(value)
        except ValidationError:
            return HttpResponseBadRequest("The selection is not a list of ids.")
        return super().response_action(request, queryset)


class AddPageRows:
    """Start the add page with `add_page_rows` empty rows; the change page adds none."""

    add_page_rows = 0

    def get_extra(self, request, obj=None, **kwargs):
        return self.add_page_rows if obj is None else self.extra


class FAQInline(AddPageRows, SortableTabularInline):
    model = FAQ
    formset = PositionedFormSet
    extra = 0
    add_page_rows = 2  # the checklist asks for two FAQs
    fields = ["position", "question", "answer"]
    verbose_name_plural = "FAQs (answers are Markdown)"


class RelatedLinkInline(AddPageRows, SortableTabularInline):
    model = RelatedLink
    formset = RelatedLinkFormSet
    fk_name = "term"
    extra = 0
    add_page_rows = 3  # the checklist asks for three related links
    fields = ["position", "target", "url", "title", "blurb", "one_way_intended"]
    autocomplete_fields = ["target"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AliasInline(admin.TabularInline):
    model = Alias
    formset = AliasFormSet
    extra = 0
    fields = ["name"]


class SlugRedirectInline(admin.TabularInline):
    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["old_slug", "created_at"]
    verbose_name_plural = "Old slugs (their addresses redirect here; delete one to free it)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(
    ReviewWorkflow,
    DraftChanges,
    TermPreview,
    TermImportExportMixin,
    ValidatedActionsMixin,
    OneWayLinkActions,
    RestoredMessage,
    CleanComparison,
    SortableAdminBase,
    CompareVersionAdmin,
):
    form = TermForm
    list_display = ["title", "status", "published_at", "topic_list", "updated_at"]
    list_filter = ["status", ("tags", TopicFilter)]
    search_fields = ["title", "summary", "aliases__name"]
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True
    inlines = [AliasInline, FAQInline, RelatedLinkInline, SlugRedirectInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["preview_link", "checklist", "where_linked", "created_at", "updated_at"]
    change_list_template = "admin/terms/term/change_list.html"

    class Media:
        css = {"all": ["css/admin-term.css"]}
        js = ["js/summary-count.js", "js/inline-positions.js", "js/unsaved-changes.js"]

    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "tags", "opened_version"]}),
        ("Quality checklist", {"fields": ["checklist"]}),
        (
            "Linked from",
            {
                "fields": ["where_linked"],
                "description": "What a rename, unpublish or delete of this term touches.",
            },
        ),
        (
            "Article",
            {
                "fields": [*SECTION_NAMES, "auto_link"],
                "description": MARKDOWN_HELP,
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "preview_link",
                    "call_to_action",
                    "created_at",
                    "updated_at",
                    "reviewed_on",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            return db_field.formfield(form_class=SummaryField)
        if db_field.name == "tags":
            return topic_picker(db_field, self.admin_site)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Rank matches like the site's search: exact title, title prefix, alias, the rest."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, may_have_duplicates
        # The changelist re-sorts by its own columns; the related-term picker keeps this order.
        ranked = queryset.filter(pk__in=found.values("pk")).annotate(
            match_rank=search_rank(search_term.strip())
        )
        return ranked.order_by("match_rank", "title"), False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "published_at"]
        return fields

    def has_publish_permission(self, request):
        return request.user.has_perm("terms.publish_term")

    @retry_after_unique_race
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    @retry_after_unique_race
    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore an old revision of this term, within the user's permissions."""
        versions = Version.objects.get_for_object_reference(Term, unquote(object_id))
        version = get_object_or_404(versions, pk=version_id)
        context = {
            **(extra_context or {}),
            RESTORE_GUARD: RestoreGuard.capture(version.revision, request.user),
        }
        return super().revision_view(request, object_id, version_id, context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recover a deleted term; without publish permission, it comes back as a draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(Term), pk=version_id)
        slug = version.field_dict["slug"]
        if Term.objects.filter(slug=slug).exists():
            self.message_user(
                request,
                f"This term cannot be recovered: another term now uses its slug “{slug}”. "
                "Rename that term first.",
                messages.ERROR,
            )
            return redirect("admin:terms_term_recoverlist")
        context = {
            **(extra_context or {}),
            RESTORE_GUARD: RestoreGuard.capture(version.revision, request.user),
        }
        return super().recover_view(request, version_id, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Reversion calls this view right after reverting a revision, inside its transaction.
        extra_context = dict(extra_context or {})
        guard = extra_context.pop(RESTORE_GUARD, None)
        if guard:
            guard.apply()
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        health = path(
            "content-health/",
            self.admin_site.admin_view(self.content_health_view),
            name="terms_term_content_health",
        )
        return [health, *super().get_urls()]

    def content_health_view(self, request):
        """Show every term that fails a check and every weak related link."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Content health",
            "report": content_health(),
        }
        return TemplateResponse(request, "admin/terms/term/content_health.html", context)

    def delete_view(self, request, object_id, extra_context=None):
        term = self.get_object(request, unquote(object_id))
        linking = RelatedLink.objects.filter(target=term).select_related("term")
        context = {
            "linking_terms": [link.term for link in linking],
            "mentioning_terms": terms_mentioning(term) if term else [],
            **(extra_context or {}),
        }
        return super().delete_view(request, object_id, context)

    @admin.display(description="Preview")
    def preview_link(self, term):
        if not term.pk:
            return "Save the term to preview it."
        visible = Term.objects.published().filter(pk=term.pk).exists()
        label = "View the published page" if visible else "Preview this unpublished page"
        return format_html('<a href="{}" target="_blank">{}</a>', term.get_absolute_url(), label)

    @admin.display(description="Terms linking here")
    def where_linked(self, term):
        return linked_from(term)

    @admin.display(description="Checks")
    def checklist(self, term):
        if not term.pk:
            return "The checklist appears once the term is saved."
        pending = draft_of(term)
        if pending is None:
            checks = check_term(
                Term.objects.prefetch_related("faqs", "related_links", "tags").get(pk=term.pk),
                published_ids(),
            )
        else:
            draft = drafted_article(term, pending)
            checks = check_article(
                draft.term, draft.faqs, draft.links, draft.topics, published_ids()
            )
        return format_html(
            '{}<ul class="checklist">{}</ul>',
            "Checks of the draft of changes:" if pending else "",
            format_html_join(
                "",
                '<li class="{}">{}: {}</li>',
                (
                    ("done", "Done", check.label)
                    if check.passed
                    else ("todo", "To do", check.label)
                    for check in checks
                ),
            ),
        )

    @admin.display(description="topics")
    def topic_list(self, term):
        return ", ".join(tag.name for tag in term.tags.all())

    @admin.action(description="Publish selected terms", permissions=["publish"])
    def publish(self, request, queryset):
        unfinished = self.unfinished_checklists(queryset.filter(status=Term.Status.DRAFT))
        if unfinished and request.POST.get("post") != "yes":
            selected = [term.pk for term in queryset]
            path = request.get_full_path()
            return self.confirm_publishing(request, unfinished, path, path, selected=selected)
        now = timezone.now()
        queryset.filter(published_at__isnull=True).update(published_at=now)
        count = queryset.update(status=Term.Status.PUBLISHED, updated_at=now)
        invalidate()  # update() sends no save signals
        close_reviews_of_published(queryset)
        self.message_user(request, f"Published {count} term(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected terms (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Term.Status.DRAFT, updated_at=timezone.now())
        invalidate()  # update() sends no save signals
        self.message_user(request, f"Unpublished {count} term(s).", messages.SUCCESS)


@admin.register(CallToAction)
class CallToActionAdmin(ValidatedActionsMixin, admin.ModelAdmin):
    list_display = ["name", "heading", "button_label", "is_default"]
    search_fields = ["name", "heading"]


@admin.register(Topic)
class TopicAdmin(ValidatedActionsMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "description", "term_count"]
    search_fields = ["name"]  # the term form's topic picker searches these
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "intro"]
    ordering = ["name"]  # an explicit order: the term count's GROUP BY drops Meta.ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(term_count=Count("terms_taggedterm_items"))

    @admin.display(description="terms", ordering="term_count")
    def term_count(self, topic):
        return topic.term_count
