from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from programmes.models import ContentPage, HomePage, ProgrammePage
from tests.helpers import get_soup

STOCKHOLM = ZoneInfo("Europe/Stockholm")
URLS = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}
SEED_COUNTRIES = {
    "sv": [
        "Bosnien-Hercegovina",
        "Georgien",
        "Kosovo",
        "Nordmakedonien",
        "Moldavien",
        "Serbien",
        "Turkiet",
        "Ukraina",
        "Belarus",
        "Indien",
        "Indonesien",
        "Kina",
        "Vietnam",
        "Botswana",
        "Kenya",
        "Moçambique",
        "Namibia",
        "Sydafrika",
        "Tanzania",
        "Uganda",
        "Zambia",
    ],
    "en": [
        "Bosnia and Herzegovina",
        "Georgia",
        "Kosovo",
        "North Macedonia",
        "Moldova",
        "Serbia",
        "Türkiye",
        "Ukraine",
        "Belarus",
        "India",
        "Indonesia",
        "China",
        "Vietnam",
        "Botswana",
        "Kenya",
        "Mozambique",
        "Namibia",
        "South Africa",
        "Tanzania",
        "Uganda",
        "Zambia",
    ],
}


def at(year, month, day, hour=12, minute=0):
    return time_machine.travel(
        datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM), tick=False
    )


def status_text(client, language):
    box = get_soup(client, URLS[language]).select_one(".status-box")
    return " ".join(box.get_text(" ", strip=True).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "language", "expected"),
    [
        ((2027, 2, 14), "sv", "Nästa ansökningsomgång öppnar 15 februari 2027."),
        ((2027, 2, 14), "en", "The next application round opens on 15 February 2027."),
        ((2027, 2, 15), "sv", "sista dag att ansöka är 15 mars 2027 (om 28 dagar)"),
        ((2027, 2, 16), "en", "the last day to apply is 15 March 2027 (in 27 days)"),
        (
            (2027, 3, 1),
            "sv",
            "Ansökan är öppen – sista dag att ansöka är 15 mars 2027 (om 14 dagar).",
        ),
        (
            (2027, 3, 1),
            "en",
            "Applications are open – the last day to apply is 15 March 2027 (in 14 days).",
        ),
        ((2027, 3, 14), "sv", "(om 1 dag)"),
        ((2027, 3, 14), "en", "(in 1 day)"),
        ((2027, 3, 15), "sv", "i dag, 15 mars 2027, är sista dag att ansöka"),
        ((2027, 3, 15), "en", "today, 15 March 2027, is the last day to apply"),
        (
            (2027, 3, 16),
            "sv",
            "Nästa ansökningsomgång öppnar 15 september 2027. "
            "(Höstens omgång: 15 september – 15 oktober 2027)",
        ),
        (
            (2027, 3, 16),
            "en",
            "The next application round opens on 15 September 2027. "
            "(Autumn round: 15 September – 15 October 2027)",
        ),
        ((2027, 9, 14), "en", "opens on 15 September 2027"),
        ((2027, 10, 15), "en", "today, 15 October 2027, is the last day"),
        ((2027, 10, 16), "sv", "Nästa ansökningsomgång öppnar 15 februari 2028."),
        ((2027, 12, 31), "en", "The next application round opens on 15 February 2028."),
        ((2028, 2, 29), "sv", "sista dag att ansöka är 15 mars 2028 (om 15 dagar)"),
        ((2028, 2, 29), "en", "the last day to apply is 15 March 2028 (in 15 days)"),
    ],
)
def test_round_status_around_every_boundary(client, moment, language, expected):
    with at(*moment):
        assert expected in status_text(client, language)


@pytest.mark.django_db
def test_status_follows_stockholm_midnight_not_utc(client):
    # 00:30 in Stockholm on 16 March is still 15 March in UTC: the round has closed.
    with at(2027, 3, 16, 0, 30):
        assert "Nästa ansökningsomgång öppnar 15 september 2027" in status_text(client, "sv")
    with at(2027, 3, 15, 23, 59):
        assert "i dag, 15 mars 2027" in status_text(client, "sv")


