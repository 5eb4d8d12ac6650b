"""Comparing two revisions shows what changed, and only that, without errors in the log."""

import logging

import pytest
from django.utils.html import strip_tags
from reversion.models import Version

from tests import test_revisions
from tests.admin_forms import change_form_data
from tests.builders import topic_ids
from tests.test_revisions import edit

pytestmark = pytest.mark.django_db
admin_user = test_revisions.admin_user
admin_client = test_revisions.admin_client
term_with_inlines = test_revisions.term_with_inlines


def compare(client, term):
    old, new = Version.objects.get_for_object(term).order_by("pk")
    response = client.get(
        f"/admin/terms/term/{term.pk}/history/compare/",
        {"version_id1": old.pk, "version_id2": new.pk},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_compare_shows_topic_and_faq_answer_changes_and_no_noise(
    admin_client, term_with_inlines, caplog
):
    term = term_with_inlines
    edit(admin_client, term, lambda data: None)

    def change(data):
        data.update(tags=topic_ids("Training", "Evaluation"), summary="A sharper summary.")
        data["faqs-1-answer"] = "When prompting alone is not enough."

    edit(admin_client, term, change)
    with caplog.at_level(logging.ERROR):
        html = compare(admin_client, term)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert "Evaluation" in html and "Models" in html
    assert "alone" in html
    # A short change is a line diff and a long one a word diff (the ending "." is then shared).
    assert "A sharper summary." in strip_tags(html)
    for noise in ["call to action", "publish date", "linked_from", "updated", "old slugs"]:
        assert f"<h3>{noise}" not in html.lower()


def test_compare_breadcrumb_names_the_glossary_and_the_term(admin_client, term_with_inlines):
    term = term_with_inlines
    edit(admin_client, term, lambda data: None)
    edit(admin_client, term, lambda data: data.update(summary="A sharper summary."))
    html = compare(admin_client, term)
    crumbs = html[html.index('<div class="breadcrumbs">') :]
    crumbs = crumbs[: crumbs.index("</div>")]
    assert "Glossary" in crumbs
    assert crumbs.count("Compare") == 1
    assert "Fine-Tuning" in crumbs


def test_restoring_a_revision_says_restored(admin_client, term_with_inlines):
    term = term_with_inlines
    edit(admin_client, term, lambda data: None)
    edit(admin_client, term, lambda data: data.update(summary="A sharper summary."))
    first = Version.objects.get_for_object(term).order_by("pk").first()
    url = f"/admin/terms/term/{term.pk}/history/{first.pk}/"
    response = admin_client.post(url, change_form_data(admin_client.get(url)), follow=True)
    text = [str(message) for message in response.context["messages"]]
    assert any("restored" in message for message in text), text
    assert not any("changed successfully" in message for message in text)
