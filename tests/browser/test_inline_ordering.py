"""FAQs and related links are put in order by dragging or by first/last buttons, under the CSP."""

import pytest
from playwright.sync_api import Page, expect

from terms.models import Term
from tests.browser import test_editor_journeys

pytestmark = pytest.mark.django_db(transaction=True)
admin_page = test_editor_journeys.admin_page


def questions(term: Term) -> list[str]:
    return [faq.question for faq in term.faqs.order_by("position", "pk")]


def targets(term: Term) -> list[str]:
    return [link.target.slug for link in term.related_links.order_by("position", "pk")]


def test_faqs_and_related_links_reorder_without_typing_positions(admin_page: Page, seeded):
    page = admin_page
    console = []
    page.on("console", lambda message: console.append(message.text))
    term = Term.objects.get(slug="fine-tuning")
    first_question = questions(term)[0]
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    faqs = page.locator("#faqs-group tbody tr.has_original")
    expect(faqs).to_have_count(3)
    expect(page.locator("#faqs-group input[name$='-position']").first).to_be_hidden()
    faqs.first.locator(".sort .move-end").click()  # the first question goes last
    links = page.locator("#related_links-group tbody tr.has_original")
    links.nth(2).locator("td.original p").drag_to(links.first.locator("td.original p"))
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert questions(term)[-1] == first_question
    assert targets(term) == ["prompt-engineering", "machine-learning", "large-language-model"]
    assert [faq.position for faq in term.faqs.order_by("position")] == [1, 2, 3]
    assert [text for text in console if "Content Security" in text or "Refused" in text] == []
