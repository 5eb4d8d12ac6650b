"""One origin in every absolute URL: GLOSSARY_SITE_URL wins over whatever Host a request had."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from tests.html import json_ld, meta_content
from tests.test_settings import run_settings

pytestmark = pytest.mark.django_db

ORIGIN = "https://glossary.example.com"
# The one host name, written as clients may: another case, a trailing dot, a port.
HOSTS = ["glossary.example.com", "GLOSSARY.Example.COM", "glossary.example.com.",
         "glossary.example.com:8443", "Glossary.Example.com.:80"]  # fmt: skip
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def seeded():
    call_command("loaddata", "glossary", verbosity=0)


@pytest.fixture
def configured(settings):
    settings.GLOSSARY_SITE_URL = ORIGIN
    settings.ALLOWED_HOSTS = ["glossary.example.com"]


def absolute_urls(client, host: str) -> list[str]:
    """Return every absolute URL of the term page, index, sitemap, feed and robots.txt."""
    get = lambda path: client.get(path, HTTP_HOST=host)  # noqa: E731
    urls = []
    for path in ["/glossary/fine-tuning/", "/glossary/"]:
        response = get(path)
        assert response.status_code == 200
        html = response.content.decode()
        urls.append(re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1))
        urls.append(meta_content(response, "property", "og:url"))
        urls += re.findall(r'"(?:url|item)": "([^"]+)"', str(json_ld(response)).replace("'", '"'))
    sitemap = ET.fromstring(get("/sitemap.xml").content)
    urls += [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    feed = ET.fromstring(get("/glossary/feed/").content)
    urls += [link.get("href") for link in feed.iter(f"{ATOM}link")]
    urls += [element.text for element in feed.iter(f"{ATOM}id")]
    urls += [line.split(" ", 1)[1] for line in get("/robots.txt").content.decode().splitlines()
             if line.startswith("Sitemap:")]  # fmt: skip
    return urls


@pytest.mark.parametrize("host", HOSTS)
def test_every_absolute_url_uses_the_configured_origin(client, seeded, configured, host):
    urls = absolute_urls(client, host)
    assert len(urls) > 20
    assert [url for url in urls if not url.startswith(ORIGIN + "/")] == []


def test_without_the_setting_urls_follow_the_request(client, seeded, settings):
    settings.GLOSSARY_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["glossary.test"]
    urls = absolute_urls(client, "glossary.test:8000")
    assert all(url.startswith("http://glossary.test:8000/") for url in urls), urls


def test_deploy_check_warns_when_the_site_url_is_unset(settings):
    settings.GLOSSARY_SITE_URL = ""
    found = run_checks(include_deployment_checks=True)
    assert "glossary.W001" in [message.id for message in found]
    settings.GLOSSARY_SITE_URL = ORIGIN
    assert "glossary.W001" not in [m.id for m in run_checks(include_deployment_checks=True)]


def test_plain_checks_do_not_warn(settings):
    settings.GLOSSARY_SITE_URL = ""
    assert "glossary.W001" not in [message.id for message in run_checks()]


@pytest.mark.parametrize(
    "value", ["glossary.example.com", "ftp://glossary.example.com", "https://x.example/path"]
)
def test_a_site_url_that_is_not_an_origin_stops_the_start(value):
    result = run_settings(DJANGO_DEBUG="1", GLOSSARY_SITE_URL=value)
    assert result.returncode != 0
    assert "GLOSSARY_SITE_URL" in result.stderr


@pytest.mark.parametrize("host", HOSTS)
def test_twins_api_and_embed_snippet_use_the_configured_origin(client, seeded, configured, host):
    get = lambda path: client.get(path, HTTP_HOST=host)  # noqa: E731
    markdown = get("/glossary/fine-tuning.md").content.decode()
    llms = get("/llms.txt").content.decode()
    term = get("/api/terms/fine-tuning").json()
    guide = get("/glossary/embed/").content.decode()
    urls = re.findall(r"\]\((https?://[^)]+)\)", markdown + llms)
    urls += [term["url"], term["markdown_url"], *(link["url"] for link in term["related"])]
    snippet = re.findall(r'src="(https?://[^"]+embed\.js)"', guide)
    assert snippet
    urls += snippet
    assert len(urls) > 10
    assert [url for url in urls if not url.startswith(ORIGIN + "/")] == []


def test_host_spellings_share_one_cached_page(client, seeded, configured):
    from terms.cache import page_memory

    client.get("/glossary/fine-tuning/", HTTP_HOST=HOSTS[0])
    pages = len(page_memory)
    for host in HOSTS[1:]:
        assert client.get("/glossary/fine-tuning/", HTTP_HOST=host).status_code == 200
    assert len(page_memory) == pages
