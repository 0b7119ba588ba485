"""E-mail subscriptions (icld_site.subscriptions): the forms on the pages, sign-up with double
opt-in, the confirmation, manage and unsubscribe links, limits, bad input and purging."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation

from icld_site import subscriptions
from icld_site.mail import mailbox
from icld_site.models import OutgoingMessage, Subscriber, Subscription
from news.models import NewsCategory
from tests.helpers import DATABASE, NEWS, PROGRAMME, get_soup, soup, text

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
LANGUAGES = ["sv", "en"]
CHECK_INBOX = {"sv": "Titta i din inkorg", "en": "Check your inbox"}
NOT_SIGNED_UP = {"sv": "Du har inte anmälts", "en": "You have not been signed up"}
URL = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _empty_cache():
    """The limits count in the cache: each test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def sign_up(client, language="sv", origin=SITE, **data):
    fields = {"email": "Anna@Example.se", "topic": "news", "params": "", "consent": "on"}
    fields.update(data)
    fields = {key: value for key, value in fields.items() if value is not None}
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    return client.post(url("subscribe", language), fields, **headers)


def confirmation_link(subscription):
    message = OutgoingMessage.objects.get(key=f"subscription-confirm:{subscription.pk}")
    return next(
        link
        for link in URL.findall(message.body_text)
        if "/bekrafta/" in link or "/confirm/" in link
    )


def path_of(link):
    return link.removeprefix(SITE)


def make(email="anna@example.se", language="sv", topic="news", params="", confirmed=True):
    subscription, _created = subscriptions.subscribe(email, language, topic, params)
    if confirmed:
        subscriptions.confirm(subscription)
    subscription.refresh_from_db()
    return subscription


# The forms on the pages ----------------------------------------------------------------


