"""The editors' group ("Redaktörer"): may use the admin, manage news categories and add
and choose images and documents. Its rights on the news pages are granted on the news
index page when that page is created (news.signals), since it does not exist yet here.
Another app may add its own rights to the same group with get_or_create."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Redaktörer"
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("news", "newscategory", "add_newscategory"),
    ("news", "newscategory", "change_newscategory"),
    ("news", "newscategory", "delete_newscategory"),
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
]


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )[0]


def create_group(apps, schema_editor):
    # Django creates model permissions after all migrations; make ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*(permission(apps, *spec) for spec in MODEL_PERMISSIONS))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for spec in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(apps, *spec)
            )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
