"""Editors write; Publishers also publish, unpublish and delete; neither manages accounts."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.utils import timezone
from reversion.models import Version

from terms.models import FAQ, Alias, CallToAction, Term
from tests.admin_forms import change_form_data
from tests.builders import log_in_as, make_alias, make_faq, make_link, make_term
from tests.test_admin import term_form, with_faqs

pytestmark = pytest.mark.django_db


def run_action(client, action, *terms):
    return client.post(
        "/admin/terms/term/",
        {"action": action, "_selected_action": [t.pk for t in terms], "post": "yes"},
    )


ACCOUNT_PAGES = ["/admin/auth/user/", "/admin/auth/user/add/", "/admin/auth/group/"]


@pytest.mark.parametrize("role", ["Editor", "Publisher"])
@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_no_role_manages_users_groups_or_permissions(client, role, url):
    log_in_as(client, role)
    assert client.get(url).status_code == 403
    group = Group.objects.get(name="Editor")
    assert client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/terms/term/add/",
        "/admin/terms/calltoaction/add/",
        "/admin/terms/topic/",
        "/admin/terms/term/",
    ],
)
def test_editor_opens_add_pages_and_lists(editor, url):
    assert editor.get(url).status_code == 200


def test_editor_adds_a_term_with_faqs_but_it_stays_a_draft(editor):
    data = with_faqs(term_form(status="published"), ("Q one?", "A."), ("Q two?", "B."))
    response = editor.post("/admin/terms/term/add/", data)
    assert response.status_code == 302
    term = Term.objects.get(slug="token")
    assert term.status == Term.Status.DRAFT and term.published_at is None
    assert term.faqs.count() == 2


def test_editor_changes_a_term_but_cannot_set_its_status(editor):
    term = make_term(slug="token", status=Term.Status.DRAFT)
    html = editor.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="title"' in html
    response = editor.post(
        f"/admin/terms/term/{term.pk}/change/", term_form(summary="New.", status="published")
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.summary == "New." and term.status == Term.Status.DRAFT


def test_editor_cannot_publish_or_unpublish(editor):
    draft = make_term(status=Term.Status.DRAFT)
    live = make_term()
    html = editor.get("/admin/terms/term/").content.decode()
    assert 'value="publish"' not in html and 'value="unpublish"' not in html
    run_action(editor, "publish", draft)
    run_action(editor, "unpublish", live)
    draft.refresh_from_db(), live.refresh_from_db()
    assert draft.status == Term.Status.DRAFT and live.status == Term.Status.PUBLISHED


def test_editor_cannot_delete_anything(editor):
    term = make_term()
    faq = make_faq(term)
    cta = CallToAction.objects.get(is_default=True)
    assert editor.get(f"/admin/terms/term/{term.pk}/delete/").status_code == 403
    assert editor.post(f"/admin/terms/term/{term.pk}/delete/", {"post": "yes"}).status_code == 403
    assert editor.get(f"/admin/terms/calltoaction/{cta.pk}/delete/").status_code == 403
    assert 'value="delete_selected"' not in editor.get("/admin/terms/term/").content.decode()
    run_action(editor, "delete_selected", term)
    assert Term.objects.filter(pk=term.pk).exists()
    # No delete box on inline rows either.
    html = editor.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert "faqs-0-DELETE" not in html
    assert FAQ.objects.filter(pk=faq.pk).exists()


def test_publisher_publishes_and_unpublishes(publisher):
    draft = make_term(status=Term.Status.DRAFT)
    run_action(publisher, "publish", draft)
    draft.refresh_from_db()
    assert draft.status == Term.Status.PUBLISHED and draft.published_at is not None
    run_action(publisher, "unpublish", draft)
    draft.refresh_from_db()
    assert draft.status == Term.Status.DRAFT


def test_publisher_sets_status_on_the_change_form(publisher):
    term = make_term(slug="token", status=Term.Status.DRAFT)
    response = publisher.post(f"/admin/terms/term/{term.pk}/change/", term_form())
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED


def test_publisher_deletes_a_linked_term_and_a_call_to_action(publisher):
    term = make_term()
    make_faq(term)
    make_link(make_term(), term)
    assert publisher.get(f"/admin/terms/term/{term.pk}/delete/").status_code == 200
    response = publisher.post(f"/admin/terms/term/{term.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()
    cta = CallToAction.objects.create(
        name="Spare", heading="H", body="B", button_label="Go", button_url="/"
    )
    publisher.post(f"/admin/terms/calltoaction/{cta.pk}/delete/", {"post": "yes"})
    assert not CallToAction.objects.filter(pk=cta.pk).exists()


def test_editor_restores_content_but_not_an_old_status(editor):
    term = make_term(slug="token", status=Term.Status.DRAFT)
    with reversion.create_revision():
        term.save()  # the draft revision
    term.summary = "Published summary."
    term.status = Term.Status.PUBLISHED
    term.save()
    version = Version.objects.get_for_object(term).get()
    url = f"/admin/terms/term/{term.pk}/history/{version.pk}/"
    assert editor.get(f"/admin/terms/term/{term.pk}/history/").status_code == 200
    response = editor.post(url, change_form_data(editor.get(url)))
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.summary != "Published summary."
    assert term.status == Term.Status.PUBLISHED


def test_publisher_restores_an_old_status(publisher):
    term = make_term(slug="token", status=Term.Status.DRAFT)
    with reversion.create_revision():
        term.save()
    term.status = Term.Status.PUBLISHED
    term.save()
    version = Version.objects.get_for_object(term).get()
    url = f"/admin/terms/term/{term.pk}/history/{version.pk}/"
    publisher.post(url, change_form_data(publisher.get(url)))
    term.refresh_from_db()
    assert term.status == Term.Status.DRAFT


def test_term_recovered_by_an_editor_comes_back_as_a_draft(editor):
    term = make_term(slug="token")
    with reversion.create_revision():
        term.save()
    with reversion.create_revision():
        term.delete()
    version = Version.objects.get_deleted(Term).get()
    url = f"/admin/terms/term/recover/{version.pk}/"
    response = editor.post(url, change_form_data(editor.get(url)))
    assert response.status_code == 302
    assert Term.objects.get(slug="token").status == Term.Status.DRAFT


def test_editor_cannot_publish_another_term_through_a_version_of_its_faq(client):
    """A Publisher saves B published, then as draft; an Editor reverts B's FAQ version via A."""
    term_a = make_term(pk=900_001, slug="term-a")
    term_b = make_term(slug="term-b", status=Term.Status.DRAFT)
    make_faq(term_b, pk=term_a.pk)  # B's FAQ has A's id, so reversion finds it under A's URL
    log_in_as(client, "Publisher")
    b_url = f"/admin/terms/term/{term_b.pk}/change/"
    client.post(b_url, change_form_data(client.get(b_url)) | {"status": "published"})
    client.post(b_url, change_form_data(client.get(b_url)) | {"status": "draft"})
    published_revision = Version.objects.get_for_object(term_b).order_by("pk").first().revision
    faq_version = published_revision.version_set.get(
        content_type__model="faq", object_id=str(term_a.pk)
    )
    client.logout()
    assert client.get("/glossary/term-b/").status_code == 404

    log_in_as(client, "Editor")
    url = f"/admin/terms/term/{term_a.pk}/history/{faq_version.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, change_form_data(client.get(b_url))).status_code == 404
    client.logout()
    assert client.get("/glossary/term-b/").status_code == 404


