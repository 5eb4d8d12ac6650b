from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "terms"
    verbose_name = "Glossary"

    def ready(self):
        from terms import (  # noqa: F401  (connect their signals)
            checks,  # noqa: F401  (registers the deploy checks)
            content_version,
            search,
            slug_history,
        )
