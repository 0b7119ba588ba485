import pytest
from wagtail.models import Page

from partners.models import ContactPerson
from partners.pages import PartnershipDatabasePage
from programmes.models import ProgrammePage
from tests.helpers import DATABASE, get_soup


def detail_url(partnership, language="sv"):
    return f"{DATABASE[language]}{partnership.slug}/"


def test_database_page_sits_under_the_programme_page(db):
    page = PartnershipDatabasePage.objects.get()
    assert isinstance(page.get_parent().specific, ProgrammePage)
    assert page.url == "/sv/kommunalt-partnerskap/databas/"
    assert PartnershipDatabasePage.max_count == 1
    assert "partners.PartnershipDatabasePage" in ProgrammePage.subpage_types
    assert PartnershipDatabasePage.can_create_at(page.get_parent()) is False  # max_count


def test_demo_step_is_idempotent(db):
    from icld_site.demo import DemoLoader
    from partners.demo_pages import load_database_page

    loader = DemoLoader()
    load_database_page(loader, ProgrammePage.objects.get())
    assert loader.created == 0
    assert Page.objects.type(PartnershipDatabasePage).count() == 1


@pytest.mark.parametrize(
    ("language", "title", "labels"),
    [
        ("sv", "Borlänge kommun – Chisinau, Moldavien", ["Svenska organisationer", "Land", "År"]),
        (
            "en",
            "Borlänge kommun – Chisinau, Moldova",
            ["Swedish organisations", "Country", "Years"],
        ),
    ],
)
def test_detail_page(client, data, language, title, labels):
    partnership = data["borlange_chisinau"]
    soup = get_soup(client, detail_url(partnership, language))
    assert [h.text for h in soup.select("h1")] == [title]
    assert title in soup.title.text
    terms = [dt.text for dt in soup.select(".partnership-facts dt")]
    assert all(label in terms for label in labels)
    lead = soup.select_one(".lead").text
    assert lead == ("Jämställd service" if language == "sv" else "Gender-equal services")
    text = soup.get_text(" ")
    assert "2019–2021" in text
    # Published contacts with a mailto link and their verification date; never the others.
    assert soup.select_one("a[href='mailto:anna@borlange.se']")
    anna = ContactPerson.objects.get(email="anna@borlange.se")
    assert soup.select_one(f".contacts time[datetime='{anna.last_verified.isoformat()}']")
    assert "Hemlig" not in text and "hemlig@" not in soup.decode()


def test_detail_links_to_organisation_and_country_pages(client, data):
    soup = get_soup(client, detail_url(data["borlange_chisinau"]))
    hrefs = [a["href"] for a in soup.select(".partnership-facts a")]
    base = DATABASE["sv"]
    assert base + "organisation/borlange-kommun/" in hrefs
    assert base + "land/MD/" in hrefs
    assert base + "?area=equality" in hrefs
    soup = get_soup(client, detail_url(data["borlange_chisinau"], "en"))
    assert DATABASE["en"] + "country/MD/" in [a["href"] for a in soup.select("a")]


def test_language_switcher_on_a_detail_page_leads_to_the_same_partnership(client, data):
    partnership = data["malmo_kisumu"]
    soup = get_soup(client, detail_url(partnership, "sv"))
    english = soup.select_one(".language-switcher a[hreflang=en]")["href"]
    assert english == detail_url(partnership, "en")
    soup = get_soup(client, english)
    assert soup.h1.text == "Malmö stad – Kisumu County, Kenya"
    swedish = soup.select_one(".language-switcher a[hreflang=sv]")["href"]
    assert swedish == detail_url(partnership, "sv")
    alternates = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate]")}
    assert alternates["sv"].endswith(detail_url(partnership, "sv"))


