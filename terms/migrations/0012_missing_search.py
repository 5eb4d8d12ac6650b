"""Create MissingSearch; Editors may view the list, Publishers also dismiss (change)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUP_PERMISSIONS = {
    "Editor": ["view_missingsearch"],
    "Publisher": ["view_missingsearch", "change_missingsearch"],
}


def give_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations run; the groups need them now.
    app_config = apps.get_app_config("terms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="terms", codename__in=codenames)
            )


def take_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="terms", codename__endswith="_missingsearch"
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('terms', '0011_section_headings'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='MissingSearch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('query', models.CharField(help_text='As readers typed it, normalised.', max_length=100, unique=True)),
                ('count', models.PositiveIntegerField(default=0, help_text='Searches that found nothing.')),
                ('first_seen', models.DateTimeField()),
                ('last_seen', models.DateTimeField()),
                ('dismissed', models.BooleanField(default=False, help_text='Not a missing term: kept off the list, still counted.')),
            ],
            options={
                'verbose_name': 'missing term',
                'verbose_name_plural': 'missing terms',
                'ordering': ['-count', 'query'],
            },
        ),
        migrations.RunPython(give_permissions, take_permissions),
    ]
