"""What retires the anonymous page cache, and what leaves it alone.

Editors save drafts, Wagtail autosaves them, editors open the editor and preview all day:
none of that may empty the public cache. Publishing, unpublishing, moving and deleting
pages, and changing content that pages show, retire it once the change is committed.
Every change below runs inside `committed()` (tests/conftest.py), which runs what waits
for the commit as a real commit would.
"""

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends import BaseBackend

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage
from programmes.models import ContentPage, ProgrammePage
from tests.helpers import DATABASE, HOME, NEWS, PROGRAMME, article_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

# The article that the `article` fixture publishes (see article_form_data).
ARTICLE = {"sv": "/sv/aktuellt/ny-omgang-oppnar/", "en": "/en/news/new-round-opens/"}
ARTICLE_TITLE = "Ny omgång öppnar"
DRAFT_TITLE = "Ett utkast som ingen besökare ser"
PUBLIC_PAGES = [HOME["sv"], HOME["en"], PROGRAMME["sv"], NEWS["sv"], NEWS["en"], DATABASE["sv"]]


def warm(client, *urls):
    """Each page rendered once and then served from the cache."""
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit", url


def served_from_cache(client, url):
    return client.get(url).get("X-Page-Cache") == "hit"


UPLOAD_TITLE = "Uppladdad i cachetestet"


@pytest.fixture(autouse=True)
def _remove_uploaded_files(db):
    """The test database is rolled back after each test, the media folder is not."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    yield
    for model in (get_document_model(), get_image_model()):
        for upload in model.objects.filter(title__startswith=UPLOAD_TITLE):
            if hasattr(upload, "renditions"):
                for rendition in upload.renditions.all():
                    rendition.file.delete(save=False)
            upload.file.delete(save=False)


def upload_image():
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(
        title=UPLOAD_TITLE, file=get_test_image_file("cachetest.png", size=(40, 30))
    )


@pytest.fixture
def category():
    return NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")


@pytest.fixture
def article(editor_client, category, committed):
    """A news article that an editor has published through the admin."""
    index = NewsIndexPage.objects.get()
    add_url = reverse("wagtailadmin_pages:add", args=["news", "newsarticlepage", index.pk])
    with committed():
        response = editor_client.post(
            add_url, article_form_data(category, **{"action-publish": "action-publish"})
        )
    assert response.status_code == 302
    return NewsArticlePage.objects.get(slug_sv="ny-omgang-oppnar")


# --- Editing leaves the cache alone ---------------------------------------------------------


def save_draft(editor, article, category):
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = editor.post(edit_url, article_form_data(category, title_sv=DRAFT_TITLE))
    assert response.status_code == 302


def autosave(editor, article, category):
    """Wagtail 8's autosave: the editor's form sent for JSON, then overwriting its revision."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = article_form_data(category, title_sv=DRAFT_TITLE)
    first = editor.post(edit_url, data, headers={"accept": "application/json"})
    assert first.json()["success"], first.json()
    data = {
        **data,
        "title_sv": DRAFT_TITLE + "!",
        "overwrite_revision_id": first.json()["revision_id"],
    }
    second = editor.post(edit_url, data, headers={"accept": "application/json"})
    assert second.json()["success"], second.json()
    assert second.json()["revision_id"] == first.json()["revision_id"]


def open_editor(editor, article, category):
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).status_code == 200


def preview(editor, article, category):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    assert editor.post(url, article_form_data(category, title_sv=DRAFT_TITLE)).json()["is_valid"]
    response = editor.get(url, {"in_preview_panel": "true", "mode": ""})
    assert DRAFT_TITLE in response.content.decode()


def draft_of_a_new_article(editor, article, category):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["news", "newsarticlepage", article.get_parent().pk]
    )
    data = article_form_data(
        category, title_sv=DRAFT_TITLE, slug_sv="utkast", slug_en="draft", title_en="Draft"
    )
    assert editor.post(add_url, data).status_code == 302
    assert not NewsArticlePage.objects.get(slug_sv="utkast").live


