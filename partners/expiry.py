"""Entries seeking a partner are listed for twelve months (Partnership.renew()). The
`expire_partner_requests` command, run daily from cron, removes the entries whose listing
has ended, with their contact persons unless another partnership names them, and reminds
the contact persons of an entry that ends within REMINDER_DAYS days, once per end date."""

from datetime import timedelta

from django.utils import timezone, translation

from icld_site.batches import each_row
from icld_site.mail import queue_mail
from icld_site.models import OutgoingMessage

from .models import ContactPerson, Partnership
from .verification import verification_url

REMINDER_DAYS = 30


def remove_expired():
    """Delete every expired entry seeking a partner; returns (entries, contact persons)."""
    removed_contacts = []

    def remove(partnership):
        named = list(partnership.contacts.values_list("pk", flat=True))
        partnership.delete()
        unused = ContactPerson.objects.filter(pk__in=named, partnerships__isnull=True)
        removed_contacts.append(unused.delete()[1].get("partners.ContactPerson", 0))

    outcome = each_row(
        Partnership.objects.seeking_partner().expired(), remove, what="remove expired entries"
    )
    return outcome.done, sum(removed_contacts)


def send_reminders(base_url):
    """Remind the contacts of entries ending within REMINDER_DAYS days (once per end date);
    returns how many messages were queued."""
    today = timezone.localdate()
    due = Partnership.objects.seeking_partner().filter(
        seeking_until__gte=today, seeking_until__lte=today + timedelta(REMINDER_DAYS)
    )
    reminders = (
        (partnership, contact)
        for partnership in due
        for contact in ContactPerson.objects.public().filter(partnerships=partnership)
        if contact.email
    )
    return each_row(
        reminders, lambda pair: remind(base_url, *pair), what="partner request reminders"
    ).done


def remind(base_url, partnership, contact):
    """Queue the reminder to one contact of an entry about to end; False if it was sent."""
    key = f"partner-expiry:{partnership.pk}:{partnership.seeking_until}:{contact.pk}"
    if OutgoingMessage.objects.filter(key=key).exists():
        return False
    with translation.override(contact.language):
        url = base_url + (partnership.get_absolute_url() or "")
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
    return True
