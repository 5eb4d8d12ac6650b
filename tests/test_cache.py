"""Public pages are cached whole, revalidate with 304s, and show every edit on the next request."""

import ast
import random
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from terms.cache import PageMemory, PublicPageCacheMiddleware, StoredPage, page_memory
from terms.models import CallToAction, Term, Topic
from tests.builders import make_alias, make_faq, make_link, make_term

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/glossary/",
    "/glossary/letter/a/",
    "/glossary/topics/",
    "/glossary/topics/basics/",
    "/glossary/search/?q=agent",
    "/glossary/agent/",
    "/glossary/feed/",
    "/sitemap.xml",
    "/robots.txt",
]


@pytest.fixture
def agent():
    term = make_term(title="Agent", slug="agent", summary="Acts on its own.", tags=["Basics"])
    make_faq(term, question="Can it pay?")
    make_link(term, make_term(title="Tool", slug="tool", summary="A thing an agent uses."))
    return term


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_cacheable_by_anyone(client, agent, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] and response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_second_request_is_served_from_the_cache(client, agent, url, django_assert_num_queries):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_revalidation_answers_304_without_rendering(client, agent, django_assert_num_queries):
    etag = client.get("/glossary/agent/")["ETag"]
    with django_assert_num_queries(0):
        response = client.get("/glossary/agent/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["Cache-Control"] == "public, max-age=300"


def test_last_modified_revalidation_answers_304(client, agent):
    last_modified = client.get("/glossary/")["Last-Modified"]
    response = client.get("/glossary/", headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_an_edit_changes_the_etag(client, agent):
    etag = client.get("/glossary/agent/")["ETag"]
    agent.summary = "Acts alone."
    agent.save()
    response = client.get("/glossary/agent/", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert b"Acts alone." in response.content


def warm(client):
    for url in PUBLIC_PAGES:
        client.get(url)


def shows(client, url: str, text: str) -> bool:
    return text in client.get(url).content.decode()


def test_a_renamed_term_shows_everywhere_at_once(client, agent):
    warm(client)
    tool = Term.objects.get(slug="tool")
    tool.title = "Toolbox"
    tool.summary = "Where an agent keeps its tools."
    tool.plain_english = "A box of tools."
    tool.save()
    assert shows(client, "/glossary/agent/", "Toolbox")  # its card under Keep exploring
    assert shows(client, "/glossary/agent/", "A box of tools.")
    assert shows(client, "/glossary/", "Toolbox")
    assert shows(client, "/glossary/letter/t/", "Where an agent keeps its tools.")
    assert shows(client, "/glossary/search/?q=toolbox", "Toolbox")
    assert shows(client, "/glossary/feed/", "Toolbox")


def test_faq_link_alias_topic_and_call_to_action_edits_show_at_once(client, agent):
    warm(client)
    faq = agent.faqs.get()
    faq.answer = "Only within a budget."
    faq.save()
    assert shows(client, "/glossary/agent/", "Only within a budget.")

    make_link(agent, make_term(title="Planner", slug="planner"))
    assert shows(client, "/glossary/agent/", "/glossary/planner/")
    agent.related_links.get(target__slug="tool").delete()
    assert not shows(client, "/glossary/agent/", 'href="/glossary/tool/"')

    make_alias(agent, "Autonomous agent")
    assert shows(client, "/glossary/letter/a/", "Autonomous agent")

    tag = Topic.objects.get(name="Basics")
    tag.name = "Foundations"
    tag.save()
    assert shows(client, "/glossary/topics/", "Foundations")

    agent.tags.add("Agents")
    assert shows(client, "/glossary/agent/", "Agents")

    cta = CallToAction.site_default()
    cta.heading = "Talk to our team"
    cta.save()
    assert shows(client, "/glossary/agent/", "Talk to our team")


def test_deleting_or_unpublishing_a_term_removes_it_at_once(client, agent):
    warm(client)
    Term.objects.get(slug="tool").delete()
    assert not shows(client, "/glossary/", "Tool")
    agent.status = Term.Status.DRAFT
    agent.save()
    assert client.get("/glossary/agent/").status_code == 404
    assert not shows(client, "/glossary/", "Agent")


def test_a_scheduled_term_appears_when_its_time_comes(client, agent):
    soon = timezone.now() + timezone.timedelta(seconds=1)
    make_term(title="Arriving", slug="arriving", published_at=soon)
    assert not shows(client, "/glossary/", "Arriving")
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.05)
    assert shows(client, "/glossary/", "Arriving")
    assert client.get("/glossary/arriving/").status_code == 200


def test_signed_in_staff_get_fresh_private_pages(client, editor, agent):
    public = Client()
    public.get("/glossary/agent/")
    draft = make_term(slug="draft", status=Term.Status.DRAFT)
    response = editor.get("/glossary/agent/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    preview = editor.get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]
    assert public.get(draft.get_absolute_url()).status_code == 404


def test_errors_and_other_methods_are_not_cached_publicly(client, agent):
    missing = client.get("/glossary/no-such-term/")
    assert missing.status_code == 404
    assert "public" not in missing.get("Cache-Control", "")
    assert client.post("/glossary/agent/").status_code == 405


PAGE = StoredPage(b"12345", ())


def test_page_memory_keeps_the_pages_last_used_within_its_size():
    memory = PageMemory(max_bytes=2 * PAGE.size("/a"))
    memory.put(1, "/a", PAGE, 60)
    memory.put(1, "/b", PAGE, 60)
    assert memory.get(1, "/a") == PAGE
    memory.put(1, "/c", PAGE, 60)
    assert memory.get(1, "/b") is None
    assert memory.get(1, "/a") and memory.get(1, "/c")


def test_page_memory_forgets_every_page_of_an_ended_version():
    memory = PageMemory(max_bytes=10_000)
    memory.put(1, "/a", StoredPage(b"old", ()), 60)
    memory.put(2, "/b", StoredPage(b"new", ()), 60)
    assert memory.get(1, "/a") is None
    assert memory.get(2, "/a") is None
    assert memory.get(2, "/b") == StoredPage(b"new", ())


def test_page_memory_of_size_zero_keeps_nothing():
    memory = PageMemory(max_bytes=0)
    memory.put(1, "/a", StoredPage(b"page", ()), 60)
    assert memory.get(1, "/a") is None


def test_page_memory_counts_keys_and_headers_not_only_bodies():
    memory = PageMemory(max_bytes=64 * 1024)
    junk = "x" * 4096
    for n in range(100):
        memory.put(1, f"/robots.txt?{n}{junk}", StoredPage(b"tiny", (("X-Junk", junk),)), 60)
    assert memory.size <= 64 * 1024
    assert len(memory) < 10


def test_page_memory_forgets_a_page_when_its_time_is_up():
    memory = PageMemory(max_bytes=10_000)
    memory.put(1, "/a", PAGE, 0)
    assert memory.get(1, "/a") is None


def test_parameters_a_view_does_not_read_are_dropped_and_make_no_entry(
    client, agent, django_assert_num_queries
):
    plain = client.get("/glossary/search/?q=agent")
    with django_assert_num_queries(0):
        tagged = client.get("/glossary/search/?utm_source=mail&q=agent&q=agent&fbclid=1")
    assert tagged.content == plain.content
    assert b"utm_source" not in tagged.content and b"fbclid" not in tagged.content


def test_ten_thousand_requests_with_random_parameters_leave_the_cache_as_it_was(client, agent):
    pages = ["/glossary/", "/glossary/agent/", "/glossary/letter/a/", "/robots.txt"]
    for url in pages:
        client.get(url)
    keys = len(cache._cache)  # the local-memory cache's entries: fast enough for 10,000
    memory = page_memory.size
    # The middleware alone, to keep this fast: each request must be answered from the cache.
    middleware = PublicPageCacheMiddleware(lambda request: pytest.fail("rendered again"))
    factory = RequestFactory()
    for n in range(10_000):
        name = random.choice(["utm_source", "ref", "x", uuid.uuid4().hex[:6]])
        url = f"{pages[n % len(pages)]}?{name}={uuid.uuid4().hex}"
        assert middleware(factory.get(url)).status_code == 200
    assert len(cache._cache) == keys
    assert page_memory.size == memory


def test_search_results_are_kept_for_minutes_not_a_day(client, agent, redis_cache):
    for _ in range(20):
        assert client.get(f"/glossary/search/?q={uuid.uuid4().hex}").status_code == 200
    stats = redis.Redis.from_url(redis_cache)
    page_ttls = [stats.ttl(key) for key in stats.scan_iter("*glossary:page:*")]
    assert len(page_ttls) == 20
    assert all(0 < ttl <= 300 for ttl in page_ttls)


def test_junk_query_strings_do_not_grow_page_memory(client):
    client.get("/robots.txt")
    size = page_memory.size
    for n in range(1000):
        assert client.get(f"/robots.txt?{n}{'x' * 4096}").status_code == 200
    assert page_memory.size == size


def test_no_default_call_to_action_is_looked_up_once_per_version(
    client, settings, django_assert_num_queries
):
    settings.GLOSSARY_PAGE_CACHE = False
    CallToAction.objects.all().delete()
    term = make_term()
    client.get(term.get_absolute_url())
    # term, FAQs, related links, topics: the missing call to action is remembered too
    with django_assert_num_queries(4):
        response = client.get(term.get_absolute_url())
    assert response.status_code == 200


def test_views_use_nothing_of_the_cache_layer_but_the_decorator():
    tree = ast.parse((settings.BASE_DIR / "terms" / "views.py").read_text())
    imported = {
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    cache_layer = {"terms.cache", "terms.content_version", "terms.shared_cache"}
    assert {pair for pair in imported if pair[0] in cache_layer} == {("terms.cache", "public_page")}
    assert ("terms", "cache") not in imported and ("terms", "content_version") not in imported
