"""Hostile text in every editor field never runs in the public pages or the admin."""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from terms.models import CallToAction, Term
from tests.builders import make_alias, make_faq, make_link, make_term
from tests.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db(transaction=True)

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}
FIND_INJECTIONS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.toLowerCase().replace(/[\\s\\x00-\\x20]/g, '');
      if (attr.name.startsWith('on')) found.push(el.tagName + ' ' + attr.name);
      if (['href', 'src', 'action', 'data', 'formaction', 'xlink:href', 'poster']
            .includes(attr.name) &&
          (value.startsWith('javascript:') || value.startsWith('data:')))
        found.push(el.tagName + ' ' + attr.name + '=' + attr.value);
    }
  }
  if (window.__xss) found.push('window.__xss was set');
  return found;
}"""


class InjectionFinder(HTMLParser):
    """Collect event-handler attributes and script URLs from the HTML a server sent."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            squeezed = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={value}>")


def injections_in_html(html: str) -> list[str]:
    """Return the event handlers and script URLs in the HTML a server sent."""
    finder = InjectionFinder()
    finder.feed(html)
    return finder.found


def injections_in(page: Page, url: str) -> list[str]:
    """Open `url` and return what its raw HTML and its live DOM show of injected script."""
    response = page.goto(url, wait_until="domcontentloaded")
    assert response.status == 200, url
    return injections_in_html(response.text()) + page.evaluate(FIND_INJECTIONS)


def hostile_term(n: int, payload: str) -> Term:
    """Create a published term whose every editor-written field carries `payload`.

    URLs are stored as given, bypassing the forms that refuse script URLs, so the pages
    themselves are shown to keep such links harmless.
    """
    cta = CallToAction.objects.create(
        name=f"cta {n}",
        heading=payload[:200],
        body=payload,
        button_label=payload[:60],
        button_url=payload[:500],
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
    make_link(term, url=payload[:500], title=payload[:200], blurb=payload)
    make_alias(term, f"{payload[:170]} xss {n}")
    return term


# CSP would stop an injected inline script; bypass it so any injection shows by running.
@pytest.mark.browser_context_args(bypass_csp=True)
def test_payloads_in_every_field_never_run(page: Page, seeded, admin_user):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Styles and icons play no part here; skipping them keeps 300 page loads quick.
    page.route("**/static/**", lambda route: route.abort())
    terms = [hostile_term(n, payload) for n, payload in enumerate(PAYLOADS)]
    letters = sorted({term.index_letter for term in terms})
    public = ["/glossary/", "/glossary/topics/"]
    public += [f"/glossary/letter/{letter.lower()}/" for letter in letters]
    # Every hostile term matches "xss" through its alias, so these pages highlight each payload.
    public += [f"/glossary/search/?q=xss&page={n}" for n in range(1, len(terms) // 20 + 2)]
    public += [term.get_absolute_url() for term in terms]
    # Topic names and queries fill the same escaped slots on every topic and search page.
    for term, payload in list(zip(terms, PAYLOADS, strict=True))[::10]:
        public += [f"/glossary/topics/{term.tags.get().slug}/", search_path(payload)]
    for path in public:
        assert injections_in(page, f"{seeded}{path}") == [], path
    page.goto(f"{seeded}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    admin = [
        "/admin/terms/term/?all=",
        "/admin/terms/calltoaction/?all=",
        "/admin/terms/topic/?all=",
        "/admin/terms/term/content-health/",
    ]
    admin += [f"/admin/terms/term/{term.pk}/change/" for term in terms[::10]]
    admin += [f"/admin/terms/calltoaction/{term.call_to_action_id}/change/" for term in terms[::25]]
    for path in admin:
        assert injections_in(page, f"{seeded}{path}") == [], path
    assert dialogs == []


def search_path(payload: str) -> str:
    return f"/glossary/search/?q={quote(payload[:200])}"