def revision_of_two_terms():
    """Return terms A and B saved together in one revision, both published."""
    term_a = make_term(slug="term-a", summary="Old A.")
    term_b = make_term(slug="term-b", summary="Old B.")
    make_faq(term_b, question="Kept?")
    with reversion.create_revision():
        term_a.save()
        term_b.save()
    version = Version.objects.get_for_object(term_a).get()
    # Since then: B was unpublished, A rescheduled, and both got more content.
    Term.objects.filter(pk=term_b.pk).update(status=Term.Status.DRAFT, summary="New B.")
    later = term_a.published_at + timezone.timedelta(days=30)
    Term.objects.filter(pk=term_a.pk).update(published_at=later, summary="New A.")
    make_faq(term_a, question="Added to A?")
    make_faq(term_b, question="Added to B?")
    return term_a, term_b, version


def test_editor_restoring_a_revision_with_another_term_keeps_statuses_and_rows(editor):
    term_a, term_b, version = revision_of_two_terms()
    publish_dates = {t.pk: Term.objects.get(pk=t.pk).published_at for t in (term_a, term_b)}
    url = f"/admin/terms/term/{term_a.pk}/history/{version.pk}/"
    response = editor.post(url, change_form_data(editor.get(url)))
    assert response.status_code == 302

    term_a.refresh_from_db(), term_b.refresh_from_db()
    assert (term_a.summary, term_b.summary) == ("Old A.", "Old B.")  # the content came back
    assert term_a.status == Term.Status.PUBLISHED and term_b.status == Term.Status.DRAFT
    assert {t.pk: t.published_at for t in (term_a, term_b)} == publish_dates
    assert set(FAQ.objects.values_list("question", flat=True)) == {
        "Kept?",
        "Added to A?",
        "Added to B?",
    }


