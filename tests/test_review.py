"""Review before publishing: editors submit, Publishers publish or send back with a comment."""

import pytest
from django.test import Client

from terms.models import PendingChange, ReviewRequest, Term
from tests.builders import log_in_as, make_term
from tests.test_drafts import save_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_and_publisher(client):
    return log_in_as(client, "Editor"), log_in_as(Client(), "Publisher")


def submit(client, term: Term):
    return client.post(f"/admin/terms/term/{term.pk}/review/submit/")


def test_editor_submits_a_draft_and_publishers_see_who_and_when(editor_and_publisher):
    editor, publisher = editor_and_publisher
    term = make_term(title="Drafted Term", status=Term.Status.DRAFT)
    assert submit(editor, term).status_code == 302
    review = ReviewRequest.objects.get(term=term)
    assert review.submitted_by.username == "editor" and review.is_waiting
    home = publisher.get("/admin/").content.decode()
    assert "Waiting for review" in home and "Drafted Term" in home
    assert "New term (draft)" in home and "editor" in home
    assert review.submitted_at.strftime("%Y-%m-%d") in home
    listed = publisher.get("/admin/terms/term/?workflow=review").context["cl"].result_list
    assert [t.title for t in listed] == ["Drafted Term"]
    assert "Waiting for review" not in editor.get("/admin/").content.decode()


def test_editor_submits_a_draft_of_changes_and_a_publisher_publishes_it(editor_and_publisher):
    editor, publisher = editor_and_publisher
    term = make_term(slug="token")
    save_draft(editor, term, summary="The reviewed summary.")
    submit(editor, term)
    assert "Changes to a published term" in publisher.get("/admin/").content.decode()
    publisher.post(f"/admin/terms/term/{term.pk}/publish/", {"post": "yes"})
    term.refresh_from_db()
    assert term.summary == "The reviewed summary."
    assert not ReviewRequest.objects.exists() and not PendingChange.objects.exists()
    assert "Nothing is waiting for review." in publisher.get("/admin/").content.decode()


def test_publisher_sends_back_with_a_comment_the_editor_sees(editor_and_publisher):
    editor, publisher = editor_and_publisher
    term = make_term(status=Term.Status.DRAFT)
    submit(editor, term)
    response = publisher.post(
        f"/admin/terms/term/{term.pk}/review/send-back/", {"comment": "Add a second FAQ."}
    )
    assert response.status_code == 302
    html = editor.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert "Sent back" in html and "Add a second FAQ." in html and "publisher" in html
    assert "Nothing is waiting for review." in publisher.get("/admin/").content.decode()
    submit(editor, term)  # after changing it, the editor asks again
    review = ReviewRequest.objects.get(term=term)
    assert review.is_waiting and review.comment == ""


def test_send_back_without_a_comment_is_refused_and_keeps_the_review_waiting(
    editor_and_publisher,
):
    editor, publisher = editor_and_publisher
    term = make_term(status=Term.Status.DRAFT)
    submit(editor, term)
    response = publisher.post(
        f"/admin/terms/term/{term.pk}/review/send-back/", {"comment": "  "}, follow=True
    )
    assert "Write what to change" in response.content.decode()
    assert ReviewRequest.objects.get(term=term).is_waiting


def test_editor_cannot_publish_or_send_back_a_review_item(editor_and_publisher):
    editor, _ = editor_and_publisher
    term = make_term(status=Term.Status.DRAFT)
    submit(editor, term)
    assert editor.post(f"/admin/terms/term/{term.pk}/publish/", {"post": "yes"}).status_code == 403
    response = editor.post(f"/admin/terms/term/{term.pk}/review/send-back/", {"comment": "No."})
    assert response.status_code == 403
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT and ReviewRequest.objects.get(term=term).is_waiting


def test_publisher_publishes_a_submitted_draft_term(editor_and_publisher):
    editor, publisher = editor_and_publisher
    term = make_term(status=Term.Status.DRAFT)
    submit(editor, term)
    publisher.post(f"/admin/terms/term/{term.pk}/publish/", {"post": "yes"})
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED and not ReviewRequest.objects.exists()


def test_a_live_term_without_a_draft_has_nothing_to_submit(editor):
    term = make_term()
    response = editor.post(f"/admin/terms/term/{term.pk}/review/submit/", follow=True)
    assert "nothing to review" in response.content.decode()
    assert not ReviewRequest.objects.exists()


def test_review_addresses_answer_get_with_405_and_unknown_terms_with_404(editor):
    term = make_term(status=Term.Status.DRAFT)
    assert editor.get(f"/admin/terms/term/{term.pk}/review/submit/").status_code == 405
    assert editor.post("/admin/terms/term/999999/review/submit/").status_code == 404


def test_a_review_closes_when_there_is_nothing_left_to_review(editor_and_publisher):
    editor, publisher = editor_and_publisher
    changed, drafted = make_term(slug="changed"), make_term(status=Term.Status.DRAFT)
    save_draft(editor, changed, summary="Drafted.")
    submit(editor, changed)
    submit(editor, drafted)
    editor.post(f"/admin/terms/term/{changed.pk}/draft/discard/")
    assert not ReviewRequest.objects.filter(term=changed).exists()
    editor.post(
        "/admin/terms/term/", {"action": "publish", "_selected_action": [drafted.pk], "post": "yes"}
    )
    assert ReviewRequest.objects.filter(term=drafted).exists()  # an Editor cannot publish
    publisher.post(
        "/admin/terms/term/", {"action": "publish", "_selected_action": [drafted.pk], "post": "yes"}
    )
    assert not ReviewRequest.objects.exists()
