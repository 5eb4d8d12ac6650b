"""The admin throttles failed logins (django-axes) and lives at a configurable path."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def attempt(client, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    User.objects.create_superuser("editor", "editor@example.com", "right-password")
    for _ in range(4):
        response = attempt(client, "wrong-password")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    assert attempt(client, "wrong-password").status_code == 429
    response = attempt(client, "right-password")
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_still_let_the_editor_in(client):
    User.objects.create_superuser("editor", "editor@example.com", "right-password")
    for _ in range(4):
        attempt(client, "wrong-password")
    response = attempt(client, "right-password")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_admin_path_comes_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'glossary.settings'; "
        "django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "GLOSSARY_ADMIN_PATH": "/back-office/"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "/back-office/", result.stderr


@pytest.mark.parametrize("selected", ["not-an-id", "1; DROP TABLE terms_term", ""])
def test_an_action_on_a_malformed_selection_is_a_400(client, selected):
    client.force_login(User.objects.create_superuser("boss", "b@example.com", "pw-for-tests"))
    for url in ["/admin/terms/term/", "/admin/terms/calltoaction/"]:
        response = client.post(url, {"action": "delete_selected", "_selected_action": selected})
        assert response.status_code == 400


def test_robots_txt_does_not_reveal_the_admin_path(client):
    robots = client.get("/robots.txt").content.decode()
    assert settings.GLOSSARY_ADMIN_PATH.strip("/") not in robots
    assert "admin" not in robots.lower()
