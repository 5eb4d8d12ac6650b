"""The term list's Import and Export buttons: django-import-export with a dry run first."""

from django.contrib import messages
from django.shortcuts import redirect
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from terms.imports import TermResource


class TermImportExportMixin(ImportExportMixin):
    """Import terms from CSV or XLSX after a dry run, and export the selected or filtered ones."""

    resource_classes = [TermResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    import_template_name = "admin/terms/term/import.html"
    export_template_name = "admin/terms/term/export.html"

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
