"""The seed glossary: at least 60 complete terms, each valid, linked and reachable."""

from collections import Counter

import pytest
from django.core.management import call_command

from terms.models import Term

pytestmark = pytest.mark.django_db

TOPICS = {
    "Fundamentals",
    "Generative AI",
    "Building with AI",
    "Data & Governance",
    "AI in Business",
}
FOUNDATION_RELATED = ["Machine Learning", "Large Language Model", "Prompt Engineering"]


@pytest.fixture
def terms():
    call_command("loaddata", "glossary", verbosity=0)
    return list(
        Term.objects.published().prefetch_related(
            "faqs", "related_links__target", "tags", "aliases"
        )
    )


def test_at_least_sixty_published_terms(terms):
    assert len(terms) >= 60
    assert not Term.objects.exclude(pk__in=[t.pk for t in terms]).exists()


def test_every_term_passes_model_validation(terms):
    for term in terms:
        term.full_clean()
        for related in [*term.faqs.all(), *term.related_links.all(), *term.aliases.all()]:
            related.full_clean()


def test_every_term_is_complete(terms):
    for term in terms:
        assert len(term.sections) == 4, term.slug
        assert 2 <= len(term.faqs.all()) <= 4, term.slug
        questions = [faq.question.casefold() for faq in term.faqs.all()]
        assert len(set(questions)) == len(questions), term.slug
        assert all(faq.answer.strip() for faq in term.faqs.all()), term.slug


def test_summaries_are_one_unique_sentence_under_160_characters(terms):
    summaries = [term.summary for term in terms]
    assert len(set(summaries)) == len(summaries)
    for summary in summaries:
        assert len(summary) < 160, summary
        assert summary.endswith(".") and summary.count(". ") == 0, summary


def test_each_term_has_one_to_three_topics_from_the_list(terms):
    for term in terms:
        names = {tag.name for tag in term.tags.all()}
        assert 1 <= len(names) <= 3, term.slug
        assert names <= TOPICS, term.slug


def test_each_term_links_three_other_published_terms(terms):
    published = {term.pk for term in terms}
    for term in terms:
        links = term.related_links.all()
        assert len(links) == 3, term.slug
        targets = [link.target_id for link in links]
        assert all(targets) and len(set(targets)) == 3, term.slug
        assert term.pk not in targets, term.slug
        assert set(targets) <= published, term.slug


def test_every_term_is_linked_from_somewhere(terms):
    inbound = Counter(link.target_id for term in terms for link in term.related_links.all())
    assert [term.slug for term in terms if not inbound[term.pk]] == []


def test_aliases_cover_the_names_readers_use(terms):
    aliases = {alias.name: term.slug for term in terms for alias in term.aliases.all()}
    assert aliases["LLM"] == "large-language-model"
    assert aliases["RAG"] == "retrieval-augmented-generation"
    assert aliases["RLHF"] == "rlhf"


def test_a_title_starts_with_a_digit(terms):
    assert any(term.title[0].isdigit() for term in terms)


def test_fine_tuning_keeps_its_three_related_terms(terms):
    fine_tuning = next(term for term in terms if term.slug == "fine-tuning")
    titles = [link.target.title for link in fine_tuning.related_links.all()]
    assert titles == FOUNDATION_RELATED


def test_every_term_page_answers(client, terms):
    for term in terms:
        response = client.get(term.get_absolute_url())
        assert response.status_code == 200, term.slug
        assert f"<h1>{term.title}</h1>".encode() in response.content.replace(b"&amp;", b"&")
