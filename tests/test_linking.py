"""The first mention of another published term in a term's sections links to its page."""

import threading
import time
import weakref

import pytest
from django.db import connection

from terms import content_version
from terms.content_version import versioned_in_process
from terms.linking import Linker, link_matcher, link_targets
from terms.markdown import render_markdown
from terms.models import Term
from tests.builders import make_term

pytestmark = pytest.mark.django_db

TARGETS = [
    ("Machine Learning", "/glossary/machine-learning/"),
    ("Large Language Model", "/glossary/large-language-model/"),
    ("Language Model", "/glossary/language-model/"),
    ("Café", "/glossary/cafe/"),
    ("ML", "/glossary/ml/"),
    ("C++", "/glossary/cpp/"),
]


def link(markdown: str, *, exclude_url: str = "") -> str:
    return Linker(TARGETS, exclude_url=exclude_url).link_html(render_markdown(markdown))


def test_first_mention_only_case_insensitive():
    html = link("machine learning is fun. Machine Learning again.")
    assert html == (
        '<p><a href="/glossary/machine-learning/">machine learning</a> is fun. '
        "Machine Learning again.</p>"
    )


def test_one_link_per_target_across_sections():
    linker = Linker(TARGETS)
    first = linker.link_html(render_markdown("About ML."))
    second = linker.link_html(render_markdown("More ML."))
    assert 'href="/glossary/ml/"' in first and "<a" not in second


def test_unicode_word_boundaries():
    assert "<a" not in link("HTML and cafés and MLOps")
    assert link("Un café noir.") == '<p>Un <a href="/glossary/cafe/">café</a> noir.</p>'
    assert 'href="/glossary/cpp/"' in link("Written in C++, fast.")


def test_longest_title_wins():
    html = link("A large language model writes.")
    assert '<a href="/glossary/large-language-model/">large language model</a>' in html
    assert "/glossary/language-model/" not in html


def test_never_links_the_term_to_itself():
    assert "<a" not in link("Machine learning here.", exclude_url="/glossary/machine-learning/")


def test_never_inside_links_headings_or_code():
    html = link(
        "### Machine Learning basics\n\n"
        "See [our ML guide](https://example.com/ml) and `ML` or\n\n"
        "    ML in a code block\n\n"
        "Finally ML."
    )
    assert html.count("<a ") == 2  # the editor's link and "Finally ML"
    assert "<h3>Machine Learning basics</h3>" in html
    assert "<code>ML</code>" in html
    assert '<p>Finally <a href="/glossary/ml/">ML</a>.</p>' in html


def test_keeps_the_html_intact_and_escaped():
    source = "Tom &amp; Jerry say 2 < 3 > 1 about **ML** in *a* list:\n\n- one & two\n- ML < 3"
    html = link(source)
    assert html == render_markdown(source).replace(
        "<strong>ML</strong>", '<strong><a href="/glossary/ml/">ML</a></strong>'
    )
    assert "2 &lt; 3 &gt; 1" in html and "Tom &amp; Jerry" in html


def test_term_page_links_published_terms_only_and_respects_switch(client):
    make_term(title="Machine Learning", slug="machine-learning")
    make_term(title="Secret Sauce", slug="secret-sauce", status=Term.Status.DRAFT)
    make_term(
        title="Fine-Tuning",
        slug="fine-tuning",
        plain_english="Fine-tuning builds on machine learning and secret sauce.",
    )
    html = client.get("/glossary/fine-tuning/").content.decode()
    assert '<a href="/glossary/machine-learning/">machine learning</a>' in html
    assert "/glossary/secret-sauce/" not in html
    assert '<a href="/glossary/fine-tuning/">Fine-tuning</a>' not in html

    term = Term.objects.get(slug="fine-tuning")
    term.auto_link = False
    term.save()
    html = client.get("/glossary/fine-tuning/").content.decode()
    assert "<p>Fine-tuning builds on machine learning and secret sauce.</p>" in html


def test_link_targets_are_published_titles_then_aliases_with_urls():
    agent = make_term(title="Agent", slug="agent")
    agent.aliases.create(name="AI agent")
    draft = make_term(title="Draft", slug="draft", status=Term.Status.DRAFT)
    draft.aliases.create(name="Sketch")
    assert link_targets() == [("Agent", "/glossary/agent/"), ("AI agent", "/glossary/agent/")]


def test_term_page_links_the_first_mention_of_an_alias(client):
    llm = make_term(title="Large Language Model", slug="large-language-model")
    llm.aliases.create(name="LLM")
    make_term(slug="chatbot", plain_english="A chatbot runs on an LLM. Every LLM needs prompts.")
    html = client.get("/glossary/chatbot/").content.decode()
    assert html.count('<a href="/glossary/large-language-model/">LLM</a>') == 1


