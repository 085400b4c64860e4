"""Tenant scoping: which organisation's rows a block of code may see (django-scopes underneath)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django_scopes import scope, scopes_disabled

from .models import Organisation

__all__ = ["tenant", "scopes_disabled"]


@contextmanager
def tenant(organisation: Organisation | None) -> Iterator[None]:
    """Let scoped managers see only `organisation`'s rows; with None they see nothing.

    django-scopes treats a scope value of None as "no filter", so an absent organisation is
    passed as an empty list, which filters to no rows at all.
    """
    with scope(organisation=organisation if organisation is not None else []):
        yield
