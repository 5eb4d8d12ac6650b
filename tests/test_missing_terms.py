"""What readers looked for: searches that found nothing, counted without who asked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from terms import missing
from terms.models import MissingSearch
from tests.builders import make_term

pytestmark = pytest.mark.django_db

SEARCH = "/glossary/search/"
MISSING_TERMS = "/admin/terms/missingsearch/"


@pytest.fixture(autouse=True)
def agent():
    return make_term(title="Agent", slug="agent", summary="Acts on its own.")


def counts() -> dict[str, int]:
    missing.flush()
    return dict(MissingSearch.objects.values_list("query", "count"))


@pytest.mark.parametrize(
    ("typed", "counted"),
    [
        ("Quantum Bananas", "quantum bananas"),
        ("  quantum \t\n BANANAS  ", "quantum bananas"),
        ("ＱＵＡＮＴＵＭ ｂａｎａｎａｓ", "quantum bananas"),  # full-width letters (NFKC)
        ("ﬁne-tuning", "fine-tuning"),  # the "fi" ligature
        ("Straße 2", "straße 2"),
        ("x" * 100, "x" * 100),
        ("x" * 101, None),
        ("1234 56", None),
        ("?!", None),
        ("   ", None),
    ],
)
def test_queries_are_counted_normalised_and_without_letters_or_over_100_ignored(typed, counted):
    assert missing.normalise(typed) == counted


def test_two_searches_that_find_nothing_count_twice_the_cached_one_included(
    client, django_assert_num_queries
):
    assert client.get(SEARCH, {"q": "Quantum Bananas"}).status_code == 200
    with django_assert_num_queries(0):  # served from the page cache, never reaching the view
        response = client.get(SEARCH, {"q": "Quantum Bananas"})
    assert response.status_code == 200
    client.get(SEARCH, {"q": "quantum   BANANAS"})
    assert counts() == {"quantum bananas": 3}


def test_searches_that_find_something_or_are_not_worth_counting_are_not_recorded(client):
    for query in ["agent", "Agent", "", "12345", "#?!", "x" * 150]:
        assert client.get(SEARCH, {"q": query}).status_code in (200, 400)
    assert counts() == {}


def test_no_personal_data_is_stored_and_the_mark_stays_on_the_server(client):
    response = client.get(
        SEARCH,
        {"q": "Quantum Bananas"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Secret-Agent/1.0",
        HTTP_COOKIE="tracking=abc123",
        HTTP_REFERER="https://example.com/private-page",
    )
    assert missing.FOUND_NOTHING_HEADER not in response
    assert counts() == {"quantum bananas": 1}
    assert [field.name for field in MissingSearch._meta.get_fields()] == [
        "id", "query", "count", "first_seen", "last_seen", "dismissed",
    ]  # fmt: skip
    stored = " ".join(str(value) for value in MissingSearch.objects.values().get().values())
    for personal in ["203.0.113.9", "Secret-Agent", "abc123", "private-page"]:
        assert personal not in stored


def test_first_and_last_seen_span_the_searches(client):
    before = timezone.now()
    client.get(SEARCH, {"q": "Quantum Bananas"})
    missing.flush()
    client.get(SEARCH, {"q": "quantum bananas"})
    missing.flush()
    row = MissingSearch.objects.get()
    assert before <= row.first_seen < row.last_seen <= timezone.now()
    assert row.count == 2


def test_counts_wait_in_memory_until_a_request_ends_after_the_flush_interval(client, monkeypatch):
    client.get(SEARCH, {"q": "Quantum Bananas"})
    assert not MissingSearch.objects.exists()  # the reader's request wrote nothing
    monkeypatch.setattr(missing, "FLUSH_SECONDS", 0)
    client.get("/glossary/")  # any request's end flushes once the interval has passed
    assert MissingSearch.objects.get().count == 1


def test_at_most_max_kept_queries_the_least_recent_dropped(monkeypatch):
    monkeypatch.setattr(missing, "MAX_KEPT", 3)
    now = timezone.now()
    for days_ago, query in [(5, "oldest"), (4, "older"), (3, "old")]:
        seen = now - timedelta(days=days_ago)
        MissingSearch.objects.create(query=query, count=50, first_seen=seen, last_seen=seen)
    missing.record("newest")
    missing.flush()
    assert set(MissingSearch.objects.values_list("query", flat=True)) == {
        "newest", "old", "older",
    }  # fmt: skip


def test_a_process_holds_at_most_max_kept_queries_before_flushing(monkeypatch):
    monkeypatch.setattr(missing, "MAX_KEPT", 2)
    for query in ["one", "two", "three", "one"]:
        missing.record(query)
    assert counts() == {"one": 2, "two": 1}


def test_search_and_counting_carry_on_while_redis_is_stopped(client, throwaway_redis):
    server = throwaway_redis()
    server.stop()
    for query in ["Quantum Bananas", "quantum bananas"]:
        response = client.get(SEARCH, {"q": query})
        assert response.status_code == 200
        assert "No terms match your search." in response.content.decode()
    assert client.get(SEARCH, {"q": "agent"}).status_code == 200
    assert counts() == {"quantum bananas": 2}


def test_editors_see_the_list_by_count_and_may_create_the_term(editor):
    MissingSearch.objects.create(
        query="vector database", count=7, first_seen=timezone.now(), last_seen=timezone.now()
    )
    editor.get(SEARCH, {"q": "Quantum Bananas"})  # waiting in memory: opening the list flushes
    html = editor.get(MISSING_TERMS).content.decode()
    assert html.index("vector database") < html.index("quantum bananas")
    assert 'href="/admin/terms/term/add/?title=vector+database">Create term</a>' in html
    assert "Dismiss selected queries" not in html  # viewing only
    add_form = editor.get("/admin/terms/term/add/?title=vector+database").content.decode()
    assert 'name="title" value="vector database"' in add_form


def test_editors_cannot_dismiss(editor):
    row = MissingSearch.objects.create(
        query="vector database", count=7, first_seen=timezone.now(), last_seen=timezone.now()
    )
    editor.post(MISSING_TERMS, {"action": "dismiss", "_selected_action": [row.pk]})
    assert not MissingSearch.objects.get().dismissed
    assert editor.get(f"{MISSING_TERMS}add/").status_code == 403


def test_publishers_dismiss_a_query_off_the_list_and_put_it_back(publisher):
    row = MissingSearch.objects.create(
        query="vector database", count=7, first_seen=timezone.now(), last_seen=timezone.now()
    )
    response = publisher.post(
        MISSING_TERMS, {"action": "dismiss", "_selected_action": [row.pk]}, follow=True
    )
    assert "Dismissed 1 query." in response.content.decode()
    assert "vector database" not in publisher.get(MISSING_TERMS).content.decode()
    assert "vector database" in publisher.get(MISSING_TERMS, {"dismissed": "1"}).content.decode()
    dismissed_list = f"{MISSING_TERMS}?dismissed=1"
    publisher.post(dismissed_list, {"action": "put_back", "_selected_action": [row.pk]})
    assert not MissingSearch.objects.get().dismissed
