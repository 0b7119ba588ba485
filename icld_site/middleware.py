"""Response headers that browsers enforce: Content-Security-Policy and Permissions-Policy."""

from django.conf import settings


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
