"""Response headers that browsers enforce: Content-Security-Policy and Permissions-Policy."""

from django.conf import settings


def _policy(directives):
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    """Public pages get a strict policy with no inline scripts or styles. Wagtail's admin
    relies on inline scripts and styles, so paths under ADMIN_PATH_PREFIXES get a relaxed one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _policy(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = _policy(settings.CONTENT_SECURITY_POLICY_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(settings.ADMIN_PATH_PREFIXES)
            response["Content-Security-Policy"] = (
                self.admin_policy if is_admin else self.public_policy
            )
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
