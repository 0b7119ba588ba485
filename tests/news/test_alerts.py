"""News alerts: queued once when an article is first published, fanned out by one task to
every subscriber it concerns, one message per article and subscriber."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from icld_site.models import OutgoingMessage, Subscriber, Subscription
from news.models import ArticleLanguage, NewsArticlePage
from tests.factories import NewsArticlePageFactory, NewsCategoryFactory
from tests.site.test_mail import DATABASE_QUEUE, parts, run_worker


def subscribe(email, language="sv", params="", frequency="immediate", confirmed=True):
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    return Subscription.objects.create(
        subscriber=subscriber,
        topic="news",
        params=params,
        frequency=frequency,
        confirmed_at=timezone.now() if confirmed else None,
    )


def publish(committed, **kwargs):
    with committed():
        return NewsArticlePageFactory(**kwargs)


def received_by(smtp_server):
    return sorted(rcpt for rcpts, _message in smtp_server.received for rcpt in rcpts)


@pytest.fixture
def category(db):
    return NewsCategoryFactory(name_sv="Miljö och klimat", name_en="Environment and climate")


def test_an_article_goes_once_to_each_subscriber_it_concerns(db, smtp_server, committed, category):
    other = NewsCategoryFactory()
    subscribe("alla@example.se")
    # Two subscriptions that both match: still one message.
    subscribe("bada@example.se")
    subscribe("bada@example.se", params=f"category={category.slug_sv}")
    subscribe("kategori@example.se", params=f"category={category.slug_sv}")
    subscribe("annan@example.se", params=f"category={other.slug_sv}")
    subscribe("veckovis@example.se", frequency="weekly")
    subscribe("obekraftad@example.se", confirmed=False)

    article = publish(committed, categories=[category])

    assert received_by(smtp_server) == ["alla@example.se", "bada@example.se", "kategori@example.se"]
    assert OutgoingMessage.objects.filter(key__startswith=f"news-alert:{article.pk}:").count() == 3
    article.refresh_from_db()
    assert article.alert_queued_at is not None
    assert Subscription.objects.filter(last_sent_at__isnull=False).count() == 4

    # Unpublished and published again, or edited and republished: no news.
    with committed():
        article.unpublish()
    with committed():
        article.save_revision().publish()
    with committed():
        article.title_sv = "Rättad rubrik"
        article.save_revision().publish()
    assert len(smtp_server.received) == 3


def test_an_article_with_alerts_switched_off_sends_nothing(db, smtp_server, committed):
    subscribe("alla@example.se")
    article = publish(committed, send_alert=False)
    assert smtp_server.received == []
    article.refresh_from_db()
    assert article.alert_queued_at is None
    # Switched on later and republished: it is not the first publication.
    with committed():
        article.send_alert = True
        article.save_revision().publish()
    assert smtp_server.received == []


def test_a_draft_saved_before_publication_does_not_bring_the_alert_back(db, smtp_server, committed):
    subscribe("alla@example.se")
    with committed():
        article = NewsArticlePageFactory(live=False)
        draft = article.save_revision()
        article.save_revision().publish()
    queued_at = NewsArticlePage.objects.get(pk=article.pk).alert_queued_at
    with committed():
        article.unpublish()
    with committed():
        draft.publish()
    assert NewsArticlePage.objects.get(pk=article.pk).alert_queued_at == queued_at
    assert len(smtp_server.received) == 1


@pytest.mark.parametrize(
    ("language", "subject", "notice", "path"),
    [
        ("sv", "Nyhet från Kommunalt Partnerskap: Bara på svenska", None, "/sv/aktuellt/"),
        (
            "en",
            "News from Kommunalt Partnerskap: Bara på svenska",
            "This article is only available in Swedish.",
            "/en/news/",
        ),
    ],
)
def test_an_article_in_one_language_goes_to_everyone_with_a_notice(
    db, smtp_server, committed, language, subject, notice, path
):
    subscribe("lasare@example.se", language=language)
    article = publish(
        committed,
        title_sv="Bara på svenska",
        title_en="",
        teaser_en="",
        languages=ArticleLanguage.SWEDISH,
    )
    [(_rcpt, message)] = smtp_server.received
    text = parts(message)["text/plain"]
    assert str(message["Subject"]).strip() == subject
    assert message["Content-Language"] == language
    with translation.override(language):
        url = article.get_url()
    assert url.startswith(path)
    assert f"http://testserver{url}" in text
    if notice:
        assert notice in text
    else:
        assert "Nyheten finns bara" not in text


def test_publishing_queues_one_task_and_the_worker_queues_the_messages(
    db, smtp_server, committed, settings
):
    settings.TASKS = DATABASE_QUEUE
    for number in range(3):
        subscribe(f"prenumerant{number}@example.se", language=["sv", "en"][number % 2])

    publish(committed)

    # The publish itself queued one task and no message.
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "news.alerts.send_news_alert"
    assert not OutgoingMessage.objects.filter(key__startswith="news-alert:").exists()
    with committed():
        run_worker()
    assert (
        OutgoingMessage.objects.filter(key__startswith="news-alert:", status="queued").count() == 3
    )
    # One delivery task for the whole batch.
    assert DBTaskResult.objects.filter(task_path="icld_site.mail.deliver_many").count() == 1
    run_worker()
    assert len(smtp_server.received) == 3
    assert OutgoingMessage.objects.filter(key__startswith="news-alert:", status="sent").count() == 3


def test_a_scheduled_article_alerts_when_it_goes_live(db, smtp_server, committed):
    subscribe("alla@example.se")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        with committed():
            article = NewsArticlePageFactory(live=False)
            article.go_live_at = start + datetime.timedelta(hours=2)
            article.save_revision().publish()
        assert smtp_server.received == []
        traveller.shift(datetime.timedelta(hours=3))
        with committed():
            call_command("publish_scheduled")
    assert received_by(smtp_server) == ["alla@example.se"]


def test_editors_see_the_alert_choice_in_their_language(editor_client):
    article = NewsArticlePage.objects.first()
    body = editor_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Skicka en avisering via e-post till prenumeranterna" in body
    assert 'name="send_alert"' in body
    assert 'name="alert_queued_at"' not in body
