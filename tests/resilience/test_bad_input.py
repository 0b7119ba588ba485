"""Arbitrary query strings and paths on every public page: never a 500, never reflected raw.

Hypothesis generates GET parameters (the names each page reads plus random ones, repeated,
with NUL characters, any non-surrogate unicode and 10,000-character values) and paths. Every
generated value also carries one of a few injection payloads; a page may echo the value
back, but only escaped.
"""

import gzip
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Names that pages read; random names are generated as well.
KNOWN_PARAMETERS = [
    "q",
    "page",
    "category",
    "tag",
    "country",
    "region",
    "area",
    "status",
    "county",
    "type",
    "sort",
    "format",
    "lang",
    "year",
]
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</textarea><svg onload=alert(1)>",
]
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # surrogates cannot be encoded
    max_size=40,
)
special_text = st.sampled_from(
    ["", "\x00", "a\x00b", "0", "-1", "9" * 30, "1e999", "NaN", "%", "%00", "..", "å ä ö", "🚀"]
)
long_text = st.text(alphabet="åäöx<\"'&\x00 ", min_size=1, max_size=5).map(
    lambda chunk: (chunk * 10_000)[:10_000]
)
values = st.one_of(unicode_text, special_text, long_text)
injected = st.builds(
    lambda before, payload, after: before + payload + after,
    values,
    st.sampled_from(PAYLOADS),
    values,
)
names = st.one_of(st.sampled_from(KNOWN_PARAMETERS), unicode_text.filter(bool))
query_strings = st.lists(st.tuples(names, st.one_of(values, injected)), min_size=1, max_size=8).map(
    lambda pairs: urlencode(pairs, doseq=True)
)


def page_routes(page):
    """The sub-pages (RoutablePageMixin routes) of a page type, with real arguments."""
    from partners.models import Organisation, Partnership
    from partners.pages import PartnershipDatabasePage
    from programmes.models import ProgrammePage

    if isinstance(page, ProgrammePage):
        return [("calendar", {})]
    if isinstance(page, PartnershipDatabasePage):
        partnership = Partnership.objects.order_by("pk").select_related("country").first()
        organisation = Organisation.objects.swedish().order_by("pk").first()
        return [
            ("partnership", {"slug": partnership.slug}),
            ("organisation", {"slug": organisation.slug}),
            ("country", {"code": partnership.country.code}),
            ("export_csv", {}),
            ("export_xlsx", {}),
            ("export_json", {}),
            ("about_data", {}),
            ("about_api", {}),
        ]
    return []


def public_urls():
    """One live page of each type in both languages, and the non-page views."""
    from wagtail.models import Page

    urls = {"/sitemap.xml", "/robots.txt", "/healthz"}
    seen_types = set()
    for page in Page.objects.live().public().specific().order_by("path"):
        if page.depth < 2 or type(page) in seen_types:
            continue
        seen_types.add(type(page))
        for language in ("sv", "en"):
            with translation.override(language):
                urls.add(page.get_url())
                for name, kwargs in page_routes(page):
                    urls.add(page.get_url() + page.reverse_subpage(name, kwargs=kwargs))
    for language in ("sv", "en"):
        with translation.override(language):
            urls.add(reverse("api_partnership_list"))
            urls.add(reverse("api_openapi"))
            urls.add(reverse("news_feed_rss"))
            urls.add(reverse("news_feed_atom"))
            urls.add(reverse("search"))
            urls.add(reverse("subscribe"))
            urls.add(reverse("partnership_contact", kwargs={"slug": contact_slug()}))
    return sorted(urls)


def contact_slug():
    """A partnership with a published contact, whose contact form is fuzzed."""
    from partners.models import Partnership

    with_contact = Partnership.objects.filter(contacts__is_published=True).order_by("pk")
    return (with_contact.first() or Partnership.objects.order_by("pk").first()).slug


def assert_safe(response, sent):
    assert response.status_code < 500, (response.status_code, sent[:300])
    content_type = response.get("Content-Type", "")
    # Pages and feeds (text/html, application/rss+xml, …), not the XLSX export's zip file.
    if "html" in content_type or content_type.split(";")[0].endswith("xml"):
        body = response.content.decode(errors="replace")
        for payload in PAYLOADS:
            assert payload not in body, f"{payload!r} reflected unescaped"


def test_every_page_type_is_covered():
    urls = public_urls()
    for expected in (
        "/sv/",
        "/en/",
        "/sv/kommunalt-partnerskap/",
        "/sv/aktuellt/",
        "/sv/kommunalt-partnerskap/kalender/",
        "/sv/feeds/news/rss/",
        "/sv/kommunalt-partnerskap/databas/",
        "/en/municipal-partnership/database/export/csv/",
        "/en/municipal-partnership/database/export/xlsx/",
        "/sv/kommunalt-partnerskap/databas/om-datan/",
        "/en/municipal-partnership/database/about-the-data/api/",
        "/sv/api/v1/openapi.json",
        "/sv/api/v1/partnerships/",
        f"/en/write-to/{contact_slug()}/",
    ):
        assert expected in urls
    # home, programme, content page, news index, article in both languages
    assert len([u for u in urls if u.startswith("/en/")]) >= 5


