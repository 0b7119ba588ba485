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
    "data_maintainer_sv": "Programmet Kommunalt Partnerskap vid ICLD",
    "data_maintainer_en": "The Municipal Partnership programme at ICLD",
    "data_update_frequency_sv": (
        "Uppdateras när ett partnerskap beviljas, ändras eller avslutas, och ses över varje "
        "kvartal."
    ),
    "data_update_frequency_en": (
        "Updated when a partnership is granted, changed or finished, and reviewed every quarter."
    ),
}


def load_database_page(loader, parent):
    return loader.page(parent, PartnershipDatabasePage, "databas", DATABASE_PAGE)
