"""E-mail leaves the site through a queue, never inside a request.

`queue_mail` renders a message in the recipient's language and records it as an
`OutgoingMessage`; once the caller's transaction commits, the `deliver` task (the "mail"
task backend: the database queue that `manage.py db_worker --backend mail` works through)
hands it to the mail server. The record makes a message go out once: a second
`queue_mail` with the same key queues nothing, and `deliver` sends only a message that is
still queued and due, holding its row while it sends. When the mail server cannot be
reached the message stays queued and `deliver` queues itself again later, waiting twice as
long each time up to an hour; `manage.py retry_mail` (from cron) queues every message that
is due, in case a worker stopped in the middle.

Templates, per language: mail/<name>.<language>.subject.txt and mail/<name>.<language>.txt,
and mail/<name>.<language>.html only where an HTML part adds something.

`queue_mail_many` queues thousands of messages (alerts to every subscriber) with the same
guarantees, a chunk at a time: one insert per chunk, and one `deliver_many` task per chunk
that sends its messages one by one, each retried on its own.
"""

import contextlib
import logging
import re
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import formataddr
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task, task_backends

from .batches import each_row
from .models import OutgoingMessage
from .validators import smtp_address, validate_email_address

logger = logging.getLogger(__name__)
HEADER_NAME = re.compile(r"[A-Za-z0-9-]+")
RETRY_FIRST_SECONDS = 60
RETRY_MAX_SECONDS = 3600


def one_line(value):
    """A header value on one line: line breaks cannot start a header of their own."""
    return " ".join(str(value).split())


def mailbox(value):
    """An address, or (name, address), as one header-safe mailbox, its domain in ASCII for
    the mail server; ValidationError if the address is not one that can be sent to (see
    icld_site.validators). The name may be in any script."""
    name, address = value if isinstance(value, tuple) else ("", value)
    validate_email_address(address)
    return formataddr((one_line(name), smtp_address(address)))


