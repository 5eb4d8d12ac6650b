"""Every signal receiver of the glossary, connected once, in the order a save must run them.

This is the one place for receivers, those that keep the content version (the cache's) included:
`TermsConfig.ready()` calls `connect()`. A receiver says only when something happens; what
happens is a plain function of the module that owns it. Raw saves (fixtures, restored revisions)
send these signals too, so nothing here may rely on `Term.save()` or the admin.
"""

from django.core.signals import request_finished
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from terms import content_version, letters, missing, slug_history
from terms.models import (
    FAQ,
    Alias,
    CallToAction,
    RelatedLink,
    SlugRedirect,
    TaggedTerm,
    Term,
    Topic,
    clean_editor_text,
)
from terms.search import indexing

# Every model whose text editors write, in the admin or in a fixture.
EDITED_MODELS = [CallToAction, Term, Alias, SlugRedirect, FAQ, RelatedLink, Topic]
# Every model whose rows some public page shows.
CONTENT_MODELS = [Term, FAQ, RelatedLink, CallToAction, Alias, Topic, TaggedTerm, SlugRedirect]


def clean_text(sender, instance, **kwargs) -> None:
    """Clean every text field an editor fills, before anything reads it."""
    clean_editor_text(instance)


def set_index_keys(sender, instance, **kwargs) -> None:
    """Store the index letter and sort key of the cleaned name."""
    name = instance.title if sender is Term else instance.name
    for field, value in letters.index_keys(name).items():
        setattr(instance, field, value)


def remember_old_slug(sender, instance: Term, **kwargs) -> None:
    """Note the slug the term has in the database, before the save overwrites it."""
    instance._slug_before_save = slug_history.slug_in_database(instance)


def record_slug_change(sender, instance: Term, **kwargs) -> None:
    """Keep the term's old address working after a rename."""
    slug_history.record_rename(instance, instance._slug_before_save)


def update_search_index(sender, instance, using, **kwargs) -> None:
    """Rewrite what search reads of the term saved, or of the term whose alias or FAQ changed."""
    indexing.index_term(instance.pk if sender is Term else instance.term_id, using)


def end_content_version(sender, **kwargs) -> None:
    """End the content version, since a page may show what changed."""
    content_version.invalidate()


def end_content_version_on_topics(sender, action: str, **kwargs) -> None:
    """End the content version once topics were added to or removed from a term."""
    if action.startswith("post_"):
        content_version.invalidate()


def save_missing_searches(**kwargs) -> None:
    """Write the counted searches that found nothing, at most once a minute per process."""
    missing.flush_if_due()


def connect() -> None:
    """Connect every receiver once (again is a no-op), in the order each save runs them."""
    # Before a save:
    # text is cleaned first, so every receiver after it reads what will be stored;
    _connect(pre_save, clean_text, EDITED_MODELS)
    # the index keys come from the cleaned title or alias name;
    _connect(pre_save, set_index_keys, [Term, Alias])
    # the slug still in the database is read before the save replaces it.
    _connect(pre_save, remember_old_slug, [Term])
    # After a save or delete:
    # the old slug redirects, so the old address works as soon as the new one does;
    _connect(post_save, record_slug_change, [Term])
    # what search reads (vector or FTS5 row) is rebuilt from the stored row, aliases included;
    _connect(post_save, update_search_index, [Term, Alias, FAQ])
    _connect(post_delete, update_search_index, [Alias, FAQ])
    # the content version ends last, so no page is cached while derived data is being written.
    _connect(post_save, end_content_version, CONTENT_MODELS)
    _connect(post_delete, end_content_version, CONTENT_MODELS)
    _connect(m2m_changed, end_content_version_on_topics, [TaggedTerm])
    # At a request's end, after the response is sent: no reader waits for the write.
    request_finished.connect(save_missing_searches, dispatch_uid="terms.save_missing_searches")


def _connect(signal, receiver, senders) -> None:
    for sender in senders:
        signal.connect(receiver, sender=sender, dispatch_uid=f"terms.{receiver.__name__}")
