"""Every response carries a strict CSP and the other security headers."""

import subprocess
import sys

import pytest
from django.conf import settings

from tests.builders import make_term
from tools.local_site import run_fresh

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    """Return the response's Content-Security-Policy as a directive-to-value mapping."""
    policy = response.headers["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return dict(parts)


@pytest.mark.parametrize("path", ["/glossary/", "/glossary/some-term/", "/admin/login/", "/nope/"])
def test_strict_policy_on_public_and_admin_pages(client, path):
    make_term(slug="some-term")
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    found = directives(response)
    assert found["default-src"] == "'none'"
    assert found["frame-ancestors"] == "'none'"
    assert found["script-src"] == "'self'"
    assert found["style-src"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_inline_script_or_style_in_templates():
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        html = template.read_text()
        assert "<style" not in html, template
        assert "style=" not in html, template
        assert "<script>" not in html, template
        assert " on" + "click=" not in html, template


def test_deploy_check_passes_under_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "x" * 20
        + "-a-long-random-production-secret-for-the-check-"
        + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "glossary.example.com",
        "GLOSSARY_SITE_URL": "https://glossary.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_sends_hsts_and_secure_cookies():
    code = (
        "import glossary.settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT)"
    )
    result = run_fresh("-c", code)
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"], result.stderr
