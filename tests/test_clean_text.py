"""Editor text is cleaned on save: no control character or lone surrogate ever reaches readers."""

import json
import re
import xml.etree.ElementTree as ET
from importlib import import_module

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from taggit.models import Tag

from terms.models import FAQ, Alias, CallToAction, RelatedLink, SlugRedirect, Term, Topic
from terms.text import clean_text
from tests.builders import make_alias, make_term, topic_ids
from tests.html import main_html

pytestmark = pytest.mark.django_db

# What HTML forbids in text and XML 1.0 refuses: controls other than tab, line feed and return.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Plain text, kept as it is.", "Plain text, kept as it is."),
        ("Tabs\tand\nlines\r\nstay", "Tabs\tand\nlines\r\nstay"),
        ("Vertical\x0btab", "Vertical\ntab"),
        ("Form\x0cfeed", "Form\nfeed"),
        ("Back\x08space, null\x00, escape\x1b, delete\x7f", "Backspace, null, escape, delete"),
        ("C1\x85 control\x9f", "C1 control"),
        ("Lone \ud800surrogate\udfff", "Lone surrogate"),
        ("Cafe\u0301", "Café"),
        ("Emoji 😀 and 日本語", "Emoji 😀 and 日本語"),
    ],
)
def test_clean_text(typed, stored):
    assert clean_text(typed) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Vector\x0bstore", "Vector store"),
        ("Two\r\nlines\nand\x0cpage", "Two lines and page"),
        ("Tab\tkept, bell\x07 gone", "Tab\tkept, bell gone"),
    ],
)
def test_one_line_fields_get_spaces_for_line_breaks(typed, stored):
    assert clean_text(typed, multiline=False) == stored


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-for-tests"))
    return client


