"""`manage.py seed_synthetic --terms N` adds N complete published terms in bulk."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from terms.management.commands.seed_synthetic import TOPICS
from terms.models import FAQ, Alias, RelatedLink, TaggedTerm, Term, Topic
from terms.quality import check_term
from tests.builders import make_term

pytestmark = pytest.mark.django_db


def seed(n: int) -> None:
    call_command("seed_synthetic", terms=str(n), stdout=StringIO())


def test_adds_n_published_terms_with_everything_a_term_page_shows():
    seed(12)
    terms = Term.objects.all()
    assert Term.objects.published().count() == 12
    for term in terms:
        assert len(term.summary) < 160
        assert len(term.sections) == 4
        assert term.faqs.count() == 3
        assert term.related_links.filter(target__isnull=False).count() == 3
        assert 1 <= term.tags.count() <= 3
        assert term.index_letter == term.title[0]
        assert term.sort_key == term.title.casefold()
        assert term.related_links.filter(target=term).count() == 0
    assert Alias.objects.filter(term__in=terms).count() == 4
    assert all(alias.sort_key for alias in Alias.objects.all())


def test_synthetic_terms_pass_the_editors_checklist():
    seed(6)
    published = set(Term.objects.published().values_list("pk", flat=True))
    for term in Term.objects.all():
        assert [check.label for check in check_term(term, published) if not check.passed] == []


def test_term_index_letter_topic_and_search_pages_answer(client):
    seed(30)
    term = Term.objects.get(slug="bayesian-token-routing")
    for path in [
        term.get_absolute_url(),
        "/glossary/",
        "/glossary/letter/b/",
        "/glossary/topics/fundamentals/",
        "/glossary/search/?q=bayesian",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get(term.get_absolute_url()).content.decode()
    assert "When should I use a Bayesian Token Routing?" in page
    for link in term.related_links.all():
        assert f'href="{link.target.get_absolute_url()}"' in page
    assert b"Bayesian Token Routing" in client.get("/glossary/search/?q=bayesian").content


def test_cached_pages_show_the_new_terms_at_once(client):
    for name, slug in TOPICS.items():
        Topic.objects.create(name=name, slug=slug)
    assert b"Adaptive Token Routing" not in client.get("/glossary/").content
    seed(3)
    assert b"Adaptive Token Routing" in client.get("/glossary/").content


def test_a_second_run_is_refused_and_changes_nothing():
    seed(5)
    counts = [model.objects.count() for model in (Term, FAQ, RelatedLink, Alias, TaggedTerm)]
    with pytest.raises(CommandError, match="already exist"):
        seed(5)
    assert [m.objects.count() for m in (Term, FAQ, RelatedLink, Alias, TaggedTerm)] == counts


def test_a_clash_with_an_existing_term_adds_nothing():
    make_term(title="Causal Token Routing", slug="causal-token-routing")
    before = Term.objects.count()
    with pytest.raises(CommandError, match="1 of the 5 synthetic slugs already exist"):
        seed(5)
    assert Term.objects.count() == before


def test_an_alias_clash_rolls_back_the_terms_already_inserted():
    other = make_term(title="Something Else", slug="something-else")
    Alias.objects.create(term=other, name="Adaptive Token Routing Methods")
    before = Term.objects.count()
    with pytest.raises(CommandError, match="aliases already exist"):
        seed(5)
    assert Term.objects.count() == before


@pytest.mark.parametrize("bad", ["0", "-3", "ten", "2.5", "1000000"])
def test_bad_counts_are_refused_with_a_clear_message(bad):
    before = Term.objects.count()
    with pytest.raises(CommandError, match="expected a"):
        seed(bad)
    assert Term.objects.count() == before


def test_a_single_term_has_no_related_links_to_itself():
    seed(1)
    term = Term.objects.get(slug="adaptive-token-routing")
    assert term.related_links.count() == 0
    assert term.faqs.count() == 3


@pytest.mark.postgres
def test_search_vectors_are_written_in_bulk_on_postgresql(client):
    seed(30)
    assert connection.vendor == "postgresql"
    assert not Term.objects.filter(slug__endswith="-routing", search_vector__isnull=True).exists()
    # A typo finds the term through trigram similarity, a section word through the vector.
    assert b"Bayesian Token Routing" in client.get("/glossary/search/?q=bayesain").content
    assert b"Bayesian Token Routing" in client.get("/glossary/search/?q=retailer").content
