"""Middleware: the interface language, and the current organisation as tenant scope."""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_scopes import scopes_disabled

from .scoping import tenant
from .selectors import memberships_by_organisation

SESSION_KEY = "current_organisation_id"


class DefaultLanguageMiddleware:
    """Danish unless the person chose otherwise (cookie, then their profile); ignores the browser.

    Municipal staff share machines and browsers set to English, so Accept-Language is not a
    reliable wish; the language switch sets the cookie and the user's profile.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class CurrentOrganisationMiddleware:
    """Sets request.organisation and request.roles, and runs the view inside that tenant's scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_superuser
            and request.path_info.startswith("/django-admin/")
        ):
            # The superuser's admin works across tenants on purpose.
            request.organisation, request.roles, request.user_organisations = None, frozenset(), []
            with scopes_disabled():
                return self.get_response(request)

        roles_by_organisation = memberships_by_organisation(user)
        organisations = list(roles_by_organisation)
        wanted = request.session.get(SESSION_KEY) if user.is_authenticated else None
        organisation = next((o for o in organisations if o.pk == wanted), None)
        if organisation is None and organisations:
            organisation = organisations[0]
        request.user_organisations = organisations
        request.organisation = organisation
        request.roles = roles_by_organisation.get(organisation, frozenset())
        with tenant(organisation):
            return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Sessions end after SESSION_COOKIE_AGE without activity.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would cost a database write
    per page view; touching it at most once a minute keeps the idle timeout within a minute.
    """

    TOUCH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_activity", 0)
            if now - last >= self.TOUCH_SECONDS:
                request.session["last_activity"] = now
        return self.get_response(request)
