"""The editors' bulk action that asks contacts to check their own details
(partners.verification), registered with Wagtail by partners.wagtail_hooks."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from icld_site.batches import each_row

from . import verification
from .models import ContactPerson


@hooks.register("register_bulk_action")
class SendVerificationRequest(SnippetBulkAction):
    """E-mails each selected contact a link to check their own details (see
    partners.verification); contacts without an e-mail address are skipped."""

    models = [ContactPerson]
    display_name = _("Send verification request")
    aria_label = _("Send a verification request to the selected contact persons")
    action_type = "send_verification_request"
    template_name = "partners/admin/confirm_bulk_verification_request.html"
    action_priority = 20

    def check_perm(self, snippet):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", snippet
        )

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        def request(contact):
            if not contact.email:
                return False
            verification.request_verification(contact, user=user)
            return True

        # One address that cannot be sent to does not stop the requests to the others.
        outcome = each_row(objects, request, what="send_verification_request")
        request_ = kwargs["self"].request
        if outcome.skipped:
            messages.warning(
                request_,
                ngettext(
                    "%(count)d contact person has no e-mail address and was skipped.",
                    "%(count)d contact persons have no e-mail address and were skipped.",
                    outcome.skipped,
                )
                % {"count": outcome.skipped},
            )
        if outcome.failed:
            messages.error(
                request_,
                ngettext(
                    "The verification request to %(count)d contact person could not be "
                    "sent. Check the contact person's e-mail address.",
                    "The verification requests to %(count)d contact persons could not be "
                    "sent. Check their e-mail addresses.",
                    outcome.failed,
                )
                % {"count": outcome.failed},
            )
        return outcome.done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if not num_parent_objects:
            return None
        return ngettext(
            "A verification request was sent to %(count)d contact person.",
            "Verification requests were sent to %(count)d contact persons.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
