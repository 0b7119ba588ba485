"""The development administrator can save account settings; editors see one clear group."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Workflow

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_development_admin_has_a_first_and_last_name(client):
    call_command("create_dev_admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    admin = User.objects.get(username="admin")
    assert admin.first_name and admin.last_name
    client.force_login(admin)
    # Wagtail's account form requires both names: the settings save as they are.
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": admin.first_name,
            "name_email-last_name": admin.last_name,
            "name_email-email": admin.email,
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.context["panels"] if response.context else ""
    assert admin.wagtail_userprofile.preferred_language == "en"


def test_only_the_editors_group_remains():
    names = set(Group.objects.values_list("name", flat=True))
    assert "Redaktörer" in names
    assert not names & {"Editors", "Moderators"}


def test_default_workflow_has_no_pages_without_approvers():
    for workflow in Workflow.objects.filter(active=True):
        for task in workflow.tasks.all():
            assert task.specific.groups.exists(), workflow.name
