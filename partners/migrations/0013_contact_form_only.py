"""Contacts reached through the contact form only, and the log of the contact form's
messages, which the editors' group "Redaktörer" may read."""

import django.db.models.deletion
import django.utils.timezone
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITORS_GROUP = "Redaktörer"
CODENAMES = ["view_contactmessagelog"]


def grant_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now to grant them.
    app_config = apps.get_app_config("partners")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES)
    )


def revoke_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="partners", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0012_contact_verification'),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name='contactperson',
            name='form_only',
            field=models.BooleanField(default=False, help_text='The e-mail address is never shown on the public site, in the exports or in the API; visitors write through the contact form on the partnership page.', verbose_name='contact through the form only'),
        ),
        migrations.CreateModel(
            name='ContactMessageLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='sent at')),
                ('sender_email', models.EmailField(max_length=254, verbose_name="sender's e-mail address")),
                ('contact', models.ForeignKey(blank=True, help_text='Empty: the message went to the programme mailbox.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partners.contactperson', verbose_name='recipient')),
                ('partnership', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partners.partnership', verbose_name='partnership')),
            ],
            options={
                'verbose_name': 'contact form message',
                'verbose_name_plural': 'contact form messages',
                'ordering': ['-created_at'],
            },
        ),
        migrations.RunPython(grant_permissions, revoke_permissions),
    ]
