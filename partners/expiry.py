"""Entries seeking a partner are listed for twelve months (Partnership.renew()). The
`expire_partner_requests` command, run daily from cron, removes the entries whose listing
has ended, with their contact persons unless another partnership names them, and reminds
the contact persons of an entry that ends within REMINDER_DAYS days, once per end date."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from icld_site.mail import queue_mail
from icld_site.models import OutgoingMessage

from .models import ContactPerson, Partnership
from .verification import verification_url

REMINDER_DAYS = 30


def remove_expired():
    """Delete every expired entry seeking a partner; returns (entries, contact persons)."""
    entries = contacts = 0
    for partnership in Partnership.objects.seeking_partner().expired():
        with transaction.atomic():
            named = list(partnership.contacts.values_list("pk", flat=True))
            partnership.delete()
            unused = ContactPerson.objects.filter(pk__in=named, partnerships__isnull=True)
            contacts += unused.delete()[1].get("partners.ContactPerson", 0)
            entries += 1
    return entries, contacts


def send_reminders(base_url):
    """Remind the contacts of entries ending within REMINDER_DAYS days (once per end date);
    returns how many messages were queued."""
    today = timezone.localdate()
    due = Partnership.objects.seeking_partner().filter(
        seeking_until__gte=today, seeking_until__lte=today + timedelta(REMINDER_DAYS)
    )
    queued = 0
    for partnership in due:
        for contact in ContactPerson.objects.public().filter(partnerships=partnership):
            if not contact.email:
                continue
            with translation.override(contact.language):
                url = base_url + (partnership.get_absolute_url() or "")
            key = f"partner-expiry:{partnership.pk}:{partnership.seeking_until}:{contact.pk}"
            if OutgoingMessage.objects.filter(key=key).exists():
                continue
            queue_mail(
                key,
                "partner_request_expiring",
                to=(contact.name, contact.email),
                language=contact.language,
                context={
                    "contact_name": contact.name,
                    "url": url,
                    "seeking_until": partnership.seeking_until,
                    # Confirming the details through this link renews the entry.
                    "renew_url": verification_url(contact),
                },
            )
            queued += 1
    return queued
