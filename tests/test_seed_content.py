"""The seed glossary: at least 100 complete terms, each valid, tight, linked and reachable."""

import re
import statistics
from collections import Counter
from itertools import combinations

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
# The seed page stays word for word; the rules on its text apply to every other term.
SEED_PAGE = "fine-tuning"
# Aliases the review found wrong or misleading.
REMOVED_ALIASES = {"in-context learning", "int4 quantization", "tokenization", "document ai", "cv"}
WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
# Words that carry no subject: articles, auxiliaries, pronouns, "what"/"how" and comparison
# words. What is left of a question is what it asks about.
QUESTION_FILLER = {
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did",
    "doing", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "i", "me",
    "my", "we", "our", "you", "your", "it", "its", "they", "them", "their", "this", "that",
    "these", "those", "there", "here", "what", "which", "how", "whether", "if", "or", "and", "but",
    "so", "than", "then", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without",
    "about", "into", "as", "vs", "versus", "same", "different", "difference", "differ", "compare",
    "compared", "between", "other", "one", "need", "use", "used", "using", "get", "make", "really",
    "actually", "much", "many",
}  # fmt: skip


def words(text: str) -> list[str]:
    """Return `text`'s words: lowercase runs of letters and digits, inner ' and - kept."""
    return WORD.findall(text.casefold())


def share_with(text: str, other: str) -> float:
    """Return the fraction of `text`'s distinct words that also occur in `other`."""
    own = set(words(text))
    return len(own & set(words(other))) / len(own)


def glossary_names(terms) -> dict[str, str]:
    """Map every title and alias, casefolded, to its term's slug."""
    names = {alias.name.casefold(): term.slug for term in terms for alias in term.aliases.all()}
    return names | {term.title.casefold(): term.slug for term in terms}


def subject_words(question: str, names: dict[str, str]) -> frozenset[str]:
    """Return a question's normalised words.

    Each glossary name in it counts as one word (its term's slug), so "large language model"
    weighs as much as "LLM"; filler words go; a plural -s is dropped.
    """
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    named = re.sub(
        rf"(?<![\w-])({alternatives})s?(?![\w-])",
        lambda match: names[match[1]],
        question.casefold(),
    )
    return frozenset(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in words(named)
        if word not in QUESTION_FILLER
    )


def overlap(a: frozenset, b: frozenset) -> float:
    """Return the share of all their words two word sets have in common (Jaccard index)."""
    return len(a & b) / max(1, len(a | b))


@pytest.fixture
def terms():
    call_command("loaddata", "glossary", verbosity=0)
    return list(
        Term.objects.published().prefetch_related(
            "faqs", "related_links__target", "tags", "aliases"
        )
    )


def rewritten(terms):
    return [term for term in terms if term.slug != SEED_PAGE]


def test_at_least_a_hundred_published_terms(terms):
    assert len(terms) >= 100
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


def test_every_term_has_a_review_date(terms):
    assert [term.slug for term in terms if term.reviewed_on is None] == []


def test_summaries_are_one_unique_sentence_under_160_characters(terms):
    summaries = [term.summary for term in terms]
    assert len(set(summaries)) == len(summaries)
    for summary in summaries:
        assert len(summary) < 160, summary
        assert summary.endswith(".") and summary.count(". ") == 0, summary


def test_technical_definitions_are_tight(terms):
    lengths = {term.slug: len(term.technical_definition.split()) for term in terms}
    assert statistics.median(lengths.values()) <= 60
    assert {slug: n for slug, n in lengths.items() if n > 90} == {}


def test_first_faq_does_not_restate_the_summary(terms):
    restating = {
        term.slug: round(share, 2)
        for term in rewritten(terms)
        if (share := share_with(term.faqs.all()[0].answer, term.summary)) >= 0.30
    }
    assert restating == {}


def test_no_question_is_asked_twice_in_substance(terms):
    names = glossary_names(terms)
    questions = [
        (term.slug, faq.question, subject_words(faq.question, names))
        for term in terms
        for faq in term.faqs.all()
    ]
    repeated = [
        (first[:2], second[:2])
        for first, second in combinations(questions, 2)
        if overlap(first[2], second[2]) >= 0.70
    ]
    assert repeated == []


