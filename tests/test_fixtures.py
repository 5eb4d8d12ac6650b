"""Seed fixtures load and round-trip through dumpdata; broken or invalid ones change nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from terms.models import FAQ, RelatedLink, TaggedTerm, Term, Topic

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    """Return every seeded row as comparable tuples."""
    return {
        "terms": set(Term.objects.values_list("slug", "title", "summary", "plain_english")),
        "faqs": set(FAQ.objects.values_list("term__slug", "question", "answer", "position")),
        "links": set(RelatedLink.objects.values_list("term__slug", "target__slug", "position")),
        "topics": set(TaggedTerm.objects.values_list("content_object__slug", "tag__name")),
        "tags": set(Topic.objects.values_list("name", "slug")),
    }


def test_seed_loads_the_four_terms_with_topics():
    call_command("loaddata", "glossary", verbosity=0)
    fine_tuning = Term.objects.published().get(slug="fine-tuning")
    assert [link.target.title for link in fine_tuning.related_links.all()] == [
        "Machine Learning", "Large Language Model", "Prompt Engineering",
    ]  # fmt: skip
    assert fine_tuning.faqs.count() == 3
    for term in Term.objects.all():
        assert term.tags.exists(), term
        assert term.faqs.count() >= 2, term
        assert 3 <= term.related_links.count() <= 5, term


def test_loading_names_each_row_once_and_indexes_each_term_once():
    # Each FAQ, alias, topic and link names its term by slug: looked up each time, the seed
    # took over 7 queries an object (20 s on PostgreSQL); remembered, under 5.
    objects = len(json.loads((Path(settings.BASE_DIR) / "fixtures/glossary.json").read_text()))
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", "glossary", verbosity=0)
    assert len(queries) < 5 * objects
    assert list(Term.objects.search("finetuning")) == [Term.objects.get(slug="fine-tuning")]


def test_loading_twice_leaves_the_same_rows():
    call_command("loaddata", "glossary", verbosity=0)
    first = snapshot()
    counts = [Model.objects.count() for Model in (Term, FAQ, RelatedLink, TaggedTerm, Topic)]
    call_command("loaddata", "glossary", verbosity=0)
    assert snapshot() == first
    assert [M.objects.count() for M in (Term, FAQ, RelatedLink, TaggedTerm, Topic)] == counts


def test_dump_and_reload_keeps_tags(tmp_path):
    call_command("loaddata", "glossary", verbosity=0)
    before = snapshot()
    dump = tmp_path / "dump.json"
    call_command(
        "dumpdata", "terms.topic", "terms.term", "terms.taggedterm", "terms.faq",
        "terms.relatedlink", natural_foreign=True, output=str(dump), verbosity=0,
    )  # fmt: skip
    Term.objects.all().delete()
    Topic.objects.all().delete()
    assert snapshot()["topics"] == set()
    call_command("loaddata", str(dump), verbosity=0)
    assert snapshot() == before


def write_fixture(tmp_path: Path, objects) -> Path:
    path = tmp_path / "broken.json"
    path.write_text(objects if isinstance(objects, str) else json.dumps(objects))
    return path


def term_object(slug, pk=None):
    obj = {
        "model": "terms.term",
        "fields": {"title": slug.title(), "slug": slug, "summary": "S.", "status": "published",
                   "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
    }  # fmt: skip
    if pk is not None:
        obj["pk"] = pk
    return obj


def with_fields(obj, **fields):
    return {**obj, "fields": {**obj["fields"], **fields}}


def link_object(term_slug, target_slug):
    return {
        "model": "terms.relatedlink",
        "fields": {"term": [term_slug], "target": [target_slug], "url": "", "position": 1},
    }


BROKEN = {
    "malformed JSON": ('[{"model": "terms.term", "fields": {', DeserializationError),
    "link to a missing term": (
        [
            term_object("new-term"),
            {
                "model": "terms.relatedlink",
                "fields": {"term": ["new-term"], "target": ["missing"], "url": "", "position": 1},
            },
        ],  # fmt: skip
        # Django would save the link with no target while it waits for a forward reference.
        CommandError,
    ),
    "duplicate slug": ([term_object("twin", pk=900), term_object("twin", pk=901)], CommandError),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_fixture_fails_and_changes_nothing(tmp_path, case):
    call_command("loaddata", "glossary", verbosity=0)
    before = snapshot()
    content, error = BROKEN[case]
    with pytest.raises(error):
        call_command("loaddata", str(write_fixture(tmp_path, content)), verbosity=0)
    assert snapshot() == before


def test_broken_fixture_exits_non_zero_with_djangos_message(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "DJANGO_SECRET_KEY": "test",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    broken = write_fixture(tmp_path, '[{"model": "terms.term", "fields": {')
    result = subprocess.run(
        [*manage, "loaddata", str(broken)], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Problem installing fixture" in result.stderr
    invalid = write_fixture(tmp_path, [term_object("fx bad slug/..")])
    result = subprocess.run(
        [*manage, "loaddata", str(invalid)], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert 'CommandError: Could not load terms.term ["fx bad slug/.."]: slug:' in result.stderr


# Each invalid object, after a valid one, and what the error names: model, natural key, field.
INVALID = {
    "slug pattern": (term_object("fx bad slug/.."), 'terms.term ["fx bad slug/.."]: slug: Enter'),
    "reserved slug": (term_object("feed"), 'terms.term ["feed"]: This slug is the address'),
    "unknown status": (
        with_fields(term_object("bogus"), status="bogus"),
        "terms.term [\"bogus\"]: status: Value 'bogus' is not a valid choice.",
    ),
    "missing summary": (
        with_fields(term_object("terse"), summary=""),
        'terms.term ["terse"]: summary: This field cannot be blank.',
    ),
    "link to itself": (
        link_object("valid", "valid"),
        'terms.relatedlink ["valid", "valid", ""]: target: A term cannot link to itself.',
    ),
    "alias repeating the title": (
        {"model": "terms.alias", "fields": {"term": ["valid"], "name": "VALID"}},
        'terms.alias ["valid", "VALID"]: name: An alias cannot repeat the term',
    ),
    "the same term twice": (
        term_object("valid"),
        'terms.term ["valid"]: the fixtures name it twice.',
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_invalid_object_stops_the_load_naming_model_key_and_field(tmp_path, case):
    call_command("loaddata", "glossary", verbosity=0)
    before = snapshot()
    invalid, message = INVALID[case]
    fixture = write_fixture(tmp_path, [term_object("valid"), invalid])
    with pytest.raises(CommandError) as error:
        call_command("loaddata", str(fixture), verbosity=0)
    assert f"Could not load {message}" in str(error.value)
    assert snapshot() == before
    assert not Term.objects.filter(slug__in=["valid", "fx bad slug/..", "bogus"]).exists()


def test_the_seed_loads_twice_and_validates():
    call_command("loaddata", "glossary", verbosity=0)
    call_command("loaddata", "glossary", verbosity=0)
    assert Term.objects.filter(slug="fine-tuning").count() == 1


def test_forward_reference_to_a_call_to_action_still_loads(tmp_path):
    cta = {
        "model": "terms.calltoaction",
        "fields": {"name": "Later", "heading": "H", "body": "B", "button_label": "Go",
                   "button_url": "/"},
    }  # fmt: skip
    term = with_fields(term_object("early"), call_to_action=["Later"])
    call_command("loaddata", str(write_fixture(tmp_path, [term, cta])), verbosity=0)
    assert Term.objects.get(slug="early").call_to_action.name == "Later"
