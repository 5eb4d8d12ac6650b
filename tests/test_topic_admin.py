"""Topics in the admin: only Publishers create, rename and delete them; Editors pick and view."""

import pytest

from terms.models import Topic
from tests.builders import make_term

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/terms/topic/add/"


def topic_form(**overrides) -> dict:
    data = {
        "name": "Agents",
        "slug": "agents",
        "description": "Software that plans and acts on its own.",
        "intro": "An *agent* decides its next step.",
    }
    return data | overrides


def test_publisher_creates_renames_and_deletes_a_topic(publisher):
    response = publisher.post(ADD_URL, topic_form())
    assert response.status_code == 302
    topic = Topic.objects.get(slug="agents")
    assert (topic.description, topic.intro) == (
        "Software that plans and acts on its own.", "An *agent* decides its next step.",
    )  # fmt: skip
    change = f"/admin/terms/topic/{topic.pk}/change/"
    assert publisher.post(change, topic_form(name="AI agents")).status_code == 302
    topic.refresh_from_db()
    assert topic.name == "AI agents"
    make_term(tags=[topic])
    response = publisher.post(f"/admin/terms/topic/{topic.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Topic.objects.exists()


def test_editor_views_topics_but_cannot_add_change_or_delete_them(editor):
    topic = Topic.objects.create(name="Agents")
    assert editor.get("/admin/terms/topic/").status_code == 200
    assert editor.get(ADD_URL).status_code == 403
    assert editor.post(ADD_URL, topic_form(name="Typo", slug="typo")).status_code == 403
    change = f"/admin/terms/topic/{topic.pk}/change/"
    html = editor.get(change).content.decode()
    assert 'name="name"' not in html  # read-only
    assert editor.post(change, topic_form(name="Renamed")).status_code == 403
    assert editor.post(f"/admin/terms/topic/{topic.pk}/delete/", {"post": "yes"}).status_code == 403
    assert list(Topic.objects.values_list("name", flat=True)) == ["Agents"]


def test_topic_list_shows_name_slug_description_and_term_count(publisher):
    make_term(tags=["Agents"])
    make_term(tags=["Agents", "Basics"])
    Topic.objects.filter(name="Agents").update(description="Software that acts.")
    response = publisher.get("/admin/terms/topic/")
    rows = {
        row.name: row.term_count for row in response.context["cl"].result_list
    }  # the annotated column
    assert rows == {"Agents": 2, "Basics": 1}
    html = response.content.decode()
    assert "Software that acts." in html and "column-term_count" in html


def test_a_topic_named_like_another_in_other_case_is_a_form_error(publisher):
    Topic.objects.create(name="Generative AI")
    response = publisher.post(ADD_URL, topic_form(name="generative ai", slug="gen-ai"))
    assert response.status_code == 200
    assert "Another topic already has this name." in response.content.decode()
    assert Topic.objects.count() == 1


def test_topic_text_is_cleaned_as_it_is_saved(publisher):
    response = publisher.post(
        ADD_URL, topic_form(name="Vector\x0cstores", slug="vector-stores", intro="One\x0btwo")
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="vector-stores")
    assert (topic.name, topic.intro) == ("Vector stores", "One\ntwo")


def test_taggit_has_no_section_of_its_own(admin_client):
    assert admin_client.get("/admin/taggit/tag/").status_code == 404
    sections = [app["app_label"] for app in admin_client.get("/admin/").context["app_list"]]
    assert "taggit" not in sections
