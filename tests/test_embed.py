"""The embed script, its stylesheet and index, its guide page, and the snippet in the admin."""

import gzip
import json
import re
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from terms.linking import FUNCTION_WORDS
from terms.models import Term
from tests.builders import make_alias, make_term

pytestmark = pytest.mark.django_db

EMBED_URLS = [
    "/glossary/embed.js",
    "/glossary/embed.css",
    "/glossary/embed/terms.json",
    "/glossary/embed/",
]


def index(client) -> list[dict]:
    return json.loads(client.get("/glossary/embed/terms.json").content)["terms"]


def test_script_is_javascript_under_6_kb_compressed(client):
    response = client.get("/glossary/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(gzip.compress(response.content, compresslevel=9)) < 6 * 1024


def test_script_evaluates_nothing_and_keeps_no_state(client):
    script = client.get("/glossary/embed.js").content.decode()
    for forbidden in ["eval(", "new Function", ".cookie", "Storage", '"style"']:
        assert forbidden not in script
    # Its styles come from its stylesheet; CSSOM positions the card.
    assert "embed.css" in script


def test_stylesheet_is_css(client):
    response = client.get("/glossary/embed.css")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert "prefers-color-scheme: dark" in css
    assert "prefers-reduced-motion: reduce" in css


@pytest.mark.parametrize("url", EMBED_URLS)
def test_embed_endpoints_are_public_cached_pages(client, url, django_assert_num_queries):
    make_term(title="Agent", slug="agent")
    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"]
    assert not first.cookies
    assert "Cookie" not in first.get("Vary", "")
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    revalidated = client.get(url, headers={"if-none-match": first["ETag"]})
    assert revalidated.status_code == 304


def test_index_lists_published_terms_with_aliases_and_summaries(client):
    llm = make_term(title="Large Language Model", slug="large-language-model", summary="A model.")
    make_alias(llm, "LLM")
    make_term(title="Agent", slug="agent", summary="Acts on its own.")
    make_term(title="Draft", slug="draft", status=Term.Status.DRAFT)
    make_term(title="Later", slug="later", published_at=timezone.now() + timezone.timedelta(days=1))
    assert sorted(index(client), key=lambda term: term["slug"]) == [
        {"title": "Agent", "slug": "agent", "summary": "Acts on its own.", "aliases": []},
        {
            "title": "Large Language Model",
            "slug": "large-language-model",
            "summary": "A model.",
            "aliases": ["LLM"],
        },
    ]


def test_index_costs_two_queries(client, settings, django_assert_num_queries):
    settings.GLOSSARY_PAGE_CACHE = False
    for n in range(20):
        make_alias(make_term(), f"Alias {n}")
    client.get("/glossary/embed/terms.json")  # the content version is read once
    with django_assert_num_queries(2):
        client.get("/glossary/embed/terms.json")


def test_index_follows_every_content_change(client):
    term = make_term(title="Agent", slug="agent")
    etag = client.get("/glossary/embed/terms.json")["ETag"]
    make_alias(term, "Bot")
    response = client.get("/glossary/embed/terms.json", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert index(client)[0]["aliases"] == ["Bot"]
    term.status = Term.Status.DRAFT
    term.save()
    assert index(client) == []


def test_index_allows_cross_origin_gets_and_nothing_else(client):
    make_term()
    response = client.get("/glossary/embed/terms.json", headers={"origin": "https://blog.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/glossary/embed/terms.json",
        headers={"origin": "https://blog.example", "access-control-request-method": "PUT"},
    )
    assert preflight.status_code == 405
    assert "Access-Control-Allow-Methods" not in preflight
    assert client.post("/glossary/embed/terms.json").status_code == 405
    for url in ["/glossary/embed.js", "/glossary/embed.css", "/glossary/embed/"]:
        assert "Access-Control-Allow-Origin" not in client.get(url)


def test_guide_shows_the_snippet_and_runs_a_live_demo(client):
    make_term(title="Fine-Tuning", slug="fine-tuning")
    html = client.get("/glossary/embed/").content.decode()
    assert (
        '&lt;script src="http://testserver/glossary/embed.js" data-scope="article" defer&gt;'
        "&lt;/script&gt;"
    ) in html
    assert "<code>http://testserver</code>" in html
    assert '<script src="/glossary/embed.js" data-scope="#embed-demo-text" defer></script>' in html
    assert 'id="embed-demo-text"' in html
    assert "Fine-Tuning" in html


def test_guide_costs_one_query(client, settings, django_assert_num_queries):
    settings.GLOSSARY_PAGE_CACHE = False
    for _ in range(5):
        make_term()
    client.get("/glossary/embed/")  # the content version is read once
    with django_assert_num_queries(1):
        client.get("/glossary/embed/")


def test_guide_runs_under_the_sites_own_strict_policy(client):
    policy = client.get("/glossary/embed/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_admin_index_shows_editors_the_snippet(editor):
    html = editor.get("/admin/").content.decode()
    assert 'id="embed-snippet"' in html
    assert "http://testserver/glossary/embed.js" in html
    assert 'href="/glossary/embed/"' in html


def test_embed_is_a_reserved_slug():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_term(slug="embed")


@pytest.mark.django_db(transaction=True)
def test_migration_moves_a_term_off_the_embed_slug():
    executor = MigrationExecutor(connection)
    executor.migrate([("terms", "0006_search_names")])
    old_apps = executor.loader.project_state([("terms", "0006_search_names")]).apps
    OldTerm = old_apps.get_model("terms", "Term")
    OldTerm.objects.create(title="Embed", slug="embed", summary="Kept.")
    OldTerm.objects.create(title="Embed term", slug="embed-term", summary="Also kept.")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(Term.objects.values_list("title", "slug")) == {
        "Embed": "embed-term-2",
        "Embed term": "embed-term",
    }


def test_the_script_keeps_the_same_function_words_as_the_glossary():
    script = (Path(__file__).parents[1] / "static/embed/embed.js").read_text()
    listed = re.search(r"FUNCTION_WORDS = new Set\(\((.*?)\)\.split", script, re.S).group(1)
    assert set(" ".join(re.findall(r'"([^"]*)"', listed)).split()) == FUNCTION_WORDS
