"""A reader on a phone: a short header, topic counts inside their chips, FAQs set like the text."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
HEADER_PAGES = [
    "/glossary/",
    "/glossary/fine-tuning/",
    "/glossary/letter/a/",
    "/glossary/topics/",
    "/glossary/search/?q=model",
]


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("path", HEADER_PAGES)
def test_the_header_takes_under_120_px_of_a_phone_screen(page: Page, seeded, path):
    page.set_viewport_size(PHONE)
    page.goto(f"{seeded}{path}")
    assert box(page, ".site-header")["height"] < 120
    expect(page.get_by_role("searchbox", name="Search the glossary")).to_be_visible()
    expect(page.get_by_role("navigation", name="Site").get_by_role("link")).to_have_count(2)


def test_the_search_label_shows_on_wide_screens(page: Page, seeded):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{seeded}/glossary/")
    expect(page.locator(".site-search label")).to_be_visible()


@pytest.mark.parametrize("path", ["/glossary/", "/glossary/topics/"])
def test_topic_counts_sit_inside_their_chips_and_the_whole_chip_is_the_link(
    page: Page, seeded, path
):
    page.set_viewport_size(PHONE)
    page.goto(f"{seeded}{path}")
    chip = page.locator(".topic-links li").first
    chip_box, count_box = chip.bounding_box(), chip.locator(".topic-links__count").bounding_box()
    assert chip_box["x"] <= count_box["x"]
    assert count_box["x"] + count_box["width"] <= chip_box["x"] + chip_box["width"]
    assert chip_box["y"] <= count_box["y"]
    assert count_box["y"] + count_box["height"] <= chip_box["y"] + chip_box["height"]
    name_size = chip.locator("a").evaluate("e => getComputedStyle(e).fontSize")
    assert chip.locator(".topic-links__count").evaluate("e => getComputedStyle(e).fontSize") == (
        name_size
    )
    href = chip.locator("a").get_attribute("href")
    # A click where the count is drawn lands on the link that covers the chip.
    page.mouse.click(
        count_box["x"] + count_box["width"] / 2, count_box["y"] + count_box["height"] / 2
    )
    expect(page).to_have_url(f"{seeded}{href}")


def test_faq_answers_on_a_phone_are_as_wide_and_hyphenated_as_the_article_text(page: Page, seeded):
    page.set_viewport_size(PHONE)
    page.goto(f"{seeded}/glossary/fine-tuning/")
    page.locator("details.faq summary").first.click()
    answer = page.locator(".faq__answer p").first
    text = page.locator("#plain-english p").first
    assert abs(answer.bounding_box()["width"] - text.bounding_box()["width"]) < 1
    for paragraph in (answer, text):
        assert paragraph.evaluate("e => getComputedStyle(e).hyphens") == "auto"
