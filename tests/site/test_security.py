from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.utils import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/sv/", "/en/municipal-partnership/", "/sv/finns-inte/"])
def test_public_pages_forbid_inline_scripts(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_gets_the_relaxed_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def framing(response):
    """(frame-ancestors, X-Frame-Options) of a response."""
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return directives["frame-ancestors"], response["X-Frame-Options"]


def demo_article():
    from news.models import NewsArticlePage

    return NewsArticlePage.objects.get(slug_sv__startswith="tack-for-en-mycket-lyckad")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/{pk}/edit/",
        # "View draft" and a revision's preview open in a tab of their own, never in a frame.
        "/admin/pages/{pk}/view_draft/",
        "/admin/pages/{pk}/revisions/{revision}/view/",
    ],
)
def test_admin_pages_may_not_be_framed(admin_client, url):
    article = demo_article()
    url = url.format(pk=article.pk, revision=article.latest_revision_id)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert framing(response) == ("'none'", "DENY")


@pytest.mark.parametrize("where", ["edit", "add"])
def test_previews_may_be_framed_by_the_site_itself(admin_client, where):
    """The editor's preview panel frames the preview: the draft page, with the public policy
    for its content, and with `frame-ancestors 'self'` agreeing with X-Frame-Options."""
    from django.urls import reverse

    from news.models import NewsCategory
    from tests.helpers import article_form_data

    article = demo_article()
    if where == "edit":
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk])
    else:
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["news", "newsarticlepage", article.get_parent().pk],
        )
    category = NewsCategory.objects.get(slug_sv="kommunalt-partnerskap")
    data = article_form_data(category, title_sv="Förhandsvisat utkast")
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url, {"in_preview_panel": "true", "mode": ""})
    assert response.status_code == 200
    assert "Förhandsvisat utkast" in response.content.decode()
    assert framing(response) == ("'self'", "SAMEORIGIN")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy


def test_block_previews_may_be_framed_by_the_site_itself(admin_client):
    """The block chooser frames previews of StreamField blocks."""
    from django.urls import reverse

    from news.models import NewsArticlePage

    block = NewsArticlePage._meta.get_field("body_sv").stream_block.child_blocks["paragraph"]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    assert framing(response) == ("'self'", "SAMEORIGIN")


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_fails_when_the_database_is_down(client):
    with mock.patch("icld_site.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}


@override_settings(AXES_ENABLED=True)
def test_admin_sign_in_locks_after_repeated_failures(client):
    get_user_model().objects.create_user("redaktor", password="ratt-losenord-123", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/", {"username": "redaktor", "password": "fel"})
    response = client.post(
        "/admin/login/", {"username": "redaktor", "password": "ratt-losenord-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_admin_sign_in_works_before_the_limit(client):
    get_user_model().objects.create_user("redaktor2", password="ratt-losenord-123", is_staff=True)
    client.post("/admin/login/", {"username": "redaktor2", "password": "fel"})
    response = client.post(
        "/admin/login/", {"username": "redaktor2", "password": "ratt-losenord-123"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_svg_images_are_refused(admin_client):
    svg = SimpleUploadedFile(
        "logo.svg",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        content_type="image/svg+xml",
    )
    response = admin_client.post("/admin/images/add/", {"title": "Logo", "file": svg})
    from wagtail.images import get_image_model

    assert not get_image_model().objects.filter(title="Logo").exists()
    assert response.status_code == 200


@override_settings(DOCUMENT_MAX_UPLOAD_SIZE=10)
def test_oversized_documents_are_refused(admin_client):
    from wagtail.documents import get_document_model

    upload = SimpleUploadedFile(
        "rapport.pdf", b"%PDF-1.4 " + b"x" * 100, content_type="application/pdf"
    )
    response = admin_client.post("/admin/documents/add/", {"title": "Rapport", "file": upload})
    assert response.status_code == 200
    assert not get_document_model().objects.filter(title="Rapport").exists()
    assert "för stor" in response.content.decode() or "too large" in response.content.decode()


@pytest.mark.parametrize(
    ("filename", "content", "inline"),
    [
        ("rapport.pdf", b"%PDF-1.4 rapport", True),
        ("anteckningar.txt", b"<script>alert(1)</script>", False),
        ("budget.xlsx", b"PK\x03\x04 not really a spreadsheet", False),
        # Not accepted by the upload form; an SVG that arrives some other way is still a download.
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>", False),
        ("sida.html", b"<html><script>alert(1)</script></html>", False),
    ],
)
def test_documents_are_served_with_safe_headers(client, filename, content, inline):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title=filename, file=ContentFile(content, name=filename)
    )
    try:
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'"
        disposition = response.get("Content-Disposition", "")
        if inline:
            assert not disposition.startswith("attachment")
        else:
            assert disposition.startswith("attachment")
    finally:
        document.file.delete(save=False)
