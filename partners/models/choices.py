"""The fixed vocabularies of the database: regions, counties, organisation types, phases and
statuses, and the years a partnership may have."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Years outside this range are typing mistakes: the programme started in the late 1990s.
FIRST_YEAR = 1990
LAST_YEAR = 2100


class Region(models.TextChoices):
    EASTERN_EUROPE = "eastern-europe", _("Eastern Europe and the Western Balkans")
    ASIA = "asia", _("Asia")
    AFRICA = "africa", _("Africa")
    LATIN_AMERICA = "latin-america", _("Latin America")
    SWEDEN = "sweden", _("Sweden")


class County(models.TextChoices):
    """The 21 Swedish counties (län), keyed by their ISO 3166-2:SE letter code."""

    STOCKHOLM = "AB", _("Stockholm County")
    UPPSALA = "C", _("Uppsala County")
    SODERMANLAND = "D", _("Södermanland County")
    OSTERGOTLAND = "E", _("Östergötland County")
    JONKOPING = "F", _("Jönköping County")
    KRONOBERG = "G", _("Kronoberg County")
    KALMAR = "H", _("Kalmar County")
    GOTLAND = "I", _("Gotland County")
    BLEKINGE = "K", _("Blekinge County")
    SKANE = "M", _("Skåne County")
    HALLAND = "N", _("Halland County")
    VASTRA_GOTALAND = "O", _("Västra Götaland County")
    VARMLAND = "S", _("Värmland County")
    OREBRO = "T", _("Örebro County")
    VASTMANLAND = "U", _("Västmanland County")
    DALARNA = "W", _("Dalarna County")
    GAVLEBORG = "X", _("Gävleborg County")
    VASTERNORRLAND = "Y", _("Västernorrland County")
    JAMTLAND = "Z", _("Jämtland County")
    VASTERBOTTEN = "AC", _("Västerbotten County")
    NORRBOTTEN = "BD", _("Norrbotten County")


class OrganisationType(models.TextChoices):
    # Swedish county councils (landsting) are regions since 2019: there is no such type
    # any more (migration 0017 made the stored ones regions).
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    FEDERATION = "federation", _("Regional association of local authorities")
    LOCAL_GOVERNMENT = "local-government", _("Local government in a partner country")


# The kinds of Swedish member that may apply to the programme.
SWEDISH_ORGANISATION_TYPES = (
    OrganisationType.MUNICIPALITY,
    OrganisationType.REGION,
    OrganisationType.FEDERATION,
)
PARTNER_ORGANISATION_TYPES = (OrganisationType.LOCAL_GOVERNMENT,)


class Phase(models.TextChoices):
    PRE_STUDY = "pre-study", _("Pre-study")
    PROJECT = "project", _("Project")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    FINISHED = "finished", _("Finished")
    # A partner-country local government looking for a Swedish partner.
    SEEKING_PARTNER = "seeking-partner", _("Seeking a partner")


class DataLicence(models.TextChoices):
    """The licences editors may publish the database's data under, by SPDX identifier."""

    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC0 = "CC0-1.0", _("Creative Commons Zero 1.0 (CC0 1.0), public domain")

    @property
    def url(self):
        return {
            "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
            "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
        }[self.value]
