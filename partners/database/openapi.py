"""The OpenAPI 3.1 description of the JSON API, built from the declarations the API is
made of: the FilterSet's parameters, the listing's sort and page, and RECORD_FIELDS. It is
served at /<language>/api/v1/openapi.json, its descriptions in that language."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .filters import SORT_CHOICES, ListingForm, PartnershipFilterSet
from .record import RECORD_FIELDS

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1"


def api_root(request):
    """The API's absolute address in the request's language, which its paths follow."""
    return request.build_absolute_uri(reverse("api_partnership_list")).removesuffix(
        "/partnerships/"
    )


def _object():
    return {"type": "object", "properties": {}, "required": [], "additionalProperties": False}


def _field_schema(field):
    schema = {"type": [field.type, "null"] if field.nullable else field.type}
    schema["description"] = str(field.description)
    if field.choices:
        schema["enum"] = [value for value, _label in field.choices]
        if field.nullable:
            schema["enum"].append(None)
    elif field.allowed:
        schema["description"] += f" ({field.allowed})"
    if field.format:
        schema["format"] = field.format
    if field.type == "object":
        schema |= _object()
    if field.type == "array":
        schema["items"] = {"type": field.item_type} if field.item_type else _object()
    return schema


def record_schema():
    """The schema of one partnership's record, nested as RECORD_FIELDS' paths say."""
    root = _object()
    schemas = {"": root}
    for field in RECORD_FIELDS:
        schema = _field_schema(field)
        schemas[field.path] = schema
        if "items" in schema and not field.item_type:
            schemas[f"{field.path}[]"] = schema["items"]
        parent, _dot, name = field.path.rpartition(".")
        schemas[parent]["properties"][name] = schema
        schemas[parent]["required"].append(name)
    return root


# The request the API page shows, with its real answer: the active partnerships in Kenya.
EXAMPLE_QUERY = {"country": "KE", "status": "active"}
# A value of each parameter that takes any text or number, for the documented examples.
EXAMPLE_VALUES = {"q": "vatten", "page": 1}


def _values(filter_):
    """The values a filter accepts: its choices, or the codes of the objects it names (a
    country's code, an area's slug), read from the database as the filter does."""
    extra = filter_.extra
    if "queryset" in extra:
        field = extra["to_field_name"]
        return [
            str(value) for value in extra["queryset"].order_by(field).values_list(field, flat=True)
        ]
    return [str(value) for value, _label in extra.get("choices", ()) if value != ""]


def _parameter(name, description, schema):
    values = schema.get("enum")
    example = EXAMPLE_QUERY.get(name) or EXAMPLE_VALUES.get(name) or (values[0] if values else None)
    return {
        "name": name,
        "in": "query",
        "description": str(description),
        "schema": schema,
        **({"example": example} if example is not None else {}),
    }


def parameters():
    """The list's query parameters: the database's filters, then sort and page."""
    found = []
    for name, filter_ in PartnershipFilterSet.base_filters.items():
        schema = {"type": "string"}
        if values := _values(filter_):
            schema["enum"] = values
        found.append(_parameter(name, filter_.label, schema))
    listing = ListingForm.base_fields
    sort_values = [value for value, _ in SORT_CHOICES]
    found.append(_parameter("sort", listing["sort"].label, {"type": "string", "enum": sort_values}))
    found.append(_parameter("page", listing["page"].label, {"type": "integer", "minimum": 1}))
    return found


def _json(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def openapi_schema(server_url, licence):
    page_link = {"type": ["string", "null"], "format": "uri"}
    error = _ref("Error")
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": _("Partnership database API"),
            "version": API_VERSION,
            "description": _(
                "Read-only partnerships of the Municipal Partnership programme, with the "
                "database page's filters. Every text is given in Swedish and English."
            ),
            **({"license": {"name": licence.value, "url": licence.url}} if licence else {}),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/partnerships/": {
                "get": {
                    "operationId": "listPartnerships",
                    "summary": _("Partnerships matching the filters, 20 to a page"),
                    "parameters": parameters(),
                    "responses": {
                        "200": _json(
                            _("A page of partnerships"),
                            {
                                "type": "object",
                                "properties": {
                                    "count": {"type": "integer", "minimum": 0},
                                    "next": page_link,
                                    "previous": page_link,
                                    "results": {"type": "array", "items": _ref("Partnership")},
                                },
                                "required": ["count", "next", "previous", "results"],
                                "additionalProperties": False,
                            },
                        ),
                        "400": _json(_("A parameter has an unknown value"), error),
                        "404": _json(_("No such page"), error),
                    },
                }
            },
            "/partnerships/{id}/": {
                "get": {
                    "operationId": "getPartnership",
                    "summary": _("One partnership"),
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": _("The partnership's number, which never changes."),
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {
                        "200": _json(_("The partnership"), _ref("Partnership")),
                        "404": _json(_("No such partnership"), error),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Partnership": record_schema(),
                "Error": {
                    "type": "object",
                    "properties": {
                        "detail": {"type": "string"},
                        "errors": {
                            "type": "object",
                            "additionalProperties": {"type": "array"},
                        },
                    },
                    "required": ["detail"],
                },
            }
        },
    }
