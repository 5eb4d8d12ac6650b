"""The article's sections are declared once (terms.sections) and every part of the glossary reads
that declaration: a section added there reaches the page, the admin, the checklist, auto-linking,
import and export, the twins and the API with nothing else written by hand."""

import ast
from pathlib import Path

import pytest
from django.contrib.humanize.templatetags.humanize import apnumber
from django.urls import reverse

from terms.imports import COLUMNS
from terms.linking import terms_mentioning
from terms.models import Term
from terms.quality import check_term, checked_terms
from terms.sections import SECTION_NAMES, SECTIONS
from tests.builders import make_term

pytestmark = pytest.mark.django_db
TERMS_PACKAGE = Path(__file__).resolve().parent.parent / "terms"
SECTIONS_LABEL = f"All {apnumber(len(SECTIONS))} sections are filled"


def test_the_term_has_a_markdown_field_per_section_under_its_heading():
    for section in SECTIONS:
        field = Term._meta.get_field(section.name)
        assert field.verbose_name == section.heading
        assert field.blank


def test_the_page_shows_every_section_in_order_under_its_heading_and_anchor(client):
    term = make_term(**{s.name: f"Text of {s.heading}." for s in SECTIONS})
    html = client.get(term.get_absolute_url()).content.decode()
    positions = []
    for section in SECTIONS:
        start = html.index(f'<section id="{section.anchor}"')
        assert f">{section.heading}</h2>" in html[start:]
        assert f"Text of {section.heading}." in html[start:]
        assert f'<li><a href="#{section.anchor}">{section.heading}</a></li>' in html
        positions.append(start)
    assert positions == sorted(positions)


def test_an_empty_section_is_left_off_the_page(client):
    for section in SECTIONS:
        term = make_term(**{section.name: "  "})
        html = client.get(term.get_absolute_url()).content.decode()
        assert f'id="{section.anchor}"' not in html
        others = [s for s in SECTIONS if s != section]
        assert all(f'id="{s.anchor}"' in html for s in others)


def test_the_change_form_edits_every_section_in_the_article_fieldset(admin_client):
    response = admin_client.get(reverse("admin:terms_term_add"))
    form = response.context["adminform"].form
    assert set(SECTION_NAMES) <= set(form.fields)
    fieldsets = dict(response.context["adminform"].fieldsets)
    assert fieldsets["Article"]["fields"][: len(SECTIONS)] == list(SECTION_NAMES)
    for section in SECTIONS:
        assert form.fields[section.name].label == section.heading[0].upper() + section.heading[1:]


def test_the_checklist_asks_for_every_section():
    complete = make_term()
    checks = {c.label: c.passed for c in check_term(checked_terms().get(pk=complete.pk), set())}
    assert checks[SECTIONS_LABEL]
    for section in SECTIONS:
        term = make_term(**{section.name: ""})
        checks = {c.label: c.passed for c in check_term(checked_terms().get(pk=term.pk), set())}
        assert not checks[SECTIONS_LABEL], section.name


def test_a_mention_in_any_section_is_auto_linked_and_listed_as_linking(client):
    target = make_term(title="Vector Store", slug="vector-store")
    for section in SECTIONS:
        plain = {s.name: "Nothing to link here." for s in SECTIONS}
        mentioning = make_term(**{**plain, section.name: "It keeps a Vector Store."})
        html = client.get(mentioning.get_absolute_url()).content.decode()
        assert '<a href="/glossary/vector-store/">Vector Store</a>' in html, section.name
        assert mentioning in terms_mentioning(target), section.name


def test_import_and_export_have_a_column_per_section_in_order():
    columns = [column for column in COLUMNS if column in SECTION_NAMES]
    assert columns == list(SECTION_NAMES)


def test_the_markdown_twin_and_the_api_carry_every_section(client):
    term = make_term(**{s.name: f"Text of {s.heading}." for s in SECTIONS})
    twin = client.get(reverse("terms:markdown", args=[term.slug])).content.decode()
    for section in SECTIONS:
        assert f"## {section.heading}\n\nText of {section.heading}." in twin
    sections = client.get(reverse("api:term", args=[term.slug])).json()["sections"]
    assert [s["anchor"] for s in sections] == [s.anchor for s in SECTIONS]


def section_names_in(source: str) -> set[str]:
    """Return the section fields a module names: in strings, attributes and keywords."""
    named = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            named.add(node.value.rpartition("__")[2])
        elif isinstance(node, ast.Attribute):
            named.add(node.attr)
        elif isinstance(node, ast.keyword) and node.arg:
            named.add(node.arg)
    return named & set(SECTION_NAMES)


# Writing sample text for each section is not a list of them: a new section is left empty there.
SAMPLE_TEXT = {"management/commands/seed_synthetic.py"}
# Its query moves to Term.objects.search(), which reads the declaration (issue 16).
PENDING = {"search.py"}


def test_no_module_lists_the_sections_by_hand():
    """Only terms/sections.py names more than one section; others read SECTIONS."""
    listing = []
    for path in TERMS_PACKAGE.rglob("*.py"):
        module = str(path.relative_to(TERMS_PACKAGE))
        if module.startswith("migrations/") or module in {"sections.py", *SAMPLE_TEXT, *PENDING}:
            continue
        if len(section_names_in(path.read_text())) > 1:
            listing.append(module)
    assert listing == []
