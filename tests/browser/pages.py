"""One address per public page type, in each language, for the axe checks and screenshots."""

from .helpers import ARTICLE, CONTENT, HOME, NEWS, NOT_FOUND, PROGRAMME, STATEMENT

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
    "search": {"sv": "/sv/sok/?q=kommun", "en": "/en/search/?q=municipal"},
    "search-no-results": {"sv": "/sv/sok/?q=xyzzyx", "en": "/en/search/?q=xyzzyx"},
    "404": NOT_FOUND,
}
