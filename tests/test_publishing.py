"""Scheduled terms stay hidden until due; staff preview drafts; pages show their update date."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from terms.models import Term
from tests.builders import make_term

pytestmark = pytest.mark.django_db


def test_scheduled_term_is_hidden_until_its_publish_date(client):
    later = make_term(slug="later", published_at=timezone.now() + timezone.timedelta(hours=1))
    assert later.status == Term.Status.PUBLISHED
    assert client.get("/glossary/later/").status_code == 404
    assert "later" not in client.get("/glossary/").content.decode()
    Term.objects.filter(pk=later.pk).update(published_at=timezone.now())
    assert client.get("/glossary/later/").status_code == 200


@pytest.mark.parametrize(
    "state",
    [
        {"status": Term.Status.DRAFT},
        {"published_at": timezone.now() + timezone.timedelta(days=3)},
    ],
    ids=["draft", "scheduled"],
)
def test_staff_preview_unpublished_term_with_banner_noindex_and_no_store(editor, state):
    make_term(slug="secret", title="Secret", **state)
    response = editor.get("/glossary/secret/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview — not published" in html
    assert '<meta name="robots" content="noindex' in html
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_published_term_has_no_preview_banner_for_staff(editor):
    make_term(slug="live")
    response = editor.get("/glossary/live/")
    assert "Preview — not published" not in response.content.decode()
    assert "noindex" not in response.content.decode()


def test_everyone_else_gets_404_for_unpublished_terms(client):
    make_term(slug="secret", status=Term.Status.DRAFT)
    assert client.get("/glossary/secret/").status_code == 404
    client.force_login(User.objects.create_user("reader", password="pw-for-tests"))
    assert client.get("/glossary/secret/").status_code == 404


def test_admin_change_form_links_to_the_preview(editor):
    term = make_term(slug="secret", status=Term.Status.DRAFT)
    html = editor.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert 'href="/glossary/secret/"' in html
    assert "Preview this unpublished page" in html


def test_page_shows_updated_date_of_last_content_change(client):
    term = make_term(slug="dated")
    Term.objects.filter(pk=term.pk).update(updated_at=datetime(2026, 3, 14, 9, 0, tzinfo=UTC))
    html = client.get("/glossary/dated/").content.decode()
    assert 'Updated <time datetime="2026-03-14T09:00:00+00:00">14 March 2026</time>' in html
