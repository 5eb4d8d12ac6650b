"""Hostile text in every editor field never runs in the public pages or the admin."""

import pytest
from playwright.sync_api import Page

from terms.models import CallToAction, Term
from tests.builders import make_faq, make_link, make_term
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

FIND_INJECTIONS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase().replace(/\\s/g, '');
      if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'data', 'formaction'].includes(attr.name) &&
          (value.startsWith('javascript:') || value.startsWith('data:')))
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
  }
  if (window.__xss) found.push('window.__xss was set');
  return found;
}"""


def hostile_term(n: int, payload: str) -> Term:
    """Create a published term whose every editor-written field carries `payload`."""
    cta = CallToAction.objects.create(
        name=f"cta {n}",
        heading=payload,
        body=payload,
        button_label=payload[:60],
        button_url="/glossary/",
    )
    term = make_term(
        title=payload[:200],
        slug=f"xss-{n}",
        summary=payload,
        plain_english=payload,
        technical_definition=payload,
        business_use_case=payload,
        example=payload,
        call_to_action=cta,
        tags=[f"{payload[:80]} {n}"],
    )
    make_faq(term, question=payload[:250], answer=payload)
    make_link(term, url="https://example.com/", title=payload[:200], blurb=payload)
    return term


def test_payloads_in_every_field_never_run(page: Page, seeded, admin_user):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    terms = [hostile_term(n, payload) for n, payload in enumerate(PAYLOADS)]
    page.goto(f"{seeded}/glossary/")
    assert page.evaluate(FIND_INJECTIONS) == []
    for term in terms:
        page.goto(f"{seeded}{term.get_absolute_url()}")
        assert page.evaluate(FIND_INJECTIONS) == [], term.slug
    page.goto(f"{seeded}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto(f"{seeded}/admin/terms/term/?all=")
    assert page.evaluate(FIND_INJECTIONS) == []
    for term in terms[::10]:
        page.goto(f"{seeded}/admin/terms/term/{term.pk}/change/")
        found = [f for f in page.evaluate(FIND_INJECTIONS) if "xss" in f.lower()]
        assert found == [], term.slug
    assert dialogs == []