NAMES = {
    "ai": "artificial-intelligence", "machine learning": "machine-learning",
    "ml": "machine-learning",
    "large language model": "large-language-model", "diffusion model": "diffusion-model",
    "fine-tuning": "fine-tuning", "rag": "rag", "data labeling": "data-labeling",
}  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second", "repeated"),
    [
        ("Is AI the same as machine learning?", "How is ML different from AI?", True),
        ("What does fine-tuning cost?", "How much does fine-tuning cost?", True),
        ("How is RAG different from fine-tuning?", "How is fine-tuning different from RAG?", True),
        ("How is RAG different from fine-tuning?", "When is fine-tuning worth it?", False),
        ("What is a large language model?", "Is a diffusion model a large language model?", False),
        ("What is data labeling?", "Who does data labeling?", False),
    ],
)
def test_overlap_measure(first, second, repeated):
    measured = overlap(subject_words(first, NAMES), subject_words(second, NAMES))
    assert (measured >= 0.70) is repeated


def test_business_use_cases_do_not_open_with_who_uses_it(terms):
    opening = re.compile(r"^(companies|businesses|teams|organi[sz]ations) use\b", re.IGNORECASE)
    assert [term.slug for term in rewritten(terms) if opening.match(term.business_use_case)] == []


def test_each_term_has_one_to_three_topics_from_the_list(terms):
    for term in terms:
        names = {tag.name for tag in term.tags.all()}
        assert 1 <= len(names) <= 3, term.slug
        assert names <= TOPICS, term.slug


def test_each_term_links_three_to_five_other_published_terms(terms):
    published = {term.pk for term in terms}
    for term in terms:
        links = term.related_links.all()
        assert 3 <= len(links) <= 5, term.slug
        targets = [link.target_id for link in links]
        assert all(targets) and len(set(targets)) == len(targets), term.slug
        assert term.pk not in targets, term.slug
        assert set(targets) <= published, term.slug
        assert [link.position for link in links] == list(range(1, len(links) + 1)), term.slug


def test_every_term_is_linked_from_at_least_two_others(terms):
    inbound = Counter(link.target_id for term in terms for link in term.related_links.all())
    assert [term.slug for term in terms if inbound[term.pk] < 2] == []


def test_aliases_cover_the_names_readers_use(terms):
    aliases = {alias.name: term.slug for term in terms for alias in term.aliases.all()}
    assert aliases["LLM"] == "large-language-model"
    assert aliases["RAG"] == "retrieval-augmented-generation"
    assert aliases["RLHF"] == "rlhf"
    assert aliases["MCP"] == "model-context-protocol"


def test_aliases_are_unique_and_not_misleading(terms):
    titles = Counter(term.title.casefold() for term in terms)
    names = Counter(alias.name.casefold() for term in terms for alias in term.aliases.all())
    assert [name for name, n in names.items() if n > 1 or name in titles] == []
    assert set(names) & REMOVED_ALIASES == set()


def test_a_title_starts_with_a_digit(terms):
    assert any(term.title[0].isdigit() for term in terms)


def test_fine_tuning_keeps_its_three_related_terms(terms):
    fine_tuning = next(term for term in terms if term.slug == "fine-tuning")
    titles = [link.target.title for link in fine_tuning.related_links.all()]
    assert titles == FOUNDATION_RELATED


@pytest.mark.parametrize("slug", ["red-teaming", "human-in-the-loop", "foundation-model"])
def test_mentions_of_the_eu_ai_act_link_to_it(client, terms, slug):
    assert 'href="/glossary/eu-ai-act/"' in client.get(f"/glossary/{slug}/").content.decode()


def test_every_term_page_answers(client, terms):
    for term in terms:
        response = client.get(term.get_absolute_url())
        assert response.status_code == 200, term.slug
        assert f"<h1>{term.title}</h1>".encode() in response.content.replace(b"&amp;", b"&")
