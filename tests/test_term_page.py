"""The term page reproduces the seed article; the index lists published terms."""

import datetime
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import timezone

from terms.models import CallToAction, Term
from tests.builders import make_faq, make_link, make_term

pytestmark = pytest.mark.django_db

SEED_IN_ORDER = [
    "Glossary",
    "<h1>Fine-Tuning</h1>",
    "The process of further training a pre-trained model on a smaller, task-specific dataset "
    "to specialize its behavior.",
    "In plain English",
    "Fine-tuning is taking a model that already knows a lot and giving it extra training on "
    "your own examples. This teaches it to do a specific job better, such as writing in your "
    "brand's voice.",
    "Technical definition",
    "Fine-tuning is a transfer-learning technique that continues training a pre-trained model "
    "on a smaller, task-specific labeled dataset, updating some or all of its parameters. "
    "Parameter-efficient methods such as LoRA adjust only a small subset of weights to reduce "
    "compute and storage costs.",
    "Business use case",
    "Companies fine-tune general-purpose models so outputs consistently match their domain "
    "terminology, tone, and formatting requirements. This is valuable for tasks like "
    "classifying support tickets or drafting documents in a regulated industry where precision "
    "and consistency matter.",
    "Example",
    "A law firm fine-tunes a language model on thousands of its past contracts so the model "
    "drafts new clauses using the firm's preferred legal wording.",
    "Frequently asked questions",
    "What is fine-tuning?",
    "Fine-tuning adapts an already-trained model to a specific task or domain by training it "
    "further on a focused dataset, improving its accuracy and style for that use case.",
    "How is fine-tuning different from prompting?",
    "Prompting changes a model's output by adjusting the instructions you give it, while "
    "fine-tuning changes the model's internal weights through additional training, "
    "producing more durable behavior changes.",
    "When is fine-tuning worth it?",
    "Fine-tuning is worthwhile when prompting alone cannot achieve the consistency, tone, or "
    "domain accuracy you need, and you have enough high-quality labeled examples to train on.",
    "Keep exploring",
    "Machine Learning",
    "Machine learning is a way for computers to learn from examples instead of being told "
    "exact rules. The more relevant data they see, the better they get at making predictions.",
    "Large Language Model",
    "A large language model is an AI trained on huge amounts of text so it can read your "
    "question and write a useful answer. It powers chatbots and writing assistants.",
    "Prompt Engineering",
    "Prompt engineering is the art of asking an AI the right way. By writing clear instructions "
    "and giving context, you get much better answers from the same tool.",
    "Put AI intelligence to work in your business",
    "Sitebard AI brings together the data, guides, and career intelligence you need to make "
    "confident AI decisions.",
    '<a class="button" href="/">Get started</a>',
]


