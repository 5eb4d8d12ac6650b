"""Redis stopped, hung or full: every public page still answers 200, and /healthz says so."""

import logging
import os
import signal
import time
import uuid

import pytest
import redis

from terms import shared_cache
from tests.builders import make_faq, make_term

pytestmark = pytest.mark.django_db

PAGES = [
    "/glossary/",
    "/glossary/agent/",
    "/glossary/letter/a/",
    "/glossary/topics/basics/",
    "/glossary/search/?q=agent",
    "/robots.txt",
]


@pytest.fixture(autouse=True)
def agent():
    term = make_term(title="Agent", slug="agent", summary="Acts on its own.", tags=["Basics"])
    make_faq(term, question="Can it pay?")
    return term


@pytest.fixture
def quick_retry(monkeypatch):
    monkeypatch.setattr(shared_cache, "RETRY_SECONDS", 0.05)


def failure_warnings(caplog) -> list[str]:
    return [
        record.message
        for record in caplog.records
        if record.name == "terms.shared_cache" and "failed" in record.message
    ]


def all_pages_answer(client) -> bool:
    return all(client.get(url).status_code == 200 for url in PAGES)


def test_pages_stay_up_while_redis_is_stopped(client, throwaway_redis, caplog, quick_retry):
    server = throwaway_redis()
    assert all_pages_answer(client)
    server.stop()
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert all_pages_answer(client)
            time.sleep(0.06)  # past the retry delay: each round asks Redis again
    assert len(failure_warnings(caplog)) == 1  # one outage, one warning
    assert "ETag" not in client.get("/glossary/agent/")  # no version to vouch for it
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"database": "ok", "cache": "error: ConnectionError"}


def test_caching_resumes_when_redis_returns(
    client, throwaway_redis, quick_retry, django_assert_num_queries
):
    server = throwaway_redis()
    client.get("/glossary/agent/")
    server.stop()
    assert client.get("/glossary/agent/").status_code == 200
    server.start()
    time.sleep(0.06)
    assert client.get("/glossary/agent/").status_code == 200  # rendered and stored again
    with django_assert_num_queries(0):
        response = client.get("/glossary/agent/")
    assert response.status_code == 200 and response["ETag"]
    assert client.get("/healthz").status_code == 200


def test_an_edit_made_while_redis_refuses_writes_shows_at_once_and_after(
    client, throwaway_redis, quick_retry, agent
):
    server = throwaway_redis()
    client.get("/glossary/agent/")
    # Redis answers reads but refuses writes, as when it is full: the change cannot be counted.
    admin = redis.Redis.from_url(server.url)
    admin.config_set("maxmemory-policy", "noeviction")
    admin.config_set("maxmemory", 1)
    agent.summary = "Acts alone."
    agent.save()
    assert b"Acts alone." in client.get("/glossary/agent/").content
    admin.config_set("maxmemory", 0)
    time.sleep(0.06)
    assert b"Acts alone." in client.get("/glossary/agent/").content
    assert b"Acts alone." in client.get("/glossary/agent/").content


def test_a_hung_redis_costs_a_short_timeout_not_the_worker(client, throwaway_redis):
    server = throwaway_redis()
    client.get("/glossary/agent/")
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        for n in range(10):  # pages not yet in this process's memory: Redis must be asked
            assert client.get(f"/glossary/search/?q=agent+{n}").status_code == 200
        assert time.monotonic() - started < 2
    finally:
        os.kill(server.process.pid, signal.SIGCONT)


def test_pages_stay_up_when_redis_is_full(client, throwaway_redis, caplog):
    server = throwaway_redis("--maxmemory", "2mb", "--maxmemory-policy", "noeviction")
    filler = redis.Redis(port=server.port)
    with pytest.raises(redis.exceptions.OutOfMemoryError):  # noqa: PT012
        for n in range(10_000):
            filler.set(f"filler:{n}", b"x" * 1000)
    # Well under what is stored, so expiring entries cannot make room again mid-test.
    filler.config_set("maxmemory", "1mb")
    with caplog.at_level(logging.WARNING):
        for _ in range(150):
            assert client.get(f"/glossary/?utm={uuid.uuid4()}").status_code == 200
        assert all_pages_answer(client)
    assert len(failure_warnings(caplog)) == 1
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"database": "ok", "cache": "error: OutOfMemoryError"}


def test_a_new_outage_after_a_quiet_spell_is_warned_about_again(
    client, throwaway_redis, quick_retry, caplog, monkeypatch
):
    monkeypatch.setattr(shared_cache, "QUIET_SECONDS", 0.2)
    server = throwaway_redis()
    with caplog.at_level(logging.WARNING):
        server.stop()
        assert all_pages_answer(client)
        server.start()
        time.sleep(0.25)
        assert all_pages_answer(client)
        server.stop()
        assert all_pages_answer(client)
    assert len(failure_warnings(caplog)) == 2
