"""`/healthz` tells a load balancer whether the database and the cache answer."""

import json

import pytest
import redis

from tools.local_site import run_fresh

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


def test_answers_200_when_the_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_is_never_cached_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert "Cookie" not in response.headers.get("Vary", "")


def test_answers_on_plain_http_when_everything_else_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/glossary/").status_code == 301
    response = client.get("/healthz")
    assert response.status_code == 200


def test_answers_503_naming_the_cache_when_redis_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "glossary.redis_cache.RedisCache",
            "LOCATION": NOTHING_LISTENS,
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error: ConnectionError"}
    assert "no-store" in response.headers["Cache-Control"]


def test_answers_200_when_a_redis_cache_answers(client, redis_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


def test_answers_503_naming_the_database_when_it_cannot_be_opened(tmp_path):
    code = (
        "import django, json; django.setup(); "
        "from django.test import Client; r = Client().get('/healthz'); "
        "print(r.status_code, json.dumps(r.json()))"
    )
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    result = run_fresh(
        "-c",
        code,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{missing}",
    )
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body) == {"database": "error: OperationalError", "cache": "ok"}


def test_answers_503_naming_the_cache_when_redis_is_full(client, throwaway_redis):
    server = throwaway_redis("--maxmemory-policy", "noeviction")
    redis.Redis(port=server.port).config_set("maxmemory", 1)  # every write is now refused
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error: OutOfMemoryError"}
    assert client.get("/glossary/").status_code == 200
