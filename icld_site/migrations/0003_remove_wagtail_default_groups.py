"""Wagtail's installation creates the groups "Editors" and "Moderators" and a workflow,
"Moderators approval", whose only approvers are the moderators. This site's editors are the
group "Redaktörer" (news and partners migrations) and publish directly, so the two default
groups only confuse the group list.

A default group is removed only while nobody is a member of it (a site that put people in
it keeps it, and the migration says so). The default workflow would then have no approvers:
it is switched off and unassigned, as "Disable" in Settings → Workflows would do, unless
moderation is in progress, in which case its task is handed to "Redaktörer".
"""

import sys

from django.db import migrations

DEFAULT_GROUPS = ["Editors", "Moderators"]
EDITORS_GROUP = "Redaktörer"


def report(line):
    sys.stdout.write(f"  {line}\n")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

    removable = []
    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        if group.user_set.exists():
            report(f"Kept the group {group.name!r}: it has members.")
        else:
            removable.append(group)
    if not removable:
        return

    for task in GroupApprovalTask.objects.filter(groups__in=removable).distinct():
        if task.groups.exclude(pk__in=[g.pk for g in removable]).exists():
            continue
        workflows = Workflow.objects.filter(workflow_tasks__task=task).distinct()
        in_progress = WorkflowState.objects.filter(
            workflow__in=workflows, status="in_progress"
        ).exists()
        if in_progress:
            editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
            task.groups.add(editors)
            report(f"The task {task.name!r} is now approved by {EDITORS_GROUP!r}.")
            continue
        for workflow in workflows.filter(active=True):
            workflow.workflow_pages.all().delete()
            workflow.workflow_content_types.all().delete()
            workflow.active = False
            workflow.save(update_fields=["active"])
            report(f"Disabled the workflow {workflow.name!r}: its approvers' group is gone.")

    for group in removable:
        group.delete()
        report(f"Removed Wagtail's default group {group.name!r}.")


class Migration(migrations.Migration):
    dependencies = [
        ("icld_site", "0002_sitesettings"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
