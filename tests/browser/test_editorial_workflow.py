"""Drafts of changes, review and publishing in Chromium, each role in its own browser."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import Browser, Page, expect

from terms.models import PendingChange, Term

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
# The groups' permissions as migration 0005 gives them (the test database is flushed).
ROLES = import_module("terms.migrations.0005_editor_and_publisher_groups")


def signed_in(browser: Browser, base: str, role: str) -> Page:
    """Return a page of a new browser context signed in to the admin as a member of `role`."""
    perms = ROLES.EDITOR if role == "Editor" else ROLES.PUBLISHER
    group, _ = Group.objects.get_or_create(name=role)
    group.permissions.set(
        [Permission.objects.get(content_type__app_label=a, codename=c) for a, c in perms]
    )
    user = User.objects.create_user(role.lower(), password=PASSWORD, is_staff=True)
    user.groups.add(group)
    page = browser.new_context().new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


def reader_sees(browser: Browser, url: str) -> str:
    """Return the text of the article a reader without a session sees at `url`."""
    page = browser.new_context().new_page()
    response = page.goto(url)
    assert response.status == 200, f"{url}: {response.status} {page.content()[:3000]}"
    text = page.locator("article").inner_text()
    page.context.close()
    return text


def test_draft_of_changes_stays_invisible_to_readers_until_a_publisher_publishes_it(
    browser: Browser, seeded, screenshots
):
    term = Term.objects.get(slug="fine-tuning")
    live_summary = term.summary
    article_url = f"{seeded}/glossary/fine-tuning/"
    editor = signed_in(browser, seeded, "Editor")
    editor.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    editor.fill("#id_summary", "Fine-tuning, as drafted in the browser.")
    editor.locator("input[name=_save_draft]").first.click()
    expect(editor.locator(".messagelist .success")).to_contain_text("Saved a draft of changes")
    expect(editor.locator(".workflow-status")).to_contain_text("This term has unpublished changes")
    expect(editor.locator("#id_summary")).to_have_value("Fine-tuning, as drafted in the browser.")
    assert Term.objects.get(pk=term.pk).summary == live_summary

    reader = reader_sees(browser, article_url)
    assert live_summary in reader and "as drafted in the browser" not in reader
    editor.goto(article_url)
    expect(editor.locator(".preview-banner")).to_contain_text("Preview — not published.")
    expect(editor.locator(".lede")).to_have_text("Fine-tuning, as drafted in the browser.")
    assert "as drafted in the browser" not in reader_sees(browser, article_url)

    publisher = signed_in(browser, seeded, "Publisher")
    publisher.goto(f"{seeded}/admin/terms/term/")
    expect(publisher.locator("#result_list")).to_contain_text("This term has unpublished changes")
    publisher.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
    publisher.set_viewport_size({"width": 1280, "height": 800})
    publisher.locator("#toggle-nav-sidebar").click()
    publisher.screenshot(path=screenshots / "draft-of-changes.png")
    publisher.get_by_role("button", name="Publish changes").click()
    if publisher.get_by_role("button", name="Yes, publish").count():
        publisher.get_by_role("button", name="Yes, publish").click()
    expect(publisher.locator(".messagelist .success")).to_contain_text("Published the draft")
    assert "Fine-tuning, as drafted in the browser." in reader_sees(browser, article_url)
    assert not PendingChange.objects.exists()


def test_editor_submits_a_new_term_for_review_and_a_publisher_publishes_it(
    browser: Browser, seeded
):
    editor = signed_in(browser, seeded, "Editor")
    editor.goto(f"{seeded}/admin/terms/term/add/")
    editor.fill("#id_title", "Vector Index")
    editor.fill("#id_summary", "A structure that finds the vectors nearest a query fast.")
    editor.fill("#id_slug", "vector-index")  # after leaving the title, which prepopulates it
    editor.fill("#id_plain_english", "A vector index finds similar items quickly.")
    editor.click("input[name=_continue]")
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".workflow-status")).to_contain_text("Waiting for review")

    publisher = signed_in(browser, seeded, "Publisher")
    waiting = publisher.locator("#waiting-for-review")
    expect(waiting).to_contain_text("Vector Index")
    expect(waiting).to_contain_text("editor")
    waiting.get_by_role("link", name="Vector Index").click()
    publisher.get_by_role("button", name="Publish", exact=True).click()
    expect(publisher.locator(".checklist .todo").first).to_be_visible()
    publisher.get_by_role("button", name="Yes, publish").click()
    expect(publisher.locator(".messagelist .success")).to_contain_text("Published “Vector Index”")
    assert "A vector index finds similar items quickly." in reader_sees(
        browser, f"{seeded}/glossary/vector-index/"
    )
    publisher.goto(f"{seeded}/admin/")
    expect(publisher.locator("#waiting-for-review")).to_contain_text("Nothing is waiting")


def test_publishing_a_term_with_checklist_items_to_do_asks_first(browser: Browser, seeded):
    term = Term.objects.create(
        title="Half Done", slug="half-done", summary="Not finished yet.", plain_english="Words."
    )
    publisher = signed_in(browser, seeded, "Publisher")
    change_url = f"{seeded}/admin/terms/term/{term.pk}/change/"
    publisher.goto(change_url)
    publisher.get_by_role("button", name="Publish", exact=True).click()
    todo = publisher.locator(".checklist .todo")
    expect(todo.filter(has_text="All four sections are filled")).to_be_visible()
    expect(todo.filter(has_text="At least 2 FAQs")).to_be_visible()
    publisher.get_by_role("link", name="No, take me back").click()
    expect(publisher).to_have_url(change_url)
    assert Term.objects.get(pk=term.pk).status == Term.Status.DRAFT
    publisher.get_by_role("button", name="Publish", exact=True).click()
    publisher.get_by_role("button", name="Yes, publish").click()
    expect(publisher.locator(".messagelist .success")).to_contain_text("Published “Half Done”")
    assert Term.objects.get(pk=term.pk).status == Term.Status.PUBLISHED
    assert "Words." in reader_sees(browser, f"{seeded}/glossary/half-done/")
