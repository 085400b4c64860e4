"""Template context: the current organisation, the user's other organisations and roles."""

from django.http import HttpRequest

from .roles import Role


def current_organisation(request: HttpRequest) -> dict:
    roles = getattr(request, "roles", frozenset())
    return {
        "current_organisation": getattr(request, "organisation", None),
        "user_organisations": getattr(request, "user_organisations", []),
        "current_roles": roles,
        "current_roles_display": [role.label for role in Role if role in roles],
    }
