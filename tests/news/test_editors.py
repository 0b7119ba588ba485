import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from news.models import EDITORS_GROUP, NewsArticlePage, NewsCategory
from tests.factories import NewsArticlePageFactory
from tests.helpers import article_form_data

pytestmark = pytest.mark.django_db


def test_editors_group_has_model_permissions_but_not_user_management():
    group = Group.objects.get(name=EDITORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_newscategory", "change_newscategory"} <= codenames
    assert not codenames & {"add_user", "change_user", "add_group", "change_group", "change_site"}
    collection_codenames = set(
        group.collection_permissions.values_list("permission__codename", flat=True)
    )
    assert collection_codenames == {"add_image", "choose_image", "add_document", "choose_document"}


def test_editors_can_publish_news_under_the_index(editor_client, news_index, category):
    assert editor_client.get(reverse("wagtailadmin_home")).status_code == 200
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", news_index.pk])
    assert editor_client.get(add_url).status_code == 200
    response = editor_client.post(
        add_url, article_form_data(category, **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302, response.context["form"].errors
    article = NewsArticlePage.objects.get(slug_sv="ny-omgang-oppnar")
    assert article.live
    assert list(article.categories.all()) == [category]
    assert editor_client.get("/en/news/new-round-opens/").status_code == 200

    # ... and edit and unpublish it again.
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert editor_client.get(edit_url).status_code == 200
    unpublish_url = reverse("wagtailadmin_pages:unpublish", args=[article.pk])
    assert editor_client.post(unpublish_url).status_code == 302
    article.refresh_from_db()
    assert not article.live


def test_editors_can_manage_categories(editor_client):
    list_url = reverse("wagtailsnippets_news_newscategory:list")
    assert editor_client.get(list_url).status_code == 200
    response = editor_client.post(
        reverse("wagtailsnippets_news_newscategory:add"),
        {
            "name_sv": "Demokrati",
            "name_en": "Democracy",
            "slug_sv": "demokrati",
            "slug_en": "democracy",
        },
    )
    assert response.status_code == 302
    assert NewsCategory.objects.with_slug("democracy").exists()


@pytest.mark.parametrize(
    "url_name", ["wagtailusers_users:index", "wagtailusers_groups:index", "wagtailsites:index"]
)
def test_editors_cannot_manage_users_groups_or_sites(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code in (302, 403)


def test_editors_cannot_edit_pages_outside_the_news(editor_client, home_page):
    assert editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[home_page.pk])
    ).status_code in (302, 403)
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newsindexpage", home_page.pk])
    assert editor_client.get(add_url).status_code in (302, 403)


def test_new_news_index_grants_editors_rights(home_page):
    from news.models import NewsIndexPage

    NewsIndexPage.objects.get().delete()
    index = NewsIndexPage(
        title_sv="Nyheter", title_en="News", slug="nyheter", slug_sv="nyheter", slug_en="news"
    )
    home_page.add_child(instance=index)
    codenames = set(
        Page.objects.get(pk=index.pk)
        .group_permissions.filter(group__name=EDITORS_GROUP)
        .values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_page", "change_page", "publish_page"}


def test_scheduled_article_is_published_by_publish_scheduled(client):
    start = timezone.make_aware(datetime.datetime(2030, 3, 1, 9, 0))
    with time_machine.travel(start, tick=False) as traveller:
        article = NewsArticlePageFactory(live=False, title_sv="Schemalagd nyhet")
        article.go_live_at = start + datetime.timedelta(hours=2)
        article.save_revision().publish()
        article.refresh_from_db()
        assert not article.live
        url = article.get_url()
        assert client.get(url).status_code == 404

        call_command("publish_scheduled")
        assert client.get(url).status_code == 404

        traveller.shift(datetime.timedelta(hours=3))
        call_command("publish_scheduled")
        assert client.get(url).status_code == 200
        assert "Schemalagd nyhet" in client.get("/sv/aktuellt/").content.decode()


def test_expired_article_is_unpublished_by_publish_scheduled(client):
    start = timezone.make_aware(datetime.datetime(2030, 3, 1, 9, 0))
    with time_machine.travel(start, tick=False) as traveller:
        article = NewsArticlePageFactory()
        article.expire_at = start + datetime.timedelta(days=1)
        article.save_revision().publish()
        assert client.get(article.get_url()).status_code == 200
        traveller.shift(datetime.timedelta(days=2))
        call_command("publish_scheduled")
        assert client.get(article.get_url()).status_code == 404


def test_an_editor_changes_the_slug_of_a_published_article(
    editor_client, client, news_index, category
):
    publish = {"action-publish": "action-publish"}
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", news_index.pk])
    assert editor_client.post(add_url, article_form_data(category, **publish)).status_code == 302
    article = NewsArticlePage.objects.get(slug_sv="ny-omgang-oppnar")
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form_data(category, slug_en="round-opens", **publish),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert client.get("/en/news/round-opens/").status_code == 200
