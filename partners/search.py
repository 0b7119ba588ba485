"""Free-text search over partnerships.

Each partnership keeps a denormalised `search_document`: its organisations, titles,
descriptions, thematic areas and country, in both languages. PostgreSQL keeps its lexemes
in `search_vector` (the `swedish_unaccent` configuration: Swedish stemming and accent
folding; GIN-indexed) and matches every word of a query as a prefix. SQLite has no
stemmer, so it searches a casefolded, accent-stripped copy (`search_folded`) for every word
of the query.

Beside it, each partnership keeps `facet_keys`: the values its relations add to the database
page's facets (thematic areas, counties and organisation types, its Swedish organisations),
so that PostgreSQL counts a search's matches in one pass over them without joining the
relations (partners.database.statistics.counts_in_one_pass). Both are rebuilt together.
"""

import re
import unicodedata

from django.apps import apps
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "swedish_unaccent"
# Longer queries are cut here: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200


def clean_query(text):
    """The query as the database may safely see it: no NUL or control characters."""
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs") else char for char in (text or "")
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text):
    """Casefolded and stripped of accents: "Malmö" and "MALMO" both become "malmo"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def document_for(partnership):
    """The text a search looks in, from a partnership with its relations loaded."""
    parts = [partnership.title_sv, partnership.title_en]
    parts += [o.name for o in partnership.swedish_organisations.all()]
    parts += [o.name for o in partnership.partner_organisations.all()]
    country = partnership.country
    parts += [country.code, country.name_sv, country.name_en]
    for area in partnership.thematic_areas.all():
        parts += [area.name_sv, area.name_en]
    parts += [partnership.description_sv, partnership.description_en]
    return "\n".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def search(queryset, text):
    """Partnerships in `queryset` matching every word of `text` (empty text: all)."""
    text = clean_query(text)
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        # Every word as a prefix ("klimat" finds "klimatarbete": Swedish compounds), each
        # stemmed and unaccented by the configuration, all of them required.
        words = re.findall(r"\w+", text)
        if not words:
            return queryset.none()
        query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), config=SEARCH_CONFIG, search_type="raw"
        )
        return queryset.filter(search_vector=query)
    words = fold(text).replace('"', " ").split()
    condition = Q()
    for word in words:
        condition &= Q(search_folded__contains=word)
    return queryset.filter(condition)


# What facet_keys' prefixes stand for, as PartnershipSearch._counts names the counts.
FACET_KEYS = {
    "a": "thematic_areas__slug",
    "k": "swedish_organisations__county",
    "t": "swedish_organisations__organisation_type",
    "p": "partner_organisations__organisation_type",
}
# The prefix of the Swedish organisations, counted as their number.
SWEDISH_ORGANISATION_KEY = "o"
# The columns that fill_document() sets.
DOCUMENT_COLUMNS = ["search_document", "search_folded", "facet_keys"]


def area_key(slug):
    """The facet key of the thematic area `slug`."""
    return f"a:{slug}"


def facet_keys_for(partnership):
    """The facet values of a partnership's relations, each once, as "prefix:value" words
    (FACET_KEYS). Only a Swedish member has a county (Organisation's constraint)."""
    keys = {area_key(area.slug) for area in partnership.thematic_areas.all()}
    for organisation in partnership.swedish_organisations.all():
        keys.add(f"t:{organisation.organisation_type}")
        if organisation.county:
            keys |= {f"k:{organisation.county}", f"{SWEDISH_ORGANISATION_KEY}:{organisation.pk}"}
    keys |= {f"p:{o.organisation_type}" for o in partnership.partner_organisations.all()}
    return " ".join(sorted(keys))


def fill_document(partnership):
    """Set the search text and facet keys of a partnership (relations loaded) in memory,
    for save()."""
    document = document_for(partnership)
    partnership.search_document = document
    partnership.search_folded = fold(document)
    partnership.facet_keys = facet_keys_for(partnership)


def update_vectors(pks):
    """PostgreSQL: recompute the stored lexemes of the saved search text of `pks`."""
    if connection.vendor == "postgresql":
        # Through the app registry: the models are built on this module.
        Partnership = apps.get_model("partners", "Partnership")
        Partnership.objects.filter(pk__in=pks).update(
            search_vector=SearchVector("search_document", config=SEARCH_CONFIG)
        )


def rebuild(partnerships):
    """Recompute the search documents and facet keys of `partnerships` (a queryset), in
    chunks."""
    updated = []
    count = 0

    def save(chunk):
        partnerships.model.objects.bulk_update(chunk, DOCUMENT_COLUMNS)
        update_vectors([p.pk for p in chunk])
        return len(chunk)

    for partnership in (
        partnerships.select_related("country")
        .prefetch_related("swedish_organisations", "partner_organisations", "thematic_areas")
        .iterator(chunk_size=500)
    ):
        fill_document(partnership)
        updated.append(partnership)
        if len(updated) >= 500:
            count += save(updated)
            updated = []
    if updated:
        count += save(updated)
    return count
