"""Browser test set-up: Debian's Chromium launched by path, seeded data, screenshot folder."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from terms.models import CallToAction

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Launch Chromium from its path; skip locally when it is missing, fail in CI."""
    if not Path(CHROMIUM_PATH).exists():
        message = f"Chromium not found at {CHROMIUM_PATH} (set CHROMIUM_PATH or install chromium)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """Open a fresh browser context and page for one test."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def seeded(live_server):
    """Load the seed glossary into the live server's database and return its base URL."""
    call_command("loaddata", "glossary", verbosity=0)
    # Transactional tests flush the table, and with it the default the migration created.
    CallToAction.objects.get_or_create(
        is_default=True,
        defaults={
            "name": "Site default",
            "heading": "Put AI intelligence to work in your business",
            "body": "Sitebard AI brings together the data you need.",
            "button_label": "Get started",
            "button_url": "/",
        },
    )
    return live_server.url


@pytest.fixture
def screenshots() -> Path:
    """Return the folder CI keeps screenshots in."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
