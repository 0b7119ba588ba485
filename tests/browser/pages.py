"""One address per public page type, in each language, for the axe checks and screenshots."""

from .helpers import CONTENT, HOME, NOT_FOUND, PROGRAMME, STATEMENT

PAGE_TYPES = {
    "home": HOME,
    "programme": PROGRAMME,
    "content": CONTENT,
    "accessibility-statement": STATEMENT,
    "404": NOT_FOUND,
}
