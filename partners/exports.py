"""A search's partnerships as CSV and JSON, streamed in chunks, and the record the API
shares with the JSON export. Field names are stable: scripts depend on them.

Only published contacts are ever written out.
"""

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

CHUNK_SIZE = 500


def partnership_record(partnership, url_prefix):
    """One partnership with both languages' texts and ISO country codes."""
    country = partnership.country
    return {
        "id": partnership.pk,
        "slug": partnership.slug,
        "url": f"{url_prefix}{partnership.slug}/",
        "title": {"sv": partnership.title_sv or "", "en": partnership.title_en or ""},
        "description": {
            "sv": partnership.description_sv or "",
            "en": partnership.description_en or "",
        },
        "country": {
            "code": country.code,
            "name": {"sv": country.name_sv or "", "en": country.name_en or ""},
            "region": country.region,
        },
        "swedish_organisations": [
            {
                "slug": o.slug,
                "name": o.name,
                "type": o.organisation_type,
                "county": o.county,
            }
            for o in partnership.swedish_organisations.all()
        ],
        "partner_organisations": [
            {
                "slug": o.slug,
                "name": o.name,
                "type": o.organisation_type,
                "country": o.country.code if o.country else None,
            }
            for o in partnership.partner_organisations.all()
        ],
        "thematic_areas": [
            {"slug": a.slug, "name": {"sv": a.name_sv or "", "en": a.name_en or ""}}
            for a in partnership.thematic_areas.all()
        ],
        "phase": partnership.phase,
        "status": partnership.status,
        "start_year": partnership.start_year,
        "end_year": partnership.end_year,
        "contacts": [
            {
                "name": c.name,
                "role": {"sv": c.role_sv or "", "en": c.role_en or ""},
                "organisation": c.organisation.name,
                "email": c.email,
                "phone": c.phone,
                "last_verified": c.last_verified.isoformat() if c.last_verified else None,
            }
            for c in partnership.public_contacts
        ],
        "updated_at": partnership.updated_at.isoformat() if partnership.updated_at else None,
    }


CSV_COLUMNS = [
    "id",
    "slug",
    "url",
    "title_sv",
    "title_en",
    "swedish_organisations",
    "partner_organisations",
    "country_code",
    "country_name_sv",
    "country_name_en",
    "region",
    "thematic_areas",
    "thematic_area_names_sv",
    "thematic_area_names_en",
    "phase",
    "status",
    "start_year",
    "end_year",
    "contacts",
    "description_sv",
    "description_en",
]


def csv_row(record):
    def names(items, key="name"):
        return "; ".join(item[key] for item in items)

    return [
        record["id"],
        record["slug"],
        record["url"],
        record["title"]["sv"],
        record["title"]["en"],
        names(record["swedish_organisations"]),
        names(record["partner_organisations"]),
        record["country"]["code"],
        record["country"]["name"]["sv"],
        record["country"]["name"]["en"],
        record["country"]["region"],
        names(record["thematic_areas"], "slug"),
        "; ".join(a["name"]["sv"] for a in record["thematic_areas"]),
        "; ".join(a["name"]["en"] for a in record["thematic_areas"]),
        record["phase"],
        record["status"],
        record["start_year"],
        record["end_year"] or "",
        "; ".join(
            " ".join(part for part in (c["name"], f"<{c['email']}>" if c["email"] else "") if part)
            for c in record["contacts"]
        ),
        record["description"]["sv"],
        record["description"]["en"],
    ]


def records(search, url_prefix):
    for partnership in search.results().iterator(chunk_size=CHUNK_SIZE):
        yield partnership_record(partnership, url_prefix)


class _Echo:
    def write(self, value):
        return value


def _filename(extension):
    return f"partnerships-{timezone.localdate().isoformat()}.{extension}"


def csv_response(search, url_prefix):
    writer = csv.writer(_Echo())

    def rows():
        # The byte-order mark makes Excel read the file as UTF-8 (å, ä, ö intact).
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for record in records(search, url_prefix):
            yield writer.writerow(csv_row(record))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def json_response(search, url_prefix):
    def chunks():
        yield f'{{"count": {search.results().count()}, "results": ['
        for index, record in enumerate(records(search, url_prefix)):
            yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response