def normalized(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", html))


@pytest.fixture
def seeded():
    call_command("loaddata", "glossary", verbosity=0)


def test_fine_tuning_page_reproduces_the_seed_in_order(client, seeded):
    response = client.get("/glossary/fine-tuning/")
    assert response.status_code == 200
    # Auto-linking may wrap a mention of another term in a link; the words stay the seed's.
    html = re.sub(
        r'<a href="/glossary/[a-z0-9-]+/">(.*?)</a>', r"\1", normalized(response.content.decode())
    )
    position = 0
    for text in SEED_IN_ORDER:
        found = html.find(text, position)
        assert found >= 0, f"missing or out of order: {text[:60]}"
        position = found + len(text)


def test_page_is_semantic_and_described(client, seeded):
    html = normalized(client.get("/glossary/fine-tuning/").content.decode())
    assert "<title>Fine-Tuning · " in html
    assert (
        '<meta name="description" content="The process of further training a pre-trained model'
        in html
    )
    assert '<link rel="canonical" href="http://testserver/glossary/fine-tuning/">' in html
    assert '<nav class="breadcrumb" aria-label="Breadcrumb">' in html
    assert "<main" in html and "<article" in html
    assert html.count("<h1>") == 1
    for heading in [
        "In plain English", "Technical definition", "Business use case", "Example",
        "Frequently asked questions", "Keep exploring",
    ]:  # fmt: skip
        assert re.search(rf'<h2 id="[a-z-]+">{heading}</h2>', html), heading


def test_topics_are_shown(client, seeded):
    html = client.get("/glossary/fine-tuning/").content.decode()
    assert "Building with AI" in html and "Generative AI" in html


def test_draft_scheduled_and_unknown_terms_are_404(client):
    make_term(slug="draft", status=Term.Status.DRAFT)
    make_term(slug="later", published_at=timezone.now() + timezone.timedelta(hours=1))
    for slug in ["draft", "later", "no-such-term"]:
        assert client.get(f"/glossary/{slug}/").status_code == 404


def test_empty_sections_are_left_off(client):
    term = make_term(example="", technical_definition="")
    html = client.get(term.get_absolute_url()).content.decode()
    assert "In plain English" in html
    assert "Technical definition" not in html
    assert '">Example</h2>' not in html


def test_links_to_drafts_are_hidden(client):
    term = make_term()
    make_link(term, make_term(title="Hidden draft", status=Term.Status.DRAFT))
    make_link(term, make_term(title="Shown term"))
    html = client.get(term.get_absolute_url()).content.decode()
    assert "Shown term" in html
    assert "Hidden draft" not in html


def test_external_link(client):
    term = make_term()
    make_link(term, url="https://example.com/guide", title="A guide", blurb="Read more.")
    html = client.get(term.get_absolute_url()).content.decode()
    assert '<a href="https://example.com/guide">A guide</a>' in html


def test_term_call_to_action_overrides_default(client):
    cta = CallToAction.objects.create(
        name="Webinar", heading="Join the webinar", body="Live on Friday.",
        button_label="Register", button_url="https://example.com/webinar",
    )  # fmt: skip
    term = make_term(call_to_action=cta)
    html = client.get(term.get_absolute_url()).content.decode()
    assert "Join the webinar" in html
    assert "Put AI intelligence to work" not in html


def test_markdown_is_rendered_and_sanitized(client):
    term = make_term(
        plain_english="Some **bold** text.\n\n<script>alert(1)</script>"
        '<a href="javascript:alert(1)" onclick="x()">click</a>'
    )
    html = client.get(term.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "onclick" not in html


def test_query_count_does_not_grow_with_faqs_and_links(client, settings, django_assert_num_queries):
    settings.GLOSSARY_PAGE_CACHE = False

    def build(n):
        term = make_term(tags=["A", "B"])
        for _ in range(n):
            make_faq(term)
            make_link(term, make_term())
        return term

    small, large = build(1), build(10)
    # The first page after a change also reads when the next scheduled term goes live, the
    # default call to action and the auto-link targets, then keeps them for every other page.
    with django_assert_num_queries(7):
        client.get(small.get_absolute_url())
    # term, FAQs, related links, topics
    with django_assert_num_queries(4):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(4):
        response = client.get(large.get_absolute_url())
    assert response.content.decode().count('<details class="faq">') == 10


def test_index_lists_published_terms_alphabetically(client):
    make_term(title="Zero-shot", summary="Zed summary.")
    make_term(title="Agent", summary="Agent summary.")
    make_term(title="Draft", status=Term.Status.DRAFT)
    html = client.get("/glossary/").content.decode()
    assert html.index("Agent") < html.index("Zero-shot")
    assert "Agent summary." in html
    assert "Draft" not in html.split("<main", 1)[1]


def test_root_redirects_to_index(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/glossary/"


def test_post_to_public_page_is_405(client, seeded):
    assert client.post("/glossary/fine-tuning/").status_code == 405


def test_page_shows_the_review_month_apart_from_the_update(client):
    term = make_term(reviewed_on=datetime.date(2026, 9, 14))
    html = normalized(client.get(term.get_absolute_url()).content.decode())
    assert 'Reviewed <time datetime="2026-09-14">September 2026</time>' in html
    assert "Updated <time" in html


def test_page_without_a_review_date_shows_none(client):
    html = client.get(make_term().get_absolute_url()).content.decode()
    assert "Reviewed" not in html and "Updated" in html


def test_a_term_with_empty_sections_shows_no_on_this_page_list(client):
    term = make_term(plain_english="", technical_definition="", business_use_case="", example="")
    html = client.get(term.get_absolute_url()).content.decode()
    assert "On this page" not in html and 'class="toc"' not in html


def test_a_term_with_only_faqs_lists_them_on_this_page(client):
    term = make_term(plain_english="", technical_definition="", business_use_case="", example="")
    make_faq(term)
    html = client.get(term.get_absolute_url()).content.decode()
    assert "On this page" in html and '<li><a href="#faq">' in html
