"""Bad requests get the right 4xx status and a branded page, never a traceback."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.builders import make_term

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/glossary/no-such-term/",
        "/glossary/bad%20slug!/",
        "/glossary/%00/",
        "/glossary/" + "a" * 3000 + "/",
        "/glossary/fine-tuning/extra/",
    ],
)
def test_unknown_and_malformed_urls_get_the_branded_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Traceback" not in response.content


def test_huge_query_string_is_ignored(client):
    make_term(slug="huge")
    response = client.get("/glossary/huge/?" + "q=" + "x" * 20000)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/glossary/", "/glossary/known/"])
def test_head_works_and_post_options_are_refused(client, path):
    make_term(slug="known")
    assert client.head(path).status_code == 200
    assert client.options(path).status_code == 405
    assert Client(enforce_csrf_checks=True).post(path, {"a": "b"}).status_code in {403, 405}
    assert client.post(path, {"a": "b"}).status_code == 405


def test_unknown_host_gets_400_not_500(client):
    response = client.get("/glossary/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400


def test_server_error_page_is_branded(client, settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    broken = Client(raise_request_exception=False)
    response = broken.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Traceback" not in response.content


# Bad bytes, percent-encoded as a client would send them: a NUL, bytes that are not UTF-8, and
# a lone surrogate written in UTF-8 (not a character, so not valid UTF-8 either).
BAD_BYTES = {"nul": "%00", "not-utf8": "%FF%FEx", "lone-surrogate": "%ED%A0%80"}
LONG_VALUE = "a" * 5000
# Every query parameter a public or admin page reads.
QUERY_PARAMETERS = [
    "q", "page", "p", "o", "e", "all", "_popup", "_to_field", "_changelist_filters",
    "status__exact", "tags__id__exact", "published_at__gte", "term", "app_label",
    "model_name", "field_name", "next", "version_id1", "version_id2",
]  # fmt: skip


def url_templates(patterns=None, prefix=""):
    """Yield every URL pattern of the site as a path with "{}" for each of its parts."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_templates(pattern.url_patterns, route)
            continue
        route = re.sub(r"<[^>]+>|\((?:[^()]|\([^()]*\))*\)", "{}", route)
        yield "/" + route.replace("^", "").replace("$", "")


URL_TEMPLATES = sorted(set(url_templates()))


def fill(template: str, value: str) -> str:
    """Return `template` with `value` in each of its parts (after its end when it has none)."""
    return template.replace("{}", value) if "{}" in template else template + value


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", password="pw-for-tests"))
    make_term(slug="known")
    return client


def test_every_url_pattern_is_covered():
    assert "/glossary/topics/{}/" in URL_TEMPLATES
    assert "/admin/autocomplete/" in URL_TEMPLATES
    assert "/admin/terms/term/{}/history/{}/" in URL_TEMPLATES
    assert len(URL_TEMPLATES) > 60


@pytest.mark.parametrize("template", URL_TEMPLATES)
@pytest.mark.parametrize("bad", BAD_BYTES.values(), ids=BAD_BYTES.keys())
def test_bad_bytes_anywhere_in_a_url_answer_400_or_404(superuser_client, template, bad):
    in_path = superuser_client.get(fill(template, bad))
    assert in_path.status_code in {400, 404}, template
    query = "&".join(f"{name}={bad}" for name in QUERY_PARAMETERS)
    in_query = superuser_client.get(template.replace("{}", "1") + "?" + query)
    assert in_query.status_code in {400, 404}, template
    in_name = superuser_client.get(template.replace("{}", "1") + f"?q{bad}=1")
    assert in_name.status_code in {400, 404}, template


@pytest.mark.parametrize("template", URL_TEMPLATES)
def test_very_long_values_never_fail(superuser_client, template):
    assert superuser_client.get(fill(template, LONG_VALUE)).status_code < 500, template
    every_parameter = dict.fromkeys(QUERY_PARAMETERS, LONG_VALUE)
    response = superuser_client.get(template.replace("{}", "1"), every_parameter)
    assert response.status_code < 500, template
    assert superuser_client.get(template.replace("{}", "1"), {"q": LONG_VALUE}).status_code < 500


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/glossary/topics/%00/", 404),
        ("/glossary/letter/%FF/", 404),
        ("/admin/terms/term/?status__exact=%00", 400),
        (
            "/admin/autocomplete/?app_label=terms&model_name=relatedlink&field_name=target&term=%00",
            400,
        ),
        ("/glossary/search/?q=%ED%A0%80", 400),
    ],
)
def test_reproduced_bad_bytes_answer_4xx(superuser_client, path, status):
    assert superuser_client.get(path).status_code == status


def test_nul_in_a_session_cookie_answers_400(client):
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get("/admin/").status_code == 400


def test_bad_bytes_get_400_before_the_login_redirect(client):
    assert client.get("/admin/terms/term/?q=%00").status_code == 400


def test_disallowed_host_400_carries_the_security_headers(client):
    response = client.get("/glossary/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(("path", "status"), [("/glossary/search/?q=%00", 400), ("/%FF/", 404)])
def test_refused_requests_carry_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
