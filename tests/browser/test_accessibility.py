"""axe-core finds no accessibility violations on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)

# Add search results, a letter page and a topic page here as those issues land.
PAGES = ["/glossary/", "/glossary/fine-tuning/", "/glossary/no-such-term/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page: Page, seeded, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{seeded}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
