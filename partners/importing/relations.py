"""The partnership's many-to-many relations as the importer reads and writes them: straight
from their through tables, BATCH_SIZE partnerships at a time."""

from partners.models import Partnership

# Rows written per round of bulk queries.
BATCH_SIZE = 500
# The many-to-many relations a row sets, and those a revision also records.
RELATIONS = ("swedish_organisations", "partner_organisations", "thematic_areas")
ALL_RELATIONS = (*RELATIONS, "contacts", "wanted_countries")


def chunked(items, size=BATCH_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def through(name):
    """The through model of the partnership's relation `name`."""
    return Partnership._meta.get_field(name).remote_field.through


def through_columns(name):
    """The through table's columns for the partnership and for the related object."""
    relation = Partnership._meta.get_field(name)
    return tuple(
        through(name)._meta.get_field(field_name).attname
        for field_name in (relation.m2m_field_name(), relation.m2m_reverse_field_name())
    )
