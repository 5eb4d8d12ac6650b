"""Shared test set-up: plain static storage, database markers, and data builders."""

import contextlib
import os
import shutil

import pytest
import redis
from django.core.cache import cache
from django.db import connection

from glossary import settings as glossary_settings
from terms import content_version, missing, shared_cache
from tests.builders import log_in_as
from tools.local_site import RedisServer

TEST_REDIS_URL = os.environ.get("GLOSSARY_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


def pytest_collection_modifyitems(config, items):
    """Skip PostgreSQL-only tests on other databases; CI's PostgreSQL pass runs them."""
    expected = os.environ.get("GLOSSARY_EXPECT_DATABASE")
    if expected and connection.vendor != expected:
        raise pytest.UsageError(
            f"GLOSSARY_EXPECT_DATABASE={expected} but DATABASE_URL gives {connection.vendor}."
        )
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL; CI's PostgreSQL pass runs it")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: rolled-back test data sends no change signals."""
    cache.clear()
    missing.tally.take()  # no counts from an earlier test, no flush due in this one
    yield
    for outage in (shared_cache.reads, shared_cache.writes):
        outage.failing, outage._failed_at = False, -shared_cache.QUIET_SECONDS
    content_version._change_pending.clear()
    with contextlib.suppress(Exception):  # a test's own Redis may be stopped or full
        cache.clear()


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Serve static files without the manifest (only `collectstatic` writes it); hash fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def editor(client):
    """Return the test client logged in as a member of the Editor group."""
    return log_in_as(client, "Editor")


@pytest.fixture
def publisher(client):
    """Return the test client logged in as a member of the Publisher group."""
    return log_in_as(client, "Publisher")


@pytest.fixture
def shared_redis():
    """Return the URL of an emptied Redis database for tests (skipped without one, but in CI)."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is not answering at {TEST_REDIS_URL}")
        pytest.skip(f"needs Redis at {TEST_REDIS_URL} (CI requires it)")
    client.flushdb()
    yield TEST_REDIS_URL
    client.flushdb()
    client.close()


@pytest.fixture
def redis_cache(settings, shared_redis):
    """Make this process's default cache the Redis backend of production."""
    settings.CACHES = {"default": glossary_settings.redis_cache(shared_redis)}
    yield shared_redis


@pytest.fixture
def throwaway_redis(settings):
    """Return a function that starts a RedisServer for this process's default cache to use."""
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed")
        pytest.skip("needs redis-server (CI requires it)")
    servers = []

    def start(*options: str) -> RedisServer:
        server = RedisServer(*options)
        server.start()
        servers.append(server)
        settings.CACHES = {"default": glossary_settings.redis_cache(server.url)}
        return server

    yield start
    for server in servers:
        server.stop()
