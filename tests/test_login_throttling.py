"""Login throttling locks out a guesser's address, never the editor, and slows a distributed one."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone

from tests.test_settings import run_settings

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
EDITOR_HOME = "198.51.100.2"
GUESSER = "203.0.113.7"


@pytest.fixture(autouse=True)
def behind_a_proxy(settings):
    settings.GLOSSARY_TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.fixture
def editor_account():
    return User.objects.create_superuser("editor", "editor@example.com", "right-password")


def log_in(client, password, peer, forwarded_for=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": password}, **headers
    )


def test_guesses_through_the_proxy_lock_the_guesser_not_the_editor(client, editor_account):
    for _ in range(6):
        log_in(client, "wrong-password", PROXY, forwarded_for=GUESSER)
    assert log_in(client, "right-password", PROXY, forwarded_for=GUESSER).status_code == 429
    assert log_in(client, "right-password", PROXY, forwarded_for=EDITOR_HOME).status_code == 302


def test_a_forged_header_through_the_proxy_counts_the_address_the_proxy_saw(client, editor_account):
    # The proxy appends the address it saw to whatever the client sent.
    for _ in range(5):
        log_in(client, "wrong-password", PROXY, forwarded_for=f"{EDITOR_HOME}, {GUESSER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {GUESSER}
    assert log_in(client, "right-password", PROXY, forwarded_for=EDITOR_HOME).status_code == 302


def test_the_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored(client, editor_account):
    for n in range(5):
        log_in(client, "wrong-password", GUESSER, forwarded_for=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {GUESSER}
    assert log_in(client, "right-password", GUESSER, forwarded_for="192.0.2.99").status_code == 429
    assert log_in(client, "right-password", EDITOR_HOME).status_code == 302


def test_without_trusted_proxies_the_header_is_ignored(client, editor_account, settings):
    settings.GLOSSARY_TRUSTED_PROXIES = []
    log_in(client, "wrong-password", PROXY, forwarded_for=GUESSER)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


def test_guesses_from_many_addresses_delay_the_username_without_locking_it(
    client, editor_account, settings
):
    settings.GLOSSARY_LOGIN_USERNAME_LIMIT = 10
    for n in range(10):
        assert log_in(client, "wrong-password", f"192.0.2.{n}").status_code == 200
    delayed = log_in(client, "right-password", EDITOR_HOME)
    assert delayed.status_code == 200
    assert b"Too many failed sign-ins for this username" in delayed.content
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.filter(ip_address=EDITOR_HOME).exists()  # not a failure

    earlier = timezone.timedelta(seconds=settings.GLOSSARY_LOGIN_USERNAME_DELAY)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - earlier)
    assert log_in(client, "wrong-password", "192.0.2.50").status_code == 200
    assert b"Too many failed" in log_in(client, "right-password", EDITOR_HOME).content
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - earlier)
    assert log_in(client, "right-password", EDITOR_HOME).status_code == 302


def test_a_malformed_trusted_proxy_stops_the_start_with_its_name():
    result = run_settings(DJANGO_DEBUG="1", GLOSSARY_TRUSTED_PROXIES="10.0.0.0/8, proxy.example")
    assert result.returncode != 0
    assert "GLOSSARY_TRUSTED_PROXIES" in result.stderr and "proxy.example" in result.stderr
