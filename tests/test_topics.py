"""Topics: the list with counts, a page per topic in A–Z order, and links from term pages."""

import pytest
from django.contrib.auth.models import User

from terms.models import Term, Topic
from tests.admin_forms import change_form_data
from tests.builders import make_term, topic_ids
from tests.html import main_html

pytestmark = pytest.mark.django_db


def test_topic_list_shows_topics_with_published_counts(client):
    make_term(title="One", tags=["Generative AI", "Fundamentals"])
    make_term(title="Two", tags=["Generative AI"])
    make_term(title="Draft", tags=["Generative AI", "Secret"], status=Term.Status.DRAFT)
    html = main_html(client.get("/glossary/topics/"))
    assert (
        '<a href="/glossary/topics/generative-ai/">Generative AI</a> '
        '<span class="topic-links__count">(2)</span>'
    ) in html
    assert '<a href="/glossary/topics/fundamentals/">Fundamentals</a>' in html
    assert "Secret" not in html


def test_topic_page_lists_its_published_terms_a_to_z(client):
    make_term(title="Zero-shot", tags=["Generative AI"])
    make_term(title="Éclair", tags=["Generative AI"])
    make_term(title="Agent", tags=["Generative AI"])
    make_term(title="Bias", tags=["Fundamentals"])
    make_term(title="Draft", tags=["Generative AI"], status=Term.Status.DRAFT)
    response = client.get("/glossary/topics/generative-ai/")
    html = main_html(response)
    assert "<h1>Generative AI</h1>" in html
    assert "3 terms on this topic." in html
    assert html.index(">Agent<") < html.index(">Éclair<") < html.index(">Zero-shot<")
    assert ">Bias<" not in html and ">Draft<" not in html


def test_term_page_links_its_topics(client):
    term = make_term(tags=["Generative AI"])
    html = main_html(client.get(term.get_absolute_url()))
    assert '<li><a href="/glossary/topics/generative-ai/">Generative AI</a></li>' in html


@pytest.mark.parametrize("path", ["no-such-topic/", "secret/", "generative-ai/?page=3"])
def test_unknown_or_empty_topics_are_the_sites_404(client, path):
    make_term(tags=["Generative AI"])
    make_term(tags=["Secret"], status=Term.Status.DRAFT)
    response = client.get(f"/glossary/topics/{path}")
    assert response.status_code == 404
    assert "Page not found" in main_html(response)


def test_topic_page_query_count_does_not_grow(client, django_assert_num_queries):
    for _ in range(2):
        make_term(tags=["Generative AI"])
    with django_assert_num_queries(4) as small:
        client.get("/glossary/topics/generative-ai/")
    for _ in range(20):
        make_term(tags=["Generative AI", "Other"])
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/glossary/topics/generative-ai/")
    with django_assert_num_queries(1):
        client.get("/glossary/topics/")


def test_topics_with_quotes_and_commas_survive_an_unchanged_save_in_the_admin(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-for-tests"))
    names = ['Fundamentals "core"', "Safety, ethics", "Generative AI"]
    term = make_term(tags=names)
    change = f"/admin/terms/term/{term.pk}/change/"
    response = client.post(change, change_form_data(client.get(change)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(term.tags.names()) == sorted(names)


def test_editors_pick_existing_topics_in_the_term_form(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-for-tests"))
    term = make_term()
    change = f"/admin/terms/term/{term.pk}/change/"
    data = change_form_data(client.get(change)) | {"tags": topic_ids("Generative AI", "Agents")}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(term.tags.names()) == ["Agents", "Generative AI"]


def test_a_topic_that_does_not_exist_is_a_form_error_and_creates_nothing(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-for-tests"))
    term = make_term(tags=["Building with AI"])
    change = f"/admin/terms/term/{term.pk}/change/"
    data = change_form_data(client.get(change)) | {"tags": ["Buildng with AI"]}
    response = client.post(change, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tags"] == [
        "“Buildng with AI” is not a valid value."
    ]
    assert list(Topic.objects.values_list("name", flat=True)) == ["Building with AI"]
    assert list(term.tags.names()) == ["Building with AI"]


def test_the_term_form_offers_topics_through_the_admins_autocomplete(client):
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "pw-for-tests"))
    term = make_term(tags=["Generative AI"])
    Topic.objects.create(name="Fundamentals")
    html = client.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert 'name="tags"' in html and 'data-field-name="tags"' in html
    assert "admin-autocomplete" in html
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "terms", "model_name": "term", "field_name": "tags", "term": "fund"},
    ).json()
    assert [result["text"] for result in found["results"]] == ["Fundamentals"]


def test_topics_page_shows_each_topics_description(client):
    make_term(tags=["Generative AI"])
    Topic.objects.filter(name="Generative AI").update(
        description="Models that write text, images and other content."
    )
    html = main_html(client.get("/glossary/topics/"))
    assert (
        '<a href="/glossary/topics/generative-ai/">Generative AI</a> '
        '<span class="topic-links__count">(1)</span> <p class="topic-links__description">'
        "Models that write text, images and other content.</p>"
    ) in html


def test_topic_page_shows_the_description_and_the_intro_as_markdown(client):
    make_term(tags=["Generative AI"])
    Topic.objects.filter(name="Generative AI").update(
        description="Models that write text.",
        intro="These models *produce* content.\n\n<script>alert(1)</script>Read on.",
    )
    response = client.get("/glossary/topics/generative-ai/")
    html = main_html(response)
    assert '<p class="lede">Models that write text.</p>' in html
    assert "<p>These models <em>produce</em> content.</p>" in html
    assert "<script>" not in html and "Read on." in html
    assert '<meta name="description" content="Models that write text.">' in response.text


def test_topic_page_without_intro_or_description_shows_no_empty_blocks(client):
    make_term(tags=["Generative AI"])
    html = main_html(client.get("/glossary/topics/generative-ai/"))
    assert 'class="lede"' not in html and 'class="prose"' not in html
