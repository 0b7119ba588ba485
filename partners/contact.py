"""Writing to a partnership's contact person through the site, without seeing the address.

Every partnership page ends with a form (name, e-mail address, message, the language of the
message and, when several contacts are published, which of them). It is posted to
`partnership_contact` (partners.urls), which sends the message with `queue_mail` to the
chosen published contact, or to the programme mailbox (the editable `contact_email` of the
site settings, PROGRAMME_EMAIL if it is empty) when the partnership has none, with
Reply-To set to the sender: the recipient answers straight to the sender, and the
recipient's address never reaches the sender (not in the page, the confirmation or the
receipt mailed to the sender). The message tells the recipient whether their address is
published on the site anyway (ContactPerson.public_email) or reached through the form only.
The receipt carries nothing the sender wrote, so the form cannot be used to send chosen
text to somebody else's address.

Partnership pages are kept whole by the page cache for every visitor, so the form carries
no CSRF token; like page feedback (icld_site.feedback), the endpoint is exempt from Django's
token check and accepts a POST only when the browser says it comes from this site
(icld_site.limits.is_from_this_site). No cookie or session is read or set.

Limits (settings, counted by icld_site.limits.allow in the shared cache): messages per
sender address an hour (CONTACT_LIMIT_PER_SENDER; the address counted however it is typed,
icld_site.validators.canonical_address), per IP address an hour (CONTACT_LIMIT_PER_IP), from
one sender address or one IP address to one recipient a day
(CONTACT_LIMIT_PER_RECIPIENT_PER_SENDER), and to one recipient a day from everyone
(CONTACT_LIMIT_PER_RECIPIENT, a ceiling that one source alone cannot reach; the programme
mailbox is told, once a day, when a recipient reaches it); a message of at most
CONTACT_MESSAGE_MAX_LENGTH characters with at most CONTACT_MESSAGE_MAX_LINKS links; and a
field that people leave empty and form-filling robots do not. Every refusal is answered with
the form again, the visitor's text in it, and the reason in the visitor's language.

Each message sent is logged (ContactMessageLog: sender address, partnership, recipient,
time; never the message); `manage.py purge_contact_log` deletes entries older than
CONTACT_LOG_DAYS.
"""

import re

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from icld_site.fields import EmailAddressFormField
from icld_site.limits import allow, client_address
from icld_site.mail import queue_mail
from icld_site.validators import can_be_sent_to, canonical_address, validate_one_line

from .models import ContactMessageLog

# What counts as a link in a message: an address with a scheme, or one starting with www.
LINK = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
HOUR, DAY = 3600, 86400

