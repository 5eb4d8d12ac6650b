"""An editor imports terms in the admin: a dry run first, errors by row, then confirm."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from terms.imports import TermResource
from terms.models import Term

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "import-example.csv"


@pytest.fixture
def import_page(page: Page, seeded):
    """Log a Publisher-rank user in and open the term import page."""
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password")
    page.goto(f"{seeded}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"{seeded}/admin/terms/term/")
    page.get_by_role("link", name="Import").click()
    return page


def good_file() -> bytes:
    """Return the example file plus one changed and one unchanged term of the seed."""
    seed = TermResource().export(Term.objects.filter(slug__in=["fine-tuning", "embedding"]))
    changed = list(seed.dict)
    for row in changed:
        if row["slug"] == "fine-tuning":
            row["summary"] = "Further training of a pre-trained model on your own examples."
    seed_rows = seed.__class__(*[list(row.values()) for row in changed], headers=seed.headers)
    example_rows = EXAMPLE.read_text().split("\n", 1)[1]
    return (seed_rows.csv + example_rows).encode()


def upload(page: Page, name: str, content: bytes):
    page.set_input_files(
        "#id_import_file", files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.select_option("#id_format", "0")
    page.locator("input[type=submit]").click()


def test_bad_row_shows_errors_then_good_file_imports_after_dry_run(import_page: Page, screenshots):
    page = import_page
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    # The example file brings its own Knowledge Graph, a term the seed has too.
    Term.objects.filter(slug="knowledge-graph").delete()
    terms = Term.objects.count()
    bad = EXAMPLE.read_text().replace("knowledge-graph,A network", "search,A network", 1)
    upload(page, "bad.csv", bad.encode())
    expect(page.locator(".errornote")).to_contain_text("Nothing was imported")
    expect(page.locator(".validation-error-list").first).to_contain_text("slug")
    expect(page.locator(".validation-error-list").first).to_contain_text(
        "address of another glossary page"
    )
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert Term.objects.count() == terms

    upload(page, "new-terms.csv", good_file())
    expect(page.locator('[data-count="new"]')).to_have_text("2")
    expect(page.locator('[data-count="update"]')).to_have_text("1")
    expect(page.locator('[data-count="skip"]')).to_have_text("1")
    expect(page.locator("table.import-preview ins").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.locator("#toggle-nav-sidebar").click()
    page.locator("#site-name").scroll_into_view_if_needed()
    shot = screenshots / "import-dry-run.png"
    page.screenshot(path=shot, full_page=False)
    assert Term.objects.count() == terms

    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Term.objects.count() == terms + 2
    assert Term.objects.get(slug="fine-tuning").summary.startswith("Further training")
    assert csp_errors == []
