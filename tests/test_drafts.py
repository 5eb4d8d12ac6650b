"""Drafts of changes to live terms: saved aside, seen by staff only, published by Publishers."""

import pytest
from django.test import Client
from reversion.models import Revision, Version

from terms import content_version
from terms.linking import link_targets
from terms.models import FAQ, PendingChange, RelatedLink, Term
from tests.admin_forms import change_form_data
from tests.builders import log_in_as, make_alias, make_faq, make_link, make_term, topic_ids

pytestmark = pytest.mark.django_db


def live_state(term: Term) -> tuple:
    """Return everything readers see of `term`: its row, FAQs, links, topics and aliases."""
    term = Term.objects.get(pk=term.pk)
    return (
        {name: getattr(term, name) for name in ("title", "slug", "summary", "plain_english")},
        term.updated_at,
        list(term.faqs.values_list("pk", "question", "answer")),
        list(term.related_links.values_list("pk", "target", "url")),
        sorted(term.tags.names()),
        list(term.aliases.values_list("name", flat=True)),
    )


@pytest.fixture
def live_term():
    target = make_term(title="Embedding", slug="embedding")
    term = make_term(title="Token", slug="token", tags=["Fundamentals"])
    make_faq(term, question="What is a token?", answer="A piece of a word.")
    make_link(term, target)
    make_alias(term, "Tokens")
    return term


def drafted(client, term: Term, **changes) -> dict:
    """Return the change form of `term` as `client` sees it, with `changes` typed in."""
    data = change_form_data(client.get(f"/admin/terms/term/{term.pk}/change/"))
    data.update(changes)
    return data


def save_draft(client, term: Term, **changes):
    data = drafted(client, term, **changes) | {"_save_draft": "Save draft"}
    return client.post(f"/admin/terms/term/{term.pk}/change/", data)


def draft_changes() -> dict:
    """Return a draft's changes to every part of the article, as the change form posts them."""
    return {
        "summary": "A drafted summary, not yet live.",
        "plain_english": "Drafted words about Embedding.",
        "faqs-0-question": "What is a drafted question?",
        "tags": topic_ids("Fundamentals", "Drafted Topic"),
        "aliases-0-name": "Drafted Alias",
        "related_links-0-url": "",
    }


def test_editors_save_draft_on_a_live_term_never_changes_the_live_rows(editor, live_term):
    changes = draft_changes()  # creates the topics it picks, which is content of its own
    before = live_state(live_term)
    revisions = Revision.objects.count()
    version = content_version.current().number
    response = save_draft(editor, live_term, **changes)
    assert response.status_code == 302
    assert live_state(live_term) == before
    assert Revision.objects.count() == revisions
    assert content_version.current().number == version
    pending = PendingChange.objects.get(term=live_term)
    assert pending.form_data["summary"] == ["A drafted summary, not yet live."]
    assert pending.saved_by.username == "editor"


def test_change_page_and_list_say_the_term_has_unpublished_changes(editor, live_term):
    save_draft(editor, live_term, summary="A drafted summary, not yet live.")
    html = editor.get(f"/admin/terms/term/{live_term.pk}/change/").content.decode()
    assert "This term has unpublished changes" in html
    assert "A drafted summary, not yet live." in html  # the form shows the draft
    listing = editor.get("/admin/terms/term/").content.decode()
    assert "This term has unpublished changes" in listing
    filtered = editor.get("/admin/terms/term/?workflow=changes").context["cl"].result_list
    assert [term.slug for term in filtered] == ["token"]


def test_saving_the_draft_again_keeps_the_earlier_changes_shown_in_the_form(editor, live_term):
    save_draft(editor, live_term, **draft_changes())
    save_draft(editor, live_term, title="Token (drafted)")
    article = PendingChange.objects.get(term=live_term).article
    assert article["term"]["title"] == "Token (drafted)"
    assert article["term"]["summary"] == "A drafted summary, not yet live."
    assert "Drafted Topic" in article["topics"]


def test_staff_preview_the_draft_at_the_terms_address_and_readers_see_the_live_page(
    editor, live_term
):
    save_draft(editor, live_term, **draft_changes())
    staff = editor.get("/glossary/token/")
    html = staff.content.decode()
    assert "Preview — not published." in html and "unpublished changes" in html
    assert "A drafted summary, not yet live." in html
    assert "What is a drafted question?" in html and "Drafted Topic" in html
    assert {"private", "no-store"} <= set(staff["Cache-Control"].split(", "))
    assert '<meta name="robots" content="noindex, nofollow">' in html
    reader = Client().get("/glossary/token/").content.decode()
    assert "A drafted summary" not in reader and "Preview" not in reader
    assert "What is a token?" in reader and "Summary of term" in reader
    # The page cache holds the live page: a second reader gets it again.
    assert "A drafted summary" not in Client().get("/glossary/token/").content.decode()