@pytest.fixture(scope="module")
def urls(django_db_blocker):
    with django_db_blocker.unblock():
        return public_urls()


@pytest.mark.parametrize("index", range(40))
@FUZZ
@given(query=query_strings)
def test_arbitrary_query_strings_never_break_a_page(client, urls, index, query):
    if index >= len(urls):
        return
    url = urls[index]
    assert_safe(client.get(f"{url}?{query}"), query)


segments = st.one_of(unicode_text, special_text, st.sampled_from(PAYLOADS)).map(
    lambda s: quote(s, safe="")
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en", "de", ""]),
    parts=st.lists(segments, min_size=1, max_size=4),
    query=st.one_of(st.just(""), query_strings),
)
def test_arbitrary_paths_answer_404_not_500(client, language, parts, query):
    path = "/" + "/".join(p for p in [language, *parts] if p) + "/"
    response = client.get(path + ("?" + query if query else ""))
    assert_safe(response, path)


feedback_fields = st.one_of(st.sampled_from(["page", "helpful", "comment"]), unicode_text)
feedback_values = st.one_of(
    values,
    injected,
    st.sampled_from(["yes", "no", "1", "3", str(2**31), str(2**63), "-5"]),
    st.integers().map(str),
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    pairs=st.lists(st.tuples(feedback_fields, feedback_values), max_size=6),
    origin=st.sampled_from(["http://testserver", "https://evil.example", "", "null", "http://["]),
)
def test_arbitrary_feedback_posts_never_break_the_endpoint(client, language, pairs, origin):
    """Whatever a POST to "Was this page helpful?" holds (fields repeated, missing, huge,
    NUL characters, numbers past any column's range, injections), it is answered with a
    message, escaped; and nothing invalid is stored."""
    from icld_site.models import PageFeedback

    before = PageFeedback.objects.count()
    with translation.override(language):
        url = reverse("page_feedback")
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = client.post(
        url, urlencode(pairs), content_type="application/x-www-form-urlencoded", **headers
    )
    assert_safe(response, repr(pairs))
    stored = PageFeedback.objects.count() - before
    assert stored == (1 if response.status_code == 200 else 0)
    if stored:
        answer = PageFeedback.objects.latest("pk")
        assert "@" not in answer.comment or "." not in answer.comment.split("@", 1)[1]
        assert len(answer.comment) <= PageFeedback.COMMENT_MAX_LENGTH


REQUEST_FORMS = {
    "sv": "/sv/kommunalt-partnerskap/databas/anmal-intresse/",
    "en": "/en/municipal-partnership/database/register-interest/",
}
request_fields = st.one_of(
    st.sampled_from(
        [
            "organisation",
            "organisation_name",
            "organisation_type",
            "organisation_county",
            "organisation_country",
            "wanted_regions",
            "wanted_countries",
            "thematic_areas",
            "description_sv",
            "description_en",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "consent",
            "website",
        ]
    ),
    unicode_text,
)
request_values = st.one_of(
    values,
    injected,
    st.sampled_from(
        ["on", "municipality", "local-government", "AB", "africa", "a@example.se", "1", "-1"]
    ),
    st.integers().map(str),
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    pairs=st.lists(st.tuples(request_fields, request_values), max_size=10),
)
# Numbers no database key can be (SQLite raised OverflowError on them).
@example(
    language="sv",
    pairs=[
        ("wanted_countries", str(2**63)),
        ("organisation_country", str(-(2**63) - 1)),
        ("thematic_areas", "9" * 30),
    ],
)
def test_arbitrary_partner_requests_never_break_the_form(client, language, pairs):
    """Whatever a POST to the "Find a partner" form holds, it is answered with the form and
    its messages, escaped, or with the thank-you redirect; nothing half-saved."""
    from django.core.cache import cache

    from partners.models import PartnerRequest

    cache.clear()
    before = PartnerRequest.objects.count()
    response = client.post(
        REQUEST_FORMS[language],
        urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
    )
    assert_safe(response, repr(pairs))
    stored = PartnerRequest.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)
    if stored:
        request = PartnerRequest.objects.latest("pk")
        assert request.description_sv or request.description_en
        assert "\n" not in request.contact_name and "\r" not in request.contact_name


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    token=st.one_of(segments, st.sampled_from(["", "a:b:c", "e30:1:x", ".eJw:1:x"])),
    query=st.one_of(st.just(""), query_strings),
)
def test_arbitrary_verification_links_answer_a_page_not_500(client, language, token, query):
    """A forged or mangled contact verification link gets a page saying so, never a 500."""
    prefix = {"sv": "/sv/kontakt/kontrollera/", "en": "/en/contact/verify/"}[language]
    path = f"{prefix}{token}/" + ("?" + query if query else "")
    response = client.get(path)
    assert_safe(response, path)
    assert response.status_code in (404, 410) or not token
    assert_safe(client.post(path, {"action": "withdraw"}), path)