def test_publisher_restoring_a_revision_with_another_term_restores_all_of_it(publisher):
    term_a, term_b, version = revision_of_two_terms()
    url = f"/admin/terms/term/{term_a.pk}/history/{version.pk}/"
    assert publisher.post(url, change_form_data(publisher.get(url))).status_code == 302
    term_b.refresh_from_db()
    assert term_b.status == Term.Status.PUBLISHED
    assert set(FAQ.objects.values_list("question", flat=True)) == {"Kept?"}


def test_recovering_a_version_that_is_not_a_deleted_term_answers_404(editor):
    term = make_term()
    faq = make_faq(term)
    with reversion.create_revision():
        term.save()
        faq.save()
    faq_version = Version.objects.get_for_object(faq).get()
    term_version = Version.objects.get_for_object(term).get()
    assert editor.get(f"/admin/terms/term/recover/{faq_version.pk}/").status_code == 404
    assert editor.get(f"/admin/terms/term/recover/{term_version.pk}/").status_code == 404


def test_editor_restores_an_old_slug_and_the_newer_address_redirects_to_it(editor):
    term = make_term(slug="token")
    with reversion.create_revision():
        term.save()
    version = Version.objects.get_for_object(term).get()
    term.slug = "tokens"
    term.save()  # /glossary/token/ now redirects here
    url = f"/admin/terms/term/{term.pk}/history/{version.pk}/"
    assert editor.post(url, change_form_data(editor.get(url))).status_code == 302
    assert Term.objects.get(pk=term.pk).slug == "token"
    assert editor.get("/glossary/token/").status_code == 200
    assert editor.get("/glossary/tokens/").url == "/glossary/token/"
    assert list(term.old_slugs.values_list("old_slug", flat=True)) == ["tokens"]


def test_editor_restore_that_would_need_a_deletion_says_so_and_changes_nothing(editor):
    term = make_term(slug="token", summary="Old summary.")
    make_alias(term, "Tok")
    with reversion.create_revision():
        term.save()
    version = Version.objects.get_for_object(term).get()
    Alias.objects.filter(term=term).delete()  # a Publisher deleted it; someone added it again
    make_alias(term, "Tok")
    Term.objects.filter(pk=term.pk).update(summary="New summary.")

    url = f"/admin/terms/term/{term.pk}/history/{version.pk}/"
    response = editor.get(url, follow=True)
    assert "cannot be restored without deleting “Tok” (alias)" in response.content.decode()
    term.refresh_from_db()
    assert term.summary == "New summary." and term.aliases.count() == 1
