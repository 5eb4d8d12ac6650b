"""Browser test set-up: pytest-playwright's fixtures on Debian's Chromium, seeded data."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from terms.models import CallToAction
from tests.browser.chromium import CHROMIUM_ARGS, chromium_path

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium by its path instead of a browser Playwright downloads."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Let pages open paths relative to the live server (replaces the plugin's --base-url)."""
    return live_server.url


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
