from django.db import migrations

DEFAULT = {
    "heading": "Put AI intelligence to work in your business",
    "body": (
        "Sitebard AI brings together the data, guides, and career intelligence you need "
        "to make confident AI decisions."
    ),
    "button_label": "Get started",
    "button_url": "/",
    "is_default": True,
}


def create_default_call_to_action(apps, schema_editor):
    CallToAction = apps.get_model("terms", "CallToAction")
    if not CallToAction.objects.filter(is_default=True).exists():
        CallToAction.objects.get_or_create(name="Site default", defaults=DEFAULT)


class Migration(migrations.Migration):
    dependencies = [("terms", "0001_initial")]

    operations = [
        migrations.RunPython(create_default_call_to_action, migrations.RunPython.noop),
    ]
