"""Editors see what each term still lacks, and a content-health page lists every weak spot."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from terms.models import Term
from terms.quality import (
    check_term,
    checked_terms,
    is_one_sentence,
    published_ids,
    twelve_months_before,
)
from tests.builders import make_faq, make_link, make_term

pytestmark = pytest.mark.django_db


def complete_term(**kwargs):
    """Return a term that passes every check, with two-way links to three published terms."""
    term = make_term(tags=["Basics"], **kwargs)
    make_faq(term), make_faq(term)
    for _ in range(3):
        other = make_term()
        make_link(term, other)
        make_link(other, term)
    return term


def failed_labels(term):
    checks = check_term(checked_terms().get(pk=term.pk), published_ids())
    return [check.label for check in checks if not check.passed]


@pytest.mark.parametrize(
    ("summary", "ok"),
    [
        ("A model that learns from examples.", True),
        ("Is it one sentence?", True),
        ("One sentence. Two sentences.", False),
        ("No full stop", False),
        ("e" * 170 + ".", True),  # one sentence; the length is checked separately
    ],
)
def test_one_sentence(summary, ok):
    assert is_one_sentence(summary) is ok


def test_complete_term_passes_every_check():
    assert failed_labels(complete_term()) == []


def test_each_gap_fails_its_check():
    draft = make_term(status=Term.Status.DRAFT)
    term = make_term(summary="Too long. " + "x" * 160 + ".", example="")
    make_faq(term)
    make_link(term, draft)
    assert failed_labels(term) == [
        "Summary is one sentence under 160 characters",
        "All four sections are filled",
        "At least 2 FAQs",
        "At least 3 related links",
        "Related links point to published terms",
        "Topics are set",
    ]


def test_change_page_shows_the_checklist(editor):
    term = make_term()
    html = editor.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert '<ul class="checklist">' in html
    assert '<li class="todo">To do: At least 2 FAQs</li>' in html
    assert '<li class="done">Done: All four sections are filled</li>' in html


def test_content_health_lists_failures_and_weak_links(editor, settings):
    settings.ALLOWED_HOSTS = ["testserver", "glossary.example.com"]
    good = complete_term(title="Good")
    lonely = make_term(title="Lonely")
    draft = make_term(title="Hidden draft", status=Term.Status.DRAFT)
    make_link(lonely, draft)
    make_link(lonely, good)
    make_link(lonely, url="https://glossary.example.com/glossary/deleted-term/")
    make_link(lonely, url="https://elsewhere.example.com/glossary/not-ours/")

    response = editor.get("/admin/terms/term/content-health/")
    assert response.status_code == 200
    report = response.context["report"]
    assert [term.title for term, _ in report.failing] == sorted(
        term.title for term in Term.objects.exclude(pk=good.pk)
    )
    assert [(link.term, link.target) for link in report.links_to_drafts] == [(lonely, draft)]
    assert [link.url for link in report.links_to_missing] == [
        "https://glossary.example.com/glossary/deleted-term/"
    ]
    assert {(link.term, link.target) for link in report.one_way} == {
        (lonely, draft),
        (lonely, good),
    }
    assert lonely in report.unlinked and good not in report.unlinked
    html = response.content.decode()
    assert "Content health" in html and "Hidden draft" in html and "deleted-term" in html


def test_content_health_query_count_is_constant(editor, django_assert_max_num_queries):
    complete_term()
    with django_assert_max_num_queries(20) as few:
        editor.get("/admin/terms/term/content-health/")
    for _ in range(5):
        complete_term()
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor.get("/admin/terms/term/content-health/")


def test_changelist_links_to_content_health(editor):
    assert "/admin/terms/term/content-health/" in editor.get("/admin/terms/term/").content.decode()


def test_readers_cannot_open_content_health(client):
    client.force_login(User.objects.create_user("reader", password="pw-for-tests"))
    assert client.get("/admin/terms/term/content-health/").status_code == 302


def test_content_health_lists_terms_not_reviewed_in_twelve_months(editor):
    today = timezone.localdate()
    fresh = complete_term(title="Fresh", reviewed_on=today - datetime.timedelta(days=364))
    stale = complete_term(title="Stale", reviewed_on=today - datetime.timedelta(days=400))
    never = complete_term(title="Never reviewed")

    response = editor.get("/admin/terms/term/content-health/")
    report = response.context["report"]
    # complete_term's linked terms were never reviewed either; never-reviewed terms come first.
    assert [term for term in report.not_reviewed if term in (fresh, stale, never)] == [never, stale]
    assert report.not_reviewed[-1] == stale
    html = response.content.decode()
    assert f"Terms not reviewed in 12 months ({len(report.not_reviewed)})" in html
    assert "Never reviewed" in html and "never" in html


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (datetime.date(2026, 11, 30), datetime.date(2025, 11, 30)),
        (datetime.date(2028, 2, 29), datetime.date(2027, 2, 28)),
    ],
)
def test_twelve_months_before(today, cutoff):
    assert twelve_months_before(today) == cutoff
