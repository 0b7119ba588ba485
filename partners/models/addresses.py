"""The public addresses of partnerships, organisations and countries: routes of the
partnership database page, in the active language.

The page is looked up once per request (and again after a page changes), not once per
address: a listing of a thousand partnerships links each of them without a query.
"""

from asgiref.local import Local
from django.apps import apps
from django.core.signals import request_started
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

# Per thread (or task): {"page": the published database page or None, language: its URL}.
_local = Local()


def _known():
    if not hasattr(_local, "known"):
        _local.known = {}
    return _local.known


def forget(**kwargs):
    _local.known = {}


def database_page():
    """The published partnership database page, or None while there is none."""
    known = _known()
    if "page" not in known:
        # Reached through the app registry: the page model is built on these models.
        known["page"] = apps.get_model("partners", "PartnershipDatabasePage").published()
    return known["page"]


def serving(page):
    """`page` serves this request: the addresses in it lead to it, without looking it up."""
    _known().setdefault("page", page)


def database_url():
    """The database page's URL in the active language, or None."""
    known, language = _known(), get_language()
    if language not in known:
        page = database_page()
        known[language] = page.get_url() if page else None
    return known[language]


def route_url(name, **kwargs):
    """The URL of one of the database page's routes in the active language, or None."""
    base = database_url()
    return base + database_page().reverse_subpage(name, kwargs=kwargs) if base else None


def connect_signals():
    request_started.connect(forget, dispatch_uid="partners-addresses")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget, dispatch_uid="partners-addresses")
