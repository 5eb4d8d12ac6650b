"""Every admin save records a revision; editors compare, restore and recover deleted terms."""

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.utils.html import strip_tags
from reversion.models import Version

from terms.models import FAQ, RelatedLink, Term
from tests.admin_forms import change_form_data
from tests.builders import make_faq, make_link, make_term, topic_ids

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("chief", "chief@example.com", "pw-for-tests")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def to_milliseconds(value):
    # Revisions are stored with Django's JSON serializer, which keeps datetimes to the millisecond.
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def snapshot(term: Term) -> dict:
    """Return the term's fields, FAQs, related links and topics as plain data."""
    term.refresh_from_db()
    fields = {
        f.name: to_milliseconds(getattr(term, f.name))
        for f in Term._meta.concrete_fields
        if f.name != "updated_at"
    }
    return {
        "fields": fields,
        "faqs": list(FAQ.objects.filter(term=term).values()),
        "links": list(RelatedLink.objects.filter(term=term).values()),
        "topics": sorted(term.tags.names()),
    }


def edit(client, term, change):
    """Open the term's change form, apply `change` to its POST data, and save it."""
    url = f"/admin/terms/term/{term.pk}/change/"
    data = change_form_data(client.get(url))
    change(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def term_with_inlines():
    target = make_term(title="Machine Learning", slug="machine-learning")
    term = make_term(title="Fine-Tuning", slug="fine-tuning", tags=["Training", "Models"])
    make_faq(term, question="What is fine-tuning?", answer="More *training*.")
    make_faq(term, question="When is it worth it?", answer="When prompting is not enough.")
    make_link(term, target)
    make_link(term, url="https://example.com/guide", title="A guide")
    return term


def test_admin_save_records_a_revision_with_user_and_inlines(
    admin_client, admin_user, term_with_inlines
):
    edit(admin_client, term_with_inlines, lambda data: data.update(summary="Changed."))
    version = Version.objects.get_for_object(term_with_inlines).first()
    assert version.revision.user == admin_user
    assert version.revision.date_created is not None
    stored = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"term", "faq", "relatedlink", "taggedterm"} <= stored


def test_edit_delete_faq_and_restore_brings_back_fields_and_inlines(
    admin_client, term_with_inlines
):
    term = term_with_inlines
    edit(admin_client, term, lambda data: None)  # the first revision: the original content
    original = snapshot(term)

    def change(data):
        data.update(title="Fine tuning (edited)", summary="Edited summary.")
        data["tags"] = topic_ids("Other")
        data["faqs-0-DELETE"] = "on"
        data["related_links-1-url"] = "https://example.com/elsewhere"

    edit(admin_client, term, change)
    assert snapshot(term) != original
    assert term.faqs.count() == 1

    first = Version.objects.get_for_object(term).order_by("pk").first()
    url = f"/admin/terms/term/{term.pk}/history/{first.pk}/"
    form = admin_client.get(url)
    assert form.status_code == 200
    assert snapshot(term)["fields"]["title"] == "Fine tuning (edited)"  # viewing changes nothing
    response = admin_client.post(url, change_form_data(form))
    assert response.status_code == 302

    assert snapshot(term) == original


def test_history_lists_revisions_and_compares_two(admin_client, term_with_inlines):
    term = term_with_inlines
    edit(admin_client, term, lambda data: None)
    edit(admin_client, term, lambda data: data.update(summary="A sharper summary."))
    history = admin_client.get(f"/admin/terms/term/{term.pk}/history/")
    assert history.status_code == 200
    old, new = Version.objects.get_for_object(term).order_by("pk")
    compare = admin_client.get(
        f"/admin/terms/term/{term.pk}/history/compare/",
        {"version_id1": old.pk, "version_id2": new.pk},
    )
    assert compare.status_code == 200
    # A short change is a line diff and a long one a word diff (the ending "." is then shared).
    assert "A sharper summary." in strip_tags(compare.content.decode())
    assert "<ins>" in compare.content.decode()


def test_deleted_term_is_recovered_with_faqs_and_links(admin_client, term_with_inlines):
    term = term_with_inlines
    edit(admin_client, term, lambda data: None)
    original = snapshot(term)
    response = admin_client.post(f"/admin/terms/term/{term.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()
    assert not FAQ.objects.filter(term_id=term.pk).exists()

    recover_list = admin_client.get("/admin/terms/term/recover/")
    assert "Fine-Tuning" in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Term).get(object_id=str(term.pk))
    url = f"/admin/terms/term/recover/{deleted.pk}/"
    response = admin_client.post(url, change_form_data(admin_client.get(url)))
    assert response.status_code == 302

    assert snapshot(term) == original
