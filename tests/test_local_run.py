"""`make run` as a newcomer uses it: another port on request, one log line per request."""

import os
import subprocess

import pytest
from django.conf import settings

from tools.local_site import run_fresh


def make_run_commands(*args: str, env: dict | None = None) -> str:
    outer = ("PORT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    clean_env = {name: value for name, value in os.environ.items() if name not in outer}
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *args],
        env={**clean_env, **(env or {})},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_serves_on_port_8000_by_default():
    assert "runserver 127.0.0.1:8000" in make_run_commands()


@pytest.mark.parametrize(
    ("args", "env"), [(("PORT=8001",), None), ((), {"PORT": "8001"})], ids=["argument", "env"]
)
def test_make_run_serves_on_the_port_asked_for(args, env):
    assert "runserver 127.0.0.1:8001" in make_run_commands(*args, env=env)


def test_runserver_adds_no_second_line_per_request():
    """Runserver's own request lines (INFO, and WARNING for 4xx) are not printed."""
    code = (
        "import django, logging; django.setup(); log = logging.getLogger('django.server'); "
        "log.info('\"GET /glossary/ HTTP/1.1\" 200 512'); "
        "log.warning('\"GET /nope/ HTTP/1.1\" 404 179')"
    )
    result = run_fresh("-c", code, DJANGO_DEBUG="1", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