verification_fields = st.one_of(
    st.sampled_from(["action", "name", "role", "email", "phone"]), unicode_text
)
verification_values = st.one_of(
    values,
    injected,
    st.sampled_from(["confirm", "correct", "withdraw", "x@example.se", "a\r\nBcc: e@x.se"]),
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    pairs=st.lists(st.tuples(verification_fields, verification_values), max_size=8),
)
def test_arbitrary_verification_posts_never_break_the_page(client, language, pairs):
    """Whatever a POST to a genuine verification link holds, it is answered with a page,
    escaped; a refused one changes nothing, and what is saved keeps the model's rules."""
    from partners.models import ContactPerson
    from partners.verification import verification_url
    from tests.factories import ContactPersonFactory

    contact = ContactPersonFactory(is_published=True, language=language)
    fields = ["name", "role_sv", "role_en", "email", "phone", "is_published", "last_verified"]
    before = ContactPerson.objects.values(*fields).get(pk=contact.pk)
    path = verification_url(contact).removeprefix("http://testserver")
    response = client.post(path, urlencode(pairs), content_type="application/x-www-form-urlencoded")
    assert_safe(response, repr(pairs))
    after = ContactPerson.objects.get(pk=contact.pk)
    if response.status_code != 200:
        assert ContactPerson.objects.values(*fields).get(pk=contact.pk) == before
    else:
        after.full_clean()
        assert "\n" not in after.name and "\r" not in after.name
        assert after.is_published or after.consent_date is None


contact_fields = st.one_of(
    st.sampled_from(["name", "email", "message", "language", "contact", "website"]), unicode_text
)
contact_values = st.one_of(
    values,
    injected,
    st.sampled_from(
        [
            "sv",
            "en",
            "siri@example.net",
            "eve@example.net\r\nBcc: victim@example.org",
            "Eve\r\nBcc: victim@example.org",
            "https://a.example www.b.example http://c.example",
        ]
    ),
    st.integers().map(str),
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    slug=st.one_of(st.just(None), segments),
    pairs=st.lists(st.tuples(contact_fields, contact_values), max_size=8),
    origin=st.sampled_from(["http://testserver", "https://evil.example", "", "null", "http://["]),
)
def test_arbitrary_contact_posts_never_break_the_form(client, language, slug, pairs, origin):
    """Whatever a POST to a partnership's contact form holds (fields repeated, missing, huge,
    NUL characters, line breaks meant to add headers, injections), and whatever the slug, it
    is answered with the form and a message, escaped, or 404; a message is logged and
    queued only when it was accepted, with no header of the sender's making."""
    from django.test import override_settings

    from icld_site.models import OutgoingMessage
    from partners.models import ContactMessageLog

    before = ContactMessageLog.objects.count(), OutgoingMessage.objects.count()
    with translation.override(language):
        if slug is None:
            url = reverse("partnership_contact", kwargs={"slug": contact_slug()})
        else:
            url = f"{reverse('partnership_contact', kwargs={'slug': 'x'})[:-2]}{slug}/"
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    with override_settings(CONTACT_LIMIT_PER_IP=10_000, CONTACT_LIMIT_PER_RECIPIENT=10_000):
        response = client.post(
            url, urlencode(pairs), content_type="application/x-www-form-urlencoded", **headers
        )
    assert_safe(response, repr(pairs))
    assert response.status_code in (200, 403, 404, 429)
    logged = ContactMessageLog.objects.count() - before[0]
    queued = OutgoingMessage.objects.count() - before[1]
    assert (logged, queued) in ((0, 0), (1, 2))
    if logged:
        assert response.status_code == 200 and origin == "http://testserver"
        for message in OutgoingMessage.objects.order_by("-pk")[:2]:
            for header in (message.recipient, message.reply_to, message.subject):
                assert "\n" not in header and "\r" not in header


accept_encodings = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
    st.lists(
        st.sampled_from(["gzip", "GZIP", "x-gzip", "br", "deflate", "identity", "*", ";q=0", ","]),
        max_size=5,
    ).map(" ".join),
)


COMPRESSIBLE_URLS = [
    "/sv/",
    "/en/municipal-partnership/",
    "/sv/aktuellt/",
    "/en/feeds/news/rss/",
    "/sv/kommunalt-partnerskap/databas/?q=kommun",
    "/en/api/v1/partnerships/",
]


