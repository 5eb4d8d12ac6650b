"""Bulk import and export of terms: validation by row and column, the command, roles, round trip."""

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tablib
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from reversion.models import Version

from terms.imports import COLUMNS, TermResource
from terms.models import Term, Topic
from tests.builders import make_alias, make_faq, make_link, make_term, topic_ids

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "import-example.csv"
MANAGE = ROOT / "manage.py"
IMPORT_URL = reverse("admin:terms_term_import")
CONFIRM_URL = reverse("admin:terms_term_process_import")
EXPORT_URL = reverse("admin:terms_term_export")


def row(**cells) -> dict:
    cells.setdefault("title", "Knowledge Graph")
    cells.setdefault("summary", "A network of facts.")
    cells.setdefault("status", "draft")
    return cells


def csv_text(*rows: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for cells in rows:
        writer.writerow(cells)
    return out.getvalue()


def dataset(*rows: dict) -> tablib.Dataset:
    return tablib.Dataset().load(csv_text(*rows), format="csv")


def errors_of(*rows: dict, user=None) -> list[tuple[int, str, str]]:
    """Dry-run the rows and return (row number, column, message) for every error."""
    result = TermResource().import_data(dataset(*rows), dry_run=True, user=user)
    assert not result.has_errors(), [e.error for _, errs in result.row_errors() for e in errs]
    return [
        (invalid.number, column, message)
        for invalid in result.invalid_rows
        for column, messages in invalid.error_dict.items()
        for message in messages
    ]


def snapshot() -> str:
    out = io.StringIO()
    call_command(
        "dumpdata", "terms.term", "terms.faq", "terms.alias", "terms.relatedlink",
        "terms.taggedterm", "terms.topic", natural_foreign=True, stdout=out,
    )  # fmt: skip
    return out.getvalue()


class TestValidation:
    def test_a_good_row_has_no_error(self):
        assert errors_of(row()) == []

    def test_unknown_related_slug(self):
        errors = errors_of(row(related="no-such-term"))
        assert errors == [
            (1, "related", "No term has the slug “no-such-term”, in the glossary or this file.")
        ]

    def test_related_slug_of_a_later_row_in_the_file_is_known(self):
        assert errors_of(row(related="ontology"), row(title="Ontology")) == []

    def test_duplicate_slug_within_the_file(self):
        errors = errors_of(row(), row(title="Other", slug="knowledge-graph"))
        assert errors == [(2, "slug", "The slug “knowledge-graph” is also on row 1 of this file.")]

    def test_summary_over_160_characters(self):
        (error,) = errors_of(row(summary="x" * 161))
        assert error[:2] == (1, "summary")
        assert "160 characters (it has 161)" in error[2]

    def test_missing_required_fields(self):
        errors = errors_of(row(), row(title="", slug="no-title", summary=""))
        assert (2, "title", "This field cannot be blank.") in errors
        assert (2, "summary", "This field cannot be blank.") in errors

    def test_control_characters(self):
        assert errors_of(row(plain_english="bell\x07here")) == [
            (1, "plain_english", "Contains a control character; remove it.")
        ]

    def test_line_breaks_and_tabs_are_allowed(self):
        assert errors_of(row(plain_english="One.\n\nTwo\tthree.")) == []

    def test_reserved_slug_is_reported_on_the_slug_column(self):
        ((number, column, message),) = errors_of(row(slug="search"))
        assert (number, column) == (1, "slug")
        assert "address of another glossary page" in message

    def test_slug_pattern_and_status_choices_come_from_the_model(self):
        columns = {column for _, column, _ in errors_of(row(slug="Not A Slug", status="live"))}
        assert columns == {"slug", "status"}

    def test_alias_taken_by_another_term(self):
        make_alias(make_term(), "KG")
        assert errors_of(row(aliases="KG")) == [
            (1, "aliases", "Another term already has this alias.")
        ]

    def test_unknown_topic_is_an_error_naming_it_and_topics_match_in_any_case(self):
        topic_ids("Generative AI")
        assert errors_of(row(topics="generative ai; Buildng with AI")) == [
            (
                1,
                "topics",
                "No topic is called “Buildng with AI”: use an existing topic's name, "
                "or ask a Publisher to add it under Topics.",
            )
        ]
        assert list(Topic.objects.values_list("name", flat=True)) == ["Generative AI"]

    def test_topics_are_set_from_existing_ones_in_any_case(self):
        topic_ids("Generative AI", "Fundamentals")
        TermResource().import_data(dataset(row(topics="generative AI; FUNDAMENTALS")))
        term = Term.objects.get(slug="knowledge-graph")
        assert sorted(term.tags.names()) == ["Fundamentals", "Generative AI"]
        assert Topic.objects.count() == 2

    def test_faq_answer_missing(self):
        assert errors_of(row(faq2_question="Why?")) == [
            (1, "faq2_answer", "This field cannot be blank.")
        ]

    def test_slug_is_made_from_the_title(self):
        TermResource().import_data(dataset(row(title="Retrieval Pipeline")))
        assert Term.objects.filter(slug="retrieval-pipeline").exists()


class TestWriting:
    def test_example_file_imports_cleanly_with_its_related_rows_and_one_revision_each(self):
        topic_ids("Building with AI", "Data & Governance")  # the seed's, which the file names
        out = io.StringIO()
        call_command("import_terms", str(EXAMPLE), stdout=out)
        assert "2 new, 0 changed, 0 unchanged" in out.getvalue()
        graph = Term.objects.get(slug="knowledge-graph")
        assert graph.status == Term.Status.DRAFT
        assert sorted(graph.tags.names()) == ["Building with AI", "Data & Governance"]
        assert [alias.name for alias in graph.aliases.all()] == ["KG"]
        assert [link.target.slug for link in graph.related_links.all()] == ["ontology"]
        assert graph.faqs.count() == 2
        ontology = Term.objects.get(slug="ontology")  # slug made from the title
        assert [link.target.slug for link in ontology.related_links.all()] == ["knowledge-graph"]
        for term in (graph, ontology):
            (version,) = Version.objects.get_for_object(term)
            assert version.revision.comment == "Imported from import-example.csv"

    def test_existing_slug_is_updated_never_deleted(self):
        term = make_term(slug="knowledge-graph", status=Term.Status.DRAFT)
        make_faq(term, question="Old?", answer="Old.")
        other = make_term()
        make_link(term, url="https://example.com/kept")
        TermResource().import_data(
            dataset(row(summary="New summary.", faq1_question="New?", faq1_answer="New."))
        )
        term.refresh_from_db()
        assert term.summary == "New summary."
        assert [(f.question, f.answer) for f in term.faqs.all()] == [("New?", "New.")]
        assert [link.url for link in term.related_links.all()] == ["https://example.com/kept"]
        assert Term.objects.filter(pk=other.pk).exists()

    def test_nothing_is_written_when_one_row_fails(self):
        before = snapshot()
        result = TermResource().import_data(dataset(row(), row(title="Bad", summary="x" * 200)))
        assert result.has_validation_errors()
        assert snapshot() == before
        assert not Term.objects.filter(slug="knowledge-graph").exists()


class TestCommand:
    def write(self, tmp_path, *rows) -> str:
        path = tmp_path / "terms.csv"
        path.write_text(csv_text(*rows))
        return str(path)

    def test_dry_run_writes_nothing(self, tmp_path):
        out = io.StringIO()
        call_command("import_terms", self.write(tmp_path, row()), "--dry-run", stdout=out)
        assert "1 new, 0 changed, 0 unchanged" in out.getvalue()
        assert "nothing was written" in out.getvalue()
        assert not Term.objects.exists()

    def test_errors_exit_non_zero_with_row_and_column_and_write_nothing(self, tmp_path):
        path = self.write(tmp_path, row(), row(title="Feed", slug="feed", related="nope"))
        err = io.StringIO()
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_terms", path, stderr=err, stdout=io.StringIO())
        assert "Row 2, column slug: This slug is the address" in err.getvalue()
        assert "Row 2, column related: No term has the slug “nope”" in err.getvalue()
        assert not Term.objects.exists()

    def test_exit_codes_from_the_shell(self, tmp_path):
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'shell.sqlite3'}",
            "DJANGO_DEBUG": "1",
        }

        def manage(*args):
            command = [sys.executable, str(MANAGE), *args]
            return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

        assert manage("migrate", "--no-input").returncode == 0
        assert manage("loaddata", "glossary").returncode == 0  # the topics the example names
        bad = manage("import_terms", self.write(tmp_path, row(summary="")))
        assert bad.returncode == 1
        assert "Row 1, column summary: This field cannot be blank." in bad.stderr
        assert manage("import_terms", str(EXAMPLE), "--dry-run").returncode == 0

    def test_xlsx(self, tmp_path):
        path = tmp_path / "terms.xlsx"
        path.write_bytes(dataset(row()).export("xlsx"))
        call_command("import_terms", str(path), stdout=io.StringIO())
        assert Term.objects.filter(slug="knowledge-graph").exists()

    def test_unreadable_file(self, tmp_path):
        with pytest.raises(CommandError, match="cannot read"):
            call_command("import_terms", str(tmp_path / "missing.csv"))
        with pytest.raises(CommandError, match=".csv or .xlsx"):
            call_command("import_terms", str(tmp_path / "terms.txt"))


