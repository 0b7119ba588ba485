"""The editors' group "Redaktörer" may manage the whole partnership database.

The news app creates the same group, so both use get_or_create. Users, groups and
settings are deliberately not included.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Redaktörer"
MODELS = ["country", "organisation", "thematicarea", "contactperson", "partnership"]
ACTIONS = ["add", "change", "delete", "view"]


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so they can be granted.
    for label in ("partners",):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="partners", codename__in=codenames),
        *Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
    )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="partners")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_partnership_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant_permissions, revoke_permissions)]
