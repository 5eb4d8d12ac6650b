"""Publishing a term whose checklist has "To do" items asks first, listing them."""

import pytest

from terms.models import PendingChange, Term
from tests.builders import make_faq, make_link, make_term
from tests.test_drafts import save_draft

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