def render(template, language, context):
    with translation.override(language):
        subject, text = (
            render_to_string(f"mail/{template}.{language}.{part}", context)
            for part in ("subject.txt", "txt")
        )
        try:
            html = render_to_string(f"mail/{template}.{language}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return one_line(subject), text, html


def checked_headers(headers):
    """Extra headers as they are stored: known-good names, each value on one line."""
    for name in headers or {}:
        if not HEADER_NAME.fullmatch(name):
            raise ValueError(f"Not a header name: {name!r}")
    return {name: one_line(value) for name, value in (headers or {}).items()}


def site_language(language):
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def queue_mail(key, template, *, to, language, context=None, reply_to=None, headers=None):
    """Queue the message `template` to `to` (an address, or (name, address)) in `language`
    and return its OutgoingMessage. `key` names the logical message (e.g.
    "contact-verify:42"): a message with that key is queued and sent only once."""
    headers = checked_headers(headers)
    language = site_language(language)
    subject, text, html = render(template, language, context or {})
    message, created = OutgoingMessage.objects.get_or_create(
        key=key,
        defaults={
            "recipient": mailbox(to),
            "reply_to": mailbox(reply_to) if reply_to else "",
            "language": language,
            "subject": subject,
            "body_text": text,
            "body_html": html,
            "headers": headers,
        },
    )
    if created:
        transaction.on_commit(lambda: deliver.enqueue(message.pk))
    return message


# Rows per insert and messages per delivery task in queue_mail_many.
BULK_CHUNK_SIZE = 500


@dataclass
class Mail:
    """One message for queue_mail_many, rendered already: the caller renders what many
    messages share once (see icld_site.mail.render) and fills in what differs."""

    key: str
    to: str | tuple
    language: str
    subject: str
    text: str
    html: str = ""
    headers: dict = field(default_factory=dict)


def queue_mail_many(mails, *, chunk_size=BULK_CHUNK_SIZE):
    """Queue every Mail of the iterable `mails` (consumed a chunk at a time, so it may be a
    generator over any number of recipients) with queue_mail's guarantees: a valid address
    (a message to anything else is left out and logged), header values on one line, and
    each key queued once. Returns how many were new."""
    mails = iter(mails)
    queued = 0
    while chunk := list(islice(mails, chunk_size)):
        queued += _queue_chunk(chunk)
    return queued


def _queue_chunk(chunk):
    keys = [mail.key for mail in chunk]
    known = set(OutgoingMessage.objects.filter(key__in=keys).values_list("key", flat=True))
    new = {}
    for mail in chunk:
        if mail.key in known or mail.key in new:
            continue
        try:
            recipient = mailbox(mail.to)
        except ValidationError:
            # One address that is not one (stored before a stricter check) must not stop
            # the messages to everyone else; it gets none.
            logger.warning("Not queued, not an e-mail address: %s", mail.key)
            continue
        language = site_language(mail.language)
        new[mail.key] = OutgoingMessage(
            key=mail.key,
            recipient=recipient,
            language=language,
            subject=one_line(mail.subject),
            body_text=mail.text,
            body_html=mail.html,
            headers=checked_headers(mail.headers),
        )
    if not new:
        return 0
    # A key queued meanwhile by another run is skipped by the database; delivering both
    # runs' ids is harmless, as deliver sends only what is still queued.
    OutgoingMessage.objects.bulk_create(new.values(), ignore_conflicts=True)
    ids = list(
        OutgoingMessage.objects.filter(
            key__in=list(new), status=OutgoingMessage.Status.QUEUED
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: deliver_many.enqueue(ids))
    return len(ids)


def email_for(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Content-Language": message.language, **message.headers},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    return email


@task(backend="mail")
def deliver(message_id):
    """Send one queued message if it is due; otherwise it has been sent, or another run
    is sending it or will try again later."""
    send_one(message_id)


@task(backend="mail")
def deliver_many(message_ids):
    """Send each of `message_ids` as `deliver` would, over one connection to the mail
    server. A message that fails is retried on its own (see send_one)."""
    connection = get_connection()
    try:
        for position, message_id in enumerate(message_ids):
            rest = message_ids[position + 1 :]
            if not send_one(message_id, connection) and rest and _can_defer():
                # The server refused or could not be reached: the rest wait a minute rather
                # than each wait for its own time-out now.
                later = timezone.now() + timedelta(seconds=RETRY_FIRST_SECONDS)
                deliver_many.using(run_after=later).enqueue(rest)
                return
    finally:
        _close_quietly(connection)


def _can_defer():
    return task_backends[deliver.backend].supports_defer


def _close_quietly(connection):
    # A connection the server has dropped cannot be closed politely; it is gone anyway.
    with contextlib.suppress(OSError, smtplib.SMTPException):
        connection.close()


def send_one(message_id, connection=None):
    """Send the message if it is still queued and due; False only when sending it failed
    (it then waits for a retry of its own)."""
    with transaction.atomic():
        message = (
            OutgoingMessage.objects.select_for_update(skip_locked=True)
            .filter(
                pk=message_id,
                status=OutgoingMessage.Status.QUEUED,
                next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if message is None:
            return True
        message.attempts += 1
        try:
            if connection is not None:
                # Kept open across the batch (a no-op when it is open already).
                connection.open()
            email = email_for(message)
            email.connection = connection
            email.send()
        except Exception as error:
            # Whatever stops this message (the server, or a message the server or the
            # mail library refuses) stops only this one; it waits for a retry of its own.
            if connection is not None:
                # The next message opens a fresh connection rather than reuse a broken one.
                _close_quietly(connection)
            wait = min(RETRY_FIRST_SECONDS * 2 ** (message.attempts - 1), RETRY_MAX_SECONDS)
            message.next_attempt_at = timezone.now() + timedelta(seconds=wait)
            message.last_error = f"{type(error).__name__}: {error}"[:1000]
            message.save(update_fields=["attempts", "next_attempt_at", "last_error", "updated_at"])
            if _can_defer():
                deliver.using(run_after=message.next_attempt_at).enqueue(message.pk)
            return False
        message.status = OutgoingMessage.Status.SENT
        message.sent_at = timezone.now()
        message.body_text = message.body_html = message.last_error = ""
        message.save()
    return True


def retry_due():
    """Queue every message that is due again; returns how many."""
    due = OutgoingMessage.objects.filter(
        status=OutgoingMessage.Status.QUEUED, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    return each_row(
        list(due), deliver.enqueue, what="retry_mail", name=lambda pk: f"OutgoingMessage {pk}"
    ).done


def oldest_unsent_age():
    """How long, in seconds, the oldest unsent message has waited; None when none waits."""
    oldest = (
        OutgoingMessage.objects.filter(status=OutgoingMessage.Status.QUEUED)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return None if oldest is None else (timezone.now() - oldest).total_seconds()
