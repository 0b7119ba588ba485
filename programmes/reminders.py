"""Reminders of application rounds to "rounds" subscribers: on the day a round opens, and
7 days before it closes (its last day counted as in the round status: inclusive).

Run daily by `manage.py send_notifications` with the Europe/Stockholm date. Each reminder's
key names the round by its dates, so it goes to a subscriber once, however often the
command runs that day.
"""

from datetime import timedelta

from django.utils import timezone, translation

from icld_site.models import Subscription
from icld_site.notifications import CHUNK_SIZE, queue_to_subscriptions
from icld_site.subscriptions import page_address

from .models import ProgrammePage
from .rounds import occurrences

TOPIC = "rounds"
CLOSING_REMINDER_DAYS = 7


def reminders_due(rounds, today):
    """[(kind, occurrence)] of the reminders due on `today`: "opens" on the opening day,
    "closes" CLOSING_REMINDER_DAYS before the closing day (if the round is open then)."""
    due = []
    for occurrence in occurrences(rounds, today, months=2):
        if occurrence.opens == today:
            due.append(("opens", occurrence))
        reminder_day = occurrence.closes - timedelta(days=CLOSING_REMINDER_DAYS)
        if reminder_day == today and occurrence.includes(reminder_day):
            due.append(("closes", occurrence))
    return due


def round_reminders(today):
    """Queue the reminders due on `today` to every confirmed "rounds" subscriber."""
    programme = ProgrammePage.objects.live().public().first()
    if programme is None:
        return {}
    counts = {"round opens reminders": 0, "round closes reminders": 0}
    subscriptions = Subscription.objects.confirmed().of_topic(TOPIC)
    for kind, occurrence in reminders_due(programme.recurring_rounds, today):
        round_key = f"{occurrence.opens:%Y%m%d}-{occurrence.closes:%Y%m%d}"

        def context(language, _subscription, occurrence=occurrence):
            with translation.override(language):
                title = programme.title
            return {
                "programme": {"title": title, "url": page_address(programme, language)},
                "round": occurrence,
                "days_left": (occurrence.closes - today).days,
            }

        counts[f"round {kind} reminders"] += queue_to_subscriptions(
            subscriptions.select_related("subscriber")
            .order_by("pk")
            .iterator(chunk_size=CHUNK_SIZE),
            template=f"round_{kind}",
            key=lambda subscription, kind=kind, round_key=round_key: (
                f"round-{kind}:{round_key}:{subscription.subscriber_id}"
            ),
            context=context,
        )
        subscriptions.update(last_sent_at=timezone.now())
    return counts
