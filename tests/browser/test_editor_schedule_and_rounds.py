"""An editor schedules an article and changes the programme's application rounds, in the
Swedish and in the English admin."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import CONTENT, LANGUAGES, PROGRAMME, click_publish, sign_in

USERNAME = "schemalaggare"
PASSWORD = "browser-test-password-3"
SCHEDULED = {
    "title_sv": "Schemalagd nyhet om nästa omgång",
    "title_en": "Scheduled news about the next round",
    "teaser_sv": "Publiceras av sig själv i morgon.",
    "teaser_en": "Publishes itself tomorrow.",
}
ROUND_FIELDS = [
    "name_sv",
    "name_en",
    "opens_day",
    "opens_month",
    "closes_day",
    "closes_month",
    "exception_year",
    "exception_cancelled",
    "exception_opens",
    "exception_closes",
]
TEXTS = {
    "sv": {"schedule": "Sätt schema", "save_schedule": "Spara schema", "scheduled": "schemalagd"},
    "en": {"schedule": "Set schedule", "save_schedule": "Save schedule", "scheduled": "scheduled"},
}


@pytest.fixture(params=LANGUAGES)
def admin_language(request):
    return request.param


@pytest.fixture
def editor(admin_language):
    """A programme team member whose admin speaks `admin_language`; the article, the
    programme page's rounds and everything else the journey writes are put back after."""
    from django.contrib.auth.models import User
    from wagtail.users.models import UserProfile

    from news.models import NewsArticlePage
    from programmes.models import ApplicationRound, ProgrammePage

    user = User.objects.create_superuser(USERNAME, "schema@example.org", PASSWORD)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = admin_language
    profile.save()
    rounds = [
        {field: getattr(r, field) for field in ROUND_FIELDS}
        for r in ProgrammePage.objects.get().application_rounds.all()
    ]
    yield user
    NewsArticlePage.objects.filter(title_sv=SCHEDULED["title_sv"]).delete()
    # A new revision with the rounds as they were, so the next editor starts from them.
    programme = ProgrammePage.objects.get()
    programme.application_rounds = [ApplicationRound(**values) for values in rounds]
    programme.save_revision().publish()
    user.delete()


def test_editor_schedules_an_article(new_page, editor, admin_language):
    from news.models import NewsArticlePage, NewsIndexPage

    texts = TEXTS[admin_language]
    page = new_page(admin_language)
    sign_in(page, USERNAME, PASSWORD)
    page.goto(f"/admin/pages/add/news/newsarticlepage/{NewsIndexPage.objects.get().pk}/")
    for name, value in SCHEDULED.items():
        page.locator(f"[name={name}]").fill(value)

    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.locator("[data-side-panel-toggle=status]").click()
    page.get_by_role("button", name=texts["schedule"]).click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("input[name=go_live_at]").fill(tomorrow.strftime("%Y-%m-%d %H:%M"))
    # The open date picker lies over the dialog's own button (Wagtail's layout).
    dialog.get_by_role("button", name=texts["save_schedule"]).dispatch_event("click")

    click_publish(page)
    expect(page.locator(".messages")).to_contain_text(texts["scheduled"], ignore_case=True)

    article = NewsArticlePage.objects.get(title_sv=SCHEDULED["title_sv"])
    assert not article.live
    assert article.scheduled_revision is not None
    go_live = timezone.localtime(article.scheduled_revision.approved_go_live_at)
    assert go_live.date() == tomorrow.date()
    # Dated the day it goes live, not the day it was written.
    assert article.scheduled_revision.as_object().date == tomorrow.date()
    # Not on the public site before its time.
    response = page.request.get("/sv/aktuellt/")
    assert SCHEDULED["title_sv"] not in response.text()


def test_editor_changes_the_application_rounds(new_page, editor, admin_language):
    """The autumn round now closes on 20 October: the table, the "When?" text and the
    guide "How to apply" say so in both languages, and nowhere 15 October."""
    from programmes.models import ProgrammePage

    programme = ProgrammePage.objects.get()
    page = new_page(admin_language)
    sign_in(page, USERNAME, PASSWORD)
    page.goto(f"/admin/pages/{programme.pk}/edit/")
    closing_months = page.locator("select[name$=-closes_month]")
    autumn = next(
        index
        for index in range(closing_months.count())
        if closing_months.nth(index).input_value() == "10"
    )
    page.locator(f"select[name=application_rounds-{autumn}-closes_day]").select_option("20")
    click_publish(page)
    expect(page.locator(".messages")).to_be_visible()

    closings = {
        (r.closes_day, r.closes_month) for r in ProgrammePage.objects.get().application_rounds.all()
    }
    assert closings == {(15, 3), (20, 10)}
    shown = {"sv": ("20 oktober", "15 oktober"), "en": ("20 October", "15 October")}
    for language in LANGUAGES:
        new, old = shown[language]
        page.goto(PROGRAMME[language])
        for part in ("table.rounds", "#nar .round-dates"):
            expect(page.locator(part)).to_contain_text(new)
            expect(page.locator(part)).not_to_contain_text(old)
        page.goto(CONTENT[language])
        expect(page.locator("main .round-dates")).to_contain_text(new)
        expect(page.locator("main")).not_to_contain_text(old)
