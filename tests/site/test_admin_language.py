"""The admin speaks one language at a time.

Every editing screen an editor of the programme team meets (the create and edit forms of
every page type and snippet, the listings, the import page, the choosers) is rendered once
with the editor's admin language set to Swedish and once to English. A text that comes out
the same in both has no translation in one of them: a label this project forgot to mark or
translate, a string computed once at start-up in whichever language was active then, or a
string missing from Wagtail's own catalogue. Proper nouns, data (names of countries,
organisations, pages) and words that are the same in both languages are allowed.
"""

import json
import re

import pytest
from bs4 import Comment, Declaration, Doctype
from django.contrib.auth.models import User
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from news.models import NewsArticlePage, NewsCategory, NewsIndexPage
from partners.models import ContactPerson, Country, Organisation, Partnership, ThematicArea
from partners.pages import PartnershipDatabasePage
from programmes.models import ContentPage, HomePage, ProgrammePage
from tests.helpers import soup

pytestmark = pytest.mark.django_db

# The same in Swedish and English, or a name.
SAME_IN_BOTH = {
    *("Status", "Status:", "status", "Region", "region", "Organisation", "organisation"),
    *("ICLD", "Root"),
}
# Not language: keyboard keys, a Wagtail counter's placeholder, script text in templates.
NOT_LANGUAGE = re.compile(r"^(Ctrl \+|Esc$|None$|new \w+\()")
TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "data-w-tooltip-content-value")
# Keys of a StreamField block definition (telepath JSON) that editors read.
BLOCK_TEXT_KEYS = ("label", "heading", "helpText", "description")

PAGE_TYPES = [
    HomePage,
    ProgrammePage,
    ContentPage,
    NewsIndexPage,
    NewsArticlePage,
    PartnershipDatabasePage,
]
SNIPPETS = [Partnership, Organisation, ContactPerson, ThematicArea, Country, NewsCategory]


def screens():
    """(name, URL) of every screen the test renders; built from the demo content."""
    urls = []
    for model in PAGE_TYPES:
        page = model.objects.first()
        label = f"{model._meta.app_label}/{model._meta.model_name}"
        urls.append((f"edit {label}", f"/admin/pages/{page.pk}/edit/"))
        parent = page.get_parent()
        urls.append((f"create {label}", f"/admin/pages/add/{label}/{parent.pk}/"))
    for model in SNIPPETS:
        base = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [
            (f"list {model.__name__}", base),
            (f"create {model.__name__}", base + "add/"),
            (f"edit {model.__name__}", base + f"edit/{model.objects.first().pk}/"),
            (f"chooser {model.__name__}", chooser_url(model)),
        ]
    country = Country.objects.get(code="KE")
    urls += [
        (
            "chooser of partner organisations",
            reverse("wagtailsnippetchoosers_partners_organisation:choose")
            + f"?multiple=1&side=partner&country={country.pk}",
        ),
        ("chooser search", reverse("wagtailsnippetchoosers_partners_country:choose") + "?q=ken"),
        ("import", reverse("partners_import")),
        ("subscriptions", reverse("subscription_counts")),
        ("subscriber lookup", reverse("subscription_lookup") + "?email=nobody@example.se"),
        ("page explorer", f"/admin/pages/{HomePage.objects.first().pk}/"),
        ("site settings", f"/admin/settings/icld_site/sitesettings/{Site.objects.first().pk}/"),
        ("account", "/admin/account/"),
        ("dashboard", "/admin/"),
    ]
    return urls


def chooser_url(model):
    # Wagtail registers snippet viewsets while it builds the admin's URLs.
    reverse("wagtailadmin_home")
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose"))


def data_texts():
    """Names from the database: they are the same whatever the admin language."""
    names = set()
    for country in Country.objects.all():
        names |= {country.name_sv, country.name_en, country.code}
    names |= set(Organisation.objects.values_list("name", flat=True))
    names |= {str(contact) for contact in ContactPerson.objects.select_related("organisation")}
    names |= {str(area) for area in ThematicArea.objects.all()}
    for page in Page.objects.all():
        names |= {page.title, getattr(page, "title_sv", None), getattr(page, "title_en", None)}
    for user in User.objects.all():
        names |= {user.get_full_name(), user.get_username()}
    return {name for name in names if name}


