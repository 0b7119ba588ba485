"""An editor changes a page's title and sees the draft in the editor's preview panel.

The panel frames the preview (an admin URL on the site itself); the site's policy used to
forbid every frame, so the panel stayed empty. Checked in both admin languages: the preview
shows the page in the admin's language.
"""

import pytest
from playwright.sync_api import expect

from .helpers import LANGUAGES, sign_in

USERNAME = "forhandsvisare"
PASSWORD = "browser-test-password-2"
DRAFT_TITLES = {
    "sv": "Utkast som bara syns i förhandsvisningen",
    "en": "A draft seen only in the preview",
}


def news_article():
    from news.models import NewsArticlePage

    return NewsArticlePage.objects.get(slug_sv__startswith="tack-for-en-mycket-lyckad")


def programme_page():
    from programmes.models import ProgrammePage

    return ProgrammePage.objects.get()


@pytest.fixture(params=LANGUAGES)
def admin_language(request):
    return request.param


@pytest.fixture
def editor(admin_language):
    """A programme team member (a superuser: editors may not edit the programme page) whose
    admin speaks `admin_language`; removed again with everything that editing may have
    written (Wagtail autosaves drafts)."""
    from django.contrib.auth.models import User
    from wagtail.models import PageLogEntry, Revision
    from wagtail.users.models import UserProfile

    user = User.objects.create_superuser(USERNAME, "forhandsvisare@example.org", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language
    profile.save()
    pages = [news_article(), programme_page()]
    kept = {
        page.pk: (page.latest_revision_id, page.draft_title, page.has_unpublished_changes)
        for page in pages
    }
    revisions = set(Revision.objects.values_list("pk", flat=True))
    yield user
    Revision.objects.exclude(pk__in=revisions).delete()
    for page in pages:
        latest, draft_title, unpublished = kept[page.pk]
        type(page).objects.filter(pk=page.pk).update(
            latest_revision_id=latest, draft_title=draft_title, has_unpublished_changes=unpublished
        )
    PageLogEntry.objects.filter(user_id=user.pk).delete()
    user.delete()


@pytest.mark.parametrize("edited", [news_article, programme_page], ids=["article", "programme"])
def test_the_preview_panel_shows_the_draft(new_page, editor, admin_language, edited):
    page = new_page(admin_language)
    # What Chromium says when a policy forbids the frame ("Refused to frame ... because an
    # ancestor violates ... frame-ancestors 'none'"), the panel's old failure.
    refused_frames = []
    page.on(
        "console",
        lambda message: (
            refused_frames.append(message.text) if "frame-ancestors" in message.text else None
        ),
    )
    sign_in(page, USERNAME, PASSWORD)
    page.goto(f"/admin/pages/{edited().pk}/edit/")
    expect(page.locator("html")).to_have_attribute("lang", admin_language)
    for language, title in DRAFT_TITLES.items():
        page.locator(f"[name=title_{language}]").fill(title)

    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(DRAFT_TITLES[admin_language])
    expect(preview.locator("html")).to_have_attribute("lang", admin_language)
    assert refused_frames == []
