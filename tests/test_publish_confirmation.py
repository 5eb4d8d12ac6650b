"""Publishing a term whose checklist has "To do" items asks first, listing them."""

import re
from html import unescape

import pytest

from terms.models import PendingChange, Term
from tests.builders import make_faq, make_link, make_term
from tests.test_admin import term_form
from tests.test_drafts import drafted, save_draft

pytestmark = pytest.mark.django_db


def complete_term(**kwargs) -> Term:
    """Return a term whose checklist is all done."""
    term = make_term(tags=["Fundamentals"], **kwargs)
    for _ in range(2):
        make_faq(term)
    for _ in range(3):
        make_link(term, make_term())
    return term


def test_publishing_an_unfinished_draft_term_lists_its_todo_items_first(publisher):
    term = make_term(status=Term.Status.DRAFT)
    response = publisher.post(f"/admin/terms/term/{term.pk}/publish/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "To do: At least 2 FAQs" in html and "To do: Topics are set" in html
    assert "Done" not in html and 'name="post" value="yes"' in html
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT
    response = publisher.post(f"/admin/terms/term/{term.pk}/publish/", {"post": "yes"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED and term.published_at is not None


def test_a_complete_draft_term_is_published_without_asking(publisher):
    term = complete_term(status=Term.Status.DRAFT)
    assert publisher.post(f"/admin/terms/term/{term.pk}/publish/").status_code == 302
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED


def test_a_draft_of_changes_is_checked_as_drafted_not_as_live(publisher):
    term = complete_term()
    save_draft(publisher, term, **{"faqs-0-DELETE": "on", "tags": []})
    response = publisher.post(f"/admin/terms/term/{term.pk}/publish/")
    html = response.content.decode()
    assert "To do: At least 2 FAQs" in html and "To do: Topics are set" in html
    assert "To do: At least 3 related links" not in html
    assert term.faqs.count() == 2 and PendingChange.objects.filter(term=term).exists()
    publisher.post(f"/admin/terms/term/{term.pk}/publish/", {"post": "yes"})
    assert term.faqs.count() == 1 and not term.tags.exists()


def test_publish_action_asks_for_the_unfinished_terms_and_keeps_the_selection(publisher):
    unfinished = make_term(title="Unfinished", status=Term.Status.DRAFT)
    finished = complete_term(title="Finished", status=Term.Status.DRAFT)
    selection = {"action": "publish", "_selected_action": [unfinished.pk, finished.pk]}
    response = publisher.post("/admin/terms/term/", selection)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Unfinished</h2>" in html and "<h2>Finished</h2>" not in html
    assert f'name="_selected_action" value="{finished.pk}"' in html
    assert Term.objects.filter(status=Term.Status.DRAFT).count() == 2
    publisher.post("/admin/terms/term/", selection | {"post": "yes"})
    assert not Term.objects.filter(status=Term.Status.DRAFT).exists()


def test_editor_cannot_publish_a_draft_term_by_its_publish_address(editor):
    term = make_term(status=Term.Status.DRAFT)
    assert editor.post(f"/admin/terms/term/{term.pk}/publish/", {"post": "yes"}).status_code == 403
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT


def test_publish_address_answers_get_with_405_and_an_unknown_term_with_404(publisher):
    term = make_term(status=Term.Status.DRAFT)
    assert publisher.get(f"/admin/terms/term/{term.pk}/publish/").status_code == 405
    assert publisher.post("/admin/terms/term/999999/publish/").status_code == 404


def confirmed_data(html: str) -> dict[str, list[str]]:
    """Return the hidden fields of a confirmation page, as its buttons post them."""
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(unescape(value))
    return data


def test_setting_the_status_to_published_in_the_form_asks_first_and_keeps_the_typing(publisher):
    term = make_term(status=Term.Status.DRAFT)
    url = f"/admin/terms/term/{term.pk}/change/"
    typed = drafted(publisher, term, status="published", summary="A summary typed “just now”.")
    response = publisher.post(url, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "To do: At least 2 FAQs" in html and "To do: Topics are set" in html
    assert 'name="status" value="published"' in html and 'name="status" value="draft"' in html
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT and term.summary != "A summary typed “just now”."

    answer = confirmed_data(html)
    assert answer["post"] == ["yes"] and answer["opened_version"]
    assert publisher.post(url, answer | {"status": "published"}).status_code == 302
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED and term.published_at is not None
    assert term.summary == "A summary typed “just now”."


def test_answering_no_saves_the_typing_as_a_draft(publisher):
    term = make_term(status=Term.Status.DRAFT)
    url = f"/admin/terms/term/{term.pk}/change/"
    html = publisher.post(
        url, drafted(publisher, term, status="published", example="A new example.")
    ).content.decode()
    assert publisher.post(url, confirmed_data(html) | {"status": "draft"}).status_code == 302
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT and term.example == "A new example."


def test_a_new_term_published_from_the_add_form_asks_first(publisher):
    data = term_form(title="Brand New", slug="brand-new", status="published")
    del data["post"]
    response = publisher.post("/admin/terms/term/add/", data)
    assert response.status_code == 200 and "To do: At least 2 FAQs" in response.content.decode()
    assert not Term.objects.filter(slug="brand-new").exists()
    answer = confirmed_data(response.content.decode()) | {"status": "published"}
    assert publisher.post("/admin/terms/term/add/", answer).status_code == 302
    assert Term.objects.get(slug="brand-new").status == Term.Status.PUBLISHED


def test_the_form_publishes_a_complete_term_and_saves_a_live_one_without_asking(publisher):
    complete = complete_term(status=Term.Status.DRAFT)
    data = drafted(publisher, complete, status="published")
    assert publisher.post(f"/admin/terms/term/{complete.pk}/change/", data).status_code == 302
    unfinished_live = make_term(summary="Live.")
    data = drafted(publisher, unfinished_live, summary="Still live, now longer.")
    url = f"/admin/terms/term/{unfinished_live.pk}/change/"
    assert publisher.post(url, data).status_code == 302
    assert Term.objects.filter(status=Term.Status.DRAFT).count() == 0


def test_invalid_input_that_would_publish_shows_the_form_errors_not_the_question(publisher):
    term = make_term(status=Term.Status.DRAFT)
    data = drafted(publisher, term, status="published", title="")
    response = publisher.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert response.status_code == 200 and "Publish anyway?" not in response.content.decode()
    assert "This field is required." in response.content.decode()


def test_the_change_page_checklist_checks_the_draft_of_changes(publisher):
    term = complete_term()
    save_draft(publisher, term, **{"faqs-0-DELETE": "on", "tags": []})
    html = publisher.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert "Checks of the draft of changes:" in html
    assert "To do: At least 2 FAQs" in html and "To do: Topics are set" in html
    PendingChange.objects.filter(term=term).delete()
    html = publisher.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert "Checks of the draft of changes:" not in html and "To do:" not in html
