""" "Was this page helpful?": the form on content pages, what is stored (and what is not),
the checks on the endpoint, and the editors' report."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from icld_site.models import PageFeedback
from tests.helpers import ARTICLE, CONTENT, HOME, PROGRAMME, get_soup, soup, text

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
QUESTION = {"sv": "Hjälpte informationen på sidan dig?", "en": "Was this page helpful?"}
ANSWERS = {"sv": ["Ja", "Nej"], "en": ["Yes", "No"]}
THANKS = {"sv": "Tack för ditt svar", "en": "Thank you for your answer"}
NOT_SAVED = {"sv": "Ditt svar sparades inte", "en": "Your answer was not saved"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limit counts in the cache: each test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()


def page_at(url):
    language = url.split("/")[1]
    with translation.override(language):
        return next(p for p in Page.objects.live() if p.get_url() == url)


def feedback_url(language):
    with translation.override(language):
        return reverse("page_feedback")


def post(client, language="sv", origin=SITE, **data):
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(feedback_url(language), data, **headers)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "addresses", [CONTENT, PROGRAMME, ARTICLE], ids=["content", "programme", "article"]
)
def test_content_pages_end_with_the_question(client, language, addresses):
    page = get_soup(client, addresses[language])
    section = page.select_one("#feedback")

    assert section.find("h2").get_text(strip=True) == QUESTION[language]
    form = section.find("form")
    assert form["method"] == "post"
    assert form["action"] == feedback_url(language)
    assert [b.get_text(strip=True) for b in form.find_all("button")] == ANSWERS[language]
    assert form.find("input", {"name": "page"})["value"] == str(page_at(addresses[language]).pk)
    # Nothing per visitor in a page that everyone is served from the cache.
    assert not page.find("input", {"name": "csrfmiddlewaretoken"})


def test_the_home_page_asks_nothing(client):
    assert get_soup(client, HOME["sv"]).select_one("#feedback") is None


@pytest.mark.usefixtures("page_cache_on")
def test_a_page_with_the_form_is_still_cached(client):
    first = client.get(CONTENT["sv"])
    second = client.get(CONTENT["sv"])

    assert "feedback" in first.content.decode()
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert not first.cookies and not second.cookies


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_answer_is_stored_without_anything_about_the_visitor(client, language):
    page = page_at(CONTENT[language])

    response = post(client, language, page=page.pk, helpful="yes", comment=" Tydligt! ")

    assert response.status_code == 200
    assert text(response.content).startswith(THANKS[language]) or THANKS[language] in text(
        response.content
    )
    back = soup(response.content).find("a", string=lambda s: s and page.title in s)
    assert back["href"] == CONTENT[language]
    answer = PageFeedback.objects.get()
    assert (answer.page_id, answer.language, answer.helpful, answer.comment) == (
        page.pk,
        language,
        True,
        "Tydligt!",
    )
    assert answer.created_on == timezone.localdate()
    stored = {field.name for field in PageFeedback._meta.fields}
    assert stored == {"id", "page", "language", "helpful", "comment", "created_on"}
    assert not response.cookies


def test_a_comment_with_an_e_mail_address_is_discarded_and_the_answer_kept(client):
    page = page_at(CONTENT["sv"])

    response = post(
        client, page=page.pk, helpful="no", comment="Ring mig, anna.svensson@example.se"
    )

    assert response.status_code == 200
    assert "e-postadress" in text(response.content)
    answer = PageFeedback.objects.get()
    assert (answer.helpful, answer.comment) == (False, "")


def test_a_same_site_referer_is_enough_without_origin(client):
    page = page_at(CONTENT["sv"])

    response = client.post(
        feedback_url("sv"), {"page": page.pk, "helpful": "yes"}, HTTP_REFERER=SITE + CONTENT["sv"]
    )

    assert response.status_code == 200
    assert PageFeedback.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "https://evil.example/sv/kommunalt-partnerskap/"},
        {"HTTP_ORIGIN": "http://[::1"},
        {},
    ],
    ids=["other-site", "opaque", "other-scheme", "other-referer", "malformed", "no-headers"],
)
def test_a_cross_site_post_is_refused(client, headers):
    page = page_at(CONTENT["sv"])

    response = client.post(feedback_url("sv"), {"page": page.pk, "helpful": "yes"}, **headers)

    assert response.status_code == 403
    assert NOT_SAVED["sv"] in text(response.content)
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"page": None, "helpful": "yes"},
            {"sv": "Sidan du svarade om", "en": "The page you answered about"},
        ),
        (
            {"page": "999999", "helpful": "yes"},
            {"sv": "Sidan du svarade om", "en": "The page you answered about"},
        ),
        (
            {"page": "x\x00", "helpful": "yes"},
            {"sv": "Sidan du svarade om", "en": "The page you answered about"},
        ),
        ({"helpful": "maybe"}, {"sv": "Svara ja eller nej", "en": "Answer yes or no"}),
        (
            {"helpful": "yes", "comment": "x" * 1001},
            {"sv": "högst 1000 tecken", "en": "at most 1000 characters"},
        ),
    ],
    ids=["no-page", "unknown-page", "garbage-page", "no-answer", "long-comment"],
)
def test_bad_answers_get_a_clear_message(client, language, data, message):
    data = {"page": str(page_at(CONTENT["sv"]).pk), **data}
    data = {name: value for name, value in data.items() if value is not None}

    response = post(client, language, **data)

    assert response.status_code == 400
    assert message[language] in text(soup(response.content).find("main"))
    assert not PageFeedback.objects.exists()


def test_an_unpublished_page_cannot_be_answered(client):
    page = page_at(CONTENT["sv"])
    page.unpublish()

    response = post(client, page=page.pk, helpful="yes")

    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


def test_the_endpoint_only_takes_posts(client):
    assert client.get(feedback_url("sv")).status_code == 405


@pytest.mark.parametrize("language", ["sv", "en"])
def test_answers_are_rate_limited_per_address(client, settings, language):
    settings.FEEDBACK_RATE_LIMIT = 2
    page = page_at(CONTENT[language])

    codes = [post(client, language, page=page.pk, helpful="yes").status_code for _ in range(3)]
    other_address = client.post(
        feedback_url(language),
        {"page": page.pk, "helpful": "yes"},
        HTTP_ORIGIN=SITE,
        REMOTE_ADDR="192.0.2.7",
    )
    limited = post(client, language, page=page.pk, helpful="no")

    assert codes == [200, 200, 429]
    assert other_address.status_code == 200
    assert limited.status_code == 429
    assert {"sv": "För många svar", "en": "Too many answers"}[language] in text(limited.content)
    assert PageFeedback.objects.count() == 3
    # The address is kept nowhere, not even in the cache's key.
    assert not any("127.0.0.1" in key for key in cache._cache)


# The editors' report


@pytest.fixture
def answers():
    content, programme = page_at(CONTENT["sv"]), page_at(PROGRAMME["sv"])
    return PageFeedback.objects.bulk_create(
        [
            PageFeedback(page=content, language="sv", helpful=True, comment="Bra"),
            PageFeedback(page=content, language="en", helpful=True),
            PageFeedback(page=content, language="sv", helpful=False, comment="Saknar datum"),
            PageFeedback(page=content, language="sv", helpful=True),
            PageFeedback(page=programme, language="sv", helpful=False),
        ]
    )


def report_url(**params):
    return reverse("page_feedback:index"), params


def test_editors_see_each_pages_share_of_yes(editor_client, answers):
    content = page_at(CONTENT["sv"])
    url, _ = report_url()

    response = editor_client.get(url, {"page": content.pk})

    assert response.status_code == 200
    page = soup(response.content)
    rows = page.select("tbody tr")
    assert len(rows) == 4
    cells = text(rows[0])
    assert "75" in cells and "4" in cells
    assert "Saknar datum" in text(page)


def test_the_report_exports_csv(editor_client, answers):
    url, _ = report_url()

    response = editor_client.get(url, {"export": "csv"})

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 5
    commented = next(row for row in rows if "Saknar datum" in row.values())
    assert "75" in ",".join(commented.values())


def test_editors_cannot_write_answers(editor_client, answers):
    assert editor_client.get(reverse("page_feedback:add")).status_code in (302, 403)
    assert editor_client.get(reverse("page_feedback:edit", args=[answers[0].pk])).status_code in (
        302,
        403,
    )
    listing = editor_client.get(reverse("page_feedback:index"))
    assert reverse("page_feedback:add") not in listing.content.decode()