def test_round_trip_of_the_seed_changes_nothing(tmp_path):
    call_command("loaddata", "glossary", verbosity=0)
    before = snapshot()
    path = tmp_path / "export.csv"
    path.write_text(TermResource().export().csv)
    out = io.StringIO()
    call_command("import_terms", str(path), stdout=out)
    count = Term.objects.count()
    assert f"0 new, 0 changed, {count} unchanged" in out.getvalue()
    assert snapshot() == before
    assert not Version.objects.exists()


class TestAdmin:
    def upload(self, client, text: str, name="terms.csv"):
        file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
        return client.post(IMPORT_URL, {"format": "0", "resource": "0", "import_file": file})

    def confirm(self, client, response):
        html = response.content.decode()
        form = html[html.index('id="confirm-form"') if 'id="confirm-form"' in html else 0 :]
        data = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
        return client.post(CONFIRM_URL, data)

    def test_dry_run_then_confirm(self, publisher):
        response = self.upload(publisher, csv_text(row(status="published")))
        assert response.status_code == 200
        assert b'data-count="new">1<' in response.content
        assert b"Confirm import" in response.content
        assert not Term.objects.exists()
        self.confirm(publisher, response)
        assert Term.objects.get(slug="knowledge-graph").status == Term.Status.PUBLISHED

    def test_errors_show_row_and_column_and_offer_no_confirm(self, publisher):
        response = self.upload(publisher, csv_text(row(summary="x" * 170)))
        assert b"Keep the summary to 160 characters" in response.content
        assert b"Confirm import" not in response.content
        assert not Term.objects.exists()

    def test_editor_cannot_import_published_terms(self, editor):
        response = self.upload(editor, csv_text(row(status="published")))
        assert b"Only Publishers import published terms" in response.content
        assert b"Confirm import" not in response.content

    def test_editor_cannot_change_a_published_term(self, editor):
        make_term(slug="knowledge-graph")
        response = self.upload(editor, csv_text(row(status="draft", summary="Changed.")))
        assert b"Only Publishers import published terms" in response.content

    def test_editor_cannot_remove_what_the_admin_would_not_let_them_delete(self, editor):
        term = make_term(slug="knowledge-graph", status=Term.Status.DRAFT)
        make_alias(term, "KG")
        make_faq(term, question="Kept?")
        make_link(term, make_term(slug="target"))
        response = self.upload(editor, csv_text(row()))
        for message in ("remove aliases", "remove FAQs", "remove related terms"):
            assert f"Only Publishers {message}".encode() in response.content
        assert b"Confirm import" not in response.content

    def test_publisher_may_remove_them(self, publisher):
        term = make_term(slug="knowledge-graph", status=Term.Status.DRAFT)
        make_alias(term, "KG")
        make_faq(term, question="Gone?")
        self.confirm(publisher, self.upload(publisher, csv_text(row())))
        assert not term.aliases.exists()
        assert not term.faqs.exists()

    def test_editor_imports_drafts(self, editor):
        response = self.upload(editor, csv_text(row()))
        self.confirm(editor, response)
        term = Term.objects.get(slug="knowledge-graph")
        assert term.status == Term.Status.DRAFT
        (version,) = Version.objects.get_for_object(term)
        assert version.revision.user.username == "editor"
        assert version.revision.comment == "Imported from terms.csv"

    def test_staff_without_a_role_may_not_import(self, client):
        user = User.objects.create_user("staff", password="pw-for-tests", is_staff=True)
        client.force_login(user)
        assert client.get(IMPORT_URL).status_code == 403

    def test_export_the_filtered_terms(self, publisher):
        make_term(slug="draft-one", status=Term.Status.DRAFT)
        make_term(slug="live-one")
        data = {"format": "0", "resource": "0"}
        data.update({f"termresource_{column}": "on" for column in COLUMNS})
        response = publisher.post(f"{EXPORT_URL}?status__exact=draft", data)
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [r["slug"] for r in rows] == ["draft-one"]
        assert list(rows[0]) == COLUMNS

    def test_export_the_selected_terms_with_the_admin_action(self, editor):
        chosen, _ = make_term(slug="chosen"), make_term(slug="other")
        changelist = reverse("admin:terms_term_changelist")
        response = editor.post(
            changelist,
            {"action": "export_admin_action", "index": 0, "_selected_action": [chosen.pk]},
        )
        assert b"Export 1 selected item" in response.content
        assert b" style=" not in response.content and b" onchange=" not in response.content
        data = {"format": "0", "resource": "0", "export_items": [chosen.pk]}
        data.update({f"termresource_{column}": "on" for column in COLUMNS})
        response = editor.post(EXPORT_URL, data)
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert [r["slug"] for r in rows] == ["chosen"]

    def test_import_and_export_pages_have_no_inline_script_or_style(self, publisher):
        for url in (IMPORT_URL, EXPORT_URL):
            html = publisher.get(url).content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
            assert " style=" not in html and " onchange=" not in html, url