def test_query_count_does_not_grow_with_terms_or_mentions(
    client, settings, django_assert_num_queries
):
    settings.GLOSSARY_PAGE_CACHE = False

    def page_with(n: int) -> str:
        titles = [f"Concept {n}-{i}" for i in range(n)]
        for title in titles:
            make_term(title=title, slug=title.lower().replace(" ", "-"))
        term = make_term(plain_english=" ".join(f"About {t}." for t in titles))
        return term.get_absolute_url()

    small, large = page_with(1), page_with(40)
    # The first page after a change also reads the link targets (and two more shared values).
    with django_assert_num_queries(7):
        client.get(small)
    with django_assert_num_queries(4):
        client.get(small)
    with django_assert_num_queries(4):
        response = client.get(large)
    assert response.content.decode().count('href="/glossary/concept-40-') == 40


def test_the_link_matcher_is_built_once_per_content_version(django_assert_num_queries):
    make_term(title="Agent", slug="agent")
    matcher = link_matcher()
    with django_assert_num_queries(0):
        assert link_matcher() is matcher
    make_term(title="Planner", slug="planner")
    rebuilt = link_matcher()
    assert rebuilt is not matcher
    assert "planner" in rebuilt.url_by_phrase


# Short all-capital aliases: linked where they stand alone, never as a modifier in a noun phrase.
ACRONYM_TARGETS = [
    ("Artificial Intelligence", "/glossary/artificial-intelligence/"),
    ("EU AI Act", "/glossary/eu-ai-act/"),
    ("Retrieval-Augmented Generation", "/glossary/rag/"),
    ("Large Language Model", "/glossary/large-language-model/"),
    ("Assistant", "/glossary/assistant/"),
    ("AI", "/glossary/artificial-intelligence/"),
    ("AI Act", "/glossary/eu-ai-act/"),
    ("RAG", "/glossary/rag/"),
    ("LLM", "/glossary/large-language-model/"),
]


def link_acronyms(markdown: str) -> str:
    return Linker(ACRONYM_TARGETS).link_html(render_markdown(markdown))


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("AI is changing work.", '<a href="/glossary/artificial-intelligence/">AI</a> is'),
        ("Use RAG.", 'Use <a href="/glossary/rag/">RAG</a>.'),
        ("Ask an AI the right way.", 'an <a href="/glossary/artificial-intelligence/">AI</a> the'),
        ("RAG, in short.", '<a href="/glossary/rag/">RAG</a>, in'),
        ("the AI Act applies", 'the <a href="/glossary/eu-ai-act/">AI Act</a> applies'),
        ("A large language model AI", '<a href="/glossary/large-language-model/">large language'),
    ],
)
def test_a_short_acronym_standing_alone_links(markdown, expected):
    assert expected in link_acronyms(markdown)


@pytest.mark.parametrize(
    "markdown",
    ["an AI assistant", "RAG pipelines scale", "AI-powered search", "RAG-based answers"],
)
def test_a_short_acronym_modifying_a_noun_does_not_link(markdown):
    html = link_acronyms(markdown)
    assert "/glossary/artificial-intelligence/" not in html and "/glossary/rag/" not in html


def test_the_noun_after_a_skipped_acronym_still_links():
    html = link_acronyms("an AI assistant helps")
    assert html == '<p>an AI <a href="/glossary/assistant/">assistant</a> helps</p>'


def test_a_short_acronym_matches_only_in_capitals():
    assert "<a" not in link_acronyms("Rag and llm and Ai.")


def test_a_short_acronym_links_once_per_page():
    linker = Linker(ACRONYM_TARGETS)
    sections = [linker.link_html(render_markdown(text)) for text in ("An LLM. The LLM.", "LLM.")]
    assert "".join(sections).count('href="/glossary/large-language-model/"') == 1


def test_a_short_acronym_already_linked_by_title_stays_plain():
    html = link_acronyms("Artificial Intelligence, or AI, is broad.")
    assert html.count('href="/glossary/artificial-intelligence/"') == 1
    assert ", or AI, is" in html


def test_a_short_acronym_aliasing_two_terms_links_once():
    targets = [("ML", "/glossary/machine-learning/"), ("ML", "/glossary/markup-language/")]
    html = Linker(targets).link_html(render_markdown("ML is here. ML again."))
    assert html == '<p><a href="/glossary/machine-learning/">ML</a> is here. ML again.</p>'


def test_threads_that_need_a_new_matcher_at_once_build_it_once():
    # Each worker thread building its own (a second of CPU at 10,000 terms) stalled every
    # worker after each content change: the Redis-stopped bench row measured 3 req/s.
    builds = []

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.2)
        return object()

    def need_the_value():
        try:
            versioned_in_process("test-slow-value", build)
        finally:
            connection.close()  # reading the version may have taken one from the pool

    threads = [threading.Thread(target=need_the_value) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1


def test_a_value_kept_in_process_is_let_go_before_its_successor_is_built():
    # Holding both (two matchers of 10,000 terms) took a worker over 120 MB in the bench.
    class Value:
        pass

    first_alive = weakref.ref(versioned_in_process("test-replaced-value", Value))
    content_version.invalidate()
    seen_while_building = []

    def build_successor():
        seen_while_building.append(first_alive())
        return Value()

    successor = versioned_in_process("test-replaced-value", build_successor)
    assert seen_while_building == [None]
    assert versioned_in_process("test-replaced-value", Value) is successor
