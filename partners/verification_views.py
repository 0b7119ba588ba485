"""The page a contact's verification link opens (see partners.verification).

It is outside the page cache: it carries a CSRF token, and says it is private and never to
be cached. A link that is forged, expired or made for details that have changed since gets a
page that says so, in the link's language, and changes nothing. Every change is made in one
transaction, holding the contact's row, and is logged for editors.
"""

import copy

from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from .forms import ContactDetailsForm
from .verification import (
    LOG_CONFIRMED,
    LOG_CORRECTED,
    LOG_WITHDRAWN,
    LinkError,
    contact_for_token,
)

TEMPLATE = "partners/contact_verification.html"
LINK_STATUS = {"invalid": 404, "expired": 410, "stale": 410}
ACTIONS = ("confirm", "correct", "withdraw")


def refuse(request, error):
    context = {"link_error": error.reason, "link_days": settings.CONTACT_VERIFICATION_LINK_DAYS}
    return render(request, TEMPLATE, context, status=LINK_STATUS[error.reason])


def page(request, contact, form, status=200, **context):
    partnerships = contact.partnerships.select_related("country").order_by("-start_year", "pk")
    return render(
        request,
        TEMPLATE,
        {"contact": contact, "form": form, "partnerships": partnerships, **context},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def contact_verification(request, token):
    try:
        contact = contact_for_token(token)
    except LinkError as error:
        return refuse(request, error)
    if request.method == "GET":
        return page(request, contact, ContactDetailsForm(instance=contact))
    action = request.POST.get("action")
    if action not in ACTIONS:
        return page(request, contact, ContactDetailsForm(instance=contact), 400, bad_action=True)
    try:
        with transaction.atomic():
            contact = contact_for_token(token, lock=True)
            if action == "withdraw":
                contact.withdraw_consent()
                log(contact, LOG_WITHDRAWN)
                return render(request, TEMPLATE, {"done": action})
            if action == "correct":
                # A copy, so that the page shows the stored details beside the rejected ones.
                form = ContactDetailsForm(request.POST, instance=copy.copy(contact))
                if not form.is_valid():
                    return page(request, contact, form, 400)
                contact = form.instance
            contact.confirm()
            log(contact, LOG_CORRECTED if action == "correct" else LOG_CONFIRMED)
    except LinkError as error:
        return refuse(request, error)
    return render(request, TEMPLATE, {"done": action, "contact": contact})
