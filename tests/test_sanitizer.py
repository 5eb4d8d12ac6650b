"""The Markdown sanitizer drops scripts and hidden script URLs, and link URLs are validated."""

from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from terms.markdown import render_markdown
from terms.models import RelatedLink
from terms.templatetags.terms_tags import safe_href
from tests.builders import make_term
from tests.xss_payloads import PAYLOADS


def test_there_are_at_least_200_distinct_payloads():
    assert len(set(PAYLOADS)) >= 200


class Elements(HTMLParser):
    """Collect the tags and attributes of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitized_markdown_has_no_script_handler_or_script_url(payload):
    parser = Elements()
    parser.feed(render_markdown(payload))
    for tag, attrs in parser.found:
        assert tag not in {"script", "iframe", "object", "embed", "svg", "style", "img"}
        assert not [name for name in attrs if name.startswith("on")]
        href = "".join((attrs.get("href") or "").split()).lower()
        assert not href.startswith(("javascript:", "data:", "vbscript:"))


def test_tab_hidden_javascript_scheme_is_dropped():
    html = render_markdown("[x](java\tscript:alert(1))")
    assert "href" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>"])
def test_related_link_url_rejects_script_urls(url):
    link = RelatedLink(term=make_term(), url=url, position=1)
    with pytest.raises(ValidationError):
        link.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ],
)
def test_links_on_pages_never_use_a_script_scheme(url):
    assert safe_href(url) == "#"


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a", "http://example.com", "mailto:a@example.com", "/glossary/", "a/b:c"],
)
def test_links_on_pages_keep_web_urls_and_paths(url):
    assert safe_href(url) == url
