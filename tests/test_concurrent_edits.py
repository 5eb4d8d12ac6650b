"""Two editors on one term: a save never silently replaces a save made after the form opened."""

import threading
from contextlib import contextmanager

import pytest
import reversion
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from reversion.models import Version

from terms.admin_concurrency import TermForm
from terms.models import Alias, Term
from tests.admin_forms import change_form_data
from tests.builders import make_term
from tests.test_admin import errors_of


def staff_client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(username, f"{username}@example.com", "pw"))
    return client


def open_form(client, term):
    """Return the POST data of `term`'s change form as `client` sees it now."""
    return change_form_data(client.get(f"/admin/terms/term/{term.pk}/change/"))


def save(client, term, data):
    return client.post(f"/admin/terms/term/{term.pk}/change/", data)


@pytest.mark.django_db
def test_a_save_from_a_form_opened_before_another_save_is_refused_and_keeps_the_input():
    term = make_term(summary="Original summary.")
    with reversion.create_revision():
        term.save()
    ada, bob = staff_client("ada"), staff_client("bob")
    ada_form, bob_form = open_form(ada, term), open_form(bob, term)
    assert save(bob, term, bob_form | {"summary": "Bob's summary."}).status_code == 302

    response = save(ada, term, ada_form | {"example": "Ada's example."})
    errors = errors_of(response)
    assert "bob" in errors and "changed this term" in errors
    old, new = Version.objects.get_for_object(term).order_by("pk")
    compare = f"/admin/terms/term/{term.pk}/history/compare/"
    query = f"?version_id1={old.pk}&amp;version_id2={new.pk}"
    assert f'href="{compare}{query}"' in response.content.decode()
    assert response.context["adminform"].form["example"].value() == "Ada's example."
    term.refresh_from_db()
    assert term.summary == "Bob's summary." and term.example != "Ada's example."
    compared = ada.get(compare, {"version_id1": old.pk, "version_id2": new.pk})
    assert "Bob&#x27;s summary." in compared.content.decode()


@pytest.mark.django_db
def test_saving_again_after_the_warning_keeps_the_editors_version():
    term = make_term()
    ada, bob = staff_client("ada"), staff_client("bob")
    ada_form = open_form(ada, term)
    save(bob, term, open_form(bob, term) | {"summary": "Bob's summary."})
    refused = save(ada, term, ada_form | {"summary": "Ada's summary."})
    assert refused.status_code == 200
    assert save(ada, term, change_form_data(refused)).status_code == 302
    term.refresh_from_db()
    assert term.summary == "Ada's summary."


@pytest.mark.django_db
def test_a_publish_from_the_list_after_the_form_opened_is_not_undone():
    term = make_term(status=Term.Status.DRAFT)
    ada, bob = staff_client("ada"), staff_client("bob")
    ada_form = open_form(ada, term)
    bob.post(
        "/admin/terms/term/",
        {"action": "publish", "_selected_action": [term.pk], "post": "yes"},
    )
    assert save(ada, term, ada_form | {"status": "draft"}).status_code == 200
    term.refresh_from_db()
    assert term.status == Term.Status.PUBLISHED


@pytest.mark.django_db
def test_saves_one_after_another_from_fresh_forms_work():
    term = make_term()
    ada = staff_client("ada")
    html = ada.get(f"/admin/terms/term/{term.pk}/change/").content.decode()
    assert f'type="hidden" name="opened_version" value="{term.updated_at.isoformat()}"' in html
    for summary in ["First.", "Second."]:
        assert save(ada, term, open_form(ada, term) | {"summary": summary}).status_code == 302
    term.refresh_from_db()
    assert term.summary == "Second."


def post_at_once(*posts):
    """Send each (client, url, data) from its own thread and connection; return the responses."""
    responses = [None] * len(posts)

    def send(index, client, url, data):
        try:
            responses[index] = client.post(url, data)
        except Exception as error:  # a 500, raised by the test client
            responses[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for response in responses:
        if isinstance(response, Exception):
            raise response
    return responses


def wait_for_each_other(parties: int = 2):
    """Return a function that returns only when `parties` threads have called it."""
    barrier = threading.Barrier(parties, timeout=10)

    def wait(*args, **kwargs):
        barrier.wait()

    return wait


@contextmanager
def both_saving(model):
    """Hold each thread's first save of `model` until both threads got there (both validated)."""
    pre_save.connect(
        wait_for_each_other(), sender=model, weak=False, dispatch_uid="test.both_saving"
    )
    try:
        yield
    finally:
        pre_save.disconnect(sender=model, dispatch_uid="test.both_saving")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_term_refuse_the_second(monkeypatch):
    term = make_term()
    ada, bob = staff_client("ada"), staff_client("bob")
    ada_form, bob_form = open_form(ada, term), open_form(bob, term)
    together = wait_for_each_other()
    clean = TermForm.clean
    monkeypatch.setattr(TermForm, "clean", lambda form: together() or clean(form))
    url = f"/admin/terms/term/{term.pk}/change/"
    responses = post_at_once(
        (ada, url, ada_form | {"summary": "Ada's summary."}),
        (bob, url, bob_form | {"example": "Bob's example."}),
    )
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "changed this term" in errors_of(refused)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_new_alias_on_two_terms_at_once_is_a_form_error_for_one():
    first, second = make_term(), make_term()
    ada, bob = staff_client("ada"), staff_client("bob")
    alias = {"aliases-TOTAL_FORMS": "1", "aliases-0-name": "LLM"}
    posts = [
        (client, f"/admin/terms/term/{term.pk}/change/", open_form(client, term) | alias)
        for client, term in [(ada, first), (bob, second)]
    ]
    with both_saving(Alias):
        responses = post_at_once(*posts)
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "Another term already has this alias." in errors_of(refused)
    assert Alias.objects.filter(name="LLM").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_renaming_two_terms_to_one_slug_at_once_is_a_form_error_for_one():
    first, second = make_term(), make_term()
    ada, bob = staff_client("ada"), staff_client("bob")
    posts = [
        (client, f"/admin/terms/term/{term.pk}/change/", open_form(client, term) | {"slug": "same"})
        for client, term in [(ada, first), (bob, second)]
    ]
    with both_saving(Term):
        responses = post_at_once(*posts)
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "Term with this Slug already exists." in errors_of(refused)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_preview_outside_any_test_transaction_renders_and_saves_nothing():
    # Previews check the opened version too; the row lock that check takes needs a transaction.
    term = make_term()
    ada = staff_client("ada")
    data = open_form(ada, term) | {"summary": "A summary nobody saved."}
    response = ada.post(f"/admin/terms/term/{term.pk}/preview/", data)
    assert response.status_code == 200
    assert "A summary nobody saved." in response.content.decode()
    term.refresh_from_db()
    assert term.summary != "A summary nobody saved."