REFUSALS = {
    "too_many_from_sender": _(
        "Too many messages have been sent from your e-mail address in the last hour. "
        "Try again later; your message is kept below."
    ),
    "too_many_from_connection": _(
        "Too many messages have been sent from your connection in the last hour. "
        "Try again later; your message is kept below."
    ),
    "too_many_from_you_to_recipient": _(
        "You have sent the recipient too many messages through the site today. "
        "Try again tomorrow; your message is kept below."
    ),
    "too_many_to_recipient": _(
        "The recipient has been sent too many messages through the site today. "
        "Try again tomorrow; your message is kept below."
    ),
    "not_from_this_site": _(
        "The message did not come from a page on this website. Check it below and send "
        "it again from here."
    ),
}


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[validate_one_line],
        error_messages={"required": _("Enter your name.")},
    )
    email = EmailAddressFormField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The answer comes to this address. It is not shown on the site."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.se."),
        },
    )
    contact = forms.TypedChoiceField(
        label=_("Write to"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whom to write to."),
            "invalid_choice": _("Choose whom to write to."),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        strip=True,
        error_messages={
            "required": _("Write your message."),
            "max_length": _(
                "The message can be at most %(limit_value)d characters long "
                "(it has %(show_value)d)."
            ),
            "null_characters_not_allowed": _(
                "The message contains characters that are not allowed."
            ),
        },
    )
    language = forms.ChoiceField(
        label=_("Language of your message"),
        choices=[("sv", _("Swedish")), ("en", _("English"))],
        widget=forms.RadioSelect,
        help_text=_("The recipient is told which language you wrote in."),
        error_messages={
            "required": _("Choose the language of your message."),
            "invalid_choice": _("Choose the language of your message."),
        },
    )
    # Left empty by people (it is hidden from them); form-filling robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, partnership, *args, **kwargs):
        kwargs.setdefault("initial", {"language": translation.get_language()})
        kwargs.setdefault("auto_id", "contact-%s")
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        # The published contacts that can be written to: those with an address that mail
        # can be sent to (one stored before the check may not be; the programme mailbox
        # then gets the message).
        self.contacts = [
            contact for contact in partnership.public_contacts if can_be_sent_to(contact.email)
        ]
        message = self.fields["message"]
        message.max_length = settings.CONTACT_MESSAGE_MAX_LENGTH
        message.validators.append(MaxLengthValidator(message.max_length))
        message.widget.attrs["maxlength"] = str(message.max_length)
        if len(self.contacts) > 1:
            self.fields["contact"].choices = [
                (contact.pk, describe(contact)) for contact in self.contacts
            ]
        else:
            del self.fields["contact"]

    def clean_message(self):
        message = self.cleaned_data["message"]
        links = len(LINK.findall(message))
        limit = settings.CONTACT_MESSAGE_MAX_LINKS
        if links > limit:
            raise forms.ValidationError(
                _("The message can contain at most %(limit)d links (it has %(links)d)."),
                params={"limit": limit, "links": links},
            )
        return message

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("This field must be left empty. Empty it and send the message again.")
            )
        return ""

    @property
    def recipient(self):
        """The chosen published contact; None means the programme mailbox."""
        if not self.contacts:
            return None
        if len(self.contacts) == 1:
            return self.contacts[0]
        chosen = self.cleaned_data["contact"]
        return next(contact for contact in self.contacts if contact.pk == chosen)

    def limit_refusal(self, request, programme_email):
        """The key of the first limit this message would exceed (see REFUSALS), or None.
        A limit refused is not counted by the ones after it, so the ceiling per recipient
        counts only what each source was allowed to send."""
        recipient = self.recipient
        recipient_key = (
            f"contact:{recipient.pk}" if recipient else f"programme:{self.partnership.pk}"
        )
        sender, connection = canonical_address(self.cleaned_data["email"]), client_address(request)
        per_pair = settings.CONTACT_LIMIT_PER_RECIPIENT_PER_SENDER
        checks = [
            ("too_many_from_connection", "contact-ip", connection, HOUR,
             settings.CONTACT_LIMIT_PER_IP),
            ("too_many_from_sender", "contact-sender", sender, HOUR,
             settings.CONTACT_LIMIT_PER_SENDER),
            ("too_many_from_you_to_recipient", "contact-pair-sender",
             f"{recipient_key}|{sender}", DAY, per_pair),
            ("too_many_from_you_to_recipient", "contact-pair-ip",
             f"{recipient_key}|{connection}", DAY, per_pair),
            ("too_many_to_recipient", "contact-recipient", recipient_key, DAY,
             settings.CONTACT_LIMIT_PER_RECIPIENT),
        ]  # fmt: skip
        for refusal, scope, identity, window, limit in checks:
            if not allow(scope, identity, limit, window):
                if refusal == "too_many_to_recipient":
                    self.report_ceiling(recipient_key, programme_email)
                return refusal
        return None

    def report_ceiling(self, recipient_key, programme_email):
        """Tell the programme mailbox, once a day per recipient, that the recipient has
        been sent the most messages a day allows: further messages are refused until
        tomorrow, which may be someone's attempt to silence them."""
        recipient = self.recipient
        today = timezone.localdate()
        queue_mail(
            f"contact-ceiling:{recipient_key}:{today.isoformat()}",
            "contact_ceiling",
            to=programme_email,
            language=settings.LANGUAGE_CODE,
            context={
                "partnership": self.partnership,
                "recipient_name": recipient.name if recipient else "",
                "organisation": recipient.organisation.name if recipient else "",
                "limit": settings.CONTACT_LIMIT_PER_RECIPIENT,
                "day": today,
            },
        )

    @transaction.atomic
    def send(self, partnership_url, programme_email):
        """Queue the message to the recipient and the receipt to the sender, and log it."""
        data, recipient = self.cleaned_data, self.recipient
        log = ContactMessageLog.objects.create(
            sender_email=data["email"], partnership=self.partnership, contact=recipient
        )
        context = {
            "partnership": self.partnership,
            "partnership_url": partnership_url,
            "recipient_name": recipient.name if recipient else "",
            # Whether the public site shows the recipient's address (ContactPerson
            # .public_email, the rule of the partnership page and the exports): the message
            # must not tell them it was kept from the sender when it is published.
            "recipient_address_published": bool(recipient and recipient.public_email),
            "sender_name": data["name"],
            "sender_email": data["email"],
            "message": data["message"],
            "programme_email": programme_email,
        }
        to = (
            (recipient.name, recipient.email)
            if recipient
            else ("Kommunalt Partnerskap", programme_email)
        )
        queue_mail(
            f"contact-message:{log.pk}",
            "contact_message",
            to=to,
            language=data["language"],
            context=context,
            reply_to=(data["name"], data["email"]),
        )
        queue_mail(
            f"contact-receipt:{log.pk}",
            "contact_receipt",
            to=data["email"],
            language=data["language"],
            # Nothing the sender wrote, and never the recipient's address.
            context={
                "partnership": self.partnership,
                "partnership_url": partnership_url,
                "recipient_name": recipient.name if recipient else "",
            },
        )
        return log


def describe(contact):
    """How a contact is named in the form: name, role and organisation, never the address."""
    parts = [contact.name, contact.role, contact.organisation.name]
    return ", ".join(part for part in parts if part)
