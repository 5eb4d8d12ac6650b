"""Editors curate a term in the real admin in Chromium, under the strict CSP."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from terms.models import Term
from tests.browser.admin_login import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_page(page: Page, seeded):
    """Log an editor into the admin through its login form and return the page."""
    User.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    return log_in(page, seeded, "editor")


def fill_new_term(page: Page, base: str, title: str, slug: str):
    """Open the add form and fill the term's own fields, leaving the slug as given."""
    page.goto(f"{base}/admin/terms/term/add/")
    page.fill("#id_title", title)
    page.fill("#id_summary", f"{title} in one sentence.")
    page.fill("#id_slug", slug)
    page.fill("#id_plain_english", f"{title} in plain words.")


def test_create_term_with_inlines_publish_and_view_on_site(admin_page: Page, seeded):
    page = admin_page
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    fill_new_term(page, seeded, "Semantic Network", "semantic-network")
    # The add page starts with the empty FAQ and related-link rows the checklist asks for.
    for n, question in enumerate(["What is it?", "Why use it?"]):
        page.fill(f"#id_faqs-{n}-question", question)
        page.fill(f"#id_faqs-{n}-answer", f"Answer to {question}")
    page.fill("#id_related_links-0-url", "https://example.com/one")
    page.fill("#id_related_links-0-title", "One")
    page.fill("#id_related_links-1-url", "https://example.com/two")
    page.fill("#id_related_links-1-title", "Two")
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    # Two related links of three and no topic: publishing asks first, keeping what was typed.
    expect(page.locator(".checklist")).to_contain_text("To do: At least 3 related links")
    assert not Term.objects.filter(slug="semantic-network").exists()
    page.get_by_role("button", name="Yes, publish").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    term = Term.objects.get(slug="semantic-network")
    assert term.faqs.count() == 2
    assert term.related_links.count() == 2
    assert term.status == Term.Status.PUBLISHED
    page.get_by_role("link", name="View on site").click()
    expect(page).to_have_url(f"{seeded}/glossary/semantic-network/")
    public = page
    expect(public.get_by_role("heading", level=1)).to_have_text("Semantic Network")
    expect(public.locator("#keep-exploring").get_by_role("link", name="Two")).to_be_visible()
    assert csp_errors == []


def test_duplicate_slug_shows_a_form_error(admin_page: Page, seeded):
    page = admin_page
    fill_new_term(page, seeded, "Another Fine-Tuning", "fine-tuning")
    page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert Term.objects.filter(title="Another Fine-Tuning").count() == 0


def test_self_link_shows_a_form_error(admin_page: Page, seeded):
    page = admin_page
    term = Term.objects.get(slug="fine-tuning")
    links = term.related_links.count()
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    page.locator("#related_links-group .add-row a").click()
    row = page.locator("#related_links-group tr.dynamic-related_links").last
    row.locator(".select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Fine-Tuning")
    page.locator(".select2-results__option", has_text="Fine-Tuning").first.click()
    page.click("input[name=_continue]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#related_links-group .errorlist")).to_contain_text(
        "A term cannot link to itself."
    )
    assert term.related_links.count() == links


def test_changing_the_slug_sends_the_old_address_to_the_new_one(admin_page: Page, seeded):
    page = admin_page
    term = Term.objects.get(slug="fine-tuning")
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    page.fill("#id_slug", "fine-tuning-models")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    response = page.goto(f"{seeded}/glossary/fine-tuning/")
    expect(page).to_have_url(f"{seeded}/glossary/fine-tuning-models/")
    assert response.request.redirected_from.url == f"{seeded}/glossary/fine-tuning/"
    assert response.request.redirected_from.response().status == 301
    expect(page.get_by_role("heading", level=1)).to_have_text("Fine-Tuning")
