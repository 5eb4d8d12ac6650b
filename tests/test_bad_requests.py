"""Bad requests get the right 4xx status and a branded page, never a traceback."""

import pytest
from django.test import Client

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
