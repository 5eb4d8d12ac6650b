from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "terms"
    verbose_name = "Glossary"

    def ready(self):
        from terms import content_version, search, signals, slug_history  # noqa: F401  (connect their signals)
