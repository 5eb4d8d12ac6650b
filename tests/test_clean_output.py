"""One bad row never breaks output: feed, sitemap, JSON-LD and pages drop forbidden characters.

Rows are written with update(), past the model's save, as a script or an old row would be.
"""

import re
import xml.etree.ElementTree as ET

import pytest

from terms.clean_output import clean_text, clean_utf8
from terms.models import FAQ, Term, Topic
from tests.builders import make_faq, make_term
from tests.html import json_ld

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# Backspace, vertical tab, form feed, escape, DEL, a C1 control, a noncharacter.
FORBIDDEN = "\x08\x0b\x0c\x1b\x7f\x85\ufffe"
# Anything XML 1.0 forbids, or HTML calls a control character or noncharacter.
FORBIDDEN_IN_OUTPUT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
PAGES = [
    "/glossary/", "/glossary/letter/t/", "/glossary/topics/", "/glossary/topics/core/",
    "/glossary/bad-row/", "/glossary/search/?q=bad", "/sitemap.xml", "/glossary/feed/",
]  # fmt: skip


@pytest.fixture
def bad_row():
    """Return a published term whose every text field carries forbidden characters."""
    term = make_term(slug="bad-row", tags=["Core"])
    make_faq(term)
    dirty = f"Bad{FORBIDDEN} row"
    Term.objects.filter(pk=term.pk).update(
        title=dirty, summary=dirty, plain_english=dirty, technical_definition=dirty
    )
    FAQ.objects.filter(term=term).update(question=dirty, answer=dirty)
    Topic.objects.filter(name="Core").update(name=f"Core{FORBIDDEN}")
    return term


@pytest.mark.parametrize("path", PAGES)
def test_pages_with_a_bad_row_answer_200_without_forbidden_characters(client, bad_row, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not FORBIDDEN_IN_OUTPUT.search(response.content.decode())


def test_feed_with_a_bad_row_is_well_formed_xml(client, bad_row):
    root = ET.fromstring(client.get("/glossary/feed/").content)
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Bad row"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Core"]


def test_sitemap_with_a_bad_row_is_well_formed_xml(client, bad_row):
    assert ET.fromstring(client.get("/sitemap.xml").content) is not None


def test_json_ld_drops_forbidden_characters(client, bad_row):
    response = client.get("/glossary/bad-row/")
    data = {item["@type"]: item for item in json_ld(response)}
    assert data["DefinedTerm"]["name"] == "Bad row"
    assert data["FAQPage"]["mainEntity"][0]["name"] == "Bad row"
    assert "\\u000b" not in response.content.decode()


def test_feed_summary_is_plain_text_not_html(client):
    make_term(summary="Uses <b>x</b> & more.")
    root = ET.fromstring(client.get("/glossary/feed/").content)
    summary = root.find(f"{ATOM}entry").find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Uses <b>x</b> & more."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("tab\tnew\nline\r", "tab\tnew\nline\r"),
        ("a\x00b\x08c\x0bd\x0ce\x1ff\x7fg\x85h\x9fi", "abcdefghi"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("non\ufdd0char\ufffe\uffff", "nonchar"),
        ("émoji 🤖 and ﬁ", "émoji 🤖 and ﬁ"),
    ],
)
def test_clean_text_keeps_text_and_drops_forbidden_characters(text, expected):
    assert clean_text(text) == expected


def test_clean_utf8_matches_clean_text():
    text = "a\x00b\x08c\x0bd\x0ce\x1ff\x7fg\x85h\x9fi\ufdd0j\ufffek\uffff"
    text += " l\u00a0m\u00e9 \ufb01 \ufffd\t\n"
    assert clean_utf8(text.encode()) == clean_text(text).encode()
