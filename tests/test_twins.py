"""A term as Markdown, llms.txt and llms-full.txt: read back with a Markdown parser."""

from html.parser import HTMLParser

import markdown
import pytest
from django.test import Client
from django.utils import timezone

from terms.models import Term
from tests.builders import make_faq, make_link, make_term

pytestmark = pytest.mark.django_db

TWINS = ["/glossary/agent.md", "/llms.txt", "/llms-full.txt"]


class Outline(HTMLParser):
    """Collect the headings (level, text) and links (text, href) of rendered Markdown."""

    def __init__(self):
        super().__init__()
        self.headings, self.links, self.blockquotes = [], [], []
        self._open = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in {"h1", "h2", "h3", "h4", "a", "blockquote"}:
            self._open, self._text, self._href = tag, [], dict(attrs).get("href")

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag != self._open:
            return
        text = " ".join("".join(self._text).split())
        if tag == "a":
            self.links.append((text, self._href))
        elif tag == "blockquote":
            self.blockquotes.append(text)
        else:
            self.headings.append((int(tag[1]), text))
        self._open = None


def outline(text: str) -> Outline:
    parsed = Outline()
    parsed.feed(markdown.markdown(text))
    return parsed


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


@pytest.fixture
def agent():
    term = make_term(
        title="Agent",
        slug="agent",
        summary="Software that acts on its own.",
        plain_english="It **does** things for you.",
        tags=["Basics", "Automation"],
    )
    make_faq(term, question="Can it pay?", answer="Only if *allowed*.")
    make_link(term, make_term(title="Tool [kit]", slug="tool", plain_english="A thing it uses."))
    make_link(term, url="https://example.com/agents", title="Agents elsewhere")
    return term


def test_a_term_reads_as_markdown(client, agent):
    response = client.get("/glossary/agent.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    parsed = outline(body(response))
    assert parsed.headings == [
        (1, "Agent"),
        (2, "In plain English"),
        (2, "Technical definition"),
        (2, "Business use case"),
        (2, "Example"),
        (2, "Frequently asked questions"),
        (3, "Can it pay?"),
        (2, "Keep exploring"),
    ]
    assert parsed.blockquotes == ["Software that acts on its own."]
    assert ("Tool [kit]", "http://testserver/glossary/tool.md") in parsed.links
    assert ("Agents elsewhere", "https://example.com/agents") in parsed.links
    assert ("Basics", "http://testserver/glossary/topics/basics/") in parsed.links
    assert "It **does** things for you." in body(response)


def test_every_link_of_the_twins_is_absolute(client, agent):
    for url in TWINS:
        links = outline(body(client.get(url))).links
        assert links, url
        assert all(href.startswith(("http://testserver/", "https://")) for _, href in links), url


def test_the_term_page_announces_its_markdown_twin(client, agent):
    html = client.get("/glossary/agent/").content.decode()
    assert (
        '<link rel="alternate" type="text/markdown" title="Agent as Markdown" '
        'href="http://testserver/glossary/agent.md">'
    ) in html


def test_drafts_and_scheduled_terms_have_no_twin(client, editor, agent):
    make_term(title="Secret", slug="secret", status=Term.Status.DRAFT)
    make_term(title="Soon", slug="soon", published_at=timezone.now() + timezone.timedelta(days=1))
    for slug in ("secret", "soon"):
        assert Client().get(f"/glossary/{slug}.md").status_code == 404
        assert editor.get(f"/glossary/{slug}.md").status_code == 404
    for url in ["/llms.txt", "/llms-full.txt"]:
        text = body(Client().get(url))
        assert "Agent" in text
        assert "Secret" not in text and "Soon" not in text


def test_a_renamed_term_redirects_to_its_new_twin(client, agent):
    agent.slug = "ai-agent"
    agent.save()
    response = client.get("/glossary/agent.md")
    assert response.status_code == 301
    assert response["Location"] == "/glossary/ai-agent.md"
    assert client.get(response["Location"]).status_code == 200


def test_a_draft_s_old_slug_does_not_redirect(client, agent):
    agent.slug, agent.status = "ai-agent", Term.Status.DRAFT
    agent.save()
    assert client.get("/glossary/agent.md").status_code == 404


def test_llms_txt_lists_terms_by_topic(client, agent):
    make_term(title="Bias", slug="bias", summary="A lean.", tags=["Basics"])
    response = client.get("/llms.txt")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = body(response)
    parsed = outline(text)
    assert parsed.headings == [
        (1, "Sitebard AI Glossary"),
        (2, "Automation"),
        (2, "Basics"),
        (2, "Other terms"),
    ]
    assert len(parsed.blockquotes) == 1
    assert "- [Bias](http://testserver/glossary/bias.md): A lean." in text
    assert ("Tool \\[kit\\]" in text) and ("Tool [kit]", "http://testserver/glossary/tool.md") in (
        parsed.links
    )
    assert ("llms-full.txt", "http://testserver/llms-full.txt") in parsed.links
    assert parsed.links.count(("Agent", "http://testserver/glossary/agent.md")) == 2


def test_llms_full_txt_holds_every_term_under_one_heading(client, agent):
    response = client.get("/llms-full.txt")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    headings = outline(body(response)).headings
    assert [h for h in headings if h[0] == 1] == [(1, "Sitebard AI Glossary")]
    assert [text for level, text in headings if level == 2] == ["Agent", "Tool [kit]"]
    assert (4, "Can it pay?") in headings


@pytest.mark.parametrize("url", TWINS)
def test_twins_are_cached_like_pages(client, agent, url, django_assert_num_queries):
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"] and first["Last-Modified"]
    with django_assert_num_queries(0):
        revalidated = client.get(url, headers={"if-none-match": first["ETag"]})
    assert revalidated.status_code == 304


@pytest.mark.parametrize("url", ["/glossary/agent.md", "/llms.txt"])
def test_the_second_request_comes_from_the_page_cache(
    client, agent, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["Content-Type"] == "text/markdown; charset=utf-8"


@pytest.mark.parametrize("url", TWINS)
def test_an_edit_shows_in_the_twins_at_once(client, agent, url):
    etag = client.get(url)["ETag"]
    agent.summary = "Software that acts for you."
    agent.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Software that acts for you." in body(response)


@pytest.mark.parametrize("url", TWINS)
def test_twins_cannot_be_written(client, agent, url):
    assert client.post(url).status_code == 405
