"""Configuration comes from the environment and fails fast when production lacks a secret."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection


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
