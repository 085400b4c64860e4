"""Permission checks by role in the current organisation, for views."""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest


def has_role(request: HttpRequest, roles: Iterable[str]) -> bool:
    return bool(set(getattr(request, "roles", ())) & set(roles))


def member_required(view: Callable) -> Callable:
    """Signed in and member of some organisation; otherwise there is no tenant to show."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if getattr(request, "organisation", None) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def roles_required(roles: Iterable[str]) -> Callable[[Callable], Callable]:
    """Only members holding one of `roles` in the current organisation may use the view."""
    roles = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @member_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not has_role(request, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def superuser_required(view: Callable) -> Callable:
    """For the superuser's pages; everyone else is told the page does not exist."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_superuser:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
