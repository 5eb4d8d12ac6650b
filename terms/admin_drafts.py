"""Drafts of changes to live terms in the admin: Save draft, Publish, Discard draft.

*Save draft* on a published term's change page validates the form as a save would, then keeps
it as the term's `PendingChange` instead of saving it; the change page then shows the draft.
*Publish* (Publishers only) saves the kept form through the same admin form and inlines, in one
revision; a term whose checklist has "To do" items is published only once confirmed.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import Exists, OuterRef
from django.forms import all_valid
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from terms.admin_concurrency import version_token
from terms.admin_site import object_path
from terms.drafts import (
    ARTICLE_FIELDS,
    LIVE_ONLY_FIELDS,
    as_query,
    kept_rows,
    save_draft,
    snapshot,
)
from terms.models import PendingChange, ReviewRequest, Term
from terms.quality import Check, check_article, check_term, published_ids
from terms.review import close_reviews_of_published

SAVE_DRAFT = "_save_draft"
# The confirmation page's answer, named as Django's delete confirmation names it.
CONFIRMED = "post"


def draft_of(term: Term | None) -> PendingChange | None:
    """Return the draft of changes to `term`, if it has one."""
    if term is None or term.pk is None:
        return None
    return PendingChange.objects.filter(term=term).select_related("saved_by").first()


def checks_of_form(form, formsets) -> list[Check]:
    """Return the checklist of the article a valid term form and its inline formsets describe."""
    rows = {formset.prefix: kept_rows(formset) for formset in formsets}
    return check_article(
        form.instance,
        rows.get("faqs", []),
        rows.get("related_links", []),
        form.cleaned_data.get("tags", []),
        published_ids(),
    )


class WorkflowFilter(admin.SimpleListFilter):
    title = "unpublished work"
    parameter_name = "workflow"

    def lookups(self, request, model_admin):
        return [("review", "Waiting for review"), ("changes", "Unpublished changes")]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(waiting_for_review=True)
        if self.value() == "changes":
            return queryset.filter(has_unpublished_changes=True)
        return queryset


def with_initial(form_class, initial: dict):
    """Return `form_class` showing `initial` instead of the saved values when unbound."""

    class DraftShown(form_class):
        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, **kwargs)

    return DraftShown


def error_texts(form, formsets) -> list[str]:
    """Return every error of a form and its formsets as “field: message” lines."""
    forms = [(None, form)] + [(fs.prefix, row) for fs in formsets for row in fs.forms]
    texts = [f"{fs.prefix}: {error}" for fs in formsets for error in fs.non_form_errors()]
    for prefix, row in forms:
        for name, errors in row.errors.items():
            where = " ".join(part for part in (prefix, name if name != "__all__" else "") if part)
            texts += [f"{where}: {error}" if where else error for error in errors]
    return texts


class DraftChanges:
    """Add drafts of changes to the term admin (mixed into TermAdmin)."""

    def get_urls(self):
        site = self.admin_site
        return [
            object_path(site, "publish", self.publish_view, "terms_term_publish"),
            object_path(site, "draft/discard", self.discard_draft_view, "terms_term_draft_discard"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_unpublished_changes=Exists(PendingChange.objects.filter(term=OuterRef("pk"))),
                waiting_for_review=Exists(
                    ReviewRequest.objects.filter(term=OuterRef("pk"), sent_back_at__isnull=True)
                ),
            )
        )

    def get_list_display(self, request):
        return [*super().get_list_display(request), "workflow_state"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), WorkflowFilter]

    @admin.display(description="unpublished work")
    def workflow_state(self, term):
        states = []
        if term.has_unpublished_changes:
            states.append("This term has unpublished changes")
        if term.waiting_for_review:
            states.append("Waiting for review")
        return "; ".join(states)

    def is_draft_save(self, request, term: Term) -> bool:
        """Return True if this save of `term` must be kept as a draft, leaving the live rows.

        A user who may not publish saves a term with a draft of changes into that draft too,
        so the change form, which shows the draft, never publishes it by another button.
        """
        if request.method != "POST" or term.pk is None:
            return False
        live = Term.objects.filter(pk=term.pk, status=Term.Status.PUBLISHED)
        if SAVE_DRAFT in request.POST:
            return live.exists()
        return not self.has_publish_permission(request) and draft_of(term) is not None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        pending = draft_of(obj) if request.method == "GET" else None
        if pending is None:
            return form_class
        bound = form_class(as_query(pending.form_data), instance=obj)
        shown = [name for name in bound.fields if name in ARTICLE_FIELDS or name == "tags"]
        return with_initial(form_class, {name: bound[name].value() for name in shown})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        params = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = draft_of(obj) if request.method == "GET" else None
        if pending is not None:
            params["data"] = as_query(pending.form_data)
        return params

    def save_model(self, request, obj, form, change):
        if not (change and self.is_draft_save(request, obj)):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        term = form.instance
        if change and self.is_draft_save(request, term):
            rows = {formset.prefix: kept_rows(formset) for formset in formsets}
            article = snapshot(
                term,
                rows.get("faqs", []),
                rows.get("related_links", []),
                form.cleaned_data.get("tags", []),
            )
            save_draft(term, request.user, request.POST, article)
            return
        super().save_related(request, form, formsets, change)
        PendingChange.objects.filter(term=term).delete()
        close_reviews_of_published(Term.objects.filter(pk=term.pk))

    def construct_change_message(self, request, form, formsets, add=False):
        if not add and self.is_draft_save(request, form.instance):
            return []  # nothing was saved, so the formsets list no saved rows
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if not self.is_draft_save(request, obj):
            super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not self.is_draft_save(request, obj):
            return super().response_change(request, obj)
        self.message_user(
            request,
            f"Saved a draft of changes to “{obj}”. The published page is unchanged until a "
            "Publisher publishes the draft.",
            messages.SUCCESS,
        )
        return redirect(reverse("admin:terms_term_change", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        term = self.get_object(request, unquote(object_id))
        pending = draft_of(term)
        context = {
            **(extra_context or {}),
            "pending_change": pending,
            "review_request": ReviewRequest.objects.filter(term=term)
            .select_related("submitted_by", "sent_back_by")
            .first(),
            "unpublished": term is not None
            and (pending is not None or term.status == Term.Status.DRAFT),
            "can_publish": self.has_publish_permission(request),
        }
        return super().change_view(request, object_id, form_url, context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self.asks_before_publishing(request):
            with transaction.atomic(using=router.db_for_write(self.model)):
                confirmation = self.form_publish_confirmation(request, object_id)
            if confirmation is not None:
                return confirmation
        return super().changeform_view(request, object_id, form_url, extra_context)

    def asks_before_publishing(self, request) -> bool:
        """Return True if this POST of the term form sets the status to Published unconfirmed."""
        return (
            request.method == "POST"
            and request.POST.get("status") == Term.Status.PUBLISHED
            and request.POST.get(CONFIRMED) != "yes"
            and SAVE_DRAFT not in request.POST
            and self.has_publish_permission(request)
        )

    def form_publish_confirmation(self, request, object_id):
        """Return the confirmation page if the form publishes an unfinished term, else None.

        The page carries the whole form, so either answer saves what the editor typed.
        """
        term = self.get_object(request, unquote(object_id)) if object_id else None
        if term is not None and term.status == Term.Status.PUBLISHED:
            return None
        allowed = (
            self.has_change_permission(request, term)
            if object_id
            else self.has_add_permission(request)
        )
        if (object_id and term is None) or not allowed:
            return None  # the admin's own view answers
        form, formsets, valid = self.bound_article(request, term)
        if not valid:
            return None
        checks = checks_of_form(form, formsets)
        todo = [check.label for check in checks if not check.passed]
        if not todo:
            return None
        back = reverse("admin:terms_term_change", args=[term.pk]) if term else None
        typed = [
            (key, value)
            for key in request.POST
            if key not in ("csrfmiddlewaretoken", "status", CONFIRMED)
            for value in request.POST.getlist(key)
        ]
        return self.confirm_publishing(
            request, [(form.instance, todo)], request.get_full_path(), back, term, typed=typed
        )

    def publish_view(self, request, object_id):
        """Publish the term's draft of changes, or the draft term; confirm open checklist items."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        term = self.get_object(request, unquote(object_id))
        if term is None:
            raise Http404("No term has this id.")
        pending = draft_of(term)
        with self.create_revision(request):
            if pending is not None:
                response = self.apply_draft(request, term, pending)
            elif term.status == Term.Status.DRAFT:
                response = self.publish_term(request, term)
            else:
                self.message_user(request, f"“{term}” has nothing unpublished.", messages.INFO)
                response = redirect(reverse("admin:terms_term_change", args=[term.pk]))
        return response

    def apply_draft(self, request, term: Term, pending: PendingChange):
        """Save the draft of changes through the admin's form, or say why it no longer can."""
        data = as_query(pending.form_data)
        # The draft replaces the live version as a whole, saves made since included.
        data["opened_version"] = version_token(term)
        fields = flatten_fieldsets(self.get_fieldsets(request, term))
        form_class = self.get_form(
            request, term, change=True, fields=[f for f in fields if f not in LIVE_ONLY_FIELDS]
        )
        form = form_class(data, instance=term)
        valid = form.is_valid()
        formsets = [
            formset_class(
                data=data,
                instance=form.instance,
                prefix=formset_class.get_default_prefix(),
                queryset=inline.get_queryset(request),
            )
            for formset_class, inline in self.get_formsets_with_inlines(request, term)
        ]
        if not (all_valid(formsets) and valid):
            errors = error_texts(form, formsets)
            self.message_user(
                request,
                "The draft of changes cannot be published as it is: "
                f"{' '.join(errors)} Open it, correct it and save the draft again.",
                messages.ERROR,
            )
            return redirect(reverse("admin:terms_term_change", args=[term.pk]))
        checks = checks_of_form(form, formsets)
        if request.POST.get(CONFIRMED) != "yes" and any(not c.passed for c in checks):
            return self.publish_confirmation(request, term, checks)
        saved = self.save_form(request, form, change=True)
        self.save_model(request, saved, form, True)
        self.save_related(request, form, formsets, True)
        self.log_change(request, saved, self.construct_change_message(request, form, formsets))
        return self.published(request, saved, "Published the draft of changes to")

    def publish_term(self, request, term: Term):
        """Publish a draft term as it is saved."""
        checks = check_term(
            Term.objects.prefetch_related("faqs", "related_links", "tags").get(pk=term.pk),
            published_ids(),
        )
        if request.POST.get(CONFIRMED) != "yes" and any(not c.passed for c in checks):
            return self.publish_confirmation(request, term, checks)
        term.status = Term.Status.PUBLISHED
        term.save()
        self.log_change(request, term, [{"changed": {"fields": ["Status"]}}])
        return self.published(request, term, "Published")

    def published(self, request, term: Term, what: str):
        """Close the term's review, say what was published and return to its change page."""
        close_reviews_of_published(Term.objects.filter(pk=term.pk))
        self.message_user(request, f"{what} “{term}”.", messages.SUCCESS)
        return redirect(reverse("admin:terms_term_change", args=[term.pk]))

    def publish_confirmation(self, request, term: Term, checks):
        """Ask whether to publish `term` although its checklist has "To do" items."""
        back = reverse("admin:terms_term_change", args=[term.pk])
        todo = [check.label for check in checks if not check.passed]
        action = reverse("admin:terms_term_publish", args=[term.pk])
        return self.confirm_publishing(request, [(term, todo)], action, back, term)

    def confirm_publishing(
        self, request, unfinished, action_url, back_url, term=None, selected=(), typed=None
    ):
        """Render the page asking to confirm publishing terms whose checklists are unfinished.

        `typed` is a term form's data, carried by the page: its answers save it either way.
        """
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Publish with checklist items to do?",
            "object": term,
            "unfinished": unfinished,
            "selected": selected,
            "action_url": action_url,
            "back_url": back_url,
            "typed": typed,
        }
        return TemplateResponse(request, "admin/terms/term/publish_confirmation.html", context)

    def unfinished_checklists(self, queryset) -> list[tuple[Term, list[str]]]:
        """Return each term of `queryset` whose checklist has "To do" items, with them."""
        visible = published_ids()
        unfinished = []
        for term in queryset.prefetch_related("faqs", "related_links", "tags"):
            todo = [check.label for check in check_term(term, visible) if not check.passed]
            if todo:
                unfinished.append((term, todo))
        return unfinished

    def discard_draft_view(self, request, object_id):
        """Drop the term's draft of changes; the live term stays as it is."""
        term = self.get_object(request, unquote(object_id))
        if term is None:
            raise Http404("No term has this id.")
        if not self.has_change_permission(request, term):
            raise PermissionDenied
        deleted, _ = PendingChange.objects.filter(term=term).delete()
        close_reviews_of_published(Term.objects.filter(pk=term.pk))
        if deleted:
            self.message_user(
                request, f"Discarded the draft of changes to “{term}”.", messages.SUCCESS
            )
        return redirect(reverse("admin:terms_term_change", args=[term.pk]))
