"""The read-only JSON API: terms, one term, topics, its OpenAPI schema and docs page."""

import json

import pytest
from django.test import Client
from django.utils import timezone
from openapi_spec_validator import validate

from terms.models import Term
from tests.builders import make_alias, make_faq, make_link, make_term

pytestmark = pytest.mark.django_db

API_PAGES = ["/api/terms", "/api/terms/agent", "/api/topics", "/api/openapi.json"]


def read(response) -> dict | list:
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.fixture
def agent():
    term = make_term(title="Agent", slug="agent", summary="Acts on its own.", tags=["Basics"])
    make_alias(term, "AI agent")
    make_faq(term, question="Can it pay?", answer="Only if *allowed*.")
    make_link(term, make_term(title="Tool", slug="tool", plain_english="A **thing** it uses."))
    make_link(term, make_term(title="Hidden", slug="hidden", status=Term.Status.DRAFT))
    make_link(term, url="https://example.com/agents", title="Agents elsewhere")
    make_term(title="Bias", slug="bias", summary="A lean.", tags=["Basics", "Data"])
    make_term(title="Secret", slug="secret", status=Term.Status.DRAFT, tags=["Basics"])
    make_term(title="Soon", slug="soon", published_at=timezone.now() + timezone.timedelta(days=1))
    return term


def test_terms_are_listed_a_to_z_with_absolute_links(client, agent):
    data = read(client.get("/api/terms"))
    assert data["count"] == 3
    assert [term["slug"] for term in data["items"]] == ["agent", "bias", "tool"]
    first = data["items"][0]
    assert first == {
        "slug": "agent",
        "title": "Agent",
        "summary": "Acts on its own.",
        "topics": [{"name": "Basics", "slug": "basics"}],
        "url": "http://testserver/glossary/agent/",
        "markdown_url": "http://testserver/glossary/agent.md",
        "api_url": "http://testserver/api/terms/agent",
    }


def test_terms_are_paginated(client, agent):
    page = read(client.get("/api/terms?page=2&page_size=2"))
    assert page["count"] == 3
    assert [term["slug"] for term in page["items"]] == ["tool"]
    assert client.get("/api/terms?page=0").status_code == 422
    assert read(client.get("/api/terms?page_size=1000"))["count"] == 3


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("topic=data", ["bias"]),
        ("topic=basics", ["agent", "bias"]),
        ("topic=nothing", []),
        ("letter=t", ["tool"]),
        ("letter=0-9", []),
        ("q=agent", ["agent"]),
        ("q=ai+agent", ["agent"]),
        ("q=lean", ["bias"]),
        ("q=secret", []),
        ("q=agent&letter=b", []),
        ("q=+", ["agent", "bias", "tool"]),
    ],
)
def test_terms_filter_by_topic_letter_and_search(client, agent, query, slugs):
    data = read(client.get(f"/api/terms?{query}"))
    assert [term["slug"] for term in data["items"]] == slugs


@pytest.mark.parametrize("query", ["letter=ab", "letter=%C3%A9", "q=" + "x" * 201])
def test_bad_filters_get_a_clear_client_error(client, agent, query):
    response = client.get(f"/api/terms?{query}")
    assert response.status_code in (400, 422)
    assert read(response)["detail"]


def test_one_term_with_faqs_related_terms_and_topics(client, agent):
    data = read(client.get("/api/terms/agent"))
    assert data["title"] == "Agent"
    assert data["aliases"] == ["AI agent"]
    assert [section["heading"] for section in data["sections"]] == [
        "In plain English", "Technical definition", "Business use case", "Example",
    ]  # fmt: skip
    assert data["faqs"] == [{"question": "Can it pay?", "answer": "Only if *allowed*."}]
    assert data["related"] == [
        {
            "title": "Tool",
            "blurb": "A thing it uses.",
            "url": "http://testserver/glossary/tool/",
            "slug": "tool",
        },
        {
            "title": "Agents elsewhere",
            "blurb": "",
            "url": "https://example.com/agents",
            "slug": None,
        },
    ]
    assert data["topics"] == [{"name": "Basics", "slug": "basics"}]
    assert data["published_at"] and data["updated_at"]


@pytest.mark.parametrize("slug", ["secret", "soon", "nothing"])
def test_unpublished_and_unknown_terms_are_404(client, editor, agent, slug):
    assert Client().get(f"/api/terms/{slug}").status_code == 404
    assert editor.get(f"/api/terms/{slug}").status_code == 404


def test_a_renamed_term_redirects_to_its_new_address(client, agent):
    agent.slug = "ai-agent-term"
    agent.save()
    response = client.get("/api/terms/agent")
    assert response.status_code == 301
    assert response["Location"] == "/api/terms/ai-agent-term"


def test_topics_with_published_counts(client, agent):
    assert read(client.get("/api/topics")) == [
        {
            "name": "Basics",
            "slug": "basics",
            "count": 2,
            "url": "http://testserver/glossary/topics/basics/",
            "terms_url": "http://testserver/api/terms?topic=basics",
        },
        {
            "name": "Data",
            "slug": "data",
            "count": 1,
            "url": "http://testserver/glossary/topics/data/",
            "terms_url": "http://testserver/api/terms?topic=data",
        },
    ]


def test_the_schema_is_valid_openapi(client, agent):
    schema = read(client.get("/api/openapi.json"))
    validate(schema)
    assert set(schema["paths"]) == {"/api/terms", "/api/terms/{slug}", "/api/topics"}
    for operations in schema["paths"].values():
        assert set(operations) == {"get"}


def test_the_docs_page_loads_swagger_ui_from_this_site(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", API_PAGES)
def test_nothing_can_be_written(client, agent, method, url):
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert "public" not in response.get("Cache-Control", "")
    assert Term.objects.filter(slug="agent").exists()


@pytest.mark.parametrize("url", API_PAGES)
def test_api_answers_head_like_get(client, agent, url):
    response = client.head(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.content == b""


@pytest.mark.parametrize("url", API_PAGES)
def test_api_answers_are_cached_like_pages(client, agent, url, django_assert_num_queries):
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        second = client.get(url)
        revalidated = client.get(url, headers={"if-none-match": first["ETag"]})
    assert second.content == first.content
    assert revalidated.status_code == 304


def test_an_edit_shows_in_the_api_at_once(client, agent):
    etag = client.get("/api/terms/agent")["ETag"]
    agent.faqs.update(answer="Never.")
    agent.faqs.first().save()
    response = client.get("/api/terms/agent", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert read(response)["faqs"][0]["answer"] == "Never."


def test_unpublishing_removes_a_term_from_the_api_at_once(client, agent):
    assert client.get("/api/terms/agent").status_code == 200
    assert read(client.get("/api/terms"))["count"] == 3
    agent.status = Term.Status.DRAFT
    agent.save()
    assert client.get("/api/terms/agent").status_code == 404
    assert read(client.get("/api/terms"))["count"] == 2
