"""The term form's Preview: the article as the form is now, in a new tab, saving nothing."""

import pytest
from django.contrib.auth.models import Permission, User
from reversion.models import Revision

from terms import content_version
from terms.models import FAQ, RelatedLink, Term, Topic
from tests.admin_forms import change_form_data
from tests.builders import make_alias, make_faq, make_term, topic_ids
from tests.test_admin import term_form, with_faqs, with_links

pytestmark = pytest.mark.django_db


def saved_state() -> tuple:
    """Return what a save would change: terms, rows, topics, revisions, the content version."""
    return (
        list(Term.objects.values_list("pk", "title", "plain_english", "updated_at")),
        list(FAQ.objects.values_list("pk", "question", "answer")),
        list(RelatedLink.objects.values_list("pk", "url")),
        list(Topic.objects.values_list("name", flat=True)),
        Revision.objects.count(),
        content_version.current().number,
        content_version._change_pending.is_set(),
    )


def test_preview_of_a_change_shows_the_unsaved_article_and_saves_nothing(editor):
    term = make_term(title="Token", slug="token", tags=["Fundamentals"])
    make_faq(term, question="Old question?")
    make_alias(term, "Tokens")
    url = f"/admin/terms/term/{term.pk}/change/"
    data = change_form_data(editor.get(url))
    data["plain_english"] = "A sentence typed a moment ago."
    data["faqs-0-question"] = "What changed?"
    data["tags"] = topic_ids("Fundamentals", "Brand New Topic")
    before = saved_state()
    response = editor.post(f"/admin/terms/term/{term.pk}/preview/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not saved." in html
    assert "A sentence typed a moment ago." in html and "What changed?" in html
    assert "Old question?" not in html and "Brand New Topic" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["Cache-Control"] == "private, no-store"
    assert saved_state() == before


def test_preview_of_a_new_term_shows_its_faqs_links_and_call_to_action(editor):
    target = make_term(title="Embedding", slug="embedding")
    data = with_faqs(term_form(), ("What is it?", "A piece of text."))
    data = with_links(data, (target, ""), (None, "https://example.com/tokens"))
    data["related_links-1-title"] = "Tokens explained"
    before = saved_state()
    response = editor.post("/admin/terms/term/add/preview/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Token</h1>" in html and "What is it?" in html
    assert 'href="/glossary/embedding/"' in html and "Tokens explained" in html
    assert 'class="cta' in html
    assert saved_state() == before and not Term.objects.filter(slug="token").exists()


def test_preview_of_invalid_input_shows_the_form_errors(editor):
    data = term_form(title="", summary="")
    before = saved_state()
    response = editor.post("/admin/terms/term/add/preview/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Title: This field is required." in html and "Summary: This field is required." in html
    assert response["Cache-Control"] == "private, no-store"
    assert saved_state() == before


def test_both_term_pages_offer_a_preview_button_that_opens_a_new_tab(editor):
    term = make_term()
    for url, action in [
        ("/admin/terms/term/add/", "/admin/terms/term/add/preview/"),
        (f"/admin/terms/term/{term.pk}/change/", f"/admin/terms/term/{term.pk}/preview/"),
    ]:
        html = editor.get(url).content.decode()
        assert f'formtarget="_blank" formaction="{action}"' in html


def test_only_staff_who_can_change_terms_may_preview(client):
    term = make_term()
    reader = User.objects.create_user("viewer", password="pw", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_term"))
    client.force_login(reader)
    data = change_form_data(client.get(f"/admin/terms/term/{term.pk}/change/"))
    assert "formtarget" not in client.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert client.post(f"/admin/terms/term/{term.pk}/preview/", data).status_code == 403
    assert client.post("/admin/terms/term/add/preview/", term_form()).status_code == 403


def test_preview_takes_only_a_post(editor):
    term = make_term()
    assert editor.get(f"/admin/terms/term/{term.pk}/preview/").status_code == 405
    assert editor.post("/admin/terms/term/999999/preview/", term_form()).status_code == 404
