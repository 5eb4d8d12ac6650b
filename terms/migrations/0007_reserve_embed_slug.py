"""Reserve the slug "embed": /glossary/embed/ is the guide to the embed script."""

from django.db import migrations, models


def move_term_off_embed(apps, schema_editor):
    # A term already at /glossary/embed/ would break the new constraint; it moves to a free slug.
    Term = apps.get_model("terms", "Term")
    terms = Term.objects.using(schema_editor.connection.alias)
    term = terms.filter(slug="embed").first()
    if term is None:
        return
    slug, n = "embed-term", 1
    while terms.filter(slug=slug).exists():
        n += 1
        slug = f"embed-term-{n}"
    terms.filter(pk=term.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("terms", "0006_search_names"),
    ]

    operations = [
        migrations.RunPython(move_term_off_embed, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="term",
            name="term_slug_not_reserved",
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("slug__in", ["embed", "feed", "letter", "search", "topics"]), _negated=True
                ),
                name="term_slug_not_reserved",
                violation_error_message="This slug is the address of another glossary page "
                "(embed, feed, letter, search, topics); choose another.",
            ),
        ),
    ]
