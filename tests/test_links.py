"""One rule for links: Markdown, the safe_href filter and link fields allow the same hrefs."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from terms.hrefs import is_allowed_href
from terms.markdown import render_markdown
from terms.models import RelatedLink, validate_link
from terms.templatetags.terms_tags import safe_href
from tests.builders import make_term

# (href, allowed on a page, accepted by a link field). A field also wants a whole address:
# a full URL, a mailto: address or a path from the site's root.
HREFS = [
    ("https://example.com/a?b=c#d", True, True),
    ("http://example.com", True, True),
    ("HTTPS://EXAMPLE.COM/", True, True),
    ("mailto:sales@example.com", True, True),
    ("/glossary/fine-tuning/", True, True),
    ("/", True, True),
    ("#faq", True, False),
    ("other-term/", True, False),
    ("a/b:c", True, False),
    ("//evil.example/", False, False),
    ("/\\evil.example/", False, False),
    ("\\\\evil.example/", False, False),
    ("\\/evil.example/", False, False),
    (" //evil.example/", False, False),
    ("/\n/evil.example/", False, False),
    ("javascript:alert(1)", False, False),
    (" JaVaScRiPt:alert(1)", False, False),
    ("java\tscript:alert(1)", False, False),
    ("\x01javascript:alert(1)", False, False),
    ("data:text/html,<script>alert(1)</script>", False, False),
    ("vbscript:msgbox(1)", False, False),
    ("ftp://example.com/file", False, False),
    ("ftps://example.com/file", False, False),
    ("file:///etc/passwd", False, False),
    ("tel:+15555550100", False, False),
]


@pytest.mark.parametrize(("href", "allowed", "accepted"), HREFS)
def test_one_rule_decides_every_href(href, allowed, accepted):
    assert is_allowed_href(href) is allowed
    assert safe_href(href) == (href if allowed else "#")
    html = render_markdown(f'<a href="{escape(href)}">x</a>')
    assert ("href=" in html) is allowed, html
    if accepted:
        validate_link(href, field="url")
    else:
        with pytest.raises(ValidationError):
            validate_link(href, field="url")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["ftp://example.com/file", "https://example.com/"])
def test_related_link_urls_follow_the_same_rule(url):
    link = RelatedLink(term=make_term(), url=url, position=1)
    if is_allowed_href(url):
        link.full_clean()
    else:
        with pytest.raises(ValidationError):
            link.full_clean()
