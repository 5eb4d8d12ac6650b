"""axe-core finds no accessibility violations on the public pages, in light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tools.local_site import SEED_PAGES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("path", SEED_PAGES.values(), ids=SEED_PAGES.keys())
def test_no_axe_violations(page: Page, seeded, path):
    page.goto(f"{seeded}{path}")
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{scheme}: {results.generate_report()}"
