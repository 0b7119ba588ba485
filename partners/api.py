"""A read-only JSON API of partnerships: /<language>/api/v1/partnerships/ with the
database's filters, 20 to a page, `count`, `next` and `previous`."""

from django.core.paginator import EmptyPage, Paginator
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .exports import partnership_records
from .filters import PAGE_SIZE, PartnershipSearch
from .models import Partnership


def _error(status, message, **extra):
    return JsonResponse({"detail": message, **extra}, status=status)


def _url_prefix(request):
    """Where a partnership's page is: the database page's prefix, or nothing without one."""
    from .pages import PartnershipDatabasePage

    page = PartnershipDatabasePage.objects.live().first()
    return page.partnership_url_prefix(request) if page else ""


@require_GET
def partnership_list(request):
    search = PartnershipSearch(request.GET)
    if not search.is_valid:
        return _error(400, _("Invalid parameters."), errors=search.errors)
    paginator = Paginator(search.ordered(), PAGE_SIZE)
    try:
        page = paginator.page(search.page_number)
    except EmptyPage:
        return _error(404, _("No such page."))
    prefix = _url_prefix(request)

    def link(number):
        return request.build_absolute_uri(request.path + search.page_querystring(number))

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": list(partnership_records(page.object_list, prefix)),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def partnership_detail(request, pk):
    found = list(partnership_records(Partnership.objects.filter(pk=pk), _url_prefix(request)))
    if not found:
        return _error(404, _("No such partnership."))
    return JsonResponse(
        found[0],
        json_dumps_params={"ensure_ascii": False},
    )
