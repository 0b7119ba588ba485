"""The partnership database's data: geography, organisations, thematic areas, contacts and
partnerships, each with its queryset. Import them from here."""

from .addresses import database_page, database_url, route_url, serving
from .choices import (
    FIRST_YEAR,
    LAST_YEAR,
    PARTNER_ORGANISATION_TYPES,
    SWEDISH_ORGANISATION_TYPES,
    County,
    DataLicence,
    OrganisationType,
    Phase,
    Region,
    Status,
)
from .contacts import ContactPerson, ContactPersonQuerySet, VerificationAge
from .geography import Country, CountryQuerySet, validate_country_code
from .messages import ContactMessageLog, ContactMessageLogQuerySet
from .organisations import Organisation, OrganisationQuerySet
from .partnerships import Partnership, PartnershipQuerySet, listing_cards
from .requests import PartnerRequest, PartnerRequestQuerySet
from .slugs import unique_slug, unique_slugs
from .thematic_areas import ThematicArea

__all__ = [
    "DataLicence",
    "FIRST_YEAR",
    "LAST_YEAR",
    "PARTNER_ORGANISATION_TYPES",
    "SWEDISH_ORGANISATION_TYPES",
    "ContactMessageLog",
    "ContactMessageLogQuerySet",
    "ContactPerson",
    "ContactPersonQuerySet",
    "VerificationAge",
    "Country",
    "CountryQuerySet",
    "County",
    "Organisation",
    "OrganisationQuerySet",
    "OrganisationType",
    "Partnership",
    "PartnershipQuerySet",
    "PartnerRequest",
    "PartnerRequestQuerySet",
    "Phase",
    "Region",
    "Status",
    "ThematicArea",
    "database_page",
    "database_url",
    "listing_cards",
    "route_url",
    "serving",
    "unique_slug",
    "unique_slugs",
    "validate_country_code",
]
