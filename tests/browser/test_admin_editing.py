"""The term admin fits the screen and helps editors as they type, under the strict CSP."""

import re

import pytest
from playwright.sync_api import Page, expect

from terms.models import RelatedLink, Term
from tests.browser import test_editor_journeys
from tests.builders import make_term

pytestmark = pytest.mark.django_db(transaction=True)
admin_page = test_editor_journeys.admin_page

WIDTHS = [1280, 1440]


def page_overflow(page: Page) -> int:
    """Return by how many pixels the page is wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def right_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("screen", ["add", "change"])
def test_term_pages_fit_the_window_with_a_related_link_row(admin_page: Page, seeded, width, screen):
    page = admin_page
    page.set_viewport_size({"width": width, "height": 900})
    term = Term.objects.get(slug="fine-tuning")
    url = "add/" if screen == "add" else f"{term.pk}/change/"
    page.goto(f"{seeded}/admin/terms/term/{url}")
    page.locator("#related_links-group .add-row a").click()
    page.locator("#faqs-group .add-row a").click()
    assert page_overflow(page) <= 0
    row = page.locator("#related_links-group .dynamic-related_links").last
    for field in ["title", "blurb"]:
        expect(row.locator(f"[name$=-{field}]")).to_be_in_viewport()
    expect(row.locator(".inline-deletelink")).to_be_in_viewport()
    answer = page.locator("#faqs-group .dynamic-faqs").last.locator("[name$=-answer]")
    assert right_edge(page, f"#{answer.get_attribute('id')}") <= width


def test_summary_box_counts_characters_as_the_editor_types(admin_page: Page, seeded):
    page = admin_page
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    page.goto(f"{seeded}/admin/terms/term/add/")
    count = page.locator("#id_summary_count")
    expect(count).to_have_text("0 / 160 characters")
    page.locator("#id_summary").press_sequentially("A token is a piece of text.")
    expect(count).to_have_text("27 / 160 characters")
    page.fill("#id_summary", "x" * 170)
    expect(count).to_have_text("170 / 160 characters: shorten it to under 160")
    expect(count).to_have_class("summary-count over")
    assert page.locator("#id_summary").get_attribute("rows") == "2"
    assert csp_errors == []


def test_picker_offers_the_title_that_starts_with_the_typed_words_first(admin_page: Page, seeded):
    page = admin_page
    # The seed has "Model Context Protocol" beside "Context Window" and other "Model …" titles.
    assert Term.objects.filter(title="Model Context Protocol").exists()
    term = Term.objects.get(slug="fine-tuning")
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    page.locator("#related_links-group .add-row a").click()
    page.locator("#related_links-group .dynamic-related_links").last.locator(
        ".select2-selection"
    ).click()
    page.locator(".select2-dropdown .select2-search__field").fill("Model Con")
    highlighted = page.locator(".select2-results__option--highlighted")
    expect(highlighted).to_have_text("Model Context Protocol")
    page.keyboard.press("Enter")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert term.related_links.filter(target__slug="model-context-protocol").exists()


def test_term_list_fits_1280_px_without_clipping_or_long_wraps(admin_page: Page, seeded):
    page = admin_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{seeded}/admin/terms/term/")
    assert page_overflow(page) <= 0
    header = page.locator("#result_list th.column-updated_at")
    assert header.evaluate("th => th.scrollWidth <= th.clientWidth")
    line_height = page.locator("#result_list th.field-title a").first.evaluate(
        "a => parseFloat(getComputedStyle(a).lineHeight) || 16"
    )
    heights = page.locator("#result_list th.field-title").evaluate_all(
        "cells => cells.map(cell => cell.querySelector('a').getBoundingClientRect().height)"
    )
    assert max(heights) <= 2 * line_height + 1


def test_added_rows_are_numbered_after_the_existing_ones(admin_page: Page, seeded):
    page = admin_page
    term = Term.objects.get(slug="fine-tuning")
    last = max(term.faqs.values_list("position", flat=True), default=0)
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    page.locator("#faqs-group .add-row a").click()
    page.locator("#faqs-group .add-row a").click()
    rows = page.locator("#faqs-group .dynamic-faqs")
    expect(rows.nth(-2).locator("[name$=-position]")).to_have_value(str(last + 1))
    expect(rows.nth(-1).locator("[name$=-position]")).to_have_value(str(last + 2))


def test_linked_from_panel_and_link_back(admin_page: Page, seeded):
    page = admin_page
    source = make_term(title="Vector Store", slug="vector-store")
    target = Term.objects.get(slug="fine-tuning")
    RelatedLink.objects.create(term=source, target=target, position=1)
    page.goto(f"{seeded}/admin/terms/term/{target.pk}/change/")
    panel = page.locator(".field-where_linked")
    panel.get_by_role("link", name="Vector Store").click()
    expect(page).to_have_url(f"{seeded}/admin/terms/term/{source.pk}/change/")
    page.goto(f"{seeded}/admin/terms/term/content-health/")
    row = page.locator("#one-way-links tr", has_text="Vector Store")
    row.get_by_role("button", name="Link back").click()
    expect(page.locator(".messagelist .success")).to_contain_text("now links back")
    last = target.related_links.order_by("position").last()
    assert last.target == source
    expect(page.locator("#one-way-links tr", has_text="Vector Store")).to_have_count(0)


def test_leaving_a_changed_term_form_asks_first_but_saving_does_not(admin_page: Page, seeded):
    page = admin_page
    term = Term.objects.get(slug="fine-tuning")
    change_url = f"{seeded}/admin/terms/term/{term.pk}/change/"
    page.goto(change_url)
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.locator("#id_summary").press("Control+End")
    page.locator("#id_summary").press_sequentially(" Kept.")
    page.locator("#user-tools").get_by_role("link", name="View site").click()
    expect(page.locator("#id_summary")).to_have_value(re.compile(r"Kept\.$"))
    assert dialogs == ["beforeunload"]
    assert page.url == change_url
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.locator("#user-tools").get_by_role("link", name="View site").click()
    expect(page).not_to_have_url(change_url)
    assert dialogs == ["beforeunload"]
    assert Term.objects.get(pk=term.pk).summary.endswith("Kept.")


def test_preview_shows_unsaved_text_in_a_new_tab_and_saves_nothing(admin_page: Page, seeded):
    page = admin_page
    term = Term.objects.get(slug="fine-tuning")
    saved = Term.objects.values().get(pk=term.pk)
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    page.fill("#id_plain_english", "A sentence nobody has saved yet.")
    with page.context.expect_page() as opened:
        page.locator("input[name=_preview]").last.click()
    preview = opened.value
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not saved.")
    expect(preview.locator("#plain-english")).to_contain_text("A sentence nobody has saved yet.")
    expect(preview.get_by_role("heading", level=1)).to_have_text("Fine-Tuning")
    assert Term.objects.values().get(pk=term.pk) == saved
    expect(page.locator("#id_plain_english")).to_have_value("A sentence nobody has saved yet.")
