"""The term list's Import and Export buttons: django-import-export with a dry run first."""

from django.contrib import messages
from django.shortcuts import redirect
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from terms.imports import TermResource


class TermImportExportMixin(ImportMixin, ExportActionMixin):
    """Import terms from CSV or XLSX after a dry run, and export the selected or filtered ones."""

    # The Export button and the *Export selected terms* action on the list; the change form
    # stays the admin's own.
    change_form_template = None
    show_change_form_export = False

    resource_classes = [TermResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    import_template_name = "admin/terms/term/import.html"

    def get_valid_export_item_pks(self, request):
        # import-export calls this for every export from the action and warns that it is
        # deprecated unless a subclass defines it.
        return self.get_queryset(request).values_list("pk", flat=True)

    def process_result(self, result, request):
        # The file was checked in the dry run, but the glossary may have changed since.
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                "Nothing was imported: the file no longer applies cleanly. Import it again "
                "to see the errors.",
                messages.ERROR,
            )
            return redirect("admin:terms_term_import")
        return super().process_result(result, request)
