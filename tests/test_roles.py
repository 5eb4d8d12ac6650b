"""Editors write; Publishers also publish, unpublish and delete; neither manages accounts."""

import pytest
import reversion
from django.contrib.auth.models import Group
from reversion.models import Version

from terms.models import FAQ, CallToAction, Term
from tests.admin_forms import change_form_data
from tests.builders import log_in_as, make_faq, make_link, make_term
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
        "/admin/taggit/tag/add/",
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
