"""The Redis backend keeps its client; both version watches see other servers' changes."""

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured

from glossary.redis_cache import RedisCache
from terms import content_version, version_watch
from terms.models import Term
from terms.version_watch import Listener
from tests.builders import make_term

CHANNEL = "test-channel"


def server(url: str) -> RedisCache:
    """Return the cache backend one app server would have."""
    return RedisCache(url, {})


def listener(url: str) -> Listener:
    return Listener(redis.Redis.from_url(url), CHANNEL)


def publish(url: str) -> None:
    redis.Redis.from_url(url).publish(CHANNEL, b"")


def test_one_redis_client_serves_every_call(shared_redis):
    backend = server(shared_redis)
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set("greeting", "hello")
    assert backend.get("greeting") == "hello"


def test_a_listener_hears_what_another_server_publishes(shared_redis):
    listener = globals()["listener"](shared_redis)
    assert listener.stayed_quiet() is False  # it was not listening before this call
    assert listener.stayed_quiet() is True
    publish(shared_redis)
    assert listener.stayed_quiet() is False
    assert listener.stayed_quiet() is True


def test_a_listener_whose_connection_breaks_says_it_may_have_missed_something(shared_redis):
    listener = globals()["listener"](shared_redis)
    listener.stayed_quiet()
    assert listener.stayed_quiet() is True
    redis.Redis.from_url(shared_redis).client_kill_filter(_type="pubsub")
    assert listener.stayed_quiet() is False
    assert listener.stayed_quiet() is False  # subscribed again, but deaf while it was not
    assert listener.stayed_quiet() is True


def test_a_listener_without_redis_never_claims_it_stayed_quiet():
    listener = globals()["listener"]("redis://127.0.0.1:1/0")
    assert listener.stayed_quiet() is False
    assert listener.stayed_quiet() is False


@pytest.fixture(params=["poll", "subscribe"])
def watch(request, settings, redis_cache):
    """Run the test with each way of learning the content version."""
    settings.GLOSSARY_VERSION_WATCH = request.param
    return request.param


def redis_commands(url: str) -> int:
    return redis.Redis.from_url(url).info("stats")["total_commands_processed"]


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "per_page"), [("poll", 1), ("subscribe", 0)])
def test_a_page_in_memory_costs_one_read_when_polling_and_none_when_subscribed(
    client, settings, throwaway_redis, kind, per_page
):
    settings.GLOSSARY_VERSION_WATCH = kind
    url = throwaway_redis().url  # a Redis of its own: nothing else sends it commands
    make_term(title="Agent", slug="agent")
    client.get("/glossary/agent/")  # rendered and stored
    client.get("/glossary/agent/")  # subscribed by now
    before = redis_commands(url)
    for _ in range(5):
        assert client.get("/glossary/agent/").status_code == 200
    assert redis_commands(url) - before == 5 * per_page + 1  # +1: the INFO of `before`


def another_server_saves(url: str, term: Term, title: str, *, announce: bool) -> None:
    """Change `term` as another server would: no signal here, only the shared counter."""
    Term.objects.filter(pk=term.pk).update(title=title)
    server(url).incr(content_version.VERSION_KEY)
    if announce:
        redis.Redis.from_url(url).publish(version_watch.CHANGES_CHANNEL, b"")


@pytest.mark.django_db
def test_a_change_by_another_server_shows_on_the_next_request(client, watch, redis_cache):
    term = make_term(title="Agent", slug="agent")
    assert b"Agent" in client.get("/glossary/agent/").content
    client.get("/glossary/agent/")
    another_server_saves(redis_cache, term, "Autonomous agent", announce=True)
    assert b"Autonomous agent" in client.get("/glossary/agent/").content


@pytest.mark.django_db
def test_a_subscribed_thread_rereads_the_version_once_its_trust_runs_out(
    client, settings, redis_cache, monkeypatch
):
    settings.GLOSSARY_VERSION_WATCH = "subscribe"
    term = make_term(title="Agent", slug="agent")
    client.get("/glossary/agent/")
    client.get("/glossary/agent/")
    # A change whose announcement never arrived (say, a broken subscription).
    another_server_saves(redis_cache, term, "Autonomous agent", announce=False)
    assert b"Autonomous agent" not in client.get("/glossary/agent/").content
    monkeypatch.setattr(version_watch, "TRUST_SECONDS", 0)
    assert b"Autonomous agent" in client.get("/glossary/agent/").content


def test_the_subscribe_watch_needs_a_redis_cache(settings):
    settings.GLOSSARY_VERSION_WATCH = "subscribe"
    with pytest.raises(ImproperlyConfigured):
        version_watch.watch()
