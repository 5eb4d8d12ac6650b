"""Readers browse the glossary in Chromium: index, term, Keep exploring, FAQ, call to action."""

import re

import pytest
from playwright.sync_api import Page, expect

from tools.local_site import SEED_PAGES

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [375, 1280]


def no_horizontal_scroll(page: Page) -> bool:
    """Return whether the page fits its viewport's width."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_index_to_letter_to_term_to_keep_exploring_to_call_to_action(page: Page, seeded):
    page.goto(f"{seeded}/glossary/")
    page.locator(".letter-bar").get_by_role("link", name="F", exact=False).first.click()
    expect(page).to_have_url(re.compile(r"/glossary/(letter/f/|#letter-f)$"))
    page.locator(".term-list li:not(.term-list__see)").get_by_role(
        "link", name="Fine-Tuning"
    ).click()
    expect(page).to_have_url(f"{seeded}/glossary/fine-tuning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fine-Tuning")
    exploring = page.locator("#keep-exploring")
    exploring.get_by_role("link", name="Machine Learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Machine Learning")
    page.get_by_role("link", name="Get started").click()
    expect(page).to_have_url(f"{seeded}/glossary/")


def test_search_with_a_typo_from_the_header_lands_on_the_term(page: Page, seeded):
    page.goto(f"{seeded}/glossary/machine-learning/")
    page.get_by_role("searchbox", name="Search the glossary").fill("fine-tunning")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{seeded}/glossary/search/?q=fine-tunning")
    # PostgreSQL's trigram match lists the term; SQLite's substring search suggests it instead.
    page.get_by_role("main").get_by_role("link", name="Fine-Tuning", exact=True).first.click()
    expect(page).to_have_url(f"{seeded}/glossary/fine-tuning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fine-Tuning")


def test_faq_opens_and_closes_with_the_keyboard(page: Page, seeded):
    page.goto(f"{seeded}/glossary/fine-tuning/")
    faq = page.locator("details.faq").first
    summary = faq.locator("summary")
    summary.focus()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    expect(faq).to_have_attribute("open", "")
    expect(faq.locator(".faq__answer")).to_be_visible()
    page.keyboard.press("Space")
    expect(faq).not_to_have_attribute("open", "")


def test_pages_fit_phone_and_desktop_widths(page: Page, seeded):
    too_wide = []
    for path in SEED_PAGES.values():
        page.goto(f"{seeded}{path}")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            if not no_horizontal_scroll(page):
                too_wide.append((path, width))
    assert too_wide == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("screen", "width"), [("phone", 375), ("desktop", 1280)])
def test_term_page_screenshots(page: Page, seeded, screenshots, scheme, screen, width):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{seeded}/glossary/fine-tuning/")
    path = screenshots / f"term-{screen}-{scheme}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
