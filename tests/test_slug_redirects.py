"""A renamed term keeps every old address working with one 301 straight to its current one."""

import pytest
import reversion
from django.contrib.auth.models import User
from reversion.models import Version

from terms.models import SlugRedirect, Term
from tests.builders import make_alias, make_link, make_term
from tests.test_admin import term_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("chief", "c@example.com", "pw-for-tests"))
    return client


def rename(term: Term, slug: str) -> None:
    term.slug = slug
    term.save()


def test_every_old_slug_redirects_straight_to_the_current_url(client):
    term = make_term(slug="llm")
    rename(term, "large-language-model")
    rename(term, "large-language-models")
    for old in ["llm", "large-language-model"]:
        response = client.get(f"/glossary/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/glossary/large-language-models/"
    assert client.get("/glossary/large-language-models/").status_code == 200


def test_renaming_back_to_an_old_slug_removes_its_redirect(client):
    term = make_term(slug="a")
    rename(term, "b")
    rename(term, "a")
    assert client.get("/glossary/a/").status_code == 200
    assert client.get("/glossary/b/")["Location"] == "/glossary/a/"
    assert list(term.old_slugs.values_list("old_slug", flat=True)) == ["b"]


def test_unknown_slug_and_old_slug_of_a_draft_are_404(client):
    assert client.get("/glossary/nothing-here/").status_code == 404
    draft = make_term(slug="draft-now", status=Term.Status.DRAFT)
    rename(draft, "draft-later")
    assert client.get("/glossary/draft-now/").status_code == 404


def test_renaming_in_the_admin_records_the_old_slug_and_shows_it(admin_client):
    term = make_term(slug="old-name", title="Token")
    data = term_form(slug="new-name")
    response = admin_client.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert response.status_code == 302
    assert admin_client.get("/glossary/old-name/")["Location"] == "/glossary/new-name/"
    html = admin_client.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert "Old slugs" in html and "old-name" in html


def test_new_term_cannot_take_a_slug_that_redirects_elsewhere(admin_client):
    term = make_term(slug="gpt", title="GPT")
    rename(term, "generative-pretrained-transformer")
    response = admin_client.post("/admin/terms/term/add/", term_form(slug="gpt"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert "/glossary/gpt/ still redirects to “GPT”" in errors[0]
    assert not Term.objects.filter(slug="gpt").exists()


def test_editor_frees_an_old_slug_by_deleting_it(admin_client):
    term = make_term(slug="gpt", title="GPT")
    rename(term, "generative-pretrained-transformer")
    SlugRedirect.objects.get(old_slug="gpt").delete()
    response = admin_client.post("/admin/terms/term/add/", term_form(slug="gpt"))
    assert response.status_code == 302
    assert admin_client.get("/glossary/gpt/").status_code == 200


def test_delete_page_warns_which_terms_link_here_and_their_pages_drop_the_link(admin_client):
    doomed = make_term(slug="doomed", title="Doomed")
    linking = make_term(slug="linking", title="Linking", plain_english="Mentions Doomed here.")
    make_link(linking, doomed)
    html = admin_client.get(f"/admin/terms/term/{doomed.pk}/delete/").content.decode()
    assert "These pages list “Doomed” under “Keep exploring”" in html
    assert f'href="/admin/terms/term/{linking.pk}/change/">Linking</a>' in html
    assert "These pages link to “Doomed” where their text mentions it" in html

    admin_client.post(f"/admin/terms/term/{doomed.pk}/delete/", {"post": "yes"})
    response = admin_client.get("/glossary/linking/")
    assert response.status_code == 200
    assert "/glossary/doomed/" not in response.content.decode()
    assert "<p>Mentions Doomed here.</p>" in response.content.decode()


def test_delete_page_warns_of_pages_that_link_through_an_alias(admin_client):
    doomed = make_term(slug="large-language-model", title="Large Language Model")
    make_alias(doomed, "LLM")
    linking = make_term(slug="chatbot", title="Chatbot", plain_english="It runs on an LLM.")
    html = admin_client.get(f"/admin/terms/term/{doomed.pk}/delete/").content.decode()
    warning = html.split("where their text mentions it", 1)[1]
    assert f'href="/admin/terms/term/{linking.pk}/change/">Chatbot</a>' in warning


def test_recovering_a_term_whose_slug_was_taken_shows_an_error(admin_client):
    term = make_term(slug="token", title="Token")
    with reversion.create_revision():
        term.save()
    with reversion.create_revision():
        term.delete()
    make_term(slug="token", title="Token again")
    version = Version.objects.get_deleted(Term).get()
    url = f"/admin/terms/term/recover/{version.pk}/"
    for response in [admin_client.get(url, follow=True), admin_client.post(url, follow=True)]:
        assert response.redirect_chain == [("/admin/terms/term/recover/", 302)]
        html = response.content.decode()
        assert "cannot be recovered: another term now uses its slug “token”" in html
    assert Term.objects.get(slug="token").title == "Token again"
