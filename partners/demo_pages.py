"""The database page of the demo site; the programme's demo step places it in the tree."""

from .pages import PartnershipDatabasePage

DATABASE_PAGE = {
    "title_sv": "Partnerskapsdatabas",
    "title_en": "Partnership database",
    "slug_en": "database",
    "show_in_menus": True,
    "intro_sv": (
        "<p>Här ser du vilka svenska kommuner, regioner och regionala kommunalförbund som "
        "samarbetar med lokala myndigheter i våra partnerländer, vad de arbetar med och vem "
        "du kan kontakta. Sök, filtrera och ladda ner resultatet.</p>"
    ),
    "intro_en": (
        "<p>See which Swedish municipalities, regions and regional federations work with "
        "local governments in our partner countries, what they work on and whom to contact. "
        "Search, filter and download the results.</p>"
    ),
}


def load_database_page(loader, parent):
    return loader.page(parent, PartnershipDatabasePage, "databas", DATABASE_PAGE)
