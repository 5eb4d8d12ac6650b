"""Section and answer text is a safe subset of Markdown; the admin explains the syntax."""

import pytest
from django.contrib.auth.models import User

from terms.markdown import render_markdown
from tests.builders import make_faq, make_term


def test_supported_markdown():
    html = render_markdown(
        "First *soft* and **strong** with `code`.\n\nSecond paragraph.\n\n- one\n- two\n\n"
        "1. first\n2. second\n\n[a site](https://example.com/page)"
    )
    assert "<p>First <em>soft</em> and <strong>strong</strong> with <code>code</code>.</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert "<ul>\n<li>one</li>" in html and "<ol>\n<li>first</li>" in html
    assert '<a href="https://example.com/page" rel="noopener' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("[x](javascript:alert(1))", "javascript:"),
        ("[x](JaVaScRiPt:alert(1))", "alert"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ('<a href="data:text/html,hi">x</a>', "data:"),
        ('<p onclick="steal()">x</p>', "onclick"),
        ('<img src="x" onerror="steal()">', "onerror"),
        ("<script>steal()</script>", "<script"),
        ("<script>steal()</script>", "steal"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ("<style>body{display:none}</style>", "display:none"),
        ('<span style="color:red">x</span>', "style="),
    ],
)
def test_dangerous_markup_never_survives(source, forbidden):
    assert forbidden.lower() not in render_markdown(source).lower()


@pytest.mark.django_db
def test_sections_and_answers_render_markdown_on_the_page(client):
    term = make_term(slug="md", plain_english="Plain *words* <script>x()</script>")
    make_faq(term, question="Why?", answer="Because **reasons**.")
    html = client.get("/glossary/md/").content.decode()
    assert "Plain <em>words</em>" in html
    assert "<strong>reasons</strong>" in html
    assert "<script>x()" not in html


@pytest.mark.django_db
def test_admin_shows_markdown_help(client):
    client.force_login(User.objects.create_superuser("chief", "c@example.com", "pw-for-tests"))
    html = client.get("/admin/terms/term/add/").content.decode()
    assert "Sections and FAQ answers are Markdown" in html
    assert "FAQs (answers are Markdown)" in html
