"""Addresses of the demo site, shared by every test suite."""

LANGUAGES = ["sv", "en"]
OTHER = {"sv": "en", "en": "sv"}

HOME = {"sv": "/sv/", "en": "/en/"}
PROGRAMME = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}
CONTENT = {
    "sv": "/sv/kommunalt-partnerskap/sa-ansoker-du/",
    "en": "/en/municipal-partnership/how-to-apply/",
}
STATEMENT = {"sv": "/sv/tillganglighetsredogorelse/", "en": "/en/accessibility-statement/"}
NEWS = {"sv": "/sv/aktuellt/", "en": "/en/news/"}
ARTICLE = {
    "sv": "/sv/aktuellt/tack-for-en-mycket-lyckad-almedalsvecka-hos-oss-pa-icld/",
    "en": "/en/news/thank-you-for-a-very-successful-almedalen-week-at-icld/",
}
DATABASE = {
    "sv": "/sv/kommunalt-partnerskap/databas/",
    "en": "/en/municipal-partnership/database/",
}
NOT_FOUND = {"sv": "/sv/finns-inte/", "en": "/en/does-not-exist/"}
SEARCH = {"sv": "/sv/sok/?q=kommun", "en": "/en/search/?q=municipal"}
