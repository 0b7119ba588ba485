"""Behind the load balancer every request comes from one address: the visitor's own address
is read from X-Forwarded-For, but only when a trusted proxy sent the request."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from icld_site.limits import client_address
from programmes.models import ProgrammePage

PROXY = "127.0.0.1"
OUTSIDER = "203.0.113.9"


@pytest.fixture(autouse=True)
def _empty_limits():
    cache.clear()
    yield
    cache.clear()


def behind_proxy(visitor):
    """A browser at `visitor` whose requests reach the site through the loopback proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor)


def spoofing(claimed):
    """A browser that reaches the site directly from OUTSIDER and claims to be `claimed`."""
    return Client(REMOTE_ADDR=OUTSIDER, HTTP_X_FORWARDED_FOR=claimed)


def address_of(remote_addr, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(RequestFactory().get("/", **headers))


@pytest.mark.parametrize(
    ("trusted", "remote_addr", "forwarded_for", "expected"),
    [
        # No trusted proxy: the header is never believed.
        ([], PROXY, "198.51.100.1", PROXY),
        # From a trusted proxy: the address it appended.
        ([PROXY], PROXY, "198.51.100.1", "198.51.100.1"),
        # A visitor's own header is kept by the proxy, which appends the real address.
        ([PROXY], PROXY, "192.0.2.77, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops (a network and an address): the address before both.
        (["10.0.0.0/8", PROXY], PROXY, "192.0.2.77, 198.51.100.1, 10.1.2.3", "198.51.100.1"),
        # From an untrusted peer: its own address, whatever it claims.
        ([PROXY], OUTSIDER, "198.51.100.1", OUTSIDER),
        # A trusted proxy that sent no header, or rubbish: the proxy itself.
        ([PROXY], PROXY, None, PROXY),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, "198.51.100.1, not-an-address", PROXY),
        # Every hop is a trusted proxy: the first of them.
        (["10.0.0.0/8", PROXY], PROXY, "10.0.0.5, 10.0.0.6", "10.0.0.5"),
        # IPv6, normalised.
        (["::1"], "::1", "2001:DB8::0:1", "2001:db8::1"),
    ],
)
def test_the_visitors_address(trusted, remote_addr, forwarded_for, expected):
    with override_settings(TRUSTED_PROXIES=trusted):
        assert address_of(remote_addr, forwarded_for) == expected


def send_feedback(browser):
    page = ProgrammePage.objects.get()
    return browser.post(
        "/sv/feedback/",
        {"page": page.pk, "helpful": "yes"},
        HTTP_ORIGIN="http://testserver",
    ).status_code


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[PROXY], FEEDBACK_RATE_LIMIT=1)
def test_two_visitors_behind_the_proxy_have_allowances_of_their_own():
    first, second = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    assert [send_feedback(first), send_feedback(first)] == [200, 429]
    assert send_feedback(second) == 200


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[PROXY], FEEDBACK_RATE_LIMIT=1)
def test_a_spoofed_header_from_an_untrusted_peer_changes_nothing():
    assert send_feedback(spoofing("198.51.100.1")) == 200
    assert send_feedback(spoofing("198.51.100.2")) == 429


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[], FEEDBACK_RATE_LIMIT=1)
def test_without_trusted_proxies_everyone_behind_one_is_one_visitor():
    assert send_feedback(behind_proxy("198.51.100.1")) == 200
    assert send_feedback(behind_proxy("198.51.100.2")) == 429


def fail_to_sign_in(browser, times=5):
    for _ in range(times):
        browser.post("/admin/login/", {"username": "redaktor", "password": "fel"})


def sign_in(browser):
    return browser.post("/admin/login/", {"username": "redaktor", "password": "ratt-losenord-123"})


@pytest.fixture
def editor_account(db):
    return get_user_model().objects.create_user(
        "redaktor", password="ratt-losenord-123", is_staff=True
    )


@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=[PROXY])
def test_one_visitor_behind_the_proxy_cannot_lock_out_another(editor_account):
    attacker, administrator = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    fail_to_sign_in(attacker)
    assert sign_in(attacker).status_code == 429
    response = sign_in(administrator)
    assert response.status_code == 302
    assert administrator.session["_auth_user_id"] == str(editor_account.pk)


@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=[PROXY])
def test_a_spoofed_header_does_not_escape_the_lock_out(editor_account):
    for claimed in ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "x"]:
        fail_to_sign_in(spoofing(claimed), times=1)
    assert sign_in(spoofing("198.51.100.5")).status_code == 429


@override_settings(AXES_ENABLED=True, TRUSTED_PROXIES=[PROXY])
def test_the_lock_out_records_the_visitors_address(editor_account):
    from axes.models import AccessAttempt

    fail_to_sign_in(behind_proxy("198.51.100.1"), times=1)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.1"]


@pytest.mark.urls("tests.site.test_logging")
@override_settings(TRUSTED_PROXIES=[PROXY])
def test_the_logs_name_the_visitors_address(log_output):
    browser = behind_proxy("198.51.100.1")
    browser.raise_request_exception = False
    assert browser.get("/boom/").status_code == 500
    lines = [line for line in log_output.getvalue().splitlines() if line.strip()]
    assert json.loads(lines[-1])["client"] == "198.51.100.1"
