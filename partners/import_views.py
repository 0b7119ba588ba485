from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import ImportConfirmForm, ImportUploadForm
from .importing import apply_plan, plan_import, uploads
from .models import Partnership

IMPORT_PERMISSIONS = ("partners.add_partnership", "partners.change_partnership")
# Rows listed in the dry-run report; the counts above the table cover every row.
PREVIEW_ROWS = 500
LIST_URL = "wagtailsnippets_partners_partnership:list"


class ImportView(WagtailAdminTemplateMixin, View):
    """Upload → dry-run report → confirm. The checked file waits on the server
    (partners.importing.uploads); the confirmation checks it again, then imports it in one
    transaction."""

    template_name = "partners/admin/import.html"
    page_title = gettext_lazy("Import partnerships")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(LIST_URL),
                "label": capfirst(Partnership._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        return self.render(upload_form=ImportUploadForm())

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        upload_form = ImportUploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return self.render(upload_form=upload_form)
        upload = upload_form.cleaned_data["file"]
        data = upload.read()
        plan = plan_import(data, upload.name)
        stored = None
        if plan.is_valid:
            stored = uploads.keep(data, upload.name, request.user, plan.fingerprint)
        return self.render(plan=plan, stored=stored, filename=upload.name)

    def confirm(self, request):
        form = ImportConfirmForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.start_again(form.errors["token"][0])
        stored = form.cleaned_data["token"]
        if request.POST.get("action") == "cancel":
            stored.discard()
            messages.info(request, _("The import was cancelled; nothing was imported."))
            return redirect("partners_import")
        try:
            data = stored.read()
        except uploads.UploadError as error:
            return self.start_again(str(error))
        plan = plan_import(data, stored.filename)
        if not plan.is_valid:
            stored.discard()
            return self.render(plan=plan, filename=stored.filename)
        if plan.fingerprint != stored.fingerprint:
            # Someone changed partnerships since the check: show what would happen now.
            messages.warning(
                request,
                _(
                    "Partnerships changed since the file was checked, so it was checked "
                    "again. Nothing was imported yet: review the new report and confirm again."
                ),
            )
            stored = stored.reissued(plan.fingerprint)
            return self.render(plan=plan, stored=stored, filename=stored.filename)
        try:
            summary = apply_plan(plan, user=request.user, filename=stored.filename)
        except DatabaseError:
            # Someone changed partnerships while this import was written; the transaction
            # is undone, and the checked file stays for another try.
            messages.error(
                request, _("Nothing was imported: the database refused a row. Try again.")
            )
            return self.render(plan=plan, stored=stored, filename=stored.filename)
        stored.discard()
        messages.success(
            request,
            _(
                "Imported %(total)s rows from %(filename)s: %(created)s created, "
                "%(updated)s updated, %(unchanged)s unchanged."
            )
            % {
                "total": plan.total,
                "filename": stored.filename,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
        return redirect(LIST_URL)

    def start_again(self, message):
        messages.error(self.request, message)
        return redirect("partners_import")

    def render(self, **context):
        plan = context.get("plan")
        if plan is not None:
            context["preview"] = plan.preview(PREVIEW_ROWS)
            context["problems"] = plan.problems[:PREVIEW_ROWS]
        stored = context.get("stored")
        if stored is not None:
            context["confirm_form"] = ImportConfirmForm(
                initial={"token": stored.token}, user=self.request.user
            )
        context.setdefault("upload_form", ImportUploadForm())
        return self.render_to_response(self.get_context_data(**context))
