"""Every request leaves one line on stdout with its method, path, status and duration."""

import logging
import re

import pytest

from tests.builders import make_term
from tools.local_site import run_fresh

pytestmark = pytest.mark.django_db

LINE = re.compile(r"^method=(\w+) path=(\S+) status=(\d{3}) duration_ms=(\d+\.\d)$")


def request_lines(caplog) -> list[tuple[str, ...]]:
    return [
        LINE.match(record.getMessage()).groups()
        for record in caplog.records
        if record.name == "terms.request_log"
    ]


def test_one_line_per_request_with_method_path_status_and_duration(client, caplog):
    make_term(slug="fine-tuning")
    caplog.set_level(logging.INFO)
    client.get("/glossary/fine-tuning/?utm=x")
    client.get("/glossary/no-such-term/")
    client.post("/glossary/")
    lines = request_lines(caplog)
    assert [line[:3] for line in lines] == [
        ("GET", "/glossary/fine-tuning/?utm=x", "200"),
        ("GET", "/glossary/no-such-term/", "404"),
        ("POST", "/glossary/", "405"),
    ]
    assert all(float(line[3]) > 0 for line in lines)
    # Django's own "Not Found" warning would be a second line for the same request.
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_redirects_are_logged_too(client, caplog):
    caplog.set_level(logging.INFO)
    client.get("/")
    assert request_lines(caplog)[0][:3] == ("GET", "/", "302")


def test_the_lines_go_to_stdout():
    code = "import django; django.setup(); from django.test import Client; Client().get('/healthz')"
    result = run_fresh(
        "-c",
        code,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"INFO terms\.request_log method=GET path=/healthz status=200 duration_ms=", result.stdout
    ), result.stdout + result.stderr


def test_commands_print_nothing_but_their_output():
    result = run_fresh(
        "manage.py", "shell", "-v0", "-c", "print('only this')", DATABASE_URL="sqlite:///:memory:"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "only this\n"
