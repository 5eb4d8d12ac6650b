"""Preview the public article from the term form as it is now, saving nothing."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.forms import all_valid
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_cache_control

from terms.drafts import kept_rows
from terms.views import article_context


class TermPreview:
    """Add a Preview button's view to the term admin: the article from the POSTed form."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.preview_view, cacheable=True)
        return [
            path("add/preview/", view, name="terms_term_preview_add"),
            path("<path:object_id>/preview/", view, name="terms_term_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        """Render the article from the submitted form without saving anything."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # As the admin's own change form: its checks (the opened version's row lock) need one.
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = self.preview_response(request, object_id)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def preview_response(self, request, object_id):
        """Return the article from the POSTed form, or its errors."""
        term = None
        if object_id is not None:
            term = self.get_object(request, unquote(object_id))
            if term is None:
                raise Http404("No term has this id.")
        if not self.has_change_permission(request, term):
            raise PermissionDenied
        form, formsets, valid = self.bound_article(request, term)
        if not valid:
            return render(
                request,
                "admin/terms/term/preview_errors.html",
                {**self.admin_site.each_context(request), "form": form, "formsets": formsets},
                status=400,
            )
        rows = {formset.prefix: kept_rows(formset) for formset in formsets}
        context = article_context(
            request,
            form.instance,
            faqs=rows.get("faqs", []),
            links=rows.get("related_links", []),
            topics=sorted(form.cleaned_data["tags"], key=lambda topic: topic.pk),
        )
        return render(
            request, "terms/term_detail.html", {**context, "preview": True, "unsaved": True}
        )

    def bound_article(self, request, term):
        """Return the term form and inline formsets bound to the POST, and whether all are valid.

        Validation takes the opened version's row lock: call it inside a transaction.
        """
        form = self.get_form(request, term, change=term is not None)(
            request.POST, request.FILES, instance=term
        )
        valid = form.is_valid()
        formsets, _ = self._create_formsets(request, form.instance, change=term is not None)
        return form, formsets, all_valid(formsets) and valid