@pytest.mark.parametrize(
    "edit", [save_draft, autosave, open_editor, preview, draft_of_a_new_article]
)
def test_editing_without_publishing_leaves_the_cache_alone(
    client, editor_client, article, category, committed, edit
):
    warm(client, ARTICLE["sv"], ARTICLE["en"], *PUBLIC_PAGES)
    with committed():
        edit(editor_client, article, category)
    for url in [ARTICLE["sv"], ARTICLE["en"], *PUBLIC_PAGES]:
        assert served_from_cache(client, url), url
    public = client.get(ARTICLE["sv"]).content.decode()
    assert ARTICLE_TITLE in public and DRAFT_TITLE not in public


def test_revisions_of_partnerships_and_new_image_sizes_leave_the_cache_alone(client, committed):
    from partners.models import Partnership

    with committed():
        image = upload_image()
    warm(client, *PUBLIC_PAGES)
    with committed():
        # What the partnership editor does after saving the form: record a revision.
        Partnership.objects.order_by("pk").first().save_revision()
        # A page showing an image at a new size for the first time stores a rendition.
        image.get_rendition("fill-20x20")
    for url in PUBLIC_PAGES:
        assert served_from_cache(client, url), url


# --- Publishing and other changes retire every cached page ---------------------------------


def test_publishing_in_the_admin_shows_the_new_version(
    client, editor_client, article, category, committed
):
    warm(client, ARTICLE["sv"], NEWS["sv"], HOME["sv"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = article_form_data(category, title_sv="Ny rubrik", **{"action-publish": "action-publish"})
    with committed():
        assert editor_client.post(edit_url, data).status_code == 302
    for url in (ARTICLE["sv"], NEWS["sv"], HOME["sv"]):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Ny rubrik" in response.content.decode()


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_unpublishing_or_deleting_in_the_admin_removes_the_article(
    client, editor_client, article, committed, action
):
    warm(client, ARTICLE["sv"], ARTICLE["en"], NEWS["sv"])
    with committed():
        response = editor_client.post(reverse(f"wagtailadmin_pages:{action}", args=[article.pk]))
    assert response.status_code == 302
    assert not NewsArticlePage.objects.filter(pk=article.pk, live=True).exists()
    assert client.get(ARTICLE["sv"]).status_code == 404
    assert client.get(ARTICLE["en"]).status_code == 404
    news = client.get(NEWS["sv"])
    assert news["X-Page-Cache"] == "miss" and ARTICLE_TITLE not in news.content.decode()


def test_a_change_retires_the_cache_only_once_committed(client, committed):
    from partners.models import Country

    warm(client, PROGRAMME["sv"])
    with committed():
        Country.objects.filter(code="KE").get().save()
        # Until the commit, other requests must not store the old content as the new.
        assert served_from_cache(client, PROGRAMME["sv"])
    assert not served_from_cache(client, PROGRAMME["sv"])


def test_moving_a_page_retires_the_cache(client, committed):
    page = ContentPage.objects.get(slug_sv="sa-ansoker-du")
    target = page.get_siblings(inclusive=False).first()
    warm(client, PROGRAMME["sv"], HOME["sv"])
    with committed():
        page.move(target, pos="left")
    assert not served_from_cache(client, PROGRAMME["sv"])
    assert not served_from_cache(client, HOME["sv"])


STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOON = datetime(2027, 3, 15, 12, 0, tzinfo=STOCKHOLM)


def test_scheduled_publishing_retires_the_cache(client, committed):
    page = ProgrammePage.objects.get()
    with time_machine.travel(NOON, tick=False):
        page.title_sv = "Kommunalt Partnerskap från klockan 12.01"
        page.go_live_at = NOON + timedelta(minutes=1)
        with committed():
            page.save_revision().publish()
        warm(client, PROGRAMME["sv"])
        assert "från klockan 12.01" not in client.get(PROGRAMME["sv"]).content.decode()
    with time_machine.travel(NOON + timedelta(minutes=2), tick=False):
        with committed():
            call_command("publish_scheduled", verbosity=0)
        response = client.get(PROGRAMME["sv"])
    assert response["X-Page-Cache"] == "miss"
    assert "från klockan 12.01" in response.content.decode()


def test_scheduled_unpublishing_retires_the_cache(client, committed):
    url = "/sv/kommunalt-partnerskap/sa-ansoker-du/"
    page = ContentPage.objects.get(slug_sv="sa-ansoker-du")
    ContentPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    warm(client, url)
    with committed():
        call_command("publish_scheduled", verbosity=0)
    assert client.get(url).status_code == 404


def rename(model, field="name_sv", **lookup):
    def change():
        instance = model.objects.filter(**lookup).order_by("pk").first()
        setattr(instance, field, getattr(instance, field) + " (ändrad)")
        instance.save()

    return change


def content_changes():
    """(name, prepare, change): `prepare` runs before the pages are cached, `change` after."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from icld_site.models import SiteSettings
    from partners.models import (
        ContactPerson,
        Country,
        Organisation,
        Partnership,
        ThematicArea,
    )

    def nothing():
        pass

    def unlink_an_organisation():
        partnership = Partnership.objects.filter(swedish_organisations__isnull=False).first()
        # From the organisation's side: the reverse of the partnership's many-to-many field.
        partnership.swedish_organisations.first().swedish_partnerships.remove(partnership)

    def new_document():
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        get_document_model().objects.create(
            title=UPLOAD_TITLE, file=ContentFile(b"%PDF-1.4 rapport", name="cachetest.pdf")
        )

    def make_redirect():
        Redirect.objects.create(old_path="/sv/gammal-sida", redirect_link="/sv/")

    def delete_redirect():
        Redirect.objects.filter(old_path="/sv/gammal-sida").delete()

    def make_private():
        PageViewRestriction.objects.create(
            page=ProgrammePage.objects.get(), restriction_type=PageViewRestriction.LOGIN
        )

    return [
        ("partnership", nothing, rename(Partnership, "title_sv")),
        ("partnership's links", nothing, unlink_an_organisation),
        ("organisation", nothing, rename(Organisation, "name")),
        ("country", nothing, rename(Country, code="KE")),
        ("thematic area", nothing, rename(ThematicArea)),
        ("contact person", nothing, rename(ContactPerson, "name")),
        ("news category", nothing, rename(NewsCategory)),
        ("site settings", nothing, rename(SiteSettings, "contact_email")),
        ("site", nothing, rename(Site, "site_name")),
        ("image", upload_image, rename(get_image_model(), "title", title=UPLOAD_TITLE)),
        ("document", nothing, new_document),
        ("new redirect", nothing, make_redirect),
        ("deleted redirect", make_redirect, delete_redirect),
        ("privacy", nothing, make_private),
    ]


@pytest.mark.parametrize(
    ("prepare", "change"),
    [case[1:] for case in content_changes()],
    ids=[case[0] for case in content_changes()],
)
def test_content_that_pages_show_retires_the_cache(client, committed, prepare, change):
    with committed():
        prepare()
    warm(client, HOME["sv"], PROGRAMME["sv"])
    with committed():
        change()
    assert not served_from_cache(client, HOME["sv"])
    assert not served_from_cache(client, PROGRAMME["sv"])


# --- The front cache ------------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    """A front cache that records what it is told to drop."""

    purged = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


@pytest.fixture
def front_cache():
    RecordingBackend.purged = []
    backend = {"front": {"BACKEND": f"{__name__}.RecordingBackend"}}
    with override_settings(WAGTAILFRONTENDCACHE=backend):
        yield RecordingBackend.purged


def full_urls(paths):
    return Counter(f"http://localhost{path}" for path in paths)


def test_publishing_purges_each_language_once(front_cache, committed):
    page = ProgrammePage.objects.get()
    with committed():
        page.save_revision().publish()
    assert Counter(front_cache) == full_urls(PROGRAMME.values())


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_unpublishing_or_deleting_purges_each_language_once(front_cache, committed, action):
    page = ContentPage.objects.get(slug_sv="sa-ansoker-du")
    with committed():
        getattr(page, action)()
    assert Counter(front_cache) == full_urls(
        ["/sv/kommunalt-partnerskap/sa-ansoker-du/", "/en/municipal-partnership/how-to-apply/"]
    )


def test_drafts_purge_nothing(front_cache, committed):
    page = ProgrammePage.objects.get()
    page.title_sv = DRAFT_TITLE
    with committed():
        page.save_revision()
    assert front_cache == []
