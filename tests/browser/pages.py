"""One address per public page type, in each language, for the axe checks and screenshots."""

from django.utils import translation

from .helpers import ARTICLE, CONTENT, DATABASE, HOME, NEWS, NOT_FOUND, PROGRAMME, STATEMENT

PAGE_TYPES = {
    "home": HOME,
    "programme": PROGRAMME,
    "content": CONTENT,
    "accessibility-statement": STATEMENT,
    "news": NEWS,
    "news-filtered": {
        "sv": NEWS["sv"] + "?category=kommunalt-partnerskap",
        "en": NEWS["en"] + "?category=municipal-partnership",
    },
    "news-empty-category": {
        "sv": NEWS["sv"] + "?category=kunskapscentrum",
        "en": NEWS["en"] + "?category=knowledge-centre",
    },
    "article": ARTICLE,
    "database": DATABASE,
    "database-no-results": {
        "sv": DATABASE["sv"] + "?q=xyzzyx",
        "en": DATABASE["en"] + "?q=xyzzyx",
    },
    "organisations": {
        "sv": DATABASE["sv"] + "organisationer/?status=active",
        "en": DATABASE["en"] + "organisations/?status=active",
    },
    "about-the-data": {
        "sv": DATABASE["sv"] + "om-datan/",
        "en": DATABASE["en"] + "about-the-data/",
    },
    "about-the-api": {
        "sv": DATABASE["sv"] + "om-datan/api/",
        "en": DATABASE["en"] + "about-the-data/api/",
    },
    "search": {"sv": "/sv/sok/?q=kommun", "en": "/en/search/?q=municipal"},
    "search-no-results": {"sv": "/sv/sok/?q=xyzzyx", "en": "/en/search/?q=xyzzyx"},
    "subscribe": {"sv": "/sv/prenumerera/", "en": "/en/subscribe/"},
    "404": NOT_FOUND,
}


def page_types():
    """PAGE_TYPES plus the database's detail pages, whose addresses come from the data."""
    from partners.models import Partnership

    partnership = Partnership.objects.order_by("pk").first()
    organisation = partnership.swedish_organisations.first()
    routes = {
        "database-filtered": None,
        "partnership": partnership,
        "organisation": organisation,
        "country": partnership.country,
    }
    types = dict(PAGE_TYPES)
    for name, route in routes.items():
        types[name] = {}
        for language in ("sv", "en"):
            with translation.override(language):
                if route is None:
                    types[name][language] = (
                        f"{DATABASE[language]}?country={partnership.country.code}"
                    )
                else:
                    types[name][language] = route.get_absolute_url()
    return types