def test_language_switcher_on_country_and_organisation_pages(client, data):
    soup = get_soup(client, DATABASE["sv"] + "land/KE/")
    assert soup.select_one(".language-switcher a[hreflang=en]")["href"] == (
        DATABASE["en"] + "country/KE/"
    )
    soup = get_soup(client, DATABASE["en"] + "organisation/malmo-stad/")
    assert soup.select_one(".language-switcher a[hreflang=sv]")["href"] == (
        DATABASE["sv"] + "organisation/malmo-stad/"
    )


def test_language_switcher_keeps_the_search(client, data):
    soup = get_soup(client, DATABASE["sv"] + "?country=KE")
    assert soup.select_one(".language-switcher a[hreflang=en]")["href"] == (
        DATABASE["en"] + "?country=KE"
    )


def test_related_news_lists_articles_about_the_partnership(client, data):
    from news.models import NewsArticlePage, NewsArticlePartnership

    response = client.get(detail_url(data["malmo_kisumu"]))
    assert list(response.context["related_news"]) == []
    assert "news-heading" not in response.content.decode()

    article = NewsArticlePage.objects.live().first()
    NewsArticlePartnership.objects.create(page=article, partnership=data["malmo_kisumu"])
    soup = get_soup(client, detail_url(data["malmo_kisumu"]))
    section = soup.find(id="news-heading").find_parent("section")
    assert [a.get_text(strip=True) for a in section.select("a")] == [article.title]
    assert section.time["datetime"] == article.date.isoformat()


def test_organisation_page_lists_all_its_partnerships(client, data):
    soup = get_soup(client, DATABASE["sv"] + "organisation/malmo-stad/")
    assert soup.h1.text == "Malmö stad"
    links = [a["href"] for a in soup.select(".partnership-list h3 a")]
    assert links == [detail_url(data["malmo_pune"]), detail_url(data["malmo_kisumu"])]
    assert "Skåne län" in soup.select_one(".meta").text
    soup = get_soup(client, DATABASE["en"] + "organisation/malmo-stad/")
    assert "Skåne County" in soup.select_one(".meta").text
    assert soup.select_one("main h2").text == "Partnerships"


@pytest.mark.parametrize(
    ("language", "heading"), [("sv", "Partnerskap i Kenya"), ("en", "Partnerships in Kenya")]
)
def test_country_page(client, data, language, heading):
    segment = "land" if language == "sv" else "country"
    soup = get_soup(client, f"{DATABASE[language]}{segment}/KE/")
    assert [h.text for h in soup.select("h1")] == [heading]
    links = [a["href"] for a in soup.select(".partnership-list h3 a")]
    assert links == [
        detail_url(data["malmo_kisumu"], language),
        detail_url(data["dalarna_kisumu"], language),
    ]
    assert soup.select_one(f"a[href='{DATABASE[language]}?country=KE']")


def test_country_code_in_lower_case_works(client, data):
    lower, upper = (get_soup(client, DATABASE["sv"] + f"land/{code}/") for code in ("ke", "KE"))
    assert lower.select_one("h1").text == upper.select_one("h1").text
    assert lower.select(".partnership-list h3 a") == upper.select(".partnership-list h3 a")
    assert len(lower.select(".partnership-list h3 a")) == 2


@pytest.mark.parametrize(
    "path",
    [
        "no-such-partnership/",
        "organisation/no-such-organisation/",
        "land/ZZ/",
        "land/KENYA/",
        "land/%00/",
        "export.xml",
    ],
)
def test_unknown_things_are_404(client, data, path):
    assert client.get(DATABASE["sv"] + path).status_code == 404


def test_hidden_contacts_never_appear_on_any_page(client, data):
    urls = [
        DATABASE["sv"],
        DATABASE["en"] + "?q=Borlänge",
        detail_url(data["borlange_chisinau"]),
        detail_url(data["borlange_chisinau"], "en"),
        DATABASE["sv"] + "organisation/borlange-kommun/",
        DATABASE["sv"] + "land/MD/",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert "Hemlig" not in content and "hemlig@borlange.se" not in content, url
