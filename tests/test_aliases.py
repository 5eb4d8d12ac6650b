"""Aliases: unique names, edited in the admin's term form, carried by the seed fixture."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from terms.models import Alias, Term
from tests.builders import make_alias, make_term
from tests.test_admin import term_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-for-tests"))
    return client


def with_aliases(data, *names):
    data["aliases-TOTAL_FORMS"] = str(len(names))
    for i, name in enumerate(names):
        data[f"aliases-{i}-name"] = name
    return data


def test_alias_name_is_unique_ignoring_case():
    make_alias(make_term(), "LLM")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_alias(make_term(), "llm")
    with pytest.raises(ValidationError, match="Another term already has this alias."):
        Alias(term=make_term(), name="Llm").full_clean()


def test_alias_natural_key_and_index_keys():
    alias = make_alias(make_term(slug="large-language-model"), "Ölmodell")
    assert alias.natural_key() == ("large-language-model", "Ölmodell")
    assert Alias.objects.get_by_natural_key("large-language-model", "Ölmodell") == alias
    assert (alias.index_letter, alias.sort_key) == ("O", "olmodell")
    assert str(alias) == "Ölmodell"


def test_editor_adds_aliases_in_the_term_form(editor_client):
    response = editor_client.post(
        "/admin/terms/term/add/", with_aliases(term_form(), "tokens", "Token unit")
    )
    assert response.status_code == 302
    term = Term.objects.get(slug="token")
    assert sorted(term.aliases.values_list("name", flat=True)) == ["Token unit", "tokens"]


def test_duplicate_alias_is_a_form_error(editor_client):
    make_alias(make_term(), "LLM")
    response = editor_client.post("/admin/terms/term/add/", with_aliases(term_form(), "llm"))
    assert response.status_code == 200
    assert "Another term already has this alias." in response.content.decode()
    assert not Term.objects.filter(slug="token").exists()


def test_same_alias_twice_in_one_form_is_a_form_error(editor_client):
    response = editor_client.post(
        "/admin/terms/term/add/", with_aliases(term_form(), "Tokens", "tokens")
    )
    assert response.status_code == 200
    assert "This alias is entered twice." in response.content.decode()


def test_alias_repeating_the_title_is_a_form_error(editor_client):
    term = make_term(title="Token", slug="token")
    data = with_aliases(term_form(), "TOKEN")
    response = editor_client.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert response.status_code == 200
    assert "An alias cannot repeat the term&#x27;s own title." in response.content.decode()


def test_reserved_slug_is_a_form_error(editor_client):
    response = editor_client.post("/admin/terms/term/add/", term_form(slug="search"))
    assert response.status_code == 200
    assert "This slug is the address of another glossary page" in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_term(slug="topics")


def test_change_page_shows_the_alias_inline(editor_client):
    term = make_term()
    make_alias(term, "Shown alias")
    html = editor_client.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert 'value="Shown alias"' in html


def test_seed_has_aliases_and_loading_twice_keeps_them_once():
    call_command("loaddata", "glossary", verbosity=0)
    loaded = Alias.objects.count()
    call_command("loaddata", "glossary", verbosity=0)
    assert Alias.objects.get(name="LLM").term.slug == "large-language-model"
    assert Alias.objects.get(name="finetuning").term.slug == "fine-tuning"
    assert Alias.objects.count() == loaded > 60