@FUZZ
@given(url=st.sampled_from(COMPRESSIBLE_URLS), accept=accept_encodings)
def test_any_accept_encoding_gets_a_body_it_can_read(client, page_cache_on, url, accept):
    """Compressed only for a client that named gzip, and then the same bytes once
    decompressed, whether the page was rendered or came from the page cache."""
    response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code < 500, (url, accept)
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        assert "gzip" in accept.lower(), (url, accept)
        body = gzip.decompress(body)
    assert body == client.get(url).content, (url, accept)


# E-mail subscriptions (icld_site.subscription_views)

subscribe_fields = st.one_of(
    st.sampled_from(["email", "topic", "params", "frequency", "consent", "website"]), unicode_text
)
subscribe_values = st.one_of(
    values,
    injected,
    st.sampled_from(
        [
            "news",
            "rounds",
            "search",
            "on",
            "weekly",
            "immediate",
            "category=icld",
            "country=KE&area=x&q=%00",
            "anna@example.se",
            "anna@example.se\r\nBcc: victim@example.org",
        ]
    ),
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    pairs=st.lists(st.tuples(subscribe_fields, subscribe_values), max_size=8),
    origin=st.sampled_from(["http://testserver", "https://evil.example", ""]),
    manage=st.booleans(),
)
def test_arbitrary_sign_ups_never_break_the_form(client, language, pairs, origin, manage):
    """Whatever a POST to the sign-up form (or "send me a link") holds, it is answered with
    the page and its messages, escaped; a subscription is stored only from a valid one, and
    every queued message goes to one valid address."""
    from django.core.cache import cache
    from django.core.validators import validate_email

    from icld_site.models import OutgoingMessage, Subscription

    cache.clear()
    before = Subscription.objects.count()
    with translation.override(language):
        url = reverse("subscription_manage_link" if manage else "subscribe")
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = client.post(
        url, urlencode(pairs), content_type="application/x-www-form-urlencoded", **headers
    )
    assert_safe(response, repr(pairs))
    assert response.status_code in (200, 400, 403, 429)
    if response.status_code != 200:
        assert Subscription.objects.count() == before
    for message in OutgoingMessage.objects.all():
        validate_email(message.recipient)
        assert all("\n" not in value for value in message.headers.values())


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    name=st.sampled_from(
        ["subscription_confirm", "subscription_manage", "subscription_unsubscribe"]
    ),
    token=st.one_of(segments, st.sampled_from(["a:b:c", "e30:1:x", ".eJw:1:x", "1:2"])),
)
def test_arbitrary_subscription_links_answer_a_page_not_500(client, language, name, token):
    """A forged or mangled confirmation, manage or unsubscribe link gets a page saying so,
    for GET and POST (also the RFC 8058 one-click POST), never a 500."""
    from icld_site.models import Subscription

    if not token:
        return
    with translation.override(language):
        path = reverse(name, args=["TOKEN"]).replace("TOKEN", token)
    before = Subscription.objects.count()
    for response in (
        client.get(path),
        client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ),
    ):
        assert_safe(response, path)
        assert response.status_code in (404, 410) or token.endswith("%2F")
    assert Subscription.objects.count() == before


manage_fields = st.one_of(
    st.sampled_from(["action", "subscription", "frequency", "language"]), unicode_text
)
manage_values = st.one_of(
    values,
    injected,
    st.sampled_from(
        ["confirm", "frequency", "remove", "remove_all", "language", "weekly", "immediate"]
        + ["sv", "en", "de", "1", "0", str(2**31), str(2**63)]
    ),
    st.integers().map(str),
)


@settings(FUZZ, max_examples=40)
@given(
    language=st.sampled_from(["sv", "en"]),
    pairs=st.lists(st.tuples(manage_fields, manage_values), max_size=8),
)
def test_arbitrary_manage_posts_never_break_the_page(client, language, pairs):
    """Whatever a POST to a genuine manage link holds, it is answered with a page (or a
    redirect back to it), escaped; another address's subscriptions are never touched."""
    from icld_site import subscriptions
    from icld_site.models import Subscription

    mine, _created = subscriptions.subscribe("mine@example.se", language, "news")
    theirs, _created = subscriptions.subscribe("theirs@example.se", language, "rounds")
    path = subscriptions.manage_url(mine.subscriber).removeprefix("http://testserver")
    response = client.post(path, urlencode(pairs), content_type="application/x-www-form-urlencoded")
    assert_safe(response, repr(pairs))
    assert response.status_code in (200, 302, 400)
    theirs_now = Subscription.objects.get(pk=theirs.pk)
    assert (theirs_now.frequency, theirs_now.confirmed_at) == (theirs.frequency, None)
    for subscription in Subscription.objects.all():
        subscription.full_clean()
