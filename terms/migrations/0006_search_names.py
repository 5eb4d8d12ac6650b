"""Index every term's names (title and aliases) by trigrams for fast prefix and typo search."""

from django.db import migrations, models

TRIGRAM_INDEX = (
    "CREATE INDEX term_search_names_trgm ON terms_term USING gin (search_names gin_trgm_ops)"
)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS term_search_names_trgm")


def fill_search_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from terms.search import write_search_vectors

        Term = apps.get_model("terms", "Term")
        write_search_vectors(Term.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):
    dependencies = [
        ("terms", "0005_editor_and_publisher_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="term",
            name="search_names",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
