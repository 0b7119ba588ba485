"""The whole life of each kind of subscription, over the real loopback SMTP server and the
database mail queue worked by `db_worker`: sign up through the public form, confirm with
the link from the message, receive what is due (an alert, a digest, a reminder), manage,
and leave with one click (RFC 8058 POST to the List-Unsubscribe address).

Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from icld_site.models import OutgoingMessage, Subscriber, Subscription
from news.models import NewsCategory
from partners.models import Country, Partnership, Status
from tests.factories import NewsArticlePageFactory, PartnershipFactory
from tests.site.test_mail import DATABASE_QUEUE, parts, run_worker

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))  # winter: CET
# A Wednesday; the following Monday is the digest day (SUBSCRIPTION_DIGEST_WEEKDAY = 0).
SIGN_UP = datetime.datetime(2030, 1, 9, 10, 0, tzinfo=STOCKHOLM)
DIGEST_MONDAY = datetime.datetime(2030, 1, 14, 7, 0, tzinfo=STOCKHOLM)
URL = re.compile(r"https?://\S+")
# Why the message came: only a confirmed subscription is one the recipient took out.
SUBSCRIBED = {"sv": "för att du prenumererar på:", "en": "because you subscribed to:"}
ASKED = {
    "sv": "för att någon har bett om att den här adressen ska prenumerera på:",
    "en": "because someone asked to subscribe this address to:",
}


@pytest.fixture
def mail_queue(settings, smtp_server, committed):
    """Mail goes through the database queue; `deliver()` runs the worker, with what it
    queued for after its transaction commits, until nothing is left; returns the messages
    the SMTP server received meanwhile."""
    settings.TASKS = DATABASE_QUEUE

    def deliver():
        before = len(smtp_server.received)
        for _ in range(3):
            with committed():
                run_worker()
        return [message for _rcpt, message in smtp_server.received[before:]]

    return deliver


def text_of(message):
    return parts(message)["text/plain"]


def links_in(message):
    return URL.findall(text_of(message))


def sign_up(client, committed, language, topic, params="", frequency=None, email=None):
    email = email or f"prenumerant-{language}@example.se"
    data = {"email": email, "topic": topic, "params": params, "consent": "on", "website": ""}
    if frequency:
        data["frequency"] = frequency
    with translation.override(language):
        url = reverse("subscribe")
    with committed():
        response = client.post(url, data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200, response.content.decode()[:2000]
    return email


def confirm_from(message, client, committed):
    [confirm_url] = [link for link in links_in(message) if "/unsubscribe" not in link][:1]
    path = urlsplit(confirm_url).path
    assert client.get(path).status_code == 200  # a mail scanner's GET changes nothing
    with committed():
        assert client.post(path).status_code == 200


def sign_up_and_confirm(client, committed, mail_queue, language, topic, **kwargs):
    email = sign_up(client, committed, language, topic, **kwargs)
    [confirmation] = mail_queue()
    assert confirmation["To"] == email
    assert confirmation["Content-Language"] == language
    assert ASKED[language] in text_of(confirmation)
    assert SUBSCRIBED[language] not in text_of(confirmation)
    confirm_from(confirmation, client, committed)
    subscription = Subscription.objects.get(subscriber__email=email, topic=topic)
    assert subscription.confirmed_at is not None
    return subscription


def check_footer_and_leave(message, client, language, subscription):
    """The manage link shows the subscription; the RFC 8058 one-click POST to the
    List-Unsubscribe address ends it, and with the last one the address is deleted."""
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SUBSCRIBED[language] in text_of(message)
    assert ASKED[language] not in text_of(message)
    unsubscribe_url = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe_url in text_of(message)
    [manage_url] = [link for link in links_in(message) if "/manage/" in link or "/hantera/" in link]
    assert urlsplit(manage_url).path.startswith(f"/{language}/")
    assert urlsplit(unsubscribe_url).path.startswith(f"/{language}/")
    assert client.get(urlsplit(manage_url).path).status_code == 200

    response = client.post(
        urlsplit(unsubscribe_url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert not Subscriber.objects.filter(pk=subscription.subscriber_id).exists()


def notify(committed):
    """What cron runs daily; what it queues is delivered once it commits."""
    with committed():
        call_command("send_notifications", stdout=io.StringIO())


def publish_article(committed, **kwargs):
    with committed():
        return NewsArticlePageFactory(**kwargs)


def article_path(article, language):
    with translation.override(language):
        return article.get_url()


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_news_alert_life(client, committed, mail_queue, language):
    category = NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")
    with time_machine.travel(SIGN_UP, tick=False):
        subscription = sign_up_and_confirm(
            client,
            committed,
            mail_queue,
            language,
            "news",
            params=f"category={category.slug_sv}",
            frequency="immediate",
        )
        article = publish_article(committed, categories=[category], title_en="Good news")
        [alert] = mail_queue()

    assert alert["To"] == subscription.subscriber.email
    assert alert["Content-Language"] == language
    expected_title = "Good news" if language == "en" else article.title_sv
    assert expected_title in alert["Subject"]
    assert ("Nyhet" in alert["Subject"]) == (language == "sv")
    assert f"http://testserver{article_path(article, language)}" in text_of(alert)
    assert article_path(article, language).startswith(f"/{language}/")

    # Managed: switched to the weekly digest, the next article sends no alert.
    [manage_url] = [link for link in links_in(alert) if "/manage/" in link or "/hantera/" in link]
    response = client.post(
        urlsplit(manage_url).path,
        {"action": "frequency", "subscription": subscription.pk, "frequency": "weekly"},
    )
    assert response.status_code == 302
    with time_machine.travel(SIGN_UP + datetime.timedelta(hours=1), tick=False):
        publish_article(committed, categories=[category])
        assert mail_queue() == []
    check_footer_and_leave(alert, client, language, subscription)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_news_digest_life(client, committed, mail_queue, language):
    with time_machine.travel(SIGN_UP, tick=False) as traveller:
        subscription = sign_up_and_confirm(
            client, committed, mail_queue, language, "news", frequency="weekly"
        )
        article = publish_article(committed, title_en="Weekly news")
        assert mail_queue() == []  # a weekly subscriber gets no alert

        traveller.move_to(DIGEST_MONDAY)
        notify(committed)
        [digest] = mail_queue()
        notify(committed)
        assert mail_queue() == []

    assert digest["Content-Language"] == language
    assert f"http://testserver{article_path(article, language)}" in text_of(digest)
    assert OutgoingMessage.objects.filter(key=f"news-digest:{subscription.pk}:2030-W03").exists()
    check_footer_and_leave(digest, client, language, subscription)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_round_reminders_life(client, committed, mail_queue, language):
    # The demo's rounds: 15 February – 15 March and 15 September – 15 October.
    with time_machine.travel(SIGN_UP, tick=False) as traveller:
        subscription = sign_up_and_confirm(client, committed, mail_queue, language, "rounds")
        sent = []
        for day in (
            datetime.date(2030, 2, 14),
            datetime.date(2030, 2, 15),
            datetime.date(2030, 2, 16),
            datetime.date(2030, 3, 8),
            datetime.date(2030, 3, 8),
        ):
            traveller.move_to(datetime.datetime.combine(day, datetime.time(6), STOCKHOLM))
            notify(committed)
            sent.append(mail_queue())

    assert [len(messages) for messages in sent] == [0, 1, 0, 1, 0]
    opens, closes = sent[1][0], sent[3][0]
    programme_path = (
        "/sv/kommunalt-partnerskap/" if language == "sv" else "/en/municipal-partnership/"
    )
    for message in (opens, closes):
        assert message["Content-Language"] == language
        assert f"http://testserver{programme_path}" in text_of(message)
    assert ("15 mars" if language == "sv" else "15 March") in closes["Subject"]
    check_footer_and_leave(closes, client, language, subscription)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_saved_search_life(client, committed, mail_queue, language):
    kenya = Country.objects.get(code="KE")
    with time_machine.travel(SIGN_UP, tick=False) as traveller:
        subscription = sign_up_and_confirm(
            client, committed, mail_queue, language, "search", params="country=KE"
        )
        traveller.shift(datetime.timedelta(hours=1))
        new = PartnershipFactory(country=kenya, title_sv="Nytt i Kenya", title_en="New in Kenya")
        PartnershipFactory(
            country=Country.objects.get(code="UG"),
            title_sv="Någon annanstans",
            title_en="Somewhere else",
        )
        seeking = PartnershipFactory(
            country=kenya,
            status=Status.SEEKING_PARTNER,
            partner_organisations=[],
            title_sv="Söker i Kenya",
            title_en="Seeking in Kenya",
        )

        traveller.move_to(DIGEST_MONDAY)
        notify(committed)
        [digest] = mail_queue()
        notify(committed)
        assert mail_queue() == []

        # A week later nothing is new: nothing is sent.
        traveller.move_to(DIGEST_MONDAY + datetime.timedelta(days=7))
        notify(committed)
        assert mail_queue() == []

    text = text_of(digest)
    assert digest["Content-Language"] == language
    with translation.override(language):
        for partnership in (new, seeking):
            assert partnership.title in text
            assert f"http://testserver{partnership.get_absolute_url()}" in text
            assert partnership.get_absolute_url().startswith(f"/{language}/")
    assert "Somewhere else" not in text and "Någon annanstans" not in text
    check_footer_and_leave(digest, client, language, subscription)
    assert Partnership.objects.filter(pk=new.pk).exists()
