"""axe-core finds no accessibility violations on the public pages, in light and dark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/glossary/",
    "/glossary/fine-tuning/",
    "/glossary/search/?q=model",
    "/glossary/search/?q=fine-tunning",
    "/glossary/letter/f/",
    "/glossary/topics/generative-ai/",
    "/glossary/no-such-term/",
    "/glossary/embed/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(page: Page, seeded, path):
    page.goto(f"{seeded}{path}")
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{scheme}: {results.generate_report()}"
