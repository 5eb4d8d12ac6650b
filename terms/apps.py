from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class TermsConfig(AppConfig):
    name = "terms"
    verbose_name = "Glossary"

    def ready(self):
        # Imported for their side effects: the modules connect signals and register checks.
        from terms import checks, content_version, signals, slug_history  # noqa: F401
        from terms.search import indexing  # noqa: F401


class GlossaryAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site that groups its sections for editors."""

    default = False  # TermsConfig stays this module's app

    default_site = "terms.admin_site.GlossaryAdminSite"
