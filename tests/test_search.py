"""Search: the header form, ranking, aliases, highlighting, suggestions and hostile input."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from terms.models import Term
from terms.search.indexing import index_terms
from terms.search.query import FTS_TABLE
from tests.builders import make_alias, make_faq, make_term
from tests.html import main_html, title

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("loaddata", "glossary", verbosity=0)


def result_titles(response) -> list[str]:
    html = main_html(response)
    return [part.split(">", 1)[1].split("</a>", 1)[0] for part in html.split("<h2><a ")[1:]]


@pytest.mark.parametrize("path", ["/glossary/", "/glossary/topics/", "/glossary/search/?q=x"])
def test_header_has_a_plain_get_search_form(client, path):
    html = client.get(path).content.decode()
    assert (
        '<form class="site-search" role="search" action="/glossary/search/" method="get">' in html
    )
    assert '<label for="site-search-q">Search the glossary</label>' in html
    assert '<input id="site-search-q" type="search" name="q"' in html


def test_header_search_form_on_term_page(client, seeded):
    html = client.get("/glossary/fine-tuning/").content.decode()
    assert 'action="/glossary/search/" method="get"' in html


def test_empty_query_shows_the_index_link(client):
    for path in ["/glossary/search/", "/glossary/search/?q=", "/glossary/search/?q=+++"]:
        response = client.get(path)
        assert response.status_code == 200
        assert '<a href="/glossary/">the glossary A–Z</a>' in main_html(response)


def test_results_echo_query_count_and_summary(client, seeded):
    response = client.get("/glossary/search/", {"q": "Prompt Engineering"})
    html = main_html(response)
    assert "result" in html and "for “<strong>Prompt Engineering</strong>”" in html
    count = int(html.split('<p class="search__summary lede">', 1)[1].split(" ", 1)[0])
    assert count == len(result_titles(response)) >= 1
    assert result_titles(response)[0] == "Prompt Engineering"
    assert "<mark>" in html
    assert title(response).startswith("Search results for “Prompt Engineering”")


def test_exact_title_first_even_when_others_mention_it_more(client):
    make_term(title="Token usage", summary="Token token token: counting tokens.")
    make_term(title="Token", summary="A piece of text.")
    make_term(title="Tokenizer", summary="Splits text into tokens.")
    assert result_titles(client.get("/glossary/search/?q=token"))[0] == "Token"


def test_exact_alias_match_is_first(client, seeded):
    for query in ["LLM", "llm", "finetuning"]:
        titles = result_titles(client.get("/glossary/search/", {"q": query}))
        expected = "Large Language Model" if query.lower() == "llm" else "Fine-Tuning"
        assert titles[0] == expected, query


def test_prefix_of_title_or_alias_matches(client, seeded):
    assert result_titles(client.get("/glossary/search/?q=machi"))[0] == "Machine Learning"
    assert "Prompt Engineering" in result_titles(client.get("/glossary/search/?q=prompt+des"))


def test_title_prefix_ranks_above_alias_prefix(client):
    make_term(title="AI Bias").aliases.create(name="Machine Learning Bias")
    make_term(title="MLOps").aliases.create(name="Machine Learning Operations")
    make_term(title="Machine Learning")
    titles = result_titles(client.get("/glossary/search/?q=machi"))
    assert titles == ["Machine Learning", "AI Bias", "MLOps"]
    assert result_titles(client.get("/glossary/search/?q=mlops"))[0] == "MLOps"


def test_accents_fold_in_title_matches(client):
    make_term(title="Éclair")
    assert result_titles(client.get("/glossary/search/?q=eclair")) == ["Éclair"]


def test_matches_in_sections_and_faqs_show_a_highlighted_fragment(client):
    term = make_term(title="Agent", summary="Acts on its own.", example="It books a flight.")
    make_faq(term, question="Can it pay?", answer="Only with a **budget** approved.")
    html = main_html(client.get("/glossary/search/?q=flight"))
    assert "It books a <mark>flight</mark>." in html
    html = main_html(client.get("/glossary/search/?q=budget"))
    assert "<mark>budget</mark> approved." in html
    assert "**" not in html


def test_drafts_and_scheduled_terms_are_never_found(client):
    make_term(title="Secret plan", status=Term.Status.DRAFT)
    later = make_term(title="Secret later", published_at=timezone.now() + timezone.timedelta(1))
    make_alias(later, "Secret alias")
    response = client.get("/glossary/search/?q=secret")
    assert result_titles(response) == []
    assert "Secret" not in main_html(response).replace("<strong>secret</strong>", "")


def test_no_results_suggest_the_closest_titles(client, seeded):
    html = main_html(client.get("/glossary/search/?q=pmorpt+enigneering"))
    assert "No terms match your search." in html
    assert 'Did you mean <a href="/glossary/prompt-engineering/">Prompt Engineering</a>' in html
    assert '<a href="/glossary/">the glossary A–Z</a>' in html


def test_query_and_editor_text_are_escaped(client):
    make_term(title="Markup", summary="Uses <b>tags</b> & <script>alert(1)</script> markup.")
    html = main_html(client.get("/glossary/search/", {"q": "<script>alert(1)</script> markup"}))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    html = main_html(client.get("/glossary/search/", {"q": "markup"}))
    assert "Uses &lt;b&gt;tags&lt;/b&gt; &amp; &lt;script&gt;" in html


HOSTILE = [
    '"', "'", "%", "_", "%_%", "\\", "\\\\%", "' OR 1=1 --", "'; DROP TABLE terms_term; --",
    "fine & | ! ( ) : * <-> tuning", "\"unterminated", "-", "!!!", "🤖 model", "نموذج لغوي",
    "מודל", "\u202eLLM", "a" * 200, "model " * 33, "ﬁne", "<b>", "{{ term }}", "\t\n",
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_200(client, seeded, query):
    response = client.get("/glossary/search/", {"q": query})
    assert response.status_code == 200
    assert Term.objects.search(query).count() >= 0  # also usable outside the view


@pytest.mark.parametrize("query", ["nul\x00byte", "\x00", "a" * 201, "x" * 10_240, "🤖" * 5_000])
def test_nul_bytes_and_long_queries_answer_400_with_a_message(client, seeded, query):
    response = client.get("/glossary/search/", {"q": query})
    assert response.status_code == 400
    html = main_html(response)
    assert 'role="alert"' in html
    assert "Null characters are not allowed." in html or "at most 200 characters" in html


def test_bad_result_page_is_404(client, seeded):
    assert client.get("/glossary/search/?q=model&page=9").status_code == 404
    assert client.get("/glossary/search/?q=model&page=abc").status_code == 404


def test_results_are_paginated(client):
    for n in range(25):
        make_term(title=f"Vector {n:02d}")
    first = client.get("/glossary/search/?q=vector")
    assert len(result_titles(first)) == 20
    assert 'href="?q=vector&amp;page=2"' in main_html(first)
    assert len(result_titles(client.get("/glossary/search/?q=vector&page=2"))) == 5


def test_search_query_count_is_fixed(client, django_assert_num_queries):
    for n in range(3):
        make_faq(make_term(title=f"Vector {n}"))
    with django_assert_num_queries(4) as small:
        client.get("/glossary/search/?q=vector")
    for n in range(15):
        make_faq(make_term(title=f"Vector more {n}"))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/glossary/search/?q=vector")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fine tunning", "Fine-Tuning"),
        ("langauge model", "Large Language Model"),
        ("promt engineering", "Prompt Engineering"),
        ("machne lerning", "Machine Learning"),
        ("rag", "Retrieval-Augmented Generation"),
        ("RAG", "Retrieval-Augmented Generation"),
        ("llm", "Large Language Model"),
        ("fine-tuning", "Fine-Tuning"),
        ("machi", "Machine Learning"),
        ("vector", "Vector Database"),
        ("vectr databse", "Vector Database"),
        ("token", "Token"),
        ("hallucinations", "Hallucination"),
    ],
)
def test_queries_find_their_term_first(client, seeded, query, expected):
    # The same table on SQLite (FTS5 trigram index) and PostgreSQL (full text and pg_trgm).
    assert result_titles(client.get("/glossary/search/", {"q": query}))[0] == expected


def test_a_short_query_finds_whole_words_and_aliases_before_look_alikes(client, seeded):
    titles = result_titles(client.get("/glossary/search/?q=rag"))
    assert titles[0] == "Retrieval-Augmented Generation"  # its alias is RAG
    assert not {"Token", "Transformer", "Training Data"} & set(titles)  # "storage", "average"
    html = main_html(client.get("/glossary/search/?q=rag"))
    # Every result after the alias shows the word where it stands.
    assert html.count("<mark>RAG</mark>") >= len(titles) - 2


def test_every_loaded_term_is_found_by_its_title_first(seeded):
    for term in Term.objects.published():
        assert Term.objects.search(term.title).first() == term, term.title


def test_a_deleted_term_leaves_the_index(client):
    make_term(title="Quokka", summary="A small marsupial.")
    make_term(title="Wombat", summary="Another marsupial.")
    assert result_titles(client.get("/glossary/search/?q=marsupial")) == ["Quokka", "Wombat"]
    Term.objects.filter(title="Quokka").delete()
    cache.clear()
    assert result_titles(client.get("/glossary/search/?q=marsupial")) == ["Wombat"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
            assert cursor.fetchone() == (1,)


@pytest.mark.postgres
def test_full_text_is_stemmed_and_ranked_by_weight(client):
    make_term(title="Zeta", summary="Plain.", example="Models are trained on corpora.")
    make_term(title="Alpha", summary="Trains models on corpora.")
    make_term(title="Model training", summary="Plain.", example="")
    titles = result_titles(client.get("/glossary/search/?q=training"))
    # Title (A) before summary (B) before article text (C); "trained" and "trains" stem alike.
    assert titles == ["Model training", "Alpha", "Zeta"]


def test_search_index_is_kept_current_on_save(client):
    term = make_term(title="Retrieval", summary="Fetching documents.")
    assert result_titles(client.get("/glossary/search/?q=quokka")) == []
    alias = make_alias(term, "quokka search")
    assert result_titles(client.get("/glossary/search/?q=quokka")) == ["Retrieval"]
    alias.delete()
    faq = make_faq(term, question="Why?", answer="Because of wombats.")
    assert result_titles(client.get("/glossary/search/?q=wombats")) == ["Retrieval"]
    faq.delete()
    assert result_titles(client.get("/glossary/search/?q=wombats")) == []
    term.summary = "Now about platypus."
    term.save()
    assert result_titles(client.get("/glossary/search/?q=platypus")) == ["Retrieval"]


@pytest.mark.postgres
def test_bulk_created_terms_are_found_once_indexed(client):
    make_term(title="Vector search")
    Term.objects.bulk_create(
        [Term(title="Vector database", slug="vector-database", summary="Stores vectors.",
              status=Term.Status.PUBLISHED, published_at=timezone.now(),
              index_letter="V", sort_key="vector database")]
    )  # fmt: skip
    assert result_titles(client.get("/glossary/search/?q=vector")) == ["Vector search"]
    index_terms(Term.objects.filter(slug="vector-database"))
    cache.clear()
    titles = result_titles(client.get("/glossary/search/?q=vector"))
    assert titles == ["Vector database", "Vector search"]


@pytest.mark.postgres
def test_gin_index_and_trigram_extension_exist():
    with connection.cursor() as cursor:
        cursor.execute("select indexdef from pg_indexes where indexname = 'term_search_vector'")
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
        cursor.execute("select 1 from pg_extension where extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)


@pytest.mark.postgres
def test_fixture_load_fills_search_vectors(seeded):
    assert not Term.objects.filter(search_vector__isnull=True).exists()


def test_stop_words_of_the_query_are_never_highlighted(client):
    make_term(
        title="AI Agent",
        summary="What an agent is: a system that acts on its own for you.",
        plain_english="An agent plans what it is going to do, then does it.",
    )
    html = main_html(client.get("/glossary/search/?q=what+is+an+agent"))
    assert "<mark>agent</mark>" in html
    for stop_word in ("What", "what", "is", "an", "it"):
        assert f"<mark>{stop_word}</mark>" not in html
