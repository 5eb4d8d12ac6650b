"""Topics are the glossary's own model: taggit tags moved by a migration, unique in any case."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from terms.models import TaggedTerm, Term, Topic
from tests.builders import make_term

BEFORE_TOPICS = ("terms", "0013_drafts_and_reviews")


def migrate_to(target) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_migration_moves_tags_and_taggings_to_topics_keeping_ids_names_and_slugs():
    old_apps = migrate_to([BEFORE_TOPICS]).loader.project_state([BEFORE_TOPICS]).apps
    Tag = old_apps.get_model("taggit", "Tag")
    OldTerm = old_apps.get_model("terms", "Term")
    OldTaggedTerm = old_apps.get_model("terms", "TaggedTerm")
    basics = Tag.objects.create(id=7, name="Basics", slug="basics")
    data = Tag.objects.create(id=12, name="Data & Governance", slug="data-governance")
    Tag.objects.create(id=3, name="Buildng with AI", slug="buildng-with-ai")  # a typo, unused
    term = OldTerm.objects.create(title="Token", slug="token", summary="A unit of text.")
    OldTaggedTerm.objects.create(content_object=term, tag=basics)
    OldTaggedTerm.objects.create(content_object=term, tag=data)

    migrate_to(None)

    assert sorted(Topic.objects.values_list("id", "name", "slug")) == [
        (3, "Buildng with AI", "buildng-with-ai"),
        (7, "Basics", "basics"),
        (12, "Data & Governance", "data-governance"),
    ]
    assert sorted(Term.objects.get(slug="token").tags.names()) == ["Basics", "Data & Governance"]
    assert not old_apps.get_model("taggit", "Tag").objects.exists()
    assert Topic.objects.create(name="New topic").pk > 12  # PostgreSQL's sequence moved on


@pytest.mark.django_db(transaction=True)
def test_migration_back_returns_topics_to_taggit():
    topic = Topic.objects.create(name="Basics", slug="basics")
    make_term(slug="token").tags.add(topic)
    old_apps = migrate_to([BEFORE_TOPICS]).loader.project_state([BEFORE_TOPICS]).apps
    Tag = old_apps.get_model("taggit", "Tag")
    assert list(Tag.objects.values_list("id", "name", "slug")) == [(topic.pk, "Basics", "basics")]
    tagged = old_apps.get_model("terms", "TaggedTerm").objects.get()
    assert (tagged.content_object.slug, tagged.tag.name) == ("token", "Basics")
    migrate_to(None)
    assert list(Term.objects.get(slug="token").tags.names()) == ["Basics"]


@pytest.mark.django_db
def test_publishers_manage_topics_and_editors_only_view_them():
    def codenames(group):
        permissions = Group.objects.get(name=group).permissions.select_related("content_type")
        return {
            f"{p.content_type.app_label}.{p.codename}"
            for p in permissions
            if p.content_type.model in ("topic", "tag")
        }

    assert codenames("Editor") == {"terms.view_topic"}
    assert codenames("Publisher") == {
        "terms.add_topic", "terms.change_topic", "terms.delete_topic", "terms.view_topic",
    }  # fmt: skip


@pytest.mark.django_db
def test_a_topic_name_is_unique_whatever_its_case():
    Topic.objects.create(name="Generative AI")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name="generative ai", slug="generative-ai-2")


@pytest.mark.django_db
def test_topics_are_taggits_tags_for_terms():
    term = make_term(tags=["Generative AI"])
    topic = Topic.objects.get(name="Generative AI")
    assert topic.slug == "generative-ai" and topic.get_absolute_url() == (
        "/glossary/topics/generative-ai/"
    )
    assert list(Term.objects.filter(tags__slug="generative-ai")) == [term]
    assert TaggedTerm.objects.get().natural_key() == (term.slug, "Generative AI")
