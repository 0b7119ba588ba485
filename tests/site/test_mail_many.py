"""queue_mail_many: thousands of messages a chunk at a time, with queue_mail's guarantees,
delivered by one task per chunk that retries each message on its own."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from icld_site.mail import Mail, queue_mail_many
from icld_site.models import OutgoingMessage
from tests.site.test_mail import DATABASE_QUEUE, run_worker

pytestmark = pytest.mark.django_db


def mails(count, start=0, **changes):
    for number in range(start, start + count):
        yield Mail(
            key=f"many:{number}",
            to=f"mottagare{number}@example.se",
            language="sv",
            subject="Ämne",
            text=f"Meddelande {number}",
            **changes,
        )


def test_messages_are_queued_in_chunks_and_once_per_key(settings, committed):
    settings.TASKS = DATABASE_QUEUE
    with committed():
        assert queue_mail_many(mails(1200), chunk_size=500) == 1200
    assert OutgoingMessage.objects.filter(key__startswith="many:").count() == 1200
    assert DBTaskResult.objects.filter(task_path="icld_site.mail.deliver_many").count() == 3
    with committed():
        # Again, overlapping, and with a key twice in one chunk: only the new ones.
        again = [*mails(1300, start=100), *mails(1, start=1399)]
        assert queue_mail_many(again, chunk_size=500) == 200
    assert OutgoingMessage.objects.filter(key__startswith="many:").count() == 1400


def test_addresses_and_headers_are_checked_as_queue_mail_checks_them(committed, smtp_server):
    with committed():
        queued = queue_mail_many(
            [
                Mail("bad:1", "eve@example.org\nBcc: victim@example.org", "sv", "x", "x"),
                Mail(
                    "ok:1",
                    ("Eve\nBcc: victim@example.org", "eve@example.org"),
                    "xx",
                    "Hej\r\nBcc: victim@example.org",
                    "Text",
                    headers={"X-Note": "a\nBcc: victim@example.org"},
                ),
            ]
        )
    assert queued == 1
    assert not OutgoingMessage.objects.filter(key="bad:1").exists()
    [(recipients, message)] = smtp_server.received
    assert recipients == ["eve@example.org"]
    assert message["Bcc"] is None
    assert message["Subject"] == "Hej Bcc: victim@example.org"
    assert message["X-Note"] == "a Bcc: victim@example.org"
    assert message["Content-Language"] == "sv"  # an unknown language is the site's
    with pytest.raises(ValueError):
        queue_mail_many([Mail("bad:2", "a@example.org", "sv", "x", "x", headers={"Bcc:": "x"})])


def test_a_failing_batch_retries_its_messages_later(settings, committed, smtp_server):
    settings.TASKS = DATABASE_QUEUE
    smtp_server.stop()
    with committed():
        queue_mail_many(mails(3))
    run_worker()
    waiting = OutgoingMessage.objects.filter(key__startswith="many:").order_by("key")
    # The first message failed and waits for a retry of its own; the rest of the batch
    # was not tried (each would have waited for the server) and waits a minute.
    assert [(m.status, m.attempts) for m in waiting] == [
        ("queued", 1),
        ("queued", 0),
        ("queued", 0),
    ]
    ready = DBTaskResult.objects.filter(status="READY")
    assert sorted(ready.values_list("task_path", flat=True)) == [
        "icld_site.mail.deliver",
        "icld_site.mail.deliver_many",
    ]

    smtp_server.start()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_worker()
    assert len(smtp_server.received) == 3
    assert {m.status for m in waiting.all()} == {"sent"}
    run_worker()
    assert len(smtp_server.received) == 3
