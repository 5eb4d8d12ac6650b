"""Sign a user into the admin through its login form, as a person would."""

from playwright.sync_api import Page, expect

PASSWORD = "a-long-test-password"


def log_in(page: Page, base: str, username: str) -> Page:
    """Sign `username` (password `PASSWORD`) in at `base`/admin/ and return the page."""
    page.goto(f"{base}/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page
