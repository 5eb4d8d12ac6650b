"""Every receiver lives in terms.signals, is connected once, and a save runs them in order."""

import sys

import pytest
from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from terms.models import FAQ, Alias, TaggedTerm, Term, Topic
from tests.builders import make_term

pytestmark = pytest.mark.django_db

SIGNALS = [pre_save, post_save, post_delete, m2m_changed]


def glossary_receivers(signal, sender) -> list[str]:
    """Return the glossary's receivers of `signal` from `sender`, in the order they are called."""
    sync, asynchronous = signal._live_receivers(sender)
    return [
        f"{receiver.__module__}.{receiver.__name__}"
        for receiver in [*sync, *asynchronous]
        if receiver.__module__.startswith("terms.")
    ]


def calls_in_signals_module(action) -> list[str]:
    """Return the functions of terms.signals that run during `action()`, in the order called."""
    called = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_globals.get("__name__") == "terms.signals":
            called.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return called


def test_every_receiver_of_every_model_is_in_terms_signals():
    for model in apps.get_models():
        for signal in SIGNALS:
            for name in glossary_receivers(signal, model):
                assert name.startswith("terms.signals."), (model, name)


def test_receivers_are_connected_once_in_the_order_a_save_needs():
    apps.get_app_config("terms").ready()  # connecting again adds nothing
    assert glossary_receivers(pre_save, Term) == [
        "terms.signals.clean_text",
        "terms.signals.set_index_keys",
        "terms.signals.remember_old_slug",
    ]
    assert glossary_receivers(post_save, Term) == [
        "terms.signals.record_slug_change",
        "terms.signals.update_search_index",
        "terms.signals.end_content_version",
    ]
    assert glossary_receivers(pre_save, Alias) == [
        "terms.signals.clean_text",
        "terms.signals.set_index_keys",
    ]
    for model in [Alias, FAQ]:
        for signal in [post_save, post_delete]:
            assert glossary_receivers(signal, model) == [
                "terms.signals.update_search_index",
                "terms.signals.end_content_version",
            ]
    assert glossary_receivers(pre_save, Topic) == ["terms.signals.clean_text"]
    assert glossary_receivers(m2m_changed, TaggedTerm) == [
        "terms.signals.end_content_version_on_topics"
    ]


def test_a_term_save_runs_the_receivers_in_order():
    term = make_term(title="Embedding")
    term.title = "E\u0301clair\x00"  # decomposed, with a control character

    assert calls_in_signals_module(term.save) == [
        "clean_text",
        "set_index_keys",
        "remember_old_slug",
        "record_slug_change",
        "update_search_index",
        "end_content_version",
    ]
    term.refresh_from_db()
    assert (term.title, term.index_letter, term.sort_key) == ("Éclair", "E", "eclair")
