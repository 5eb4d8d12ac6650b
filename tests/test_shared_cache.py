"""Two app servers sharing Redis: an edit through one shows on the next request to the other."""

import http.cookiejar
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from email.utils import parsedate_to_datetime

import pytest

from tools.local_site import ROOT, RUNSERVER, LocalServer, seeded_site_env


@pytest.fixture
def site_env(tmp_path, shared_redis):
    """Return the environment of a throwaway seeded SQLite site that caches in Redis."""
    env = seeded_site_env(tmp_path, DJANGO_DEBUG="1", REDIS_URL=shared_redis)
    create = "from django.contrib.auth.models import User; User.objects.create_superuser('ed', '', 'pw-for-tests')"  # noqa: E501
    subprocess.run(manage("shell", "-c", create), env=env, check=True)
    return env


def term_pk(env, slug: str) -> str:
    find = f"from terms.models import Term; print(Term.objects.get(slug='{slug}').pk)"
    return subprocess.run(
        manage("shell", "-v0", "-c", find), env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


# Runs manage.py with the clock moved by argv[1] seconds, as on a server whose clock is off.
SKEWED_CLOCK = """
import runpy, sys, time
offset, sys.argv = float(sys.argv[1]), sys.argv[2:]
real_time, real_time_ns = time.time, time.time_ns
time.time = lambda: real_time() + offset
time.time_ns = lambda: real_time_ns() + int(offset * 1e9)
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def manage(*args: str, clock_offset: float = 0) -> list[str]:
    """Return the command running manage.py `args` with the clock off by `clock_offset` s."""
    return [sys.executable, "-c", SKEWED_CLOCK, str(clock_offset), str(ROOT / "manage.py"), *args]


def app_server(env, clock_offset: float = 0) -> LocalServer:
    return LocalServer(manage(*RUNSERVER, clock_offset=clock_offset), env)


def get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def unpublish_as_editor(base: str, pk: str) -> None:
    """Log in to the admin on `base` and run the "unpublish" action on the term `pk`."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(f"{base}{path}", data=body.encode(), method="POST")
        request.add_header("Referer", f"{base}{path}")
        with opener.open(request, timeout=10) as response:
            return response.read().decode()

    opener.open(f"{base}/admin/login/", timeout=10).read()
    home = post("/admin/login/?next=/admin/", {"username": "ed", "password": "pw-for-tests"})
    assert "Log out" in home
    html = post("/admin/terms/term/", {"action": "unpublish", "_selected_action": pk})
    assert "Unpublished 1 term" in html


def test_an_edit_through_one_server_shows_on_the_next_request_to_the_other(site_env):
    with app_server(site_env) as one, app_server(site_env) as two:
        one, two = one.http_url(), two.http_url()
        for base in (one, two, two):
            status, html, headers = get(f"{base}/glossary/")
            assert status == 200 and "Machine Learning" in html
        status, _, _ = get(f"{two}/glossary/machine-learning/")
        assert status == 200

        unpublish_as_editor(one, term_pk(site_env, "machine-learning"))

        status, _, _ = get(f"{two}/glossary/machine-learning/")
        assert status == 404
        _, html, _ = get(f"{two}/glossary/")
        assert 'href="/glossary/machine-learning/"' not in html


def test_last_modified_never_goes_back_when_server_clocks_differ(site_env):
    with app_server(site_env) as right, app_server(site_env, clock_offset=-3600) as slow:
        right, slow = right.http_url(), slow.http_url()
        _, _, before = get(f"{right}/glossary/")
        # An editor saves through a machine whose clock is an hour behind.
        save = "from terms.models import Term; t = Term.objects.get(slug='machine-learning'); t.summary = 'Changed.'; t.save()"  # noqa: E501
        subprocess.run(manage("shell", "-c", save, clock_offset=-3600), env=site_env, check=True)
        _, html, after = get(f"{slow}/glossary/")  # the slow server sees the change first
        assert after["ETag"] != before["ETag"]
        assert parsedate_to_datetime(after["Last-Modified"]) > parsedate_to_datetime(
            before["Last-Modified"]
        )
        # A client revalidating by date alone gets the changed page, not a 304.
        request = urllib.request.Request(
            f"{right}/glossary/machine-learning/",
            headers={"If-Modified-Since": before["Last-Modified"]},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
            assert "Changed." in response.read().decode()
