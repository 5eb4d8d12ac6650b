"""The reading experience: anchors, "On this page", FAQs, cards, banner, shared design, CSS."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory

from glossary import urls as root_urls
from terms.errors import server_error
from tests.builders import make_faq, make_link, make_term

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
ANCHORS = [
    ("plain-english", "In plain English"),
    ("technical-definition", "Technical definition"),
    ("business-use-case", "Business use case"),
    ("example", "Example"),
    ("faq", "Frequently asked questions"),
    ("keep-exploring", "Keep exploring"),
]


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def fine_tuning(db, client):
    call_command("loaddata", "glossary", verbosity=0)
    return squeeze(client.get("/glossary/fine-tuning/").content.decode())


def test_each_section_has_a_stable_anchor_and_a_link_to_it(fine_tuning):
    for anchor, heading in ANCHORS:
        assert f'<section id="{anchor}" aria-labelledby="{anchor}-heading">' in fine_tuning
        assert (
            f'<a class="section-link" href="#{anchor}"><span aria-hidden="true">#</span>'
            f'<span class="visually-hidden">Link to this section: {heading}</span></a>'
        ) in fine_tuning


def test_on_this_page_lists_the_sections_in_order(fine_tuning):
    toc = fine_tuning.split('<nav class="toc" aria-labelledby="toc-title">', 1)[1]
    toc = toc.split("</nav>", 1)[0]
    assert "On this page" in toc
    links = re.findall(r'<a href="#([a-z-]+)">([^<]+)</a>', toc)
    assert links == ANCHORS


def test_on_this_page_leaves_out_missing_sections(db, client):
    term = make_term(example="")
    html = client.get(term.get_absolute_url()).content.decode()
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#plain-english"' in toc
    for missing in ["example", "faq", "keep-exploring"]:
        assert f'href="#{missing}"' not in toc


def test_faqs_are_native_disclosures_with_their_answers(fine_tuning):
    faqs = re.findall(
        r'<details class="faq"> <summary>([^<]+)</summary> <div class="faq__answer"><p>',
        fine_tuning,
    )
    assert faqs == [
        "What is fine-tuning?",
        "How is fine-tuning different from prompting?",
        "When is fine-tuning worth it?",
    ]


def test_keep_exploring_cards_topics_as_chips_and_one_banner_button(fine_tuning):
    related = fine_tuning.split('<ul class="related">', 1)[1].split("</ul>", 1)[0]
    assert related.count("<li>") == 3
    topics = (
        '<ul class="topics" aria-label="Topics"> <li><a href="/glossary/topics/generative-ai/">'
    )
    assert topics in fine_tuning
    banner = fine_tuning.split('<aside class="cta"', 1)[1].split("</aside>", 1)[0]
    assert banner.count("<a ") == 1
    assert '<a class="button" href="/">Get started</a>' in banner


def test_related_link_blurbs_and_faq_answers_are_editor_text(db, client):
    term = make_term()
    make_faq(term, question="Is it safe?", answer="Mostly *safe*.")
    make_link(term, url="https://example.com/", title="Guide", blurb="Outside reading.")
    html = squeeze(client.get(term.get_absolute_url()).content.decode())
    assert "<summary>Is it safe?</summary>" in html
    assert "<em>safe</em>" in html
    assert '<h3><a href="https://example.com/">Guide</a></h3> <p>Outside reading.</p>' in html


def test_404_page_shares_the_design(db, client):
    response = client.get("/glossary/no-such-term/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
    assert "<h1>Page not found</h1>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert settings.GLOSSARY_SITE_NAME in html


def test_500_page_shares_the_design_without_the_database():
    # No django_db mark: any query while rendering would fail this test.
    assert root_urls.handler500 == "terms.errors.server_error"
    response = server_error(RequestFactory().get("/glossary/fine-tuning/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<header class="site-header">' in html
    assert "<h1>Something went wrong</h1>" in html
    assert f"<title>Something went wrong · {settings.GLOSSARY_SITE_NAME}</title>" in html


def test_pages_have_one_stylesheet_and_no_script_or_inline_style(db, client):
    call_command("loaddata", "glossary", verbosity=0)
    for url in ["/glossary/", "/glossary/fine-tuning/", "/glossary/no-such-term/"]:
        html = client.get(url).content.decode()
        assert html.count('rel="stylesheet"') == 1, url
        scripts = re.findall(r"<script[^>]*>", html)
        assert all('type="application/ld+json"' in tag for tag in scripts), url
        assert not re.search(r"\s(style|on[a-z]+)=", html), url
    html = server_error(RequestFactory().get("/")).content.decode()
    assert "<script" not in html and not re.search(r"\s(style|on[a-z]+)=", html)


def test_stylesheet_is_under_12_kb_compressed_and_uses_system_fonts():
    css = STYLESHEET.read_bytes()
    assert len(gzip.compress(css, compresslevel=9)) < 12 * 1024
    assert b"@font-face" not in css and b"@import" not in css
    assert b"system-ui" in css


def test_stylesheet_has_dark_and_print_themes():
    css = STYLESHEET.read_text()
    assert "@media (prefers-color-scheme: dark)" in css
    print_rules = css.split("@media print", 1)[1]
    for hidden in [".site-header", ".site-footer", ".toc", ".section-link", ".cta", ".site-search"]:
        assert hidden in print_rules.split("display: none", 1)[0]
    assert 'content: " (" attr(href) ")"' in print_rules
