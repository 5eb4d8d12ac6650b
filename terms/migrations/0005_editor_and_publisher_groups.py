"""Create the Editor and Publisher groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE = [
    ("terms", "term"),
    ("terms", "faq"),
    ("terms", "relatedlink"),
    ("terms", "calltoaction"),
    ("terms", "taggedterm"),
    ("terms", "alias"),
    ("taggit", "tag"),
]
# Publishers may also delete an old slug, which frees its address.
DELETABLE = [*EDITABLE, ("terms", "slugredirect")]


def codenames(models, actions):
    return [(app, f"{action}_{model}") for app, model in models for action in actions]


EDITOR = codenames(EDITABLE, ["add", "change", "view"]) + [("terms", "view_slugredirect")]
PUBLISHER = EDITOR + codenames(DELETABLE, ["delete"]) + [("terms", "publish_term")]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in [("Editor", EDITOR), ("Publisher", PUBLISHER)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in perms
            ]
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("terms", "0004_editorial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