def visible_texts(html):
    """The texts of a page that a person reads or a screen reader says."""
    page = soup(html)
    texts = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in BLOCK_TEXT_KEYS and isinstance(item, str):
                    texts.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and "<" in value:
            texts.extend(visible_texts(value))

    for element in page.select("[data-w-block-data-value]"):
        walk(json.loads(element["data-w-block-data-value"]))
    for element in page.select(", ".join(f"[{name}]" for name in TEXT_ATTRIBUTES)):
        texts += [element[name] for name in TEXT_ATTRIBUTES if element.get(name)]
    # Data, not interface: table cells (but their screen-reader texts), options, the value
    # of a chosen object, scripts.
    for element in page.select("script, style, option, textarea, [data-chooser-title]"):
        element.decompose()
    for cell in page.select("td"):
        spoken = cell.select(".w-sr-only")
        cell.replace_with(*spoken) if spoken else cell.decompose()
    for string in page.find_all(string=True):
        if not isinstance(string, (Comment, Declaration, Doctype)):
            texts.append(string)
    cleaned = (" ".join(text.split()) for text in texts)
    return {text for text in cleaned if re.search(r"[^\W\d_]", text)}


@pytest.fixture
def render_as(client, monkeypatch):
    # One home page, news index and database page may exist; show their forms anyway.
    for model in (HomePage, NewsIndexPage, PartnershipDatabasePage):
        monkeypatch.setattr(model, "max_count", None)
    user = User.objects.create_superuser("sprak", "sprak@example.org", "x")
    user.first_name, user.last_name = "Sara", "Språk"
    user.save()
    client.force_login(user)
    profile = UserProfile.get_for_user(user)

    def render(language, url):
        profile.preferred_language = language
        profile.save()
        response = client.get(url, follow=True)
        assert response.status_code == 200, (language, url)
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):  # a chooser modal
            body = json.loads(body)["html"]
        return body

    return render


def test_every_admin_screen_is_in_one_language(render_as):
    allowed = SAME_IN_BOTH | data_texts()
    problems = {}
    seen = 0
    for name, url in screens():
        swedish = visible_texts(render_as("sv", url))
        english = visible_texts(render_as("en", url))
        seen += len(swedish)
        untranslated = {
            text
            for text in swedish & english
            if text not in allowed and not NOT_LANGUAGE.match(text)
        }
        if untranslated:
            problems[f"{name} ({url})"] = sorted(untranslated)
    # The comparison saw the screens, not empty pages.
    assert seen > 3000
    assert not problems, json.dumps(problems, indent=2, ensure_ascii=False)


def test_swedish_admin_shows_no_english_interface_text(render_as):
    """Spot checks of what editors reported, in the Swedish admin."""
    content_page = ContentPage.objects.first()
    swedish = visible_texts(render_as("sv", f"/admin/pages/{content_page.pk}/edit/"))
    english = visible_texts(render_as("en", f"/admin/pages/{content_page.pk}/edit/"))
    assert {"Uppmaning med länk", "Rubrik", "Citat", "Film"} <= swedish
    assert {"Call to action", "Heading", "Quote", "Video"} <= english
    assert {"Sparat", "Automatisk sparning är pausad"} <= swedish
    programme = ProgrammePage.objects.first()
    swedish = visible_texts(render_as("sv", f"/admin/pages/{programme.pk}/edit/"))
    assert "Lägg till ansökningsomgång" in swedish
    assert not any(re.fullmatch(r"Ansökningsomgångar \d+", text) for text in swedish)


def test_chooser_buttons_follow_the_editor_language(render_as):
    url = "/admin/snippets/partners/organisation/add/"
    assert {"Välj ett land", "Välj ett annat land"} <= visible_texts(render_as("sv", url))
    english = visible_texts(render_as("en", url))
    assert {"Choose a country", "Choose another country"} <= english
    assert "Välj ett land" not in english


def test_boolean_columns_read_yes_or_no(render_as):
    swedish = visible_texts(render_as("sv", "/admin/snippets/partners/country/"))
    english = visible_texts(render_as("en", "/admin/snippets/partners/country/"))
    assert "Ja" in swedish and "Yes" in english
    assert not {"True", "False"} & (swedish | english)


def test_javascript_catalogue_has_the_project_swedish(client):
    user = User.objects.create_superuser("js", "js@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "sv"
    profile.save()
    client.force_login(user)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "S\\u00f6k alternativ\\u2026" in catalogue or "Sök alternativ…" in catalogue
