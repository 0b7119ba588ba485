import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path
from django.views import defaults
from django.views.decorators.cache import never_cache

from .cache import has_stale_pages, page_cache
from .mail import oldest_unsent_age

# What a request meets when the database is down, unreachable or cancels a slow statement.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_UNAVAILABLE:
        return "unavailable"
    return "ok"


def cache_status():
    is_available = getattr(page_cache(), "is_available", None)
    return "ok" if is_available is None or is_available() else "unavailable"


def mail_status():
    """The mail queue: "delayed" when a message has waited longer than MAIL_QUEUE_MAX_AGE,
    "unavailable" when the database cannot say."""
    try:
        age = oldest_unsent_age()
    except DATABASE_UNAVAILABLE:
        return {"status": "unavailable"}
    delayed = age is not None and age > settings.MAIL_QUEUE_MAX_AGE
    return {"status": "delayed" if delayed else "ok", "oldest_unsent_seconds": age}


@never_cache
def health(request):
    """For load balancers and monitoring: 503 only when the site cannot serve (the database
    is down and no page is cached to serve instead); 200 otherwise, "degraded" when one of
    the two is unavailable. With ?deep=1 it also reports the mail queue, "degraded" when a
    message has waited too long."""
    report = {"database": database_status(), "cache": cache_status()}
    if report["database"] == "ok" and request.GET.get("deep") == "1":
        report["mail"] = mail_status()
    if report["database"] == "ok":
        healthy = report["cache"] == "ok" and report.get("mail", {}).get("status", "ok") == "ok"
        report["status"] = "ok" if healthy else "degraded"
    elif report["cache"] == "ok" and has_stale_pages():
        report["status"] = "degraded"
    else:
        report["status"] = "error"
    return JsonResponse(report, status=503 if report["status"] == "error" else 200)


def service_unavailable(request):
    """The 503 page, in the language of the URL (both languages elsewhere). It makes no
    query and needs no request context: it is shown when the database cannot answer."""
    language = get_language_from_path(request.path)
    languages = [language] if language else [code for code, _name in settings.LANGUAGES]
    html = loader.render_to_string(
        "503.html", {"languages": languages, "email": settings.PROGRAMME_EMAIL}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    patch_cache_control(response, no_store=True)
    # The page cache serves a stale copy instead, where it has one.
    response.database_unavailable = True
    return response


def server_error(request):
    """handler500: a database that cannot answer is "try again shortly", not an error."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    return defaults.server_error(request)
