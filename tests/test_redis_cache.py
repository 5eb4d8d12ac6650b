"""The Redis backend keeps its client, and its listeners hear other servers' announcements."""

import pytest
import redis
from django.core.cache import cache

from glossary.redis_cache import RedisCache
from terms import content_version
from terms.models import Term
from tests.builders import make_term

CHANNEL = "test-channel"


def server(url: str) -> RedisCache:
    """Return the cache backend one app server would have."""
    return RedisCache(url, {})


def test_one_redis_client_serves_every_call(shared_redis):
    backend = server(shared_redis)
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set("greeting", "hello")
    assert backend.get("greeting") == "hello"


def test_a_listener_hears_what_another_server_publishes(shared_redis):
    listener = server(shared_redis).listener(CHANNEL)
    assert listener.heard_nothing() is False  # it was not listening before this call
    assert listener.heard_nothing() is True
    server(shared_redis).publish(CHANNEL)
    assert listener.heard_nothing() is False
    assert listener.heard_nothing() is True


def test_a_listener_whose_connection_breaks_says_it_may_have_missed_something(shared_redis):
    listener = server(shared_redis).listener(CHANNEL)
    listener.heard_nothing()
    assert listener.heard_nothing() is True
    redis.Redis.from_url(shared_redis).client_kill_filter(_type="pubsub")
    assert listener.heard_nothing() is False
    assert listener.heard_nothing() is False  # subscribed again, but deaf while it was not
    assert listener.heard_nothing() is True


def test_a_listener_without_redis_never_claims_to_have_heard_nothing():
    listener = server("redis://127.0.0.1:1/0").listener(CHANNEL)
    assert listener.heard_nothing() is False
    assert listener.heard_nothing() is False


@pytest.mark.django_db
def test_a_page_in_memory_costs_no_redis_command(client, redis_cache):
    make_term(title="Agent", slug="agent")
    stats = redis.Redis.from_url(redis_cache)

    def commands() -> int:
        return stats.info("stats")["total_commands_processed"]

    client.get("/glossary/agent/")  # rendered and stored
    before = commands()
    for _ in range(5):
        assert client.get("/glossary/agent/").status_code == 200
    assert commands() - before == 1  # the INFO of `before` itself


@pytest.mark.django_db
def test_a_change_announced_by_another_server_shows_on_the_next_request(client, redis_cache):
    term = make_term(title="Agent", slug="agent")
    assert b"Agent" in client.get("/glossary/agent/").content
    client.get("/glossary/agent/")
    # Another server saves the title: no signal here, only its announcement through Redis.
    Term.objects.filter(pk=term.pk).update(title="Autonomous agent")
    other = server(redis_cache)
    other.delete(content_version.STATE_KEY)
    other.publish(content_version.CHANGES_CHANNEL)
    assert b"Autonomous agent" in client.get("/glossary/agent/").content
    assert cache.get(content_version.STATE_KEY) is not None  # a new version was started


@pytest.mark.django_db
def test_a_thread_rereads_the_version_once_its_trust_runs_out(client, redis_cache, monkeypatch):
    term = make_term(title="Agent", slug="agent")
    client.get("/glossary/agent/")
    # Another server's change whose announcement never arrived (say, a broken subscription).
    Term.objects.filter(pk=term.pk).update(title="Autonomous agent")
    server(redis_cache).delete(content_version.STATE_KEY)
    assert b"Autonomous agent" not in client.get("/glossary/agent/").content
    monkeypatch.setattr(content_version, "TRUST_SECONDS", 0)
    assert b"Autonomous agent" in client.get("/glossary/agent/").content
