"""At 10,000 complete terms every public page costs a small, fixed number of queries."""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from terms.letters import fold, index_keys
from terms.models import FAQ, Alias, RelatedLink, TaggedTerm, Term, Topic
from terms.search.indexing import index_terms
from terms.search.suggestions import closest_titles, suggestion_candidates

TERMS = 10_000
TOPICS = ["Fundamentals", "Generative AI", "Building with AI", "Data & Governance"]
WORDS = ["Agent", "Bias", "Corpus", "Drift", "Embedding", "Model", "Token", "Vector"]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def coined_word(n: int) -> str:
    """Return a distinct pronounceable word for `n`, as real glossary titles are distinct."""
    first, rest = divmod(n * 7919 % len(SYLLABLES) ** 3, len(SYLLABLES) ** 2)
    second, third = divmod(rest, len(SYLLABLES))
    return (SYLLABLES[first] + SYLLABLES[second] + SYLLABLES[third]).title()


def build_glossary(size: int) -> None:
    """Bulk-create `size` published terms, each with 3 FAQs, 3 related links and 2 topics."""
    now = timezone.now()
    terms = []
    for n in range(size):
        title = f"{coined_word(n)} {WORDS[n % len(WORDS)]}"
        terms.append(
            Term(
                title=title, slug=f"budget-{n:05d}", summary=f"What {title} means.",
                plain_english=f"{title} in plain words, next to {coined_word(n + 1)}.",
                technical_definition=f"{title}, technically.",
                business_use_case=f"Why {title} matters.", example=f"{title} at work.",
                status=Term.Status.PUBLISHED, published_at=now,
                **index_keys(title),
            )
        )  # fmt: skip
    Term.objects.bulk_create(terms, batch_size=2000)
    terms = list(Term.objects.filter(slug__startswith="budget-").order_by("slug"))
    tags = [Topic.objects.get_or_create(name=name)[0] for name in TOPICS]
    faqs, links, tagged, aliases = [], [], [], []
    for n, term in enumerate(terms):
        for i in range(3):
            faqs.append(FAQ(term=term, question=f"Question {i}?", answer="An answer.", position=i))
            target = terms[(n + i + 1) % size]
            links.append(RelatedLink(term=term, target=target, position=i))
        tagged += [TaggedTerm(content_object=term, tag=tags[(n + i) % 4]) for i in range(2)]
        if n % 10 == 0:
            alias = f"{term.title} alias"
            aliases.append(Alias(term=term, name=alias, **index_keys(alias)))
    for model, rows in [(FAQ, faqs), (RelatedLink, links), (TaggedTerm, tagged), (Alias, aliases)]:
        model.objects.bulk_create(rows, batch_size=5000)
    index_terms(Term.objects.all())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: flush the GIN pending lists, refresh stats.
            cursor.execute("VACUUM ANALYZE terms_term")


@pytest.fixture(scope="module")
def glossary(django_db_setup, django_db_blocker):
    """Build the 10,000 terms once for this module, and remove them afterwards."""
    with django_db_blocker.unblock():
        build_glossary(TERMS)
        yield
        # Raw deletes: the ORM's delete would send a signal per FAQ and link.
        with connection.cursor() as cursor:
            for table in [FAQ, RelatedLink, TaggedTerm, Alias, Term, Topic]:
                cursor.execute(f"DELETE FROM {table._meta.db_table}")


@pytest.fixture
def uncached(settings, client, glossary):
    """Return a client whose pages are rendered every time (shared lookups stay warm)."""
    settings.GLOSSARY_PAGE_CACHE = False
    client.get("/glossary/budget-00000/")
    return client


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["budget-00000", "budget-04321", "budget-09999"])
def test_term_page_at_most_five_queries(uncached, django_assert_max_num_queries, slug):
    with django_assert_max_num_queries(5):
        response = uncached.get(f"/glossary/{slug}/")
    assert response.status_code == 200
    assert response.content.decode().count('<details class="faq">') == 3


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/glossary/", 3),
        ("/glossary/letter/b/", 5),
        ("/glossary/letter/b/?page=2", 5),
        ("/glossary/topics/", 1),
        ("/glossary/topics/generative-ai/", 3),
        ("/glossary/topics/generative-ai/?page=5", 3),
        ("/glossary/search/?q=vector", 3),
        ("/glossary/search/?q=vectr", 3),
        ("/glossary/embed/terms.json", 2),
    ],
)
def test_listing_pages_use_a_fixed_number_of_queries(
    uncached, django_assert_num_queries, path, queries
):
    with django_assert_num_queries(queries):
        response = uncached.get(path)
    assert response.status_code == 200


@pytest.mark.postgres
@pytest.mark.parametrize("n", [42, 4321, 9000])
def test_search_for_a_misspelt_title_uses_the_indexes(glossary, n):
    word = coined_word(n).lower()
    typo = word[:-1]  # the last letter forgotten
    assert Term.objects.get(slug=f"budget-{n:05d}") in Term.objects.search(typo)[:10]
    plan = Term.objects.search(typo).explain()
    assert "term_search_vector" in plan
    assert "term_search_names_trgm" in plan
    assert "Seq Scan on terms_term" not in plan


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/glossary/budget-00000.md", 4),
        ("/glossary/budget-09999.md", 4),
        ("/api/terms/budget-00000", 5),
        ("/api/terms/budget-09999", 5),
        ("/api/terms", 3),
        ("/api/terms?page=150", 3),
        ("/api/terms?topic=generative-ai&letter=b", 3),
        ("/api/terms?q=vector", 3),
        ("/api/topics", 1),
        ("/llms.txt", 2),
    ],
)
def test_twins_and_api_use_a_fixed_number_of_queries(
    uncached, django_assert_num_queries, path, queries
):
    with django_assert_num_queries(queries):
        response = uncached.get(path)
    assert response.status_code == 200


@pytest.mark.postgres
@pytest.mark.parametrize("nonsense", ["xqzvbnm wrtplk", "zuvabo qerty", "bakadu"])
def test_suggestions_for_a_search_that_finds_nothing_come_from_the_index(glossary, nonsense):
    plan = suggestion_candidates(" ".join(fold(nonsense).split()))[:20].explain()
    assert "term_search_names_trgm" in plan
    assert "Seq Scan on terms_term" not in plan


@pytest.mark.postgres
@pytest.mark.parametrize("n", [42, 4321, 9000])
def test_a_misspelt_title_is_suggested_among_10000(glossary, n):
    word = coined_word(n).lower()
    typo = word[:2] + word[3] + word[2] + word[4:] + " " + WORDS[n % len(WORDS)].lower()
    assert f"budget-{n:05d}" in [term.slug for term in closest_titles(typo)]


def test_a_search_that_finds_nothing_costs_two_or_three_queries(uncached):
    # The count, then the suggestions: one query on PostgreSQL, titles and aliases on SQLite.
    with CaptureQueriesContext(connection) as queries:
        response = uncached.get("/glossary/search/?q=xqzvbnm+wrtplk")
    assert "No terms match your search." in response.content.decode()
    assert len(queries) == (2 if connection.vendor == "postgresql" else 3)


@pytest.mark.parametrize("path", ["/glossary/embed/terms.json", "/llms.txt"])
def test_whole_glossary_answers_take_memory_in_proportion_to_their_size(uncached, path):
    # Built from model instances, each took about 40 times its size (60 MB for llms.txt).
    tracemalloc.start()
    try:
        size = len(uncached.get(path).content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * size
