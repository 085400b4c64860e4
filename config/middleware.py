"""Content Security Policy: the strict nonce policy for the app, a relaxed one for the admins."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """Serve Wagtail's and Django's admin with the relaxed policy their scripts need."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            parts.config = settings.CSP_ADMIN_DIRECTIVES
            parts.nonce = None
        return parts
