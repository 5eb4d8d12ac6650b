"""Editors curate every part of a term page in the admin, and bad input shows form errors."""

import datetime

import pytest
from django.contrib.auth.models import User

from terms.models import CallToAction, Term
from tests.builders import make_faq, make_link, make_term, topic_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_superuser("editor", "editor@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def term_form(**overrides):
    """Return POST data for the term add/change form with empty inlines."""
    data = {
        "title": "Token",
        "slug": "token",
        "summary": "A small unit of text that a language model reads and writes.",
        "tags": topic_ids("Generative AI", "Fundamentals"),
        "plain_english": "A token is a piece of a word.",
        "technical_definition": "Tokens are the units produced by a tokenizer.",
        "business_use_case": "Usage is billed per token.",
        "example": "The word 'unbelievable' may be three tokens.",
        "status": "published",
        "post": "yes",  # publish although the checklist has "To do" items
        "published_at_0": "",
        "published_at_1": "",
        "call_to_action": "",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        "faqs-TOTAL_FORMS": "0",
        "faqs-INITIAL_FORMS": "0",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "auto_link": "on",
        "old_slugs-TOTAL_FORMS": "0",
        "old_slugs-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_faqs(data, *faqs):
    data["faqs-TOTAL_FORMS"] = str(len(faqs))
    for i, (question, answer) in enumerate(faqs):
        data |= {f"faqs-{i}-question": question, f"faqs-{i}-answer": answer}
        data[f"faqs-{i}-position"] = str(i + 1)
    return data


def with_links(data, *links):
    data["related_links-TOTAL_FORMS"] = str(len(links))
    for i, (target, url) in enumerate(links):
        data |= {
            f"related_links-{i}-target": str(target.pk) if target else "",
            f"related_links-{i}-url": url,
            f"related_links-{i}-position": str(i + 1),
        }
    return data


def test_changelist_search_and_filters(editor_client):
    make_term(title="Embedding", tags=["Fundamentals"])
    make_term(title="Draft term", status=Term.Status.DRAFT)
    response = editor_client.get("/admin/terms/term/")
    assert response.status_code == 200
    assert b"Embedding" in response.content and b"Fundamentals" in response.content
    assert b"Draft term" not in editor_client.get("/admin/terms/term/?q=Embed").content
    assert editor_client.get("/admin/terms/term/?status__exact=draft").status_code == 200


def test_add_page_has_inlines_and_help(editor_client):
    html = editor_client.get("/admin/terms/term/add/").content.decode()
    assert "FAQs" in html and "Related links" in html
    assert "meta description and the snippet in search results" in html


def test_add_term_with_faqs_and_links(editor_client):
    ml, llm = make_term(slug="ml"), make_term(slug="llm")
    data = with_faqs(term_form(), ("What is a token?", "A unit."), ("Why count them?", "Cost."))
    data = with_links(data, (ml, ""), (llm, ""))
    response = editor_client.post("/admin/terms/term/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    term = Term.objects.get(slug="token")
    assert [faq.question for faq in term.faqs.all()] == ["What is a token?", "Why count them?"]
    assert [link.target for link in term.related_links.all()] == [ml, llm]
    assert sorted(term.tags.names()) == ["Fundamentals", "Generative AI"]
    assert term.published_at is not None


def test_change_term_updates_fields(editor_client):
    term = make_term(slug="token")
    faq = make_faq(term, question="Old?")
    data = term_form(summary="New summary.")
    data |= {
        "faqs-TOTAL_FORMS": "1", "faqs-INITIAL_FORMS": "1", "faqs-0-id": str(faq.pk),
        "faqs-0-term": str(term.pk), "faqs-0-question": "New?", "faqs-0-answer": "Yes.",
        "faqs-0-position": "1",
    }  # fmt: skip
    response = editor_client.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.summary == "New summary."
    assert list(term.faqs.values_list("question", flat=True)) == ["New?"]


def test_change_page_links_to_the_site(editor_client):
    term = make_term()
    html = editor_client.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert "View on site" in html


def errors_of(response):
    assert response.status_code == 200, "expected the form again with errors"
    context = response.context
    form_errors = context["adminform"].form.errors
    inline_errors = [
        (formset.formset.non_form_errors(), formset.formset.errors)
        for formset in context["inline_admin_formsets"]
    ]
    return str(form_errors) + str(inline_errors)


def test_duplicate_slug_is_a_form_error(editor_client):
    make_term(slug="token")
    response = editor_client.post("/admin/terms/term/add/", term_form())
    assert "Term with this Slug already exists." in errors_of(response)


def test_empty_title_and_summary_are_form_errors(editor_client):
    response = editor_client.post("/admin/terms/term/add/", term_form(title="", summary=""))
    assert errors_of(response).count("This field is required.") == 2


def test_self_link_is_a_form_error(editor_client):
    term = make_term(slug="token")
    data = with_links(term_form(), (term, ""))
    data["related_links-0-term"] = str(term.pk)
    response = editor_client.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert "A term cannot link to itself." in errors_of(response)


def test_both_or_neither_target_and_url_are_form_errors(editor_client):
    target = make_term()
    data = with_links(term_form(), (target, "https://example.com/"))
    assert "not both" in errors_of(editor_client.post("/admin/terms/term/add/", data))
    data = with_links(term_form(), (None, ""))
    data["related_links-0-title"] = "Orphan"
    assert "Choose a term or enter a URL" in errors_of(
        editor_client.post("/admin/terms/term/add/", data)
    )


def test_duplicate_target_is_a_form_error(editor_client):
    target = make_term()
    data = with_links(term_form(), (target, ""), (target, ""))
    assert "duplicate data for target" in errors_of(
        editor_client.post("/admin/terms/term/add/", data)
    )
    data = with_links(term_form(), (None, "https://a.example/"), (None, "https://a.example/"))
    assert "already links to that URL" in errors_of(
        editor_client.post("/admin/terms/term/add/", data)
    )
    term = make_term(slug="existing")
    make_link(term, target)
    data = with_links(term_form(slug="existing"), (target, ""))
    response = editor_client.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert "already links" in errors_of(response)


def test_duplicate_question_is_a_form_error(editor_client):
    data = with_faqs(term_form(), ("Same?", "a"), ("Same?", "b"))
    assert "Please correct the duplicate data" in errors_of(
        editor_client.post("/admin/terms/term/add/", data)
    )
    term = make_term(slug="existing")
    make_faq(term, question="Same?")
    data = with_faqs(term_form(slug="existing"), ("Same?", "again"))
    response = editor_client.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert "already has this question" in errors_of(response)


def test_malformed_url_is_a_form_error(editor_client):
    data = with_links(term_form(), (None, "not a url"))
    assert "Enter a valid URL." in errors_of(editor_client.post("/admin/terms/term/add/", data))


def test_publish_and_unpublish_actions(editor_client):
    term = make_term(status=Term.Status.DRAFT)
    editor_client.post(
        "/admin/terms/term/", {"action": "publish", "_selected_action": [term.pk], "post": "yes"}
    )
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED and term.published_at is not None
    editor_client.post("/admin/terms/term/", {"action": "unpublish", "_selected_action": [term.pk]})
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT


def test_call_to_action_admin(editor_client):
    assert editor_client.get("/admin/terms/calltoaction/").status_code == 200
    data = {
        "name": "Second default", "heading": "h", "body": "b", "button_label": "Go",
        "button_url": "/", "is_default": "on",
    }  # fmt: skip
    response = editor_client.post("/admin/terms/calltoaction/add/", data)
    assert "already the site default" in str(response.context["adminform"].form.errors)
    data |= {"is_default": "", "button_url": "javascript:alert(1)"}
    response = editor_client.post("/admin/terms/calltoaction/add/", data)
    assert "button_url" in response.context["adminform"].form.errors
    assert CallToAction.objects.count() == 1


def test_target_autocomplete(editor_client):
    make_term(title="Embedding")
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "Emb", "app_label": "terms", "model_name": "relatedlink", "field_name": "target"},
    )
    assert response.status_code == 200
    assert "Embedding" in response.content.decode()


def test_reviewed_on_is_edited_in_the_form_and_kept_apart_from_updated(editor_client):
    term = make_term(slug="token")
    url = f"/admin/terms/term/{term.pk}/change/"
    assert 'name="reviewed_on"' in editor_client.get(url).content.decode()
    assert editor_client.post(url, term_form(reviewed_on="2026-03-02")).status_code == 302
    term.refresh_from_db()
    assert term.reviewed_on == datetime.date(2026, 3, 2)
    first_update = term.updated_at

    editor_client.post(url, term_form(summary="Edited.", reviewed_on="2026-03-02"))
    term.refresh_from_db()
    assert term.updated_at > first_update
    assert term.reviewed_on == datetime.date(2026, 3, 2)


def test_bad_reviewed_on_is_a_form_error(editor_client):
    term = make_term(slug="token", reviewed_on=datetime.date(2026, 1, 5))
    response = editor_client.post(
        f"/admin/terms/term/{term.pk}/change/", term_form(reviewed_on="2026-02-31")
    )
    assert response.status_code == 200
    assert "reviewed_on" in response.context["adminform"].form.errors
    term.refresh_from_db()
    assert term.reviewed_on == datetime.date(2026, 1, 5)
