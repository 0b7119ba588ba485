"""Contacts keep their own details current.

A contact receives, in their own language, an e-mail with a signed link
(`django.core.signing`, a salt of its own) that expires after CONTACT_VERIFICATION_LINK_DAYS.
The link names the contact and a fingerprint of the details it was sent for: the date they
were last verified and a hash of the name, roles, e-mail address, phone number and whether
the contact is published. Confirming, correcting or withdrawing changes that fingerprint, so
after a change the same link is stale and does nothing.

The key of the queued message names the contact, the day and the fingerprint: a request sent
again the same day for the same details is queued once, one sent on another day goes out.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from icld_site.mail import queue_mail

from .models import ContactPerson

SALT = "partners.contact-verification"
TEMPLATE = "contact_verification"

LOG_REQUESTED = "partners.contact.verification_requested"
LOG_CONFIRMED = "partners.contact.confirmed"
LOG_CORRECTED = "partners.contact.corrected"
LOG_WITHDRAWN = "partners.contact.withdrawn"


class LinkError(Exception):
    """A link that cannot be used; `reason` is "invalid", "expired" or "stale"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def fingerprint(contact):
    """A short hash of the details a link was sent for."""
    state = "\x1f".join(
        str(value)
        for value in (
            contact.last_verified.isoformat() if contact.last_verified else "",
            contact.name,
            contact.role_sv or "",
            contact.role_en or "",
            contact.email,
            contact.phone,
            contact.is_published,
        )
    )
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def make_token(contact):
    return signing.dumps({"c": contact.pk, "f": fingerprint(contact)}, salt=SALT)


def contact_for_token(token, *, lock=False):
    """The contact a link was made for, if the link is genuine, current and made for the
    contact's present details; LinkError otherwise."""
    max_age = settings.CONTACT_VERIFICATION_LINK_DAYS * 24 * 3600
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError("expired") from None
    except (signing.BadSignature, ValueError, UnicodeError):
        raise LinkError("invalid") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
        raise LinkError("invalid")
    contacts = ContactPerson.objects.select_related("organisation")
    if lock:
        contacts = contacts.select_for_update(of=("self",))
    contact = contacts.filter(pk=payload["c"]).first()
    if contact is None or payload.get("f") != fingerprint(contact):
        raise LinkError("stale")
    return contact


def verification_url(contact, token=None):
    """The full address of the contact's verification page, in the contact's language."""
    with translation.override(contact.language):
        path = reverse("contact_verification", args=[token or make_token(contact)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def request_verification(contact, user=None, now=None):
    """Queue the e-mail asking `contact` to check their details, record when it was asked
    and log it; returns the OutgoingMessage. Needs an e-mail address."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    state = fingerprint(contact)
    with transaction.atomic():
        message = queue_mail(
            f"contact-verify:{contact.pk}:{today.isoformat()}:{state}",
            TEMPLATE,
            to=(contact.name, contact.email),
            language=contact.language,
            context={
                "contact": contact,
                "url": verification_url(contact),
                "days": settings.CONTACT_VERIFICATION_LINK_DAYS,
                "max_age_days": settings.CONTACT_VERIFICATION_MAX_AGE_DAYS,
            },
        )
        # update(): a record of asking, which no public page shows, retires no cached page.
        ContactPerson.objects.filter(pk=contact.pk).update(verification_requested_at=now)
        contact.verification_requested_at = now
        log(contact, LOG_REQUESTED, user=user)
    return message