def subscribe_form(page):
    return page.select_one("form.subscribe-form")


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_index_has_a_form_for_all_news(client, language):
    form = subscribe_form(get_soup(client, NEWS[language]))
    assert form["action"] == url("subscribe", language)
    assert form.select_one("input[name=topic]")["value"] == "news"
    assert form.select_one("input[name=params]").get("value", "") == ""
    assert len(form.select("input[name=frequency]")) == 2
    assert form.select_one("input[name=consent]")
    assert not form.select("input[name=csrfmiddlewaretoken]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_category_view_subscribes_to_its_category(client, language):
    category = NewsCategory.objects.first()
    with translation.override(language):
        slug = category.slug
    page = get_soup(client, NEWS[language], {"category": slug})
    form = subscribe_form(page)
    assert form.select_one("input[name=params]")["value"] == f"category={slug}"
    assert category.name in text(page.select_one("section.subscribe"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_page_offers_round_reminders_near_when(client, language):
    page = get_soup(client, PROGRAMME[language])
    form = page.select_one("#nar form.subscribe-form")
    assert form.select_one("input[name=topic]")["value"] == "rounds"
    assert not form.select("input[name=frequency]")


@pytest.mark.parametrize("language", LANGUAGES)
def test_database_page_carries_the_current_filters(client, language):
    page = get_soup(client, DATABASE[language], {"country": "KE", "page": "1", "sort": "name"})
    form = subscribe_form(page)
    assert form.select_one("input[name=topic]")["value"] == "search"
    params = QueryDict(form.select_one("input[name=params]")["value"])
    assert params["country"] == "KE"
    heading = {"sv": "Bevaka den här sökningen", "en": "Get e-mails about new partnerships"}
    assert heading[language] in text(page.select_one("section.subscribe"))


def test_pages_with_the_form_stay_in_the_page_cache(client, page_cache_on):
    for address in (NEWS["sv"], PROGRAMME["en"], DATABASE["sv"]):
        first = client.get(address)
        assert "Set-Cookie" not in first.headers and not first.cookies
        second = client.get(address)
        assert second.content == first.content


# Sign-up ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_records_an_unconfirmed_subscription_and_mails_one_confirmation(client, language):
    response = sign_up(client, language, frequency="immediate")

    assert response.status_code == 200
    assert CHECK_INBOX[language] in text(response)
    assert soup(response).select_one(f'main a[href="{NEWS[language]}"]')
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "anna@example.se"
    assert subscriber.language == language
    subscription = subscriber.subscriptions.get()
    assert (subscription.topic, subscription.params, subscription.frequency) == (
        "news",
        "",
        "immediate",
    )
    assert subscription.confirmed_at is None
    message = OutgoingMessage.objects.get()
    assert message.key == f"subscription-confirm:{subscription.pk}"
    assert message.language == language
    assert message.recipient == "anna@example.se"
    link = confirmation_link(subscription)
    assert link.startswith(f"{SITE}{url('subscription_confirm', language, 'x')[:-3]}")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<http://testserver/\w\w/\S+/>", message.headers["List-Unsubscribe"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_again_sends_nothing_and_says_the_same(client, language):
    first = sign_up(client, language)
    again = sign_up(client, language)
    subscriptions.confirm(Subscription.objects.get())
    confirmed = sign_up(client, language)

    assert first.status_code == again.status_code == confirmed.status_code == 200
    main = [soup(response).select_one("main") for response in (first, again, confirmed)]
    assert text(main[0]) == text(main[1]) == text(main[2])
    assert OutgoingMessage.objects.count() == 1
    assert Subscription.objects.count() == 1


def test_a_second_topic_for_a_known_address_needs_its_own_confirmation(client):
    make()
    sign_up(client, "en", topic="rounds")
    rounds = Subscription.objects.get(topic="rounds")
    assert rounds.confirmed_at is None
    assert OutgoingMessage.objects.filter(key=f"subscription-confirm:{rounds.pk}").exists()
    # The address keeps the language it chose: a form cannot change it.
    assert Subscriber.objects.get().language == "sv"


def test_weekly_is_the_default_and_rounds_has_no_choice(client):
    sign_up(client, "sv", frequency=None)
    sign_up(client, "sv", topic="rounds", frequency="weekly")
    assert Subscription.objects.get(topic="news").frequency == "weekly"
    assert Subscription.objects.get(topic="rounds").frequency == "immediate"


def test_a_category_is_stored_by_its_swedish_slug(client):
    category = NewsCategory.objects.exclude(slug_en="").exclude(slug_en=None).first()
    sign_up(client, "en", params=f"category={category.slug_en}")
    assert Subscription.objects.get().params == f"category={category.slug_sv}"


def test_a_saved_search_keeps_the_filters_and_drops_paging_and_sorting(client):
    sign_up(client, "sv", topic="search", params="sort=name&page=3&country=ke&q=vatten&format=csv")
    assert Subscription.objects.get().params == "q=vatten&country=KE"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "data",
    [
        {"email": "not an address"},
        {"email": ""},
        {"email": "a@b"},
        {"email": "x" * 250 + "@example.se"},
        {"email": "anna@example.se\r\nBcc: all@example.se"},
        {"email": "anna@example.se\x00"},
        {"consent": None},
        {"topic": "nonsense"},
        {"topic": None},
        {"params": "category=no-such-category"},
        {"topic": "search", "params": "country=XX"},
        {"params": "category=" + "x" * 2000},
        {"frequency": "hourly"},
        {"website": "http://spam.example"},
    ],
    ids=lambda data: next(iter(data)),
)
def test_bad_sign_ups_are_refused_with_a_message(client, language, data):
    response = sign_up(client, language, **data)

    assert response.status_code == 400
    page = soup(response)
    assert NOT_SIGNED_UP[language] in text(page.select_one(".error-summary"))
    assert not Subscriber.objects.exists()
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_sign_up_from_another_site_is_refused(client, language):
    assert sign_up(client, language, origin="https://evil.example").status_code == 403
    assert sign_up(client, language, origin=None).status_code == 403
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_ups_are_limited_per_address(client, settings, language):
    settings.SUBSCRIBE_LIMIT_PER_ADDRESS = 2
    for topic in ("news", "rounds"):
        assert sign_up(client, language, topic=topic).status_code == 200
    refused = sign_up(client, language, topic="search")

    assert refused.status_code == 429
    summary = text(soup(refused).select_one(".error-summary"))
    assert {"sv": "den här e-postadressen", "en": "this e-mail address"}[language] in summary
    assert soup(refused).select_one("input[name=email]")["value"] == "Anna@Example.se"
    assert Subscription.objects.count() == 2
    assert sign_up(client, language, email="other@example.se").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_ups_are_limited_per_connection(client, settings, language):
    settings.SUBSCRIBE_LIMIT_PER_IP = 2
    for number in range(2):
        assert sign_up(client, language, email=f"p{number}@example.se").status_code == 200
    refused = sign_up(client, language, email="p9@example.se")
    assert refused.status_code == 429
    assert {"sv": "din uppkoppling", "en": "your connection"}[language] in text(refused)
    assert Subscriber.objects.count() == 2


# Confirming -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirmation_link_shows_a_button_and_confirms_on_post(client, language):
    sign_up(client, language)
    subscription = Subscription.objects.get()
    link = path_of(confirmation_link(subscription))

    shown = client.get(link)
    assert shown.status_code == 200
    assert soup(shown).select_one("main form button")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a mail scanner's GET changes nothing

    done = client.post(link)
    assert done.status_code == 200
    assert {"sv": "är bekräftad", "en": "is confirmed"}[language] in text(done)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    assert subscription.subscriber.confirmed_at == subscription.confirmed_at

    again = client.post(link)
    assert again.status_code == 200
    assert {"sv": "redan bekräftad", "en": "already confirmed"}[language] in text(again)


@pytest.mark.parametrize("language", LANGUAGES)
def test_forged_expired_and_stale_confirmation_links_say_so(client, settings, language):
    subscription = make(confirmed=False)
    token = subscriptions.confirm_token(subscription)
    forged = client.get(url("subscription_confirm", language, token[:-2] + "xx"))
    assert forged.status_code == 404
    assert {"sv": "inte giltig", "en": "not valid"}[language] in text(forged)
    # A link of another kind (unsubscribe) cannot confirm.
    other = subscriptions.unsubscribe_token(subscription)
    assert client.post(url("subscription_confirm", language, other)).status_code == 404

    settings.SUBSCRIPTION_CONFIRM_LINK_DAYS = -1
    expired = client.post(url("subscription_confirm", language, token))
    assert expired.status_code == 410
    assert {"sv": "har gått ut", "en": "has expired"}[language] in text(expired)
    settings.SUBSCRIPTION_CONFIRM_LINK_DAYS = 7

    subscription.delete()
    stale = client.post(url("subscription_confirm", language, token))
    assert stale.status_code == 410
    assert {"sv": "finns inte längre", "en": "no longer exists"}[language] in text(stale)
    assert not Subscription.objects.exists()


def test_a_link_for_a_deleted_row_does_not_reach_a_new_row_with_its_id():
    first = make()
    token = subscriptions.unsubscribe_token(first)
    subscriber, pk = first.subscriber, first.pk
    first.delete()
    Subscription.objects.create(pk=pk, subscriber=subscriber, topic="news")
    with pytest.raises(subscriptions.LinkError) as error:
        subscriptions.subscription_for_unsubscribe_token(token)
    assert error.value.reason == "stale"


# Unsubscribing ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_click_unsubscribe_post_from_a_mail_client(client, language):
    subscription = make(language=language)
    link = subscriptions.subscription_links(subscription)["unsubscribe_url"]
    assert link.startswith(f"{SITE}/{language}/")

    shown = client.get(path_of(link))
    assert shown.status_code == 200
    assert Subscription.objects.exists()

    # RFC 8058: a POST with this body, no Origin, no cookie, no CSRF token.
    client_without_csrf = type(client)(enforce_csrf_checks=True)
    done = client_without_csrf.post(
        path_of(link),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists()  # that was the address's last subscription

    reused = client_without_csrf.post(
        path_of(link),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert reused.status_code == 200
    assert {"sv": "prenumererar inte längre", "en": "no longer subscribed"}[language] in text(
        reused
    )


BUTTON_IN_MAIL = {
    "sv": re.compile(r"klicka på knappen ”([^”]+)”"),
    "en": re.compile(r'click the "([^"]+)" button'),
}
ONWARD = {
    "sv": ["Gå till startsidan", "Gå till sidan som prenumerationen gällde"],
    "en": ["Go to the start page", "Go to the page the subscription was about"],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mail_says_truly_how_the_link_unsubscribes(client, language):
    """The footer's link opens a page (a GET, as a mail scanner sends, changes nothing) whose
    one button, named in the message, unsubscribes with one request."""
    sign_up(client, language)
    subscription = Subscription.objects.get()
    subscriptions.confirm(subscription)
    body = " ".join(OutgoingMessage.objects.get().body_text.split())
    [button_name] = BUTTON_IN_MAIL[language].findall(body)
    link = next(
        link for link in URL.findall(body) if ("/avsluta/" in link or "/unsubscribe/" in link)
    )

    page = get_soup(client, path_of(link))
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    [form] = page.select("main form")
    [button] = form.select("button, input[type=submit]")
    assert button.get_text(strip=True) == button_name
    fields = {field["name"]: field.get("value", "") for field in form.select("[name]")}
    done = client.post(form.get("action") or path_of(link), fields)
    assert done.status_code == 200
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert (
        soup(done).find("h1").get_text(strip=True)
        == {
            "sv": "Din prenumeration är avslutad",
            "en": "You are unsubscribed",
        }[language]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unsubscribed_page_leads_on(client, language):
    category = NewsCategory.objects.first()
    news = make(language=language, params=f"category={category.slug_sv}")
    rounds = make(language=language, topic="rounds")
    link = subscriptions.subscription_links(news)["unsubscribe_url"]
    page = soup(client.post(path_of(link)))
    links = {a.get_text(strip=True): a["href"] for a in page.select("main a")}
    home, about = ONWARD[language]
    assert links[home] == f"/{language}/"
    with translation.override(language):
        expected = path_of(subscriptions.topic("news").page_url(news.params, language))
    assert links[about] == expected
    assert client.get(expected).status_code == 200
    # The address still has the rounds: the page to manage it.
    manage = next(href for href in links.values() if "/hantera/" in href or "/manage/" in href)
    assert rounds.subscriber.email in text(client.get(manage))
    # Subscribing again to the same thing is one form away, with the category kept.
    form = page.select_one("main form.subscribe-form")
    assert form["action"] == url("subscribe", language)
    assert form.select_one("input[name=topic]")["value"] == "news"
    assert form.select_one("input[name=params]")["value"] == f"category={category.slug_sv}"
    again = {"sv": "Prenumerera igen", "en": "Subscribe again"}[language]
    assert form.select_one("button").get_text(strip=True) == again

    # The last subscription gone: no manage page, but the way to subscribe again.
    link = subscriptions.subscription_links(rounds)["unsubscribe_url"]
    page = soup(client.post(path_of(link)))
    hrefs = [a["href"] for a in page.select("main a")]
    assert f"/{language}/" in hrefs
    assert not any("/hantera/" in href or "/manage/" in href for href in hrefs)
    assert page.select_one("main form.subscribe-form input[name=topic]")["value"] == "rounds"
    # A link used again still leads on.
    reused = soup(client.post(path_of(link)))
    assert {f"/{language}/", url("subscribe", language)} <= {
        a["href"] for a in reused.select("main a")
    }


def test_unsubscribing_from_one_topic_keeps_the_others():
    news = make()
    make(topic="rounds")
    subscriptions.unsubscribe(news)
    assert list(Subscription.objects.values_list("topic", flat=True)) == ["rounds"]
    assert Subscriber.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_forged_and_expired_unsubscribe_links(client, settings, language):
    subscription = make()
    token = subscriptions.unsubscribe_token(subscription)
    assert client.post(url("subscription_unsubscribe", language, "nonsense")).status_code == 404
    settings.SUBSCRIPTION_LINK_DAYS = -1
    expired = client.post(url("subscription_unsubscribe", language, token))
    assert expired.status_code == 410
    assert {"sv": "har gått ut", "en": "has expired"}[language] in text(expired)
    assert Subscription.objects.exists()


# Managing ---------------------------------------------------------------------------------


def manage_path(subscriber, language=None):
    token = subscriptions.manage_token(subscriber)
    return url("subscription_manage", language or subscriber.language, token)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_manage_page_lists_every_subscription(client, language):
    category = NewsCategory.objects.first()
    make(language=language, params=f"category={category.slug_sv}")
    subscription = make(language=language, topic="rounds", confirmed=False)
    page = get_soup(client, manage_path(subscription.subscriber))
    shown = text(page.select_one("main"))
    assert "anna@example.se" in shown
    with translation.override(language):
        assert category.name in shown
    assert {"sv": "Inte bekräftad", "en": "Not confirmed"}[language] in shown
    assert {"sv": "E-post skickas på svenska.", "en": "E-mail is sent in English."}[
        language
    ] in shown
    assert not page.select("input[name=email]")


def test_manage_changes_frequency_removes_and_confirms(client):
    news = make(topic="news")
    rounds = make(topic="rounds", confirmed=False)
    path = manage_path(news.subscriber)

    changed = client.post(
        path, {"action": "frequency", "subscription": news.pk, "frequency": "immediate"}
    )
    assert changed.status_code == 302
    news.refresh_from_db()
    assert news.frequency == "immediate"
    # Rounds have one frequency: a weekly choice is not taken.
    refused = client.post(
        path, {"action": "frequency", "subscription": rounds.pk, "frequency": "weekly"}
    )
    assert refused.status_code == 400
    client.post(path, {"action": "confirm", "subscription": rounds.pk})
    rounds.refresh_from_db()
    assert rounds.confirmed_at is not None
    client.post(path, {"action": "remove", "subscription": rounds.pk})
    assert list(Subscription.objects.values_list("topic", flat=True)) == ["news"]


def test_manage_cannot_touch_another_address(client):
    mine = make()
    theirs = make(email="other@example.se")
    response = client.post(
        manage_path(mine.subscriber), {"action": "remove", "subscription": theirs.pk}
    )
    assert response.status_code == 400
    assert Subscription.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_remove_all_deletes_the_address(client, language):
    subscription = make(language=language)
    make(language=language, topic="rounds")
    path = manage_path(subscription.subscriber)
    response = client.post(path, {"action": "remove_all"})
    assert response.status_code == 200
    assert {"sv": "har raderats", "en": "have been deleted"}[language] in text(response)
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert client.get(path).status_code == 410


def test_changing_the_language_moves_to_the_page_in_it(client):
    subscription = make(language="sv")
    response = client.post(
        manage_path(subscription.subscriber), {"action": "language", "language": "en"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/en/subscribe/manage/")
    assert Subscriber.objects.get().language == "en"


@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_manage_posts_and_links(client, language, settings):
    subscription = make()
    path = manage_path(subscription.subscriber, language)
    for data in (
        {},
        {"action": "explode"},
        {"action": "remove", "subscription": "x"},
        {"action": "language", "language": "de"},
    ):
        assert client.post(path, data).status_code == 400
    assert client.get(url("subscription_manage", language, "nonsense")).status_code == 404
    settings.SUBSCRIPTION_LINK_DAYS = -1
    assert client.get(path).status_code == 410


@pytest.mark.parametrize("language", LANGUAGES)
def test_asking_for_a_manage_link_never_tells_whether_the_address_exists(client, language):
    make(language="sv")
    asked = client.post(
        url("subscription_manage_link", language), {"email": "ANNA@example.se"}, HTTP_ORIGIN=SITE
    )
    unknown = client.post(
        url("subscription_manage_link", language), {"email": "nobody@example.se"}, HTTP_ORIGIN=SITE
    )
    assert asked.status_code == unknown.status_code == 200
    assert text(soup(asked).select_one("main")) == text(soup(unknown).select_one("main"))
    message = OutgoingMessage.objects.get(key__startswith="subscription-manage:")
    assert message.recipient == "anna@example.se"
    assert message.language == "sv"
    link = next(link for link in URL.findall(message.body_text))
    assert client.get(path_of(link)).status_code == 200


# Purging and the models --------------------------------------------------------------------


def test_purge_deletes_old_unconfirmed_sign_ups_and_empty_addresses():
    now = timezone.now()
    old = make(email="old@example.se", confirmed=False)
    kept = make(email="mixed@example.se")
    old_of_kept = make(email="mixed@example.se", topic="rounds", confirmed=False)
    fresh = make(email="fresh@example.se", confirmed=False)
    Subscription.objects.filter(pk__in=[old.pk, old_of_kept.pk, kept.pk]).update(
        created_at=now - timedelta(days=8)
    )

    assert subscriptions.purge_unconfirmed(now) == {"subscriptions": 2, "subscribers": 1}
    assert set(Subscription.objects.values_list("pk", flat=True)) == {kept.pk, fresh.pk}
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "mixed@example.se",
        "fresh@example.se",
    }


def test_one_subscription_per_address_topic_and_params():
    subscription = make()
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(subscriber=subscription.subscriber, topic="news", params="")


def test_counts_per_topic_params_and_frequency():
    make(email="a@example.se")
    make(email="b@example.se", confirmed=False)
    make(email="c@example.se", topic="rounds")
    rows = list(Subscription.objects.counts())
    assert rows == [
        {"topic": "news", "params": "", "frequency": "weekly", "confirmed": 1, "unconfirmed": 1},
        {
            "topic": "rounds",
            "params": "",
            "frequency": "immediate",
            "confirmed": 1,
            "unconfirmed": 0,
        },
    ]
    assert Subscription.objects.confirmed().of_topic("news").count() == 1


@pytest.mark.parametrize(
    ("topic", "params", "sv", "en"),
    [
        ("news", "", "Alla nyheter", "All news"),
        ("rounds", "", "Ansökningsomgångar", "Application rounds"),
        ("search", "country=KE", "Kenya", "Kenya"),
    ],
)
def test_descriptions_and_page_links_in_both_languages(topic, params, sv, en):
    registered = subscriptions.topic(topic)
    assert sv in registered.describe(params, "sv")
    assert en in registered.describe(params, "en")
    assert registered.page_url(params, "sv").startswith(f"{SITE}/sv/")
    assert registered.page_url(params, "en").startswith(f"{SITE}/en/")


def test_mail_headers_cannot_be_injected():
    subscription = make()
    message = subscriptions.queue_subscription_mail(
        subscription, "test:1", "subscription_manage", {"manage_url": "x\r\nBcc: evil@example.se"}
    )
    assert all("\n" not in value and "\r" not in value for value in message.headers.values())
    with pytest.raises(ValidationError):
        mailbox("anna@example.se\r\nBcc: evil@example.se")


@pytest.mark.parametrize(
    ("address", "heading", "deleted"),
    [
        ("/sv/integritet/", "E-postprenumerationer", "raderas din e-postadress"),
        ("/en/privacy/", "E-mail subscriptions", "your e-mail address is deleted"),
    ],
)
def test_the_privacy_notice_covers_subscriptions(client, address, heading, deleted):
    page = get_soup(client, address)
    assert heading in [text(h2) for h2 in page.select("main h2")]
    assert deleted in text(page.select_one("main"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consent_box_links_the_privacy_notice(client, language):
    form = subscribe_form(get_soup(client, NEWS[language]))
    privacy = {"sv": "/sv/integritet/", "en": "/en/privacy/"}[language]
    assert form.select_one(f'a[href="{privacy}"]')


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("topic", ["news", "rounds", "nonsense"])
def test_the_sign_up_page_has_a_working_form(client, language, topic):
    page = get_soup(client, url("subscribe", language), {"topic": topic})
    form = subscribe_form(page)
    data = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    assert data["topic"] == ("news" if topic == "nonsense" else topic)
    data.update(email="anna@example.se", consent="on")
    response = client.post(form["action"], data, HTTP_ORIGIN=SITE)
    assert response.status_code == 200
    assert CHECK_INBOX[language] in text(response)
    manage_form = f'form[action="{url("subscription_manage_link", language)}"]'
    assert page.select_one(f"{manage_form} input[name=email]")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("sv", ["Bekräfta din prenumeration", "Nyheter i kategorin", "Avsluta prenumerationen"]),
        ("en", ["Confirm your subscription", "News in the category", "To unsubscribe"]),
    ],
)
def test_the_confirmation_message_is_in_the_page_language_with_its_footer(client, language, words):
    category = NewsCategory.objects.first()
    sign_up(client, language, params=f"category={category.slug_sv}")
    subscription = Subscription.objects.get()
    message = OutgoingMessage.objects.get()
    whole = f"{message.subject}\n{message.body_text}"
    assert all(word in whole for word in words)
    # The footer's links and the header's name this subscription and its address (the
    # tokens carry the second they were made, so they are compared by what they name).
    links = URL.findall(message.body_text)
    kind = {"sv": ("/avsluta/", "/hantera/"), "en": ("/unsubscribe/", "/manage/")}[language]
    unsubscribe = next(link for link in links if kind[0] in link)
    manage = next(link for link in links if kind[1] in link)
    token_of = lambda link: link.rstrip("/").rsplit("/", 1)[1]  # noqa: E731
    assert subscriptions.subscription_for_unsubscribe_token(token_of(unsubscribe)) == subscription
    assert subscriptions.subscriber_for_manage_token(token_of(manage)) == subscription.subscriber
    assert message.headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert f"/{language}/" in confirmation_link(subscription)


PRIVACY = {"sv": "/sv/integritet/", "en": "/en/privacy/"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_privacy_notice_leads_to_the_form_for_a_new_manage_link(client, language):
    notice = get_soup(client, PRIVACY[language])
    link = next(a["href"] for a in notice.select("main a") if "#manage-heading" in a["href"])
    page = get_soup(client, link.split("#")[0])
    assert page.select_one("#manage-heading")
    form = page.select_one("#manage-heading").find_next("form")
    assert form["action"] == url("subscription_manage_link", language)
