"""The machine-readable surface: head tags, JSON-LD, sitemap, robots.txt and the feed."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone

from terms.models import Term
from tests.builders import make_faq, make_term
from tests.html import json_ld, meta_content, title

pytestmark = pytest.mark.django_db

HOST = "glossary.test"
PAGES = [
    "/glossary/", "/glossary/fine-tuning/", "/glossary/machine-learning/", "/glossary/letter/f/",
    "/glossary/letter/m/", "/glossary/topics/", "/glossary/topics/generative-ai/",
    "/glossary/topics/fundamentals/", "/glossary/search/?q=model", "/glossary/search/",
]  # fmt: skip
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def seeded():
    call_command("loaddata", "glossary", verbosity=0)


@pytest.fixture
def site(client, settings):
    settings.ALLOWED_HOSTS = [HOST]
    client.defaults["HTTP_HOST"] = HOST
    return client


def test_every_page_has_unique_title_description_canonical_and_cards(site, seeded):
    titles = set()
    for path in PAGES:
        response = site.get(path)
        assert response.status_code == 200, path
        titles.add(title(response))
        assert meta_content(response, "name", "description"), path
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', response.content.decode())
        assert canonical.group(1) == f"http://{HOST}{path.split('?')[0]}", path
        assert meta_content(response, "property", "og:url") == canonical.group(1)
        assert meta_content(response, "property", "og:title") in title(response)
        assert meta_content(response, "property", "og:description")
        assert meta_content(response, "name", "twitter:card") == "summary"
        assert meta_content(response, "name", "twitter:title")
    assert len(titles) == len(PAGES)


def test_term_page_metadata_comes_from_the_term(site, seeded):
    response = site.get("/glossary/fine-tuning/")
    assert title(response).startswith("Fine-Tuning · ")
    assert meta_content(response, "property", "og:type") == "article"
    assert meta_content(response, "name", "twitter:description").startswith(
        "The process of further training"
    )


def test_paginated_canonical_keeps_the_page(site, monkeypatch):
    from terms import index

    monkeypatch.setattr(index, "PAGE_SIZE", 1)
    make_term(title="Aa")
    make_term(title="Ab")
    html = site.get("/glossary/letter/a/?page=2&utm=x").content.decode()
    assert f'<link rel="canonical" href="http://{HOST}/glossary/letter/a/?page=2">' in html


def test_term_page_json_ld(site, seeded):
    data = {item["@type"]: item for item in json_ld(site.get("/glossary/fine-tuning/"))}
    term = data["DefinedTerm"]
    assert term["name"] == "Fine-Tuning"
    assert term["description"].startswith("The process of further training")
    assert term["url"] == f"http://{HOST}/glossary/fine-tuning/"
    assert term["inDefinedTermSet"]["url"] == f"http://{HOST}/glossary/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Glossary", f"http://{HOST}/glossary/"),
        (2, "Fine-Tuning", f"http://{HOST}/glossary/fine-tuning/"),
    ]
    questions = data["FAQPage"]["mainEntity"]
    assert [q["name"] for q in questions] == [
        "What is fine-tuning?", "How is fine-tuning different from prompting?",
        "When is fine-tuning worth it?",
    ]  # fmt: skip
    assert questions[0]["acceptedAnswer"]["text"].startswith("Fine-tuning adapts")


def test_no_faq_page_without_faqs(client):
    term = make_term()
    types = [item["@type"] for item in json_ld(client.get(term.get_absolute_url()))]
    assert types == ["DefinedTerm", "BreadcrumbList"]


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = 'Evil </script><script>alert(1)</script> & "quotes" <!--'
    term = make_term(title=hostile, summary=hostile)
    make_faq(term, question=hostile, answer="**Bold**: 1 < 2 & done")
    response = client.get(term.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    data = {item["@type"]: item for item in json_ld(response)}
    assert data["DefinedTerm"]["name"] == hostile
    assert data["FAQPage"]["mainEntity"][0]["name"] == hostile
    assert data["FAQPage"]["mainEntity"][0]["acceptedAnswer"]["text"] == "Bold: 1 < 2 & done"
    index_data = json_ld(client.get("/glossary/"))[0]
    assert index_data["hasDefinedTerm"][0]["name"] == hostile


def test_index_json_ld_is_a_defined_term_set(site, seeded):
    (data,) = json_ld(site.get("/glossary/"))
    assert data["@type"] == "DefinedTermSet"
    assert data["url"] == f"http://{HOST}/glossary/"
    names = [t["name"] for t in data["hasDefinedTerm"]]
    assert len(names) == Term.objects.published().count()
    assert {"Fine-Tuning", "Large Language Model", "Machine Learning"} <= set(names)


def test_sitemap_lists_index_topics_and_published_terms_with_lastmod(site, seeded):
    make_term(slug="hidden-draft", status=Term.Status.DRAFT, tags=["Draft only"])
    make_term(slug="later", published_at=timezone.now() + timezone.timedelta(days=1))
    response = site.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in root}
    base = f"http://{HOST}/glossary/"
    assert base in entries and f"{base}topics/" in entries
    assert f"{base}topics/generative-ai/" in entries
    assert f"{base}topics/draft-only/" not in entries
    fine_tuning = Term.objects.get(slug="fine-tuning")
    assert entries[f"{base}fine-tuning/"].text == fine_tuning.updated_at.date().isoformat()
    assert f"{base}hidden-draft/" not in entries and f"{base}later/" not in entries
    assert "example.com" not in response.content.decode()


def test_robots_txt_names_the_sitemap(site):
    response = site.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in lines
    assert "Disallow: /glossary/search/" in lines


def test_search_results_are_not_indexed(client):
    assert (
        '<meta name="robots" content="noindex">'
        in client.get("/glossary/search/?q=a").content.decode()
    )


def test_feed_lists_recently_updated_published_terms(site, seeded):
    make_term(title="Hidden draft", status=Term.Status.DRAFT)
    newest = Term.objects.get(slug="machine-learning")
    newest.summary = "Updated summary."
    newest.save()
    response = site.get("/glossary/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries][0] == "Machine Learning"
    assert len(entries) == min(20, Term.objects.published().count())
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://{HOST}/glossary/machine-learning/"
    assert entries[0].find(f"{ATOM}summary").text == "Updated summary."
    assert "example.com" not in response.content.decode()
    assert "Hidden draft" not in response.content.decode()


def test_pages_link_the_feed(client):
    html = client.get("/glossary/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html


def test_unknown_pages_use_the_sites_404(client):
    response = client.get("/glossary/no-such-term/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · " in html
    assert 'class="site-search"' in html


def test_term_json_ld_carries_the_update_and_the_review(client):
    term = make_term(reviewed_on=datetime.date(2026, 9, 14))
    data = {item["@type"]: item for item in json_ld(client.get(term.get_absolute_url()))}
    page = data["DefinedTerm"]["mainEntityOfPage"]
    assert page["@type"] == "WebPage"
    assert page["url"] == f"http://testserver{term.get_absolute_url()}"
    # JSON keeps milliseconds.
    modified = datetime.datetime.fromisoformat(page["dateModified"])
    assert abs(modified - term.updated_at) < datetime.timedelta(milliseconds=1)
    assert page["lastReviewed"] == "2026-09-14"


def test_term_json_ld_leaves_out_a_review_that_never_happened(client):
    term = make_term()
    page = json_ld(client.get(term.get_absolute_url()))[0]["mainEntityOfPage"]
    assert "dateModified" in page and "lastReviewed" not in page
