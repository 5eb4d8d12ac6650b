"""The API's docs page renders Swagger UI under the site's strict CSP, from this site only."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_every_endpoint_without_csp_errors(page: Page, seeded):
    csp_errors, foreign = [], []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security" in m.text else 0)
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(seeded) else 0)
    page.goto(f"{seeded}/api/docs")
    expect(page.get_by_role("heading", name="Glossary API")).to_be_visible()
    for path in ["/api/terms", "/api/terms/{slug}", "/api/topics"]:
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    page.locator(".opblock-summary-path", has_text="/api/topics").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".response-col_description").first).to_be_visible()
    expect(page.locator(".live-responses-table")).to_contain_text("terms_url")
    assert csp_errors == []
    assert foreign == []
