import base64
import binascii

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import ImportConfirmForm, ImportUploadForm
from .importing import apply_plan, plan_import

IMPORT_PERMISSIONS = ("partners.add_partnership", "partners.change_partnership")


def import_partnerships(request):
    """Upload → dry-run report → confirm. The confirmed file is checked again, then
    imported in one transaction."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    plan = None
    confirm_form = None
    upload_form = ImportUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        confirm_form = ImportConfirmForm(request.POST)
        data = _decoded(confirm_form)
        if data is None:
            messages.error(request, _("The file was lost on the way; upload it again."))
            return redirect("partners_import")
        plan = plan_import(data, confirm_form.cleaned_data["filename"])
        if plan.is_valid:
            summary = apply_plan(plan)
            messages.success(
                request,
                _("Imported %(total)s rows: %(created)s created, %(updated)s updated.")
                % {"total": plan.total, "created": summary.created, "updated": summary.updated},
            )
            return redirect("wagtailsnippets_partners_partnership:list")
        confirm_form = None
    elif request.method == "POST":
        upload_form = ImportUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            data = upload.read()
            plan = plan_import(data, upload.name)
            if plan.is_valid:
                confirm_form = ImportConfirmForm(
                    initial={
                        "filename": upload.name,
                        "content": base64.b64encode(data).decode("ascii"),
                    }
                )
    return TemplateResponse(
        request,
        "partners/admin/import.html",
        {
            "upload_form": upload_form,
            "confirm_form": confirm_form,
            "plan": plan,
            "page_title": _("Import partnerships"),
            "header_icon": "upload",
            "action_url": reverse("partners_import"),
        },
    )


def _decoded(form):
    if not form.is_valid():
        return None
    try:
        return base64.b64decode(form.cleaned_data["content"], validate=True)
    except (binascii.Error, ValueError):
        return None
