"""Configuration comes from the environment and fails fast when production lacks a secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tools.local_site import run_fresh


def run_settings(**env):
    """Import the settings in a fresh interpreter with only `env` configured."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-c", "import glossary.settings as s; print(s.DATABASES['default'])"],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "You must set DJANGO_SECRET_KEY" in result.stderr


def test_default_database_is_sqlite_in_the_repo_with_wal_and_immediate_transactions():
    result = run_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert f"'NAME': '{settings.BASE_DIR / 'db.sqlite3'}'" in result.stdout
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    assert "journal_mode=WAL" in result.stdout


def test_postgres_url_gets_the_connection_pool():
    result = run_settings(DJANGO_SECRET_KEY="s", DATABASE_URL="postgres://u@db:5432/g")
    assert result.returncode == 0, result.stderr
    assert "'pool': True" in result.stdout
    assert "'CONN_MAX_AGE': 0" in result.stdout


@pytest.mark.postgres
@pytest.mark.django_db
def test_this_pass_really_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def production_value(expression: str, **env) -> str:
    """Return `expression` evaluated on the production settings with `env` set."""
    result = run_fresh("-c", f"import glossary.settings as s; print({expression})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_trusts_x_forwarded_proto_from_the_proxy_by_default():
    header = production_value("s.SECURE_PROXY_SSL_HEADER")
    assert header == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_the_proxy_header_is_chosen_or_switched_off_in_the_environment():
    chosen = production_value("s.SECURE_PROXY_SSL_HEADER", DJANGO_PROXY_SSL_HEADER="X-Scheme")
    assert chosen == "('HTTP_X_SCHEME', 'https')"
    off = production_value(
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)", DJANGO_PROXY_SSL_HEADER="off"
    )
    assert off == "None"


def test_csrf_trusted_origins_come_from_the_environment():
    assert production_value("s.CSRF_TRUSTED_ORIGINS") == "[]"
    origins = production_value(
        "s.CSRF_TRUSTED_ORIGINS",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://glossary.example.com, https://www.example.com",
    )
    assert origins == "['https://glossary.example.com', 'https://www.example.com']"


def test_production_serves_compressed_manifest_static_files_with_brotli(tmp_path):
    result = run_fresh(
        "manage.py", "collectstatic", "--no-input", "-v0", DJANGO_STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    hashed = list((tmp_path / "css").glob("site.*.css"))
    assert hashed, list(tmp_path.rglob("*"))
    assert (tmp_path / "css" / (hashed[0].name + ".br")).exists()
    assert (tmp_path / "css" / (hashed[0].name + ".gz")).exists()


def gunicorn_config(**env) -> dict[str, object]:
    """Return the settings gunicorn reads from gunicorn.conf.py with `env` set."""
    code = (
        "import runpy; v = runpy.run_path('gunicorn.conf.py'); "
        "print(repr({k: v[k] for k in ('bind', 'workers', 'preload_app', 'timeout', "
        "'accesslog', 'errorlog', 'worker_class')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)


def test_gunicorn_config_reads_port_and_workers_from_the_environment():
    defaults = gunicorn_config()
    assert defaults["bind"] == "0.0.0.0:8000"
    # One worker without a shared cache, so that an edit reaches every cached page.
    assert defaults["workers"] == 1
    shared = gunicorn_config(REDIS_URL="redis://127.0.0.1:6379/0")
    assert shared["workers"] == os.cpu_count() * 2 + 1
    assert defaults["preload_app"] is True
    assert defaults["errorlog"] == "-"
    assert 0 < defaults["timeout"] <= 60
    assert gunicorn_config(PORT="5000", WEB_CONCURRENCY="3")["bind"] == "0.0.0.0:5000"
    assert gunicorn_config(WEB_CONCURRENCY="3")["workers"] == 3
    assert gunicorn_config(GUNICORN_BIND="unix:/run/g.sock")["bind"] == "unix:/run/g.sock"


def test_gunicorn_accepts_the_config_file():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "--check-config",
            "glossary.wsgi",
        ],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "k" * 60},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout
