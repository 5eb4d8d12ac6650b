"""Pages never fail because of one bad row already in the database: they leave it out and warn."""

import logging

import pytest

from terms.models import Term
from tests.builders import make_alias, make_link, make_term
from tests.html import main_html

pytestmark = pytest.mark.django_db

BAD_SLUG = "fx bad slug/.."
# Every page that lists or links the bad term, and what it still shows.
PAGES = {
    "/glossary/": "/glossary/agent/", "/glossary/letter/a/": "/glossary/agent/",
    "/glossary/letter/b/": "No terms", "/glossary/topics/": "Fundamentals",
    "/glossary/topics/fundamentals/": "/glossary/agent/", "/sitemap.xml": "/glossary/agent/",
    "/glossary/search/?q=agent": "/glossary/agent/", "/glossary/search/?q=broken": "Search",
    "/glossary/search/?q=brokn": "Search", "/glossary/agent/": "An agent calls",
    "/glossary/feed/": "/glossary/agent/",
}  # fmt: skip


@pytest.fixture
def bad_row():
    """Return a published term whose slug was written past validation (raw SQL, an old load)."""
    agent = make_term(
        title="Agent", slug="agent", plain_english="An agent calls a Broken Thing, or BT.",
        tags=["Fundamentals"],
    )  # fmt: skip
    broken = make_term(title="Broken Thing", slug="broken-thing", tags=["Fundamentals"])
    make_alias(broken, "BT")
    make_link(agent, broken)
    Term.objects.filter(pk=broken.pk).update(slug=BAD_SLUG)
    return broken


@pytest.mark.parametrize("path", PAGES)
def test_pages_leave_out_a_term_whose_address_cannot_be_built(client, bad_row, path):
    response = client.get(path)
    assert response.status_code == 200
    assert BAD_SLUG not in response.content.decode()
    assert PAGES[path] in response.content.decode()


def test_the_warning_names_the_term(client, bad_row, caplog):
    with caplog.at_level(logging.WARNING, logger="terms"):
        client.get("/glossary/")
        client.get("/glossary/agent/")
        client.get("/sitemap.xml")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert f"Term “Broken Thing” (id {bad_row.pk}, slug {BAD_SLUG!r}) is left off" in warnings[0]
    # The auto-link targets name it by its title and by its alias.
    assert all(f"(id {bad_row.pk}, slug {BAD_SLUG!r})" in warning for warning in warnings)


def test_mentions_of_the_bad_term_stay_plain_text(client, bad_row):
    html = main_html(client.get("/glossary/agent/"))
    assert "An agent calls a Broken Thing, or BT." in html
