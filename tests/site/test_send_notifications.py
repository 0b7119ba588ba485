"""`manage.py send_notifications`: the Europe/Stockholm date, the digest day, missed days,
idempotence and the clean-up of unconfirmed sign-ups."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from icld_site.models import OutgoingMessage, Subscriber, Subscription
from icld_site.notifications import digest_period
from tests.factories import NewsArticlePageFactory

UTC = datetime.UTC
# Monday 14 January 2030 began in Stockholm at 23:00 UTC on Sunday.
SUNDAY_LATE_IN_STOCKHOLM = datetime.datetime(2030, 1, 13, 22, 30, tzinfo=UTC)
MONDAY_EARLY_IN_STOCKHOLM = datetime.datetime(2030, 1, 13, 23, 30, tzinfo=UTC)


def subscribe(email, topic, language="sv", frequency="weekly", params="", confirmed=None):
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    return Subscription.objects.create(
        subscriber=subscriber,
        topic=topic,
        params=params,
        frequency=frequency,
        confirmed_at=confirmed,
    )


def run(committed, *args):
    output = io.StringIO()
    with committed():
        call_command("send_notifications", *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def weekly_news(db, committed):
    """A weekly news subscriber since December, and an article of Wednesday 9 January."""
    subscription = subscribe(
        "vecka@example.se", "news", confirmed=datetime.datetime(2029, 12, 1, tzinfo=UTC)
    )
    wednesday = datetime.datetime(2030, 1, 9, 9, tzinfo=UTC)
    with time_machine.travel(wednesday, tick=False), committed():
        NewsArticlePageFactory()
    return subscription


def digests():
    return OutgoingMessage.objects.filter(key__startswith="news-digest:")


def test_the_digest_day_is_the_day_in_stockholm(weekly_news, committed, smtp_server):
    with time_machine.travel(SUNDAY_LATE_IN_STOCKHOLM, tick=False):
        assert "2030-01-13:" in run(committed)
    assert not digests().exists()
    with time_machine.travel(MONDAY_EARLY_IN_STOCKHOLM, tick=False):
        output = run(committed)
    assert "2030-01-14:" in output and "news digests: 1" in output
    assert list(digests().values_list("key", flat=True)) == [
        f"news-digest:{weekly_news.pk}:2030-W03"
    ]
    assert len(smtp_server.received) == 1


def test_a_missed_digest_day_is_made_up_once(weekly_news, committed, smtp_server):
    # Cron did not run on Monday: Wednesday sends Monday's digest, Thursday nothing.
    for day in (16, 17):
        with time_machine.travel(datetime.datetime(2030, 1, day, 6, tzinfo=UTC), tick=False):
            run(committed)
    assert digests().count() == 1
    # The next Monday covers the week before it, in which nothing was published.
    with time_machine.travel(datetime.datetime(2030, 1, 21, 6, tzinfo=UTC), tick=False):
        assert "news digests: 0" in run(committed)
    assert len(smtp_server.received) == 1


def test_the_date_can_be_given_and_running_twice_sends_nothing_twice(
    weekly_news, committed, smtp_server
):
    with time_machine.travel(datetime.datetime(2030, 1, 14, 6, tzinfo=UTC), tick=False):
        assert "news digests: 1" in run(committed, "--date", "2030-01-14")
        assert "news digests: 0" in run(committed, "--date", "2030-01-14")
    assert len(smtp_server.received) == 1
    with pytest.raises(CommandError, match="Not a date"):
        call_command("send_notifications", "--date", "14/1/2030")


def test_round_reminders_follow_the_stockholm_date(db, committed, smtp_server):
    subscribe("omgang@example.se", "rounds", frequency="immediate", confirmed=timezone.now())
    # 15 February, the opening day, began at 23:00 UTC on the 14th.
    with time_machine.travel(datetime.datetime(2030, 2, 14, 22, 30, tzinfo=UTC), tick=False):
        assert "round opens reminders: 0" in run(committed)
    with time_machine.travel(datetime.datetime(2030, 2, 14, 23, 30, tzinfo=UTC), tick=False):
        assert "round opens reminders: 1" in run(committed)
        assert "round opens reminders: 0" in run(committed)
    [key] = OutgoingMessage.objects.values_list("key", flat=True)
    subscriber = Subscriber.objects.get()
    assert key == f"round-opens:20300215-20300315:{subscriber.pk}"


def test_unconfirmed_sign_ups_are_deleted_after_seven_days(db, committed, settings):
    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=UTC), tick=False):
        subscribe("gammal@example.se", "rounds", frequency="immediate")
    with time_machine.travel(datetime.datetime(2030, 1, 5, 12, tzinfo=UTC), tick=False):
        subscribe("ny@example.se", "rounds", frequency="immediate")
    with time_machine.travel(datetime.datetime(2030, 1, 9, 12, tzinfo=UTC), tick=False):
        output = run(committed)
    assert "unconfirmed subscriptions deleted: 1" in output
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ny@example.se"]


def test_the_digest_period_is_the_week_before_the_digest_day(settings):
    settings.SUBSCRIPTION_DIGEST_WEEKDAY = 0
    period = digest_period(datetime.date(2030, 1, 16))
    assert period.day == datetime.date(2030, 1, 14)
    assert period.week == "2030-W03"
    assert timezone.localtime(period.starts).isoformat() == "2030-01-14T00:00:00+01:00"
    assert timezone.localtime(period.previous_starts).date() == datetime.date(2030, 1, 7)
    settings.SUBSCRIPTION_DIGEST_WEEKDAY = 4  # Friday
    assert digest_period(datetime.date(2030, 1, 16)).day == datetime.date(2030, 1, 11)
