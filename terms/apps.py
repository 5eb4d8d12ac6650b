from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class TermsConfig(AppConfig):
    name = "terms"
    verbose_name = "Glossary"

    def ready(self):
        from terms import checks, signals  # noqa: F401 (checks registers the system checks)

        signals.connect()


class GlossaryAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the site that groups its sections for editors."""

    default = False  # TermsConfig stays this module's app

    default_site = "terms.admin_site.GlossaryAdminSite"
