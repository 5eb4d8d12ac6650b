"""Two readers search for a term the glossary lacks; a Publisher sees it and starts the term."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import Browser, Page, expect

from tests.browser.admin_login import PASSWORD, log_in

ROLES = import_module("terms.migrations.0005_editor_and_publisher_groups")
MISSING = import_module("terms.migrations.0012_missing_search")

pytestmark = pytest.mark.django_db(transaction=True)


def search_as_a_reader(browser: Browser, base: str, query: str) -> None:
    """Search from the index page in a browser of a reader's own: no cookie, no shared cache."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/glossary/")
    page.fill("#site-search-q", query)
    page.press("#site-search-q", "Enter")
    expect(page.get_by_text("No terms match your search.")).to_be_visible()
    context.close()


def log_in_as_publisher(page: Page, base: str) -> None:
    # Transactional tests flush the groups the migrations made, so the rights are given here.
    user = User.objects.create_user("publisher", password=PASSWORD, is_staff=True)
    codenames = [codename for _, codename in ROLES.PUBLISHER] + MISSING.GROUP_PERMISSIONS[
        "Publisher"
    ]
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="terms", codename__in=codenames)
    )
    log_in(page, base, "publisher")


def test_missing_terms_lists_two_searches_and_creates_the_term(
    browser: Browser, page: Page, seeded
):
    # The second reader's page comes from the server's page cache, and still counts.
    search_as_a_reader(browser, seeded, "Quantum Bananas")
    search_as_a_reader(browser, seeded, "Quantum Bananas")
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    log_in_as_publisher(page, seeded)
    page.get_by_role("link", name="Missing terms").first.click()
    row = page.locator("#result_list tbody tr", has_text="quantum bananas")
    expect(row.locator("td.field-count")).to_have_text("2")
    row.get_by_role("link", name="Create term").click()
    expect(page.locator("#id_title")).to_have_value("quantum bananas")
    assert page.url.endswith("/admin/terms/term/add/?title=quantum+bananas")
    assert csp_errors == []
