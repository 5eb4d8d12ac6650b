"""Give SQLite search an FTS5 index: a trigram table of each term's folded words.

PostgreSQL has its search vector and trigram index already: there this migration does nothing.
The fill below is frozen as terms.search.indexing wrote rows when this migration was made.
"""

import re
import unicodedata

from django.db import migrations

CREATE_TABLE = (
    "CREATE VIRTUAL TABLE terms_term_fts USING fts5(title, aliases, summary, body, "
    "tokenize='trigram')"
)
# Deleting a term, by the ORM or by SQL, removes its row: nothing in Python has to remember.
CREATE_TRIGGER = (
    "CREATE TRIGGER terms_term_fts_delete AFTER DELETE ON terms_term BEGIN "
    "DELETE FROM terms_term_fts WHERE rowid = old.id; END"
)
SECTIONS = ["plain_english", "technical_definition", "business_use_case", "example"]
WORD = re.compile(r"\w+")


def spaced(text):
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return f" {' '.join(WORD.findall(folded))} "


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE_TABLE)
    schema_editor.execute(CREATE_TRIGGER)
    db = schema_editor.connection.alias
    Term = apps.get_model("terms", "Term")
    terms = list(Term.objects.using(db).prefetch_related("aliases", "faqs"))
    rows = []
    for term in terms:
        aliases = sorted(term.aliases.all(), key=lambda alias: alias.pk)
        faqs = sorted(term.faqs.all(), key=lambda faq: (faq.position, faq.pk))
        term.search_names = "|" + "".join(
            f"{key}|" for key in [term.sort_key, *(alias.sort_key for alias in aliases)]
        )
        article = [getattr(term, name) for name in SECTIONS]
        article += [f"{faq.question} {faq.answer}" for faq in faqs]
        texts = [term.title, " ".join(a.name for a in aliases), term.summary, " ".join(article)]
        rows.append((term.pk, *map(spaced, texts)))
    Term.objects.using(db).bulk_update(terms, ["search_names"], batch_size=500)
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO terms_term_fts (rowid, title, aliases, summary, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS terms_term_fts_delete")
        schema_editor.execute("DROP TABLE IF EXISTS terms_term_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("terms", "0014_topics"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