@pytest.mark.django_db
def test_home_page_shows_status_and_programme_card(client):
    with at(2027, 3, 1):
        page = get_soup(client, "/en/")
    assert page.select_one(".programme-card h2 a")["href"] == URLS["en"]
    assert "15 March 2027 (in 14 days)" in page.select_one(".status-box").get_text()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_six_sections_in_order(client, language):
    page = get_soup(client, URLS[language])
    ids = [section["id"] for section in page.select("article.programme > section[id]")]
    assert ids == ["vad", "vem", "varfor", "var", "hur", "nar"]
    headings = [h.get_text(strip=True) for h in page.select("article.programme > section[id] > h2")]
    expected = {
        "sv": ["Vad?", "Vem kan söka?", "Varför?", "Var?", "Hur?", "När?"],
        "en": ["What?", "Who can apply?", "Why?", "Where?", "How?", "When?"],
    }[language]
    assert headings[:6] == expected
    assert (
        page.h1.get_text(strip=True)
        == {"sv": "Kommunalt Partnerskap", "en": "Municipal Partnership"}[language]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_countries_section_lists_the_21_seed_countries(client, language):
    section = get_soup(client, URLS[language]).select_one("#var")
    names = [
        li.find(string=lambda text: text.strip()).strip()
        for li in section.select(".country-group li")
    ]
    assert sorted(names) == sorted(SEED_COUNTRIES[language])
    assert len(section.select(".country-group h3")) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_eligible_types_team_and_child_pages(client, language):
    page = get_soup(client, URLS[language])
    types = [li.get_text(strip=True) for li in page.select(".eligible-types li")]
    assert (
        types
        == {
            "sv": ["Kommuner", "Regioner", "Regionala kommunalförbund"],
            "en": [
                "Municipalities",
                "Regions",
                "Regional federations of municipalities",
            ],
        }[language]
    )
    assert "Karin Norlin-Bogren" in page.select_one(".contact-box").get_text()
    assert page.select_one('.contact-box a[href="mailto:partnership@icld.se"]')
    links = [a.get_text(strip=True) for a in page.select("#hur .link-list a")]
    assert (
        links[:2]
        == {
            "sv": ["Så ansöker du", "Riktlinjer och historia"],
            "en": ["How to apply", "Guidelines and history"],
        }[language]
    )
    document = page.select_one('#hur a[href$=".pdf"]')
    assert client.get(document["href"]).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_rounds_table_uses_time_elements(client, language):
    with at(2027, 3, 1):
        table = get_soup(client, URLS[language]).select_one("table.rounds")
    datetimes = [t["datetime"] for t in table.select("time")]
    assert datetimes == [
        "2027-02-15",
        "2027-03-15",
        "2027-09-15",
        "2027-10-15",
        "2028-02-15",
        "2028-03-15",
    ]


@pytest.mark.django_db
def test_calendar_file_parses_and_holds_the_next_rounds(client):
    with at(2027, 4, 1):
        response = client.get(URLS["sv"] + "kalender/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    spans = [(e["DTSTART"].dt.isoformat(), e["DTEND"].dt.isoformat()) for e in events]
    # DTEND is exclusive for all-day events: the day after the last day to apply.
    assert spans == [("2027-09-15", "2027-10-16"), ("2028-02-15", "2028-03-16")]
    assert all(e["URL"] == "http://testserver/sv/kommunalt-partnerskap/" for e in events)
    with at(2027, 4, 1):
        assert client.get(URLS["en"] + "kalender/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_content_pages_render(client, language):
    for page in ContentPage.objects.live():
        from django.utils import translation

        with translation.override(language):
            url = page.get_url()
        assert url.startswith(f"/{language}/")
        assert client.get(url).status_code == 200


class TestProgrammePageTypes(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        from django.core.management import call_command

        if not HomePage.objects.exists():
            call_command("load_demo_content", verbosity=0)
        cls.home = HomePage.objects.get()
        cls.programme = ProgrammePage.objects.get()

    def setUp(self):
        self.login()

    def test_parent_and_child_types(self):
        self.assertAllowedParentPageTypes(ProgrammePage, {HomePage})
        from partners.pages import PartnershipDatabasePage

        self.assertAllowedSubpageTypes(ProgrammePage, {ContentPage, PartnershipDatabasePage})
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(ProgrammePage, ContentPage)
        self.assertCanNotCreateAt(ContentPage, ProgrammePage)

    def test_renderable_in_both_languages(self):
        for page in (self.home, self.programme):
            self.assertPageIsRenderable(page)
            self.assertPageIsRenderable(page, route_path="/")

    def form_data(self, rounds):
        return nested_form_data(
            {
                "title_sv": "Nytt program",
                "title_en": "New programme",
                "slug_sv": "nytt-program",
                "slug_en": "new-programme",
                "what_sv": rich_text("Vad."),
                "what_en": rich_text("What."),
                "who_sv": rich_text("Vem."),
                "who_en": rich_text("Who."),
                "why_sv": rich_text("Varför."),
                "why_en": rich_text("Why."),
                "how_sv": rich_text("Hur."),
                "how_en": rich_text("How."),
                "contact_email": "partnership@icld.se",
                "film_sv": streamfield([]),
                "film_en": streamfield([]),
                "when_sv": streamfield([]),
                "when_en": streamfield([]),
                "eligible_types": inline_formset([]),
                "documents": inline_formset([]),
                "team_members": inline_formset([]),
                "application_rounds": inline_formset(
                    [
                        {
                            "name_sv": f"Omgång {number}",
                            "name_en": f"Round {number}",
                            "opens_day": a,
                            "opens_month": b,
                            "closes_day": c,
                            "closes_month": d,
                        }
                        for number, (a, b, c, d) in enumerate(rounds, start=1)
                    ]
                ),
            }
        )

    def test_creatable_in_admin_with_rounds(self):
        self.programme.delete()  # max one per parent is not enforced; keep the tree simple
        self.assertCanCreate(
            self.home, ProgrammePage, self.form_data([(15, 2, 15, 3), (15, 9, 15, 10)])
        )

    def test_admin_rejects_invalid_and_overlapping_rounds(self):
        from django.urls import reverse

        url = reverse("wagtailadmin_pages:add", args=("programmes", "programmepage", self.home.pk))
        for rounds, message in [
            ([(30, 2, 15, 3)], "30 februari är inte ett giltigt datum."),
            ([(15, 2, 15, 3), (1, 3, 1, 4)], "överlappar varandra"),
        ]:
            response = self.client.post(url, self.form_data(rounds))
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, message)
            self.assertFalse(ProgrammePage.objects.filter(slug_sv="nytt-program").exists())


@pytest.mark.django_db
def test_active_figure_comes_from_the_database_with_fallback(client):
    from partners.models import Organisation, Partnership

    expected = Organisation.objects.swedish().with_active_partnerships().count()
    assert expected > 0
    figure = get_soup(client, URLS["sv"]).select_one("#varfor .highlight").get_text(" ", strip=True)
    assert figure.startswith(f"{expected} svenska kommuner")

    kenya = get_soup(client, URLS["en"]).select_one("#var").find(string=lambda s: "Kenya" in s)
    count = Partnership.objects.active().in_country("KE").count()
    assert f"({count} active partnership" in kenya.find_parent("li").get_text(" ", strip=True)

    Partnership.objects.all().delete()
    figure = get_soup(client, URLS["sv"]).select_one("#varfor .highlight").get_text(" ", strip=True)
    assert figure == "Cirka 70 svenska kommuner är redan verksamma inom Kommunalt Partnerskap."
