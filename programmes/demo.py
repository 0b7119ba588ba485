"""Demo pages: the home page and the programme's pages, from the programme's own text."""

from icld_site.demo import prepare_root, set_default_site

from .models import HomePage

HOME = {
    "title_sv": "Kommunalt Partnerskap",
    "title_en": "Municipal Partnership",
    "slug_en": "home",
    "intro_sv": (
        "<p>ICLD, Internationellt centrum för lokal demokrati, stärker den lokala "
        "demokratin i världen. Genom Kommunalt Partnerskap samarbetar svenska kommuner, "
        "regioner och regionala kommunalförbund med lokala myndigheter i ett tjugotal "
        "länder för en väl fungerande och demokratisk lokal förvaltning.</p>"
    ),
    "intro_en": (
        "<p>ICLD, the International Centre for Local Democracy, strengthens local "
        "democracy around the world. Through the Municipal Partnership programme, Swedish "
        "municipalities, regions and regional federations of municipalities work with local "
        "governments in some twenty countries for well-functioning, democratic local "
        "government.</p>"
    ),
}


def load_pages(loader):
    root = prepare_root()
    home = loader.page(root, HomePage, "hem", HOME)
    set_default_site(home)
    return home
