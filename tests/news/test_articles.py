import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.images.models import Image

from news.models import NewsArticlePage
from tests.factories import NewsArticlePageFactory
from tests.helpers import soup

pytestmark = pytest.mark.django_db

REQUIREMENTS = {
    "sv": "/sv/aktuellt/requirements-for-reporting/",
    "en": "/en/news/requirements-for-reporting/",
}
SKETCHNOTES = {
    "sv": "/sv/aktuellt/sketchnotes-fran-icld-almedalen-2016/",
    "en": "/en/news/sketchnotes-fran-icld-almedalen-2016/",
}


def notice(html):
    element = html.select_one(".news-language-notice")
    return element.get_text(strip=True) if element else None


def test_english_only_article_on_swedish_site_is_marked_english(client):
    html = soup(client.get(REQUIREMENTS["sv"]))
    assert html.html["lang"] == "sv"
    article = html.find("article")
    assert article["lang"] == "en"
    assert article.h1.get_text(strip=True) == "Requirements for reporting"
    assert "The requirements for reporting apply" in article.get_text()
    assert notice(html) == "Artikeln finns bara på engelska."
    assert html.select_one(".news-language-notice")["lang"] == "sv"


def test_english_only_article_on_english_site_has_no_notice(client):
    html = soup(client.get(REQUIREMENTS["en"]))
    assert html.find("article")["lang"] == "en"
    assert notice(html) is None


def test_swedish_only_article_on_english_site(client):
    html = soup(client.get(SKETCHNOTES["en"]))
    assert html.html["lang"] == "en"
    assert html.find("article")["lang"] == "sv"
    assert html.find("article").h1.get_text(strip=True) == "Sketchnotes från ICLD Almedalen 2016"
    assert notice(html) == "This article is only available in Swedish."
    assert notice(soup(client.get(SKETCHNOTES["sv"]))) is None


@pytest.mark.parametrize(
    ("path", "title", "lang", "expected_notice"),
    [
        ("/sv/aktuellt/", "Requirements for reporting", "en", "Artikeln finns bara på engelska."),
        ("/en/news/", "Requirements for reporting", "en", None),
        (
            "/en/news/",
            "Sketchnotes från ICLD Almedalen 2016",
            "sv",
            "This article is only available in Swedish.",
        ),
        ("/en/news/", "New insights when partners take the MPP training together", "en", None),
    ],
)
def test_listing_marks_article_language(client, path, title, lang, expected_notice):
    html = soup(client.get(path))
    heading = next(h2 for h2 in html.select(".news-list h2") if h2.get_text(strip=True) == title)
    assert heading.find_parent(attrs={"lang": True})["lang"] == lang
    assert notice(heading.find_parent("article")) == expected_notice


def test_bilingual_article_in_both_languages(client):
    sv = soup(
        client.get("/sv/aktuellt/nya-insikter-nar-samarbetsparter-gar-kp-utbildning-tillsammans/")
    )
    en = soup(client.get("/en/news/new-insights-when-partners-take-the-mpp-training-together/"))
    assert sv.find("article")["lang"] == "sv" and en.find("article")["lang"] == "en"
    assert (
        sv.h1.get_text(strip=True)
        == "Nya insikter när samarbetsparter går KP-utbildning tillsammans"
    )
    assert en.h1.get_text(strip=True) == "New insights when partners take the MPP training together"
    assert sv.find("time").get_text(strip=True) == "2016-09-26"
    assert en.find("time").get_text(strip=True) == "26 September 2016"
    assert notice(sv) is None and notice(en) is None
    tags = {a.get_text(strip=True): a["href"] for a in en.select(".tags a")}
    assert tags["Municipal partnership"] == "/en/news/?category=municipal-partnership"


def meta(html, name):
    tag = html.find("meta", property=name) or html.find("meta", attrs={"name": name})
    return tag["content"] if tag else None


@pytest.mark.parametrize(
    ("language", "path", "title", "locale"),
    [
        ("sv", "/sv/aktuellt/nya-insikter-nar-samarbetsparter-gar-kp-utbildning-tillsammans/",
         "Nya insikter när samarbetsparter går KP-utbildning tillsammans", "sv_SE"),
        ("en", "/en/news/new-insights-when-partners-take-the-mpp-training-together/",
         "New insights when partners take the MPP training together", "en_GB"),
    ],
)  # fmt: skip
def test_open_graph_tags(client, language, path, title, locale):
    html = soup(client.get(path))
    assert meta(html, "og:title") == title
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == f"http://testserver{path}"
    assert meta(html, "og:locale") == locale
    assert meta(html, "og:description") == meta(html, "description")
    assert meta(html, "description").startswith(
        "Det visar sig" if language == "sv" else "It turns out"
    )
    assert meta(html, "og:image") is None


def test_open_graph_image_is_absolute(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
        b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    image = Image.objects.create(title="Foto", file=SimpleUploadedFile("foto.gif", gif))
    article = NewsArticlePageFactory(
        image=image, image_alt_sv="Deltagare", image_alt_en="Participants"
    )
    html = soup(client.get(article.get_url()))
    assert meta(html, "og:image").startswith("http://testserver/")
    assert meta(html, "og:image:alt") == "Deltagare"
    assert html.find("article").find("img")["alt"] == "Deltagare"


def test_image_needs_alt_text_in_the_articles_languages(tmp_path, settings):
    from django.core.exceptions import ValidationError

    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(
        title="Foto",
        file=SimpleUploadedFile(
            "foto.gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
            b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
        ),
    )
    article = NewsArticlePageFactory()
    article.image = image
    article.image_alt_sv = "Deltagare"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "image_alt_en" in error.value.message_dict
    article.languages = "sv"
    article.full_clean()


def test_teaser_is_required_only_in_the_articles_languages():
    from django.core.exceptions import ValidationError

    article = NewsArticlePageFactory()
    article.teaser_en = ""
    with pytest.raises(ValidationError):
        article.full_clean()
    article.languages = "sv"
    article.full_clean()


def test_queryset_api_for_latest_news():
    articles = NewsArticlePage.objects.live().public().newest()
    assert [a.date.isoformat() for a in articles[:2]] == ["2016-10-14", "2016-09-29"]
    assert articles.in_category("kunskapscentrum").count() == 3
    assert articles.in_category("knowledge-centre").count() == 3
    assert articles.in_category("finns-inte").count() == 0


def test_latest_news_include_renders_accessible_list(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get("/en/")
    with translation.override("en"):
        articles = NewsArticlePage.objects.live().public().newest().for_listing()[:3]
        html = soup(
            render_to_string(
                "news/includes/latest_news.html", {"articles": articles, "request": request}
            )
        )
    items = html.select("li")
    assert len(items) == 3
    assert items[0].find("time")["datetime"] == "2016-10-14"
    assert (
        items[0].find("a")["href"] == "/en/news/invitation-to-a-round-table-meeting-of-researchers/"
    )
    assert items[1].find("a").get_text(strip=True).startswith("Seven partnerships")
    empty = render_to_string("news/includes/latest_news.html", {"articles": []})
    assert "There is no news yet." in empty or "Det finns inga nyheter ännu." in empty


def test_demo_news_is_idempotent():
    before = NewsArticlePage.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert NewsArticlePage.objects.count() == before == 6
