"""Admin for editors: terms with their FAQs and related links, and calls to action."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from terms.models import FAQ, Alias, CallToAction, RelatedLink, Term


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


class RelatedLinkFormSet(ConstraintCheckingFormSet):
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


class FAQInline(admin.TabularInline):
    model = FAQ
    formset = ConstraintCheckingFormSet
    extra = 0
    fields = ["position", "question", "answer"]


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    formset = RelatedLinkFormSet
    fk_name = "term"
    extra = 0
    fields = ["position", "target", "url", "title", "blurb"]
    autocomplete_fields = ["target"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AliasInline(admin.TabularInline):
    model = Alias
    formset = AliasFormSet
    extra = 0
    fields = ["name"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "topic_list", "updated_at"]
    list_filter = ["status", "tags"]
    search_fields = ["title", "summary", "aliases__name"]
    prepopulated_fields = {"slug": ["title"]}
    save_on_top = True
    inlines = [AliasInline, FAQInline, RelatedLinkInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "tags"]}),
        (
            "Article",
            {"fields": ["plain_english", "technical_definition", "business_use_case", "example"]},
        ),
        (
            "Publishing",
            {"fields": ["status", "published_at", "call_to_action", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description="topics")
    def topic_list(self, term):
        return ", ".join(tag.name for tag in term.tags.all())

    @admin.action(description="Publish selected terms")
    def publish(self, request, queryset):
        now = timezone.now()
        queryset.filter(published_at__isnull=True).update(published_at=now)
        count = queryset.update(status=Term.Status.PUBLISHED, updated_at=now)
        self.message_user(request, f"Published {count} term(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected terms (back to draft)")
    def unpublish(self, request, queryset):
        count = queryset.update(status=Term.Status.DRAFT, updated_at=timezone.now())
        self.message_user(request, f"Unpublished {count} term(s).", messages.SUCCESS)


@admin.register(CallToAction)
class CallToActionAdmin(admin.ModelAdmin):
    list_display = ["name", "heading", "button_label", "is_default"]
    search_fields = ["name", "heading"]