def add_term_in_admin(client, title, tags=("Vectors",)):
    data = {
        "title": title, "slug": "vector-store", "summary": "Stores vectors.",
        "tags": topic_ids(*tags), "plain_english": "Words.", "status": "published",
        "published_at_0": "", "published_at_1": "", "call_to_action": "", "auto_link": "on",
        "post": "yes",  # publish although the checklist has "To do" items
    }  # fmt: skip
    for inline in ("aliases", "faqs", "related_links", "old_slugs"):
        data |= {f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"}
    response = client.post("/admin/terms/term/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Term.objects.get(slug="vector-store")


def test_backspace_in_a_title_saved_in_the_admin_keeps_the_feed_working(editor_client, client):
    term = add_term_in_admin(editor_client, "Vector\x08 store")
    response = client.get("/glossary/feed/")
    assert response.status_code == 200
    assert term.title == "Vector store"
    entries = ET.fromstring(response.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries] == [
        "Vector store"
    ]


def test_vertical_tab_in_a_title_never_reaches_the_index_or_topic_pages(editor_client, client):
    add_term_in_admin(editor_client, "Vector\x0bstore", tags=["Vector stores"])
    for path in ["/glossary/", "/glossary/letter/v/", "/glossary/topics/vector-stores/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not FORBIDDEN.search(response.content.decode()), path
        assert "Vector store" in main_html(response), path


def dirty(text: str) -> str:
    return f"{text}\x0b\x08\ud800e\u0301"


def cleaned(obj, field: str) -> str:
    """Return what `dirty` becomes in `field`: a line break in text areas, else a space."""
    multiline = obj._meta.get_field(field).get_internal_type() == "TextField"
    return f"{field}{chr(10) if multiline else ' '}é"


def test_every_editor_field_is_cleaned_on_save():
    fields = {
        CallToAction: ["name", "heading", "body", "button_label"],
        Term: ["title", "summary", "plain_english", "technical_definition", "example"],
        FAQ: ["question", "answer"],
        RelatedLink: ["title", "blurb"],
        Alias: ["name"],
        Topic: ["name", "description", "intro"],
    }
    dirty_values = {model: {f: dirty(f) for f in names} for model, names in fields.items()}
    cta = CallToAction.objects.create(button_url="/x\x08", **dirty_values[CallToAction])
    term = make_term(slug="clean", call_to_action=cta, **dirty_values[Term])
    topic = Topic.objects.create(**dirty_values[Topic])
    term.tags.add(topic)
    saved = [
        cta, term, topic, FAQ.objects.create(term=term, **dirty_values[FAQ]),
        RelatedLink.objects.create(term=term, target=make_term(), **dirty_values[RelatedLink]),
        Alias.objects.create(term=term, **dirty_values[Alias]),
    ]  # fmt: skip
    for obj in saved:
        obj.refresh_from_db()
        for field in fields[type(obj)]:
            assert getattr(obj, field) == cleaned(obj, field), (obj, field)
    assert cta.button_url == "/x"
    old_slug = SlugRedirect.objects.create(term=term, old_slug="old-\x08slug")
    old_slug.refresh_from_db()
    assert old_slug.old_slug == "old-slug"
    assert (term.index_letter, term.sort_key) == ("T", "title e")


def test_fixture_text_is_cleaned_as_it_loads(tmp_path):
    fixture = tmp_path / "dirty.json"
    term = {
        "title": "Dirty\u000b\\ud800title", "slug": "dirty", "summary": "S\u0008.",
        "status": "published", "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    }  # fmt: skip
    # The lone surrogate is written as a JSON escape, as a broken export would carry it.
    text = json.dumps([{"model": "terms.term", "fields": term}]).replace("\\\\ud800", "\\ud800")
    fixture.write_text(text)
    call_command("loaddata", str(fixture), verbosity=0)
    loaded = Term.objects.get(slug="dirty")
    assert (loaded.title, loaded.summary) == ("Dirty title", "S.")


def run_clean_text_migration():
    migration = import_module("terms.migrations.0010_clean_text")
    state = MigrationExecutor(connection).loader.project_state(("terms", "0010_clean_text"))
    migration.clean_stored_text(state.apps, connection.schema_editor())


def test_migration_leaves_a_row_that_cleaned_would_repeat_another(capsys):
    term = make_term()
    make_alias(term, "Café")
    twin = make_alias(term, "Other")
    Alias.objects.filter(pk=twin.pk).update(name="Cafe\u0301")
    run_clean_text_migration()
    twin.refresh_from_db()
    assert twin.name == "Cafe\u0301"
    assert f"Alias {twin.pk} is left as it was" in capsys.readouterr().out


def test_migration_cleans_text_already_stored():
    term = make_term(slug="stored")
    faq = FAQ.objects.create(term=term, question="Q?", answer="A.")
    tag = Tag.objects.create(name="Stored topic", slug="stored-topic")  # topics lived here then
    # update() sends no signals: the rows hold what older code let through.
    Term.objects.filter(pk=term.pk).update(title="\x08Stored\x0btitle", example="e\u0301")
    FAQ.objects.filter(pk=faq.pk).update(answer="A\x0c\x1b.")
    Tag.objects.filter(pk=tag.pk).update(name="Stored\x85 topic")
    run_clean_text_migration()
    term.refresh_from_db()
    faq.refresh_from_db()
    tag.refresh_from_db()
    assert (term.title, term.example, faq.answer, tag.name) == (
        "Stored title", "é", "A\n.", "Stored topic",
    )  # fmt: skip
    # The index keys follow the cleaned title.
    assert (term.index_letter, term.sort_key) == ("S", "stored title")
    if connection.vendor == "postgresql":
        assert term.search_names == "|stored title|"


def test_admin_validates_the_cleaned_text(editor_client):
    """An alias typed in decomposed form is the same alias as a stored one: a form error."""
    make_term(slug="cafe-culture").aliases.create(name="Café")
    data = {"aliases-TOTAL_FORMS": "1", "aliases-0-name": "Cafe\u0301"}
    data |= {f"{inline}-TOTAL_FORMS": "0" for inline in ("faqs", "related_links", "old_slugs")}
    for inline in ("aliases", "faqs", "related_links", "old_slugs"):
        data[f"{inline}-INITIAL_FORMS"] = "0"
    data |= {
        "title": "Coffee", "slug": "coffee", "summary": "A drink.", "tags": [],
        "status": "draft", "published_at_0": "", "published_at_1": "", "call_to_action": "",
    }  # fmt: skip
    response = editor_client.post("/admin/terms/term/add/", data)
    assert response.status_code == 200
    assert "Another term already has this alias." in response.content.decode()
    assert not Term.objects.filter(slug="coffee").exists()
