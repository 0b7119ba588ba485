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


def _choices(field):
    """The values a form field or filter accepts, when they are a fixed list."""
    choices = getattr(field, "extra", {}).get("choices") or getattr(field, "choices", None)
    if choices is None or hasattr(choices, "queryset"):
        return None
    return [str(value) for value, _label in choices if value != ""]


def parameters():
    """The list's query parameters: the database's filters, then sort and page."""
    found = []
    for name, field in PartnershipFilterSet.base_filters.items():
        schema = {"type": "string"}
        if values := _choices(field):
            schema["enum"] = values
        found.append(
            {"name": name, "in": "query", "description": str(field.label), "schema": schema}
        )
    listing = ListingForm.base_fields
    found.append(
        {
            "name": "sort",
            "in": "query",
            "description": str(listing["sort"].label),
            "schema": {"type": "string", "enum": [value for value, _ in SORT_CHOICES]},
        }
    )
    found.append(
        {
            "name": "page",
            "in": "query",
            "description": str(listing["page"].label),
            "schema": {"type": "integer", "minimum": 1},
        }
    )
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
