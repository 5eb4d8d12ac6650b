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


# The vectors and names as terms.search wrote them when this migration was made, frozen here.
FILL_SEARCH_NAMES = """
UPDATE terms_term SET
    search_names = '|' || sort_key || '|' || COALESCE(
        (SELECT string_agg(sort_key, '|') || '|' FROM terms_alias WHERE term_id = terms_term.id),
        ''
    ),
    search_vector =
        setweight(to_tsvector('english'::regconfig, title || ' ' || COALESCE(
            (SELECT string_agg(name, ' ') FROM terms_alias WHERE term_id = terms_term.id), ''
        )), 'A')
        || setweight(to_tsvector('english'::regconfig, summary), 'B')
        || setweight(to_tsvector('english'::regconfig,
            plain_english || ' ' || technical_definition || ' ' || business_use_case || ' '
            || example || ' ' || COALESCE(
                (SELECT string_agg(question || ' ' || answer, ' ')
                 FROM terms_faq WHERE term_id = terms_term.id),
                ''
            )
        ), 'C')
"""


def fill_search_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_SEARCH_NAMES)


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
