"""Response headers that browsers enforce (Content-Security-Policy, Permissions-Policy), and
the HTTP methods the site answers."""

from django.conf import settings
from django.http import HttpResponseNotAllowed

# Methods no page answers: TRACE would echo the request back (cookies and all).
REFUSED_METHODS = frozenset({"TRACE", "TRACK", "CONNECT"})
ANSWERED_METHODS = ["GET", "HEAD", "POST"]


class HttpMethodsMiddleware:
    """HEAD is answered as GET is, without the body, wherever GET is answered (a view that
    takes GET only would otherwise say 405); TRACE, TRACK and CONNECT get 405.

    The request goes on as a GET, so the page cache and the views treat both alike; only
    the body is left out, and Content-Length stays that of the GET answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(ANSWERED_METHODS)
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = request.META["REQUEST_METHOD"] = "GET"
        response = self.get_response(request)
        if response.streaming:
            response.streaming_content = []
        else:
            response.content = b""
        return response


def _policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _policies(directives):
    """The policy as a header value, keyed by whether the site itself may frame the page."""
    return {
        framed: _policy({**directives, "frame-ancestors": "'self'" if framed else "'none'"})
        for framed in (False, True)
    }


class SecurityHeadersMiddleware:
    """Public pages get a strict policy with no inline scripts or styles. Wagtail's admin
    relies on inline scripts and styles, so paths under ADMIN_PATH_PREFIXES get a relaxed one.

    Whether the site may frame a response is not decided here: it follows the response's
    X-Frame-Options, which views declare (Django's `xframe_options_sameorigin`; Wagtail marks
    its preview views so, for the editor's preview panel). SAMEORIGIN gives
    `frame-ancestors 'self'`, anything else `'none'`, so the two headers always agree.

    A preview is a public page that an admin view renders through the whole middleware chain
    a second time (Wagtail's `make_preview_request`). That inner pass chooses the policy for
    the page's content (the public one); only the admin view, afterwards, marks the response
    SAMEORIGIN. So the choice is kept on the response and the header is written again on
    every pass, and the outermost pass, which sees the final X-Frame-Options, has the last word.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = {
            "public": _policies(settings.CONTENT_SECURITY_POLICY),
            "admin": _policies(settings.CONTENT_SECURITY_POLICY_ADMIN),
        }

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(settings.ADMIN_PATH_PREFIXES)
            response.site_policy = "admin" if is_admin else "public"
        kind = getattr(response, "site_policy", None)
        if kind is not None:
            framed = response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"
            response["Content-Security-Policy"] = self.policies[kind][framed]
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
