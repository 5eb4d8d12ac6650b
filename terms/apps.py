from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "terms"
    verbose_name = "Glossary"

    def ready(self):
        # Imported for their side effects: the modules connect signals and register checks.
        from terms import checks, content_version, search, slug_history  # noqa: F401
