"""Topics in Chromium: editors pick existing ones in the term form; readers see their texts."""

import pytest
from django.contrib.auth.models import Permission, User
from playwright.sync_api import Page, expect

from terms.models import Term, Topic
from tests.browser.admin_login import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(page: Page, seeded):
    """Log in a staff user who may change terms but only view topics, as Editors may."""
    # Transactional tests flush the groups the migrations made, so the rights are given here.
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_term", "change_term", "view_topic"])
    )
    return log_in(page, seeded, "editor")


def test_topic_picker_offers_existing_topics_only(editor_page: Page, seeded):
    page = editor_page
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    term = Term.objects.get(slug="fine-tuning")
    before = sorted(term.tags.names())
    page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    picker = page.locator(".field-tags .select2-selection")
    for name in before:
        expect(picker).to_contain_text(name)
    picker.click()
    search = page.locator(".field-tags .select2-search__field")
    search.press_sequentially("Buildng")  # a typo finds nothing to create
    expect(page.locator(".select2-results__message")).to_have_text("No results found")
    search.fill("")
    search.press_sequentially("fund")
    expect(page.locator(".select2-results__option--highlighted")).to_have_text("Fundamentals")
    page.keyboard.press("Enter")
    expect(picker).to_contain_text("Fundamentals")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert sorted(term.tags.names()) == sorted([*before, "Fundamentals"])
    assert not Topic.objects.filter(name__icontains="Buildng").exists()
    assert csp_errors == []


def test_topics_page_shows_descriptions_and_a_topic_page_its_intro(page: Page, seeded):
    page.goto(f"{seeded}/glossary/topics/")
    for topic in Topic.objects.all():
        card = page.locator(".topic-links li", has=page.get_by_role("link", name=topic.name))
        expect(card.locator(".topic-links__description")).to_have_text(topic.description)
    page.get_by_role("link", name="Generative AI").click()
    expect(page).to_have_url(f"{seeded}/glossary/topics/generative-ai/")
    topic = Topic.objects.get(slug="generative-ai")
    expect(page.locator(".page-header .lede")).to_have_text(topic.description)
    intro = page.locator(".index .prose")
    expect(intro).to_contain_text("Generative AI models produce new content from a prompt")
    expect(intro.locator("em").first).to_have_text("hallucination")
    # The intro comes before the terms.
    intro_box = intro.bounding_box()
    first_term = page.locator(".term-list li").first.bounding_box()
    assert intro_box["y"] + intro_box["height"] <= first_term["y"]
