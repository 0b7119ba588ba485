"""A read-only JSON API of partnerships: /<language>/api/v1/partnerships/ with the
database's filters, 20 to a page, `count`, `next` and `previous`."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..models import Partnership, database_page
from .exports import absolute_partnership_url, link_licence, partnership_records
from .facets import PartnershipSearch
from .filters import PAGE_SIZE
from .openapi import api_root, openapi_schema


def with_licence(response):
    page = database_page()
    return link_licence(response, page.licence if page else None)


def error_response(status, message, **extra):
    return JsonResponse({"detail": message, **extra}, status=status)


def list_answer(request, params, path):
    """The list's answer to the query `params` at `path`: (HTTP status, its content)."""
    search = PartnershipSearch(params)
    if not search.is_valid:
        return 400, {"detail": _("Invalid parameters."), "errors": search.errors}
    paginator = Paginator(search.ordered(), PAGE_SIZE)
    try:
        page = paginator.page(search.page_number)
    except EmptyPage:
        return 404, {"detail": _("No such page.")}

    def link(number):
        return request.build_absolute_uri(path + search.page_querystring(number))

    return 200, {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": list(partnership_records(page.object_list, absolute_partnership_url(request))),
    }


@require_GET
def partnership_list(request):
    status, content = list_answer(request, request.GET, request.path)
    response = JsonResponse(content, status=status, json_dumps_params={"ensure_ascii": False})
    return with_licence(response) if status == 200 else response


@require_GET
def openapi(request):
    page = database_page()
    return JsonResponse(
        openapi_schema(api_root(request), page.licence if page else None),
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def partnership_detail(request, pk):
    found = list(
        partnership_records(
            Partnership.objects.public().filter(pk=pk), absolute_partnership_url(request)
        )
    )
    if not found:
        return error_response(404, _("No such partnership."))
    return with_licence(JsonResponse(found[0], json_dumps_params={"ensure_ascii": False}))
