"""The admin's editing aids: the related-term picker's order, row positions, links back."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from reversion.models import Version

from terms.models import RelatedLink, Term
from terms.quality import content_health
from tests.admin_forms import change_form_data
from tests.builders import make_alias, make_faq, make_link, make_term
from tests.test_admin import term_form

pytestmark = pytest.mark.django_db


def autocomplete(client, text):
    """Return the titles the related-term picker offers for `text`, in order."""
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": text,
            "app_label": "terms",
            "model_name": "relatedlink",
            "field_name": "target",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_picker_puts_exact_title_then_prefix_then_alias_then_the_rest(editor):
    make_term(title="Context Window", summary="How much a model can read; Model Con notes.")
    make_term(title="Model Context Protocol Server")
    make_term(title="Model Context Protocol")
    make_alias(make_term(title="MCP Gateway"), "Model Context Protocol gateway")
    titles = autocomplete(editor, "Model Context Protocol")
    assert titles[:3] == ["Model Context Protocol", "Model Context Protocol Server", "MCP Gateway"]


def test_picker_ranks_a_title_prefix_before_a_summary_match(editor):
    make_term(title="Context Window", summary="How much text a Model Con reads at once.")
    make_term(title="Model Context Protocol")
    assert autocomplete(editor, "Model Con") == ["Model Context Protocol", "Context Window"]


def test_picker_finds_a_term_by_its_alias(editor):
    make_alias(make_term(title="Retrieval-Augmented Generation"), "RAG")
    assert autocomplete(editor, "rag") == ["Retrieval-Augmented Generation"]


def test_summary_is_a_two_line_box_whose_line_breaks_become_spaces(editor):
    html = editor.get("/admin/terms/term/add/").content.decode()
    assert '<textarea name="summary" cols="40" rows="2" data-count-limit="160"' in html
    assert "js/summary-count.js" in html and "css/admin-term.css" in html
    response = editor.post(
        "/admin/terms/term/add/", term_form(summary="A unit of text\r\n that a model reads.")
    )
    assert response.status_code == 302
    assert Term.objects.get(slug="token").summary == "A unit of text that a model reads."


def test_topic_filter_names_the_choice_for_terms_without_a_topic(editor):
    make_term(title="Embedding", tags=["Fundamentals"])
    make_term(title="Untagged")
    html = editor.get("/admin/terms/term/").content.decode()
    assert "No topic" in html
    assert ">-</a>" not in html
    assert "Untagged" in editor.get("/admin/terms/term/?tags__isnull=True").content.decode()


def test_superuser_home_lists_topics_under_the_glossary_and_sign_in_logs_last(admin_client):
    sections = [app["name"] for app in admin_client.get("/admin/").context["app_list"]]
    assert sections[0] == "Glossary"
    assert sections[-1] == "Sign-in security (logins and lockouts)"
    assert "Taggit" not in sections and "Axes" not in sections
    glossary = admin_client.get("/admin/").context["app_list"][0]
    assert "Topics" in [model["name"] for model in glossary["models"]]
    assert admin_client.get("/admin/terms/topic/").status_code == 200
    assert admin_client.get("/admin/taggit/tag/").status_code == 404


def test_editor_home_lists_topics_under_the_glossary(editor):
    sections = editor.get("/admin/").context["app_list"]
    assert [app["name"] for app in sections] == ["Glossary"]
    assert "Topics" in [model["name"] for model in sections[0]["models"]]


def test_rows_saved_without_a_position_go_after_the_others(editor):
    term = make_term(title="Token", slug="token")
    kept = make_faq(term, question="Kept?", position=7)
    data = term_form(title="Token", slug="token")
    data |= {
        "faqs-TOTAL_FORMS": "3",
        "faqs-INITIAL_FORMS": "1",
        "faqs-0-id": str(kept.pk),
        "faqs-0-term": str(term.pk),
        "faqs-0-question": "Kept?",
        "faqs-0-answer": kept.answer,
        "faqs-0-position": "7",
        "faqs-1-question": "First new?",
        "faqs-1-answer": "Yes.",
        "faqs-1-position": "",
        "faqs-2-question": "Second new?",
        "faqs-2-answer": "Yes.",
        "faqs-2-position": "",
        "opened_version": term.updated_at.isoformat(),
    }
    response = editor.post(f"/admin/terms/term/{term.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    assert list(term.faqs.values_list("question", "position")) == [
        ("Kept?", 7),
        ("First new?", 8),
        ("Second new?", 9),
    ]


def test_a_new_row_offers_an_empty_position_instead_of_zero(editor):
    html = editor.get("/admin/terms/term/add/").content.decode()
    assert 'name="faqs-__prefix__-position" value="0"' not in html
    assert 'name="faqs-__prefix__-position"' in html


def test_link_back_adds_the_reverse_link_at_the_end_of_the_targets_list(editor):
    source, target, other = make_term(), make_term(), make_term()
    one_way = make_link(source, target)
    make_link(target, other, position=4)
    health = editor.get("/admin/terms/term/content-health/").content.decode()
    assert f"/admin/terms/term/content-health/{one_way.pk}/link-back/" in health
    response = editor.post(f"/admin/terms/term/content-health/{one_way.pk}/link-back/")
    assert response.status_code == 302
    assert list(target.related_links.values_list("target", "position")) == [
        (other.pk, 4),
        (source.pk, 5),
    ]
    assert Version.objects.get_for_object(target).first().revision.comment.startswith("Linked")
    assert one_way not in content_health().one_way
    editor.post(f"/admin/terms/term/content-health/{one_way.pk}/link-back/")
    assert target.related_links.count() == 2


def test_a_one_way_link_can_be_kept_on_purpose(editor):
    source, target = make_term(), make_term()
    one_way = make_link(source, target)
    response = editor.post(f"/admin/terms/term/content-health/{one_way.pk}/keep-one-way/")
    assert response.status_code == 302
    one_way.refresh_from_db()
    assert one_way.one_way_intended
    assert content_health().one_way == []
    assert not target.related_links.exists()


def test_link_actions_need_post_csrf_and_change_permission(client, editor):
    one_way = make_link(make_term(), make_term())
    url = f"/admin/terms/term/content-health/{one_way.pk}/link-back/"
    assert editor.get(url).status_code == 405
    assert editor.post("/admin/terms/term/content-health/999999/link-back/").status_code == 404
    viewer = User.objects.create_user("viewer", password="pw-for-tests", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_term"))
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(User.objects.get(username="editor"))
    assert checked.post(url).status_code == 403
    assert RelatedLink.objects.count() == 1


def test_change_page_lists_the_terms_linking_to_it_with_edit_links(editor):
    target = make_term(title="Embedding", slug="embedding")
    make_alias(target, "Vector embedding")
    listing = make_term(title="Vector Database")
    make_link(listing, target)
    mentioning = make_term(title="Semantic Search", example="It compares each vector embedding.")
    make_term(title="Unrelated")
    html = editor.get(f"/admin/terms/term/{target.pk}/change/").content.decode()
    panel = html[html.index("Terms linking here") :]
    keep_exploring, mentions = panel.split("As a mention linked automatically in:")
    assert f'href="/admin/terms/term/{listing.pk}/change/">Vector Database</a>' in keep_exploring
    assert f'href="/admin/terms/term/{mentioning.pk}/change/">Semantic Search</a>' in mentions
    assert "Unrelated" not in panel[: panel.index("</fieldset>")]


def test_add_page_explains_the_linked_from_panel(editor):
    html = editor.get("/admin/terms/term/add/").content.decode()
    assert "the terms that link to it are listed here" in html


def test_editors_can_undo_one_way_on_purpose_on_the_change_page(editor):
    source, target = make_term(), make_term()
    make_link(source, target, one_way_intended=True)
    html = editor.get(f"/admin/terms/term/{source.pk}/change/").content.decode()
    assert re.search(
        r'<input type="checkbox" name="related_links-0-one_way_intended"[^>]* checked', html
    )


def empty_rows(response):
    """Return how many rows each inline of the admin form in `response` shows."""
    return {
        inline.formset.prefix: len(inline.formset.forms)
        for inline in response.context["inline_admin_formsets"]
    }


def test_add_page_starts_with_two_faq_rows_and_three_related_link_rows(editor):
    response = editor.get("/admin/terms/term/add/")
    assert empty_rows(response) == {"aliases": 0, "faqs": 2, "related_links": 3, "old_slugs": 0}
    data = change_form_data(response) | term_form()
    for prefix, rows in (("faqs", 2), ("related_links", 3)):
        data[f"{prefix}-TOTAL_FORMS"] = str(rows)
    assert editor.post("/admin/terms/term/add/", data).status_code == 302
    term = Term.objects.get(slug="token")
    assert not term.faqs.exists() and not term.related_links.exists()


def test_change_page_adds_no_empty_rows(editor):
    term = make_term()
    response = editor.get(f"/admin/terms/term/{term.pk}/change/")
    assert empty_rows(response) == {"aliases": 0, "faqs": 0, "related_links": 0, "old_slugs": 0}