def test_search_sitemap_and_auto_links_see_only_the_live_version(editor, live_term):
    save_draft(editor, live_term, title="Drafted Title", summary="Zanzibar drafted summary.")
    assert list(Term.objects.search("Zanzibar")) == []
    assert [t.slug for t in Term.objects.search("Token")] == ["token"]
    assert ("Drafted Title", "/glossary/token/") not in link_targets()
    assert any(url == "/glossary/token/" for _, url in link_targets())
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "/glossary/token/" in sitemap
    feed = Client().get("/glossary/feed/").content.decode()
    assert "Drafted Title" not in feed and "Token" in feed


def test_publisher_publishes_the_draft_in_one_revision(client, live_term):
    editor = log_in_as(client, "Editor")
    save_draft(editor, live_term, **draft_changes())
    publisher = log_in_as(Client(), "Publisher")
    response = publisher.post(f"/admin/terms/term/{live_term.pk}/publish/", {"post": "yes"})
    assert response.status_code == 302
    term = Term.objects.get(pk=live_term.pk)
    assert term.summary == "A drafted summary, not yet live."
    assert term.status == Term.Status.PUBLISHED
    assert list(term.faqs.values_list("question", flat=True)) == ["What is a drafted question?"]
    assert sorted(term.tags.names()) == ["Drafted Topic", "Fundamentals"]
    assert list(term.aliases.values_list("name", flat=True)) == ["Drafted Alias"]
    assert not PendingChange.objects.filter(term=term).exists()
    latest = Version.objects.get_for_object(term).first()
    assert latest.revision.user.username == "publisher"
    assert latest.field_dict["summary"] == "A drafted summary, not yet live."
    assert "A drafted summary" in Client().get("/glossary/token/").content.decode()


def test_editor_cannot_publish_a_draft_of_changes(editor, live_term):
    save_draft(editor, live_term, **draft_changes())
    before = live_state(live_term)
    response = editor.post(f"/admin/terms/term/{live_term.pk}/publish/", {"post": "yes"})
    assert response.status_code == 403
    assert live_state(live_term) == before
    assert PendingChange.objects.filter(term=live_term).exists()


def test_editors_plain_save_of_a_term_with_a_draft_goes_into_the_draft(editor, live_term):
    save_draft(editor, live_term, summary="A drafted summary, not yet live.")
    before = live_state(live_term)
    data = drafted(editor, live_term, title="Token, saved plainly")
    response = editor.post(f"/admin/terms/term/{live_term.pk}/change/", data | {"_save": "Save"})
    assert response.status_code == 302
    assert live_state(live_term) == before
    article = PendingChange.objects.get(term=live_term).article["term"]
    assert article["title"] == "Token, saved plainly"
    assert article["summary"] == "A drafted summary, not yet live."


def test_discard_draft_drops_it_and_leaves_the_live_term(editor, live_term):
    save_draft(editor, live_term, **draft_changes())
    before = live_state(live_term)
    response = editor.post(f"/admin/terms/term/{live_term.pk}/draft/discard/")
    assert response.status_code == 302
    assert not PendingChange.objects.filter(term=live_term).exists()
    assert live_state(live_term) == before
    html = editor.get(f"/admin/terms/term/{live_term.pk}/change/").content.decode()
    assert "This term has unpublished changes" not in html and "What is a token?" in html


def test_a_draft_that_no_longer_validates_is_not_published_and_says_why(publisher, live_term):
    save_draft(publisher, live_term, **draft_changes())
    other = make_term(title="Other", slug="other")
    make_alias(other, "Drafted Alias")  # taken since the draft was saved
    before = live_state(live_term)
    response = publisher.post(
        f"/admin/terms/term/{live_term.pk}/publish/", {"post": "yes"}, follow=True
    )
    assert "cannot be published as it is" in response.content.decode()
    assert "Another term already has this alias." in response.content.decode()
    assert live_state(live_term) == before
    assert PendingChange.objects.filter(term=live_term).exists()


def test_save_draft_with_an_error_shows_the_form_error_and_keeps_nothing(editor, live_term):
    before = live_state(live_term)
    response = save_draft(editor, live_term, summary="")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert live_state(live_term) == before
    assert not PendingChange.objects.exists()


def test_save_draft_is_offered_on_published_terms_only(editor, live_term):
    draft = make_term(status=Term.Status.DRAFT)
    assert 'name="_save_draft"' in editor.get(f"/admin/terms/term/{live_term.pk}/change/").text
    assert 'name="_save_draft"' not in editor.get(f"/admin/terms/term/{draft.pk}/change/").text


def test_deleting_a_draft_faq_row_only_happens_on_publish(publisher, live_term):
    faq = FAQ.objects.get(term=live_term)
    save_draft(publisher, live_term, **{"faqs-0-DELETE": "on", "related_links-0-DELETE": "on"})
    assert FAQ.objects.filter(pk=faq.pk).exists()
    assert RelatedLink.objects.filter(term=live_term).count() == 1
    publisher.post(f"/admin/terms/term/{live_term.pk}/publish/", {"post": "yes"})
    assert not FAQ.objects.filter(pk=faq.pk).exists()
    assert RelatedLink.objects.filter(term=live_term).count() == 0
