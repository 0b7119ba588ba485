import datetime
from email.utils import getaddresses
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from icld_site.mail import deliver, email_for, mailbox, one_line, queue_mail
from icld_site.models import OutgoingMessage

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def run_worker():
    """One pass of the mail worker over what is due. It shares the test's database
    connection, which it must not close between tasks."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            "--backend=mail",
            batch=True,
            startup_delay=False,
            reload=False,
            verbosity=0,
        )


def parts(message):
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }


@pytest.fixture
def plain_template(tmp_path, settings):
    """A message with only a plain-text part, whose subject comes from its context."""
    for language in ("sv", "en"):
        (tmp_path / "mail").mkdir(exist_ok=True)
        (tmp_path / f"mail/plain.{language}.subject.txt").write_text("{{ title }}")
        (tmp_path / f"mail/plain.{language}.txt").write_text(f"{language}: {{{{ body }}}}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


@pytest.mark.parametrize(
    ("language", "subject", "text"),
    [
        ("sv", "Provmeddelande från Kommunalt Partnerskap", "Det här är ett provmeddelande"),
        ("en", "Test message from Kommunalt Partnerskap", "This is a test message"),
    ],
)
def test_a_message_arrives_in_the_recipients_language(
    db, smtp_server, committed, settings, language, subject, text
):
    with committed():
        queue_mail(
            "greeting:1",
            "test_message",
            to=("Åsa Öberg", "asa@example.se"),
            language=language,
            context={"address": "asa@example.se"},
            reply_to=("Programmet", "partnership@icld.se"),
            headers={"X-Programme": "Kommunalt Partnerskap"},
        )

    [(recipients, message)] = smtp_server.received
    assert recipients == ["asa@example.se"]
    assert message["Subject"] == subject
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["To"] == "Åsa Öberg <asa@example.se>"
    assert message["Reply-To"] == "Programmet <partnership@icld.se>"
    assert message["X-Programme"] == "Kommunalt Partnerskap"
    assert message["Content-Language"] == language
    assert message["Cc"] is None and message["Bcc"] is None
    body = parts(message)
    assert text in body["text/plain"] and "asa@example.se" in body["text/plain"]
    assert text in body["text/html"]
    sent = OutgoingMessage.objects.get(key="greeting:1")
    assert (sent.status, sent.attempts, sent.body_text) == ("sent", 1, "")
    assert sent.sent_at is not None


def test_a_message_without_an_html_template_is_plain_text(
    db, smtp_server, committed, plain_template
):
    with committed():
        queue_mail("plain:1", "plain", to="a@example.se", language="en", context={"title": "Hi"})
        # An unknown language falls back to the site's (Swedish).
        queue_mail("plain:2", "plain", to="b@example.se", language="xx", context={"title": "Hej"})

    [(_, english), (_, swedish)] = smtp_server.received
    assert english.get_content_type() == "text/plain"
    assert english.get_content().startswith("en:")
    assert swedish.get_content().startswith("sv:")


def test_line_breaks_cannot_add_headers_or_recipients(db, smtp_server, committed, plain_template):
    injected = "Hej\r\nBcc: victim@example.org\r\n\r\nNew body"
    with committed():
        queue_mail(
            "injection:1",
            "plain",
            to=("Eve\nBcc: victim@example.org", "eve@example.org"),
            reply_to=("Eve\r\nCc: victim@example.org", "eve@example.org"),
            language="sv",
            context={"title": injected, "body": "x"},
            headers={"X-Name": "Eve\nBcc: victim@example.org"},
        )

    [(recipients, message)] = smtp_server.received
    assert recipients == ["eve@example.org"]
    assert message["Bcc"] is None and message["Cc"] is None
    assert message["Subject"] == "Hej Bcc: victim@example.org New body"
    assert message["X-Name"] == "Eve Bcc: victim@example.org"
    assert message.get_content().strip() == "sv: x"

    with pytest.raises(ValidationError):
        queue_mail("injection:2", "plain", to="eve@example.org\nBcc: v@example.org", language="sv")
    with pytest.raises(ValueError):
        queue_mail("injection:3", "plain", to="e@example.org", language="sv", headers={"Bcc:": "x"})
    assert not OutgoingMessage.objects.filter(key__in=["injection:2", "injection:3"]).exists()


@hypothesis_settings(max_examples=200, deadline=None)
@given(name=st.text(), subject=st.text(), value=st.text())
def test_no_name_subject_or_header_value_adds_a_header(name, subject, value):
    message = OutgoingMessage(
        recipient=mailbox((name, "a@example.se")),
        reply_to=mailbox((name, "b@example.se")),
        subject=one_line(subject),
        language="sv",
        body_text="x",
        headers={"X-Note": one_line(value)},
    )
    parsed = email_for(message).message()
    assert parsed.get_all("To") == [parsed["To"]] and "a@example.se" in parsed["To"]
    assert sorted(set(parsed.keys())) == sorted(
        ["Content-Language", "Content-Transfer-Encoding", "Content-Type", "Date", "From"]
        + ["MIME-Version", "Message-ID", "Reply-To", "Subject", "To", "X-Note"]
    )
    assert [address for _, address in getaddresses([str(parsed["To"])])] == ["a@example.se"]


def test_a_message_is_sent_once_however_often_it_is_queued_or_run(db, smtp_server, committed):
    for _ in range(2):
        with committed():
            message = queue_mail("once:1", "test_message", to="a@example.se", language="sv")
    deliver.call(message.pk)

    assert len(smtp_server.received) == 1
    assert OutgoingMessage.objects.filter(key="once:1").count() == 1


def test_the_worker_delivers_the_queue_and_retries_while_the_server_is_down(
    db, smtp_server, committed, settings, client
):
    settings.TASKS = DATABASE_QUEUE
    settings.MAIL_QUEUE_MAX_AGE = 60
    with committed():
        queue_mail("queue:1", "test_message", to="a@example.se", language="sv")
    assert smtp_server.received == []  # nothing is sent before the worker runs
    run_worker()
    assert [rcpt for rcpt, _ in smtp_server.received] == [["a@example.se"]]

    smtp_server.stop()
    with committed():
        queue_mail("queue:2", "test_message", to="b@example.se", language="en")
    run_worker()
    waiting = OutgoingMessage.objects.get(key="queue:2")
    assert (waiting.status, waiting.attempts) == ("queued", 1)
    assert waiting.last_error
    assert client.get("/healthz").json()["status"] == "ok"  # the shallow check has no mail

    smtp_server.start()
    run_worker()  # the retry waits its turn
    assert len(smtp_server.received) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        health = client.get("/healthz?deep=1").json()
        assert health["status"] == "degraded"
        assert health["mail"]["status"] == "delayed"
        assert health["mail"]["oldest_unsent_seconds"] > 60
        run_worker()
        call_command("retry_mail", stdout=mock.Mock())
        run_worker()
        health = client.get("/healthz?deep=1").json()

    assert [rcpt for rcpt, _ in smtp_server.received] == [["a@example.se"], ["b@example.se"]]
    assert smtp_server.received[1][1]["Subject"] == "Test message from Kommunalt Partnerskap"
    assert OutgoingMessage.objects.get(key="queue:2").attempts == 2
    assert health["status"] == "ok"
    assert health["mail"] == {"status": "ok", "oldest_unsent_seconds": None}


def test_retry_mail_sends_what_no_task_waits_for(db, smtp_server):
    # Queued, but the process stopped before its task was queued (nothing commits here).
    queue_mail("lost:1", "test_message", to="a@example.se", language="sv")
    assert smtp_server.received == []

    call_command("retry_mail", stdout=mock.Mock())
    call_command("retry_mail", stdout=mock.Mock())

    assert [rcpt for rcpt, _ in smtp_server.received] == [["a@example.se"]]


def test_send_test_mail_queues_a_message_and_rejects_a_non_address(db, smtp_server, committed):
    with committed():
        call_command("send_test_mail", "ops@example.se", "--language", "en", stdout=mock.Mock())
    [(recipients, message)] = smtp_server.received
    assert recipients == ["ops@example.se"]
    assert "ops@example.se" in parts(message)["text/plain"]
    with pytest.raises(CommandError, match="Not an e-mail address"):
        call_command("send_test_mail", "not an address")


def test_the_deep_health_check_survives_a_mail_query_that_fails(db, client):
    with mock.patch("icld_site.views.oldest_unsent_age", side_effect=OperationalError("slow")):
        response = client.get("/healthz?deep=1")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["mail"] == {"status": "unavailable"}
