"""A cache of what a page shows of an organisation's data, emptied whenever that data may change.

Entries live under two generation numbers, the organisation's and a global one, and a change
starts a new generation, so no entry written before a change is read after it, whichever
process wrote it:

- every ORM save of a row starts a new generation for the row's organisation once the change is
  committed (a row without an organisation, e.g. a bank requirement or a user, starts a global
  one) (post_save, connected in organisations.apps; not post_delete, whose receivers would cost
  every model Django's fast delete: deletes are made by requests and tasks);
- every POST, PUT, PATCH or DELETE request starts one for the request's organisation, and a
  global one outside the app's tenant pages (the bank, the admin, Wagtail): bulk updates made
  while answering it fire no signals (TenantCacheMiddleware);
- every Celery task starts a global one when it ends: the daily deadline job writes in bulk
  (tasks.apps); not the frequent ones that write nothing a cached page shows (TASKS_LEFT_OUT).

Entries also expire after TENANT_CACHE_SECONDS, which bounds how long a bulk change or a delete
made outside requests and tasks (a shell, a migration) can go unseen. The cache is used only
where every process shares it (SHARED_CACHE, i.e. Redis): with a per-process memory cache,
another process's change could not start a new generation here.
"""

import time
from collections.abc import Callable, Hashable
from functools import partial
from hashlib import sha256
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import router, transaction
from django.utils.translation import get_language

T = TypeVar("T")
GLOBAL = "all"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Where a write changes only the request's own organisation's data; elsewhere (the shared bank,
# the admin, Wagtail) a write may show in every organisation.
TENANT_PATHS = (
    "/app/organisation/",
    "/app/contracts/",
    "/app/invoices/",
    "/app/fulfilment/",
    "/app/benefits/",
    "/app/notifications/",
)
# Rows whose saves are bookkeeping, not data a page shows.
IGNORED_APPS = frozenset({"sessions", "axes", "admin", "contenttypes", "django_celery_results"})
# Tasks beat runs every few minutes that write nothing a cached page shows: sending due emails
# (the notifications' delivery state, shown in the page header, which is not cached) and
# Wagtail's scheduled publishing (a page it publishes is saved, which starts a generation).
TASKS_LEFT_OUT = frozenset({"tasks.tasks.send_due", "cms.tasks.publish_scheduled"})


# Part of every entry's key: a new deployment (new templates, new static file names) starts new
# processes, which read nothing the old ones rendered.
_STARTED = time.time_ns()


def enabled() -> bool:
    return settings.TENANT_CACHE


def _key(scope) -> str:
    return f"tenant-cache:generation:{scope}"


def _generations(organisation_id: int) -> tuple:
    keys = [_key(GLOBAL), _key(organisation_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A clock reading, not 1: a generation lost from the cache (evicted, or the cache
            # emptied) must not start again at a number whose entries may still be stored.
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return tuple(found[key] for key in keys)


def remembered(*, organisation_id: int, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute()'s value for `key` in the organisation's current generation and the active
    language; computed every time when the cache is not enabled.

    The generations are read before compute() reads the data: a change committed in between
    starts a new generation, so the value stored under the old one is never read.
    """
    if not enabled():
        return compute()
    generations = _generations(organisation_id)
    inputs = repr((_STARTED, generations, organisation_id, get_language(), key))
    cache_key = f"tenant-cache:{sha256(inputs.encode()).hexdigest()[:40]}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, timeout=settings.TENANT_CACHE_SECONDS)
    return value


def forget(scope=GLOBAL) -> None:
    """Start a new generation for an organisation (its pk) or, by default, for all."""
    if not enabled():
        return
    try:
        cache.incr(_key(scope))
    except ValueError:  # no generation stored: a new one reads nothing stored
        cache.add(_key(scope), time.time_ns(), timeout=None)


def forget_after_commit(scope=GLOBAL, *, using: str | None = None) -> None:
    """forget(scope) once the current transaction commits (now outside one); once per scope
    and transaction, however many rows it writes."""
    if not enabled():
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        forget(scope)
        return
    pending = getattr(connection, "run_on_commit", [])
    if any(getattr(entry[1], "tenant_cache_scope", None) == scope for entry in pending):
        return
    callback = partial(forget, scope)
    callback.tenant_cache_scope = scope
    transaction.on_commit(callback, using=using)


def forget_on_change(sender, instance, **signal_arguments) -> None:
    """post_save receiver for every model (organisations.apps)."""
    if not enabled() or sender._meta.app_label in IGNORED_APPS:
        return
    update_fields = signal_arguments.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    organisation_id = getattr(instance, "organisation_id", None)
    forget_after_commit(
        organisation_id if isinstance(organisation_id, int) else GLOBAL,
        using=signal_arguments.get("using") or router.db_for_write(sender),
    )


def forget_after_task(sender=None, **_signal_arguments) -> None:
    """task_postrun receiver (tasks.apps): tasks write in bulk, without signals."""
    if getattr(sender, "name", None) not in TASKS_LEFT_OUT:
        forget()


class TenantCacheMiddleware:
    """After a request that may have written, starts a new generation (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS and enabled():
            organisation = getattr(request, "organisation", None)
            if organisation is not None and request.path_info.startswith(TENANT_PATHS):
                forget(organisation.pk)
            else:
                forget()
        return response
