import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from icld_site.blocks import VideoBlock
from tests.helpers import soup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"), [("sv", "Tillgänglighetsredogörelse"), ("en", "Accessibility statement")]
)
def test_every_page_links_to_the_accessibility_statement(client, language, title):
    for path in ("/", "/kommunalt-partnerskap/" if language == "sv" else "/municipal-partnership/"):
        html = soup(client.get(f"/{language}{path}"))
        link = html.select_one("footer").find("a", string=title)
        assert link is not None
        statement = client.get(link["href"])
        assert statement.status_code == 200
        text = statement.content.decode()
        assert "digg.se" in text and "partnership@icld.se" in text


def test_video_block_with_self_hosted_file_has_captions():
    documents = get_document_model()
    video = documents.objects.create(title="Film", file=ContentFile(b"x", name="film.mp4"))
    captions = documents.objects.create(title="Text", file=ContentFile(b"WEBVTT", name="film.vtt"))
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "Informationsfilm",
            "video_file": video.pk,
            "captions_file": captions.pk,
            "external_url": "",
            "poster": None,
            "description": "",
        }
    )
    html = soup(block.render(value))
    assert html.video.source["src"] == video.url
    assert html.video.track["kind"] == "captions"
    assert html.video.track["src"] == captions.url
    assert not html.find("iframe")


def test_video_block_with_external_link_renders_without_network():
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "Informationsfilm",
            "video_file": None,
            "captions_file": None,
            "external_url": "https://example.org/film",
            "poster": None,
            "description": "",
        }
    )
    html = soup(block.render(value))
    assert html.a["href"] == "https://example.org/film"
    assert "Informationsfilm" in html.a.get_text()
    assert not html.find("iframe") and not html.find("script")


def test_video_block_needs_a_file_or_a_link():
    from wagtail.blocks import StructBlockValidationError

    block = VideoBlock()
    value = block.to_python(
        {
            "title": "Film",
            "video_file": None,
            "captions_file": None,
            "external_url": "",
            "poster": None,
            "description": "",
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
