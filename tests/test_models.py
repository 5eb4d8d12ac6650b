"""The database guards the data: constraints, visibility and natural keys."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from terms.models import FAQ, CallToAction, RelatedLink, Term
from tests.builders import make_faq, make_link, make_term

pytestmark = pytest.mark.django_db


def assert_integrity_error(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


class TestTerm:
    def test_str_and_url(self):
        term = make_term(title="Fine-Tuning", slug="fine-tuning")
        assert str(term) == "Fine-Tuning"
        assert term.get_absolute_url() == "/glossary/fine-tuning/"

    def test_slug_is_unique(self):
        make_term(slug="token")
        assert_integrity_error(lambda: make_term(slug="token"))

    def test_natural_key_round_trip(self):
        term = make_term(slug="embedding")
        assert term.natural_key() == ("embedding",)
        assert Term.objects.get_by_natural_key("embedding") == term

    def test_published_hides_drafts_and_scheduled_terms(self):
        live = make_term()
        make_term(status=Term.Status.DRAFT)
        make_term(published_at=timezone.now() + timezone.timedelta(days=1))
        assert list(Term.objects.published()) == [live]

    def test_first_publish_sets_published_at(self):
        term = make_term(status=Term.Status.DRAFT)
        assert term.published_at is None
        term.status = Term.Status.PUBLISHED
        term.save()
        assert term.published_at is not None
        assert term in Term.objects.published()

    def test_empty_sections_are_left_out(self):
        term = make_term(technical_definition="", example="  ")
        headings = [heading for _, heading, _ in term.sections]
        assert headings == ["In plain English", "Business use case"]

    def test_title_and_summary_are_required(self):
        term = Term(slug="blank")
        with pytest.raises(ValidationError) as error:
            term.full_clean()
        assert {"title", "summary"} <= set(error.value.message_dict)


class TestFAQ:
    def test_ordered_by_position(self):
        term = make_term()
        second = make_faq(term, position=2)
        first = make_faq(term, position=1)
        assert list(term.faqs.all()) == [first, second]

    def test_question_is_unique_within_a_term(self):
        term, other = make_term(), make_term()
        make_faq(term, question="Why?")
        make_faq(other, question="Why?")
        assert_integrity_error(lambda: make_faq(term, question="Why?"))

    def test_natural_key(self):
        faq = make_faq(make_term(slug="rag"), question="What is RAG?")
        assert FAQ.objects.get_by_natural_key(*faq.natural_key()) == faq


class TestRelatedLink:
    def test_defaults_come_from_the_target(self):
        target = make_term(title="Token", plain_english="A piece of text.")
        link = make_link(make_term(), target)
        assert (link.display_title, link.display_blurb) == ("Token", "A piece of text.")
        assert link.href == "/glossary/" + target.slug + "/"

    def test_overrides_win(self):
        link = make_link(make_term(), make_term(), title="Read this", blurb="Because.")
        assert (link.display_title, link.display_blurb) == ("Read this", "Because.")

    def test_needs_exactly_one_of_target_and_url(self):
        term, target = make_term(), make_term()
        assert_integrity_error(lambda: make_link(term))
        assert_integrity_error(lambda: make_link(term, target, url="https://example.com/"))
        make_link(term, url="https://example.com/")

    def test_never_links_to_itself(self):
        term = make_term()
        assert_integrity_error(lambda: make_link(term, term))
        with pytest.raises(ValidationError, match="cannot link to itself"):
            RelatedLink(term=term, target=term).full_clean()

    def test_same_target_at_most_once(self):
        term, target = make_term(), make_term()
        make_link(term, target)
        assert_integrity_error(lambda: make_link(term, target))
        with pytest.raises(ValidationError, match="already links to that term"):
            RelatedLink(term=term, target=target).full_clean()

    def test_same_url_at_most_once(self):
        term = make_term()
        make_link(term, url="https://example.com/")
        assert_integrity_error(lambda: make_link(term, url="https://example.com/"))

    def test_natural_key(self):
        link = make_link(make_term(), make_term())
        assert RelatedLink.objects.get_by_natural_key(*link.natural_key()) == link
        external = make_link(make_term(), url="https://example.com/")
        assert RelatedLink.objects.get_by_natural_key(*external.natural_key()) == external


class TestCallToAction:
    def test_migration_creates_the_default(self):
        default = CallToAction.site_default()
        assert default.heading == "Put AI intelligence to work in your business"
        assert default.button_label == "Get started"
        assert default.button_url == "/"

    def test_at_most_one_default(self):
        assert_integrity_error(
            lambda: CallToAction.objects.create(
                name="Second", heading="h", body="b", button_label="l", button_url="/",
                is_default=True,
            )
        )  # fmt: skip

    def test_button_url_must_be_a_url_or_path(self):
        cta = CallToAction(name="x", heading="h", body="b", button_label="l", button_url="nope")
        with pytest.raises(ValidationError) as error:
            cta.full_clean()
        assert "button_url" in error.value.message_dict
        cta.button_url = "javascript:alert(1)"
        with pytest.raises(ValidationError):
            cta.full_clean()
        cta.button_url = "https://example.com/start"
        cta.full_clean()
