"""The article's sections: the one list every part of the glossary reads them from.

Adding a section means adding a line here and a migration for its column: the model, the
page, the admin, the quality checklist, auto-linking, search, the API and the twins follow.
"""

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Section:
    """One article section: a Markdown field of `Term`, shown under `heading` at `#anchor`."""

    name: str
    heading: str
    anchor: str
    help_text: str = ""

    def model_field(self) -> models.TextField:
        """Return the `Term` field that stores this section's Markdown."""
        about = f"Section “{self.heading}” (Markdown). "
        return models.TextField(
            self.heading,
            blank=True,
            help_text=about + (self.help_text or "Left off the page when empty."),
        )


SECTIONS = (
    Section(
        "plain_english",
        "In plain English",
        "plain-english",
        help_text="Also the blurb under this term in other pages' “Keep exploring”. "
        "Left off the page when empty.",
    ),
    Section("technical_definition", "Technical definition", "technical-definition"),
    Section("business_use_case", "Business use case", "business-use-case"),
    Section("example", "Example", "example"),
)
SECTION_NAMES = tuple(section.name for section in SECTIONS)
