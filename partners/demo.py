"""Demo content for the partnership database."""

from .models import Country, Region

# The 21 partner countries named on the programme's page, by region.
SEED_COUNTRIES = {
    Region.EASTERN_EUROPE: ["BA", "GE", "XK", "MK", "MD", "RS", "TR", "UA", "BY"],
    Region.ASIA: ["IN", "ID", "CN", "VN"],
    Region.AFRICA: ["BW", "KE", "MZ", "NA", "ZA", "TZ", "UG", "ZM"],
}


def load_countries(loader):
    for region, codes in SEED_COUNTRIES.items():
        for code in codes:
            loader.upsert(Country, {"code": code}, {"region": region, "eligible": True})
