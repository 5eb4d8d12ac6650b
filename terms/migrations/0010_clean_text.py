"""Clean the editor text already stored, as every save now does (terms.text, as of this release).

Vertical tabs and form feeds become line breaks in text areas; in one-line fields every line
break becomes a space; other control characters and lone surrogates go; text is NFC. A term or
alias whose name changes gets its index letter and sort key again, and on PostgreSQL its search
names. A row that, cleaned, would repeat another is left as it was and named on the console.
The code is a frozen copy: this migration must keep doing what it did when it was written.
"""

import re
import unicodedata

from django.db import IntegrityError, migrations, transaction

PAGE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})
LINE_BREAKS = re.compile("[\n\v\f\r]+")
UNWANTED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

EDITED_FIELDS = {
    ("terms", "CallToAction"): ["name", "heading", "body", "button_label", "button_url"],
    ("terms", "Term"): [
        "title", "slug", "summary", "plain_english", "technical_definition",
        "business_use_case", "example",
    ],
    ("terms", "Alias"): ["name"],
    ("terms", "SlugRedirect"): ["old_slug"],
    ("terms", "FAQ"): ["question", "answer"],
    ("terms", "RelatedLink"): ["url", "title", "blurb"],
    ("taggit", "Tag"): ["name", "slug"],
}
MULTILINE_FIELDS = {
    "body", "plain_english", "technical_definition", "business_use_case", "example", "answer",
    "blurb",
}
NAME_FIELD = {"Term": "title", "Alias": "name"}


def clean_text(text, field):
    if field in MULTILINE_FIELDS:
        text = text.translate(PAGE_BREAKS)
    else:
        text = LINE_BREAKS.sub(" ", text)
    return unicodedata.normalize("NFC", UNWANTED.sub("", text))


def sort_key(name):
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def index_letter(name):
    first = sort_key(name)[:1]
    return first.upper() if "a" <= first <= "z" else "0-9"


def clean_stored_text(apps, schema_editor):
    db = schema_editor.connection.alias
    renamed_terms = set()
    for (app_label, model_name), fields in EDITED_FIELDS.items():
        Model = apps.get_model(app_label, model_name)
        name_field = NAME_FIELD.get(model_name) if app_label == "terms" else None
        for row in Model.objects.using(db).iterator():
            values = {f: clean_text(getattr(row, f), f) for f in fields}
            values = {f: value for f, value in values.items() if value != getattr(row, f)}
            if not values:
                continue
            if name_field in values:
                values["index_letter"] = index_letter(values[name_field])
                values["sort_key"] = sort_key(values[name_field])[:200]
            try:
                with transaction.atomic(using=db):
                    Model.objects.using(db).filter(pk=row.pk).update(**values)
            except IntegrityError:
                # Cleaned, the row would repeat another one: an editor has to choose.
                print(f"\n  {model_name} {row.pk} is left as it was: cleaned, it repeats another.")
                continue
            if name_field in values:
                renamed_terms.add(row.pk if model_name == "Term" else row.term_id)
    if renamed_terms and schema_editor.connection.vendor == "postgresql":
        write_search_names(apps, db, renamed_terms)


def write_search_names(apps, db, term_ids):
    Term = apps.get_model("terms", "Term")
    Alias = apps.get_model("terms", "Alias")
    terms = list(Term.objects.using(db).filter(pk__in=term_ids).only("pk", "sort_key"))
    for term in terms:
        keys = Alias.objects.using(db).filter(term=term).order_by("pk")
        alias_keys = "".join(f"{key}|" for key in keys.values_list("sort_key", flat=True))
        term.search_names = f"|{term.sort_key}|{alias_keys}"
    Term.objects.using(db).bulk_update(terms, ["search_names"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("terms", "0009_term_reviewed_on"),
    ]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop),
    ]
