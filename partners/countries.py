"""Country names in Swedish and English from pycountry's ISO 3166 data and translations."""

import gettext
from functools import cache

import pycountry

# Kosovo has no ISO 3166-1 entry; XK is the user-assigned code the EU and others use.
EXTRA_COUNTRIES = {"XK": {"sv": "Kosovo", "en": "Kosovo"}}
# Where pycountry's Swedish translation keeps a name Swedish no longer uses: the short names
# in current Swedish use. (Migration 0019 renames the stored ones.)
CURRENT_SWEDISH_NAMES = {"BY": "Belarus", "SZ": "Eswatini", "LA": "Laos"}


@cache
def _translation(language):
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def is_known_code(code):
    return code in EXTRA_COUNTRIES or pycountry.countries.get(alpha_2=code) is not None


def country_names(code):
    """Return {"sv": ..., "en": ...} for an ISO 3166-1 alpha-2 code, or None if unknown."""
    code = (code or "").upper()
    if code in EXTRA_COUNTRIES:
        return dict(EXTRA_COUNTRIES[code])
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    name = getattr(country, "common_name", None) or country.name
    names = {"en": name, "sv": _translation("sv").gettext(name)}
    if names["sv"] == name and name != country.name:
        names["sv"] = _translation("sv").gettext(country.name)
    if code in CURRENT_SWEDISH_NAMES:
        names["sv"] = CURRENT_SWEDISH_NAMES[code]
    # Official long forms ("Moldavien, republiken") read badly in lists; keep the short name.
    return {language: value.split(",")[0].strip() for language, value in names.items()}
