"""A cache of what a page shows of an organisation's data, emptied whenever that data may change.

Entries live under two generations, the organisation's and a global one, and a change starts a
new generation, so no entry written before a change is read after it, whichever process wrote
it:

- every ORM save of a row of the apps whose data the cached pages show (DATA_APPS), and every
  change to such a row's many-to-many relations, starts a new generation for the row's
  organisation once the change is committed (a row without an organisation, e.g. a bank
  requirement or a user, starts a global one) (post_save and m2m_changed, connected in
  organisations.apps; not post_delete, whose receivers would cost every model Django's fast
  delete: deletes are made by requests and tasks);
- every signed-in POST, PUT, PATCH or DELETE request that is not refused (4xx) starts one for
  the request's organisation on the pages of its own data (TENANT_PATHS), and a global one
  elsewhere (the bank, the admin, Wagtail): bulk updates made while answering fire no signals
  (TenantCacheMiddleware);
- every Celery task starts a global one when it ends: the daily deadline job writes in bulk
  (tasks.apps); not the frequent ones that write nothing a cached page shows (TASKS_LEFT_OUT).

Entries also expire after TENANT_CACHE_SECONDS, which bounds how long a bulk change or a delete
made outside requests and tasks (a shell, a migration) can go unseen, and how long a change made
while the cache could not be reached can. Entries are read only where every process shares the
cache (TENANT_CACHE, by default on with Redis or Memcached): with a per-process memory cache,
another process's change could not start a new generation here. Generations are started
whenever the cache is shared, so a process that reads entries is never left behind by one that
does not.

A cache that fails (Redis down) never fails a page: the page is computed, and the failure is
logged.
"""

import logging
import os
import uuid
from collections.abc import Callable, Hashable
from functools import cache as once
from functools import partial
from hashlib import sha256
from pathlib import Path
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import router, transaction
from django.utils.translation import get_language

from config import memo

T = TypeVar("T")
logger = logging.getLogger(__name__)

GLOBAL = "all"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Where a write changes only the request's own organisation's data; elsewhere (the shared bank,
# the admin, Wagtail, the API) a write may show in every organisation.
TENANT_PATHS = (
    "/app/organisation/",
    "/app/contracts/",
    "/app/invoices/",
    "/app/requirements/specifications/",
    "/app/fulfilment/",
    "/app/benefits/",
    "/app/guidance/checklists/",
    "/app/notifications/",
)
# Writes that change nothing a cached page shows: signing in and out (the session, the last
# sign-in), choosing a language (part of every entry's key).
PATHS_LEFT_OUT = ("/accounts/", "/app/organisation/language/")
# The apps (labels) whose rows the cached pages show. Saves elsewhere (sessions, Wagtail's
# pages and revisions, Celery's schedule, notifications) start nothing.
DATA_APPS = frozenset(
    {"organisations", "contracts", "invoicing", "requirements", "fulfilment", "benefits"}
)
# Saves of a user that are bookkeeping: signing in, choosing a language.
USER_BOOKKEEPING = frozenset({"last_login", "language"})
# Tasks beat runs every few minutes that write nothing a cached page shows: sending due emails
# (the notifications' delivery state, shown in the page header, which is not cached) and
# Wagtail's scheduled publishing.
TASKS_LEFT_OUT = frozenset({"tasks.tasks.send_due", "cms.tasks.publish_scheduled"})
M2M_CHANGES = frozenset({"post_add", "post_remove", "post_clear"})


def enabled() -> bool:
    """Whether pages read entries."""
    return settings.TENANT_CACHE


def _shared() -> bool:
    """Whether changes start generations: whenever another process may read the cache."""
    return settings.TENANT_CACHE or settings.SHARED_CACHE


def release() -> str:
    """What the code that renders entries is: RELEASE if set, else a digest of the project's
    code, templates, translations and static manifest. A deployment changes it, so new
    processes never read what the old code rendered, while all processes of one deployment
    share their entries."""
    return settings.RELEASE or _files_digest()


@once
def _files_digest() -> str:
    base = Path(settings.BASE_DIR)
    roots = {base / "templates", base / "config"}
    roots.update(Path(config.path) for config in apps.get_app_configs())
    # The project's own apps: not the installed libraries, even in a virtualenv inside it.
    roots = {
        root
        for root in roots
        if root.is_relative_to(base)
        and root != base
        and not root.relative_to(base).parts[0].startswith(".")
        and "site-packages" not in root.parts
    }
    digest = sha256()
    for root in sorted(roots):
        for directory, subdirectories, files in os.walk(root):
            subdirectories[:] = sorted(name for name in subdirectories if name != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".html", ".txt", ".mo", ".svg")):
                    path = Path(directory, name)
                    status = path.stat()
                    digest.update(f"{path}:{status.st_size}:{status.st_mtime_ns}\n".encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _key(scope) -> str:
    return f"tenant-cache:generation:{scope}"


def _generations(organisation_id: int) -> tuple:
    keys = [_key(GLOBAL), _key(organisation_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A new, never used value: a generation lost from the cache (evicted, or the cache
            # emptied) must not start again at one whose entries may still be stored.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return tuple(found[key] for key in keys)


def remembered(*, organisation_id: int, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute()'s value for `key` in the organisation's current generation and the active
    language; computed every time when the cache is not enabled or cannot be reached.

    The generations are read before compute() reads the data: a change committed in between
    starts a new generation, so the value stored under the old one is never read.
    """
    if not enabled():
        return compute()

    def cache_key() -> str:
        generations = _generations(organisation_id)
        inputs = repr((release(), generations, organisation_id, get_language(), key))
        return f"tenant-cache:{sha256(inputs.encode()).hexdigest()[:40]}"

    return memo.stored(cache_key, compute, settings.TENANT_CACHE_SECONDS)


def forget(scope=GLOBAL) -> None:
    """Start a new generation for an organisation (its pk) or, by default, for all.

    If the cache cannot be reached, the change is logged and pages may show the old data until
    their entries expire (TENANT_CACHE_SECONDS); the write that called this goes on.
    """
    if not _shared():
        return
    try:
        cache.set(_key(scope), uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("The tenant cache could not start a new generation", exc_info=True)


def forget_after_commit(scope=GLOBAL, *, using: str | None = None) -> None:
    """forget(scope) once the current transaction commits (now outside one); once per scope
    and transaction, however many rows it writes."""
    if not _shared():
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
    transaction.on_commit(callback, using=using, robust=True)


def _scope(instance):
    organisation_id = getattr(instance, "organisation_id", None)
    return organisation_id if isinstance(organisation_id, int) else GLOBAL


def forget_on_change(sender, instance, **signal_arguments) -> None:
    """post_save receiver for every model (organisations.apps)."""
    if not _shared() or sender._meta.app_label not in DATA_APPS:
        return
    update_fields = signal_arguments.get("update_fields")
    if update_fields is not None and set(update_fields) <= USER_BOOKKEEPING:
        return
    forget_after_commit(
        _scope(instance), using=signal_arguments.get("using") or router.db_for_write(sender)
    )


def forget_on_relation_change(sender, instance, action, **signal_arguments) -> None:
    """m2m_changed receiver for every relation (organisations.apps): a contract's IT systems,
    a requirement's tags, ..."""
    if not _shared() or action not in M2M_CHANGES:
        return
    if type(instance)._meta.app_label not in DATA_APPS:
        return
    forget_after_commit(
        _scope(instance), using=signal_arguments.get("using") or router.db_for_write(sender)
    )


def forget_after_task(sender=None, **_signal_arguments) -> None:
    """task_postrun receiver (tasks.apps): tasks write in bulk, without signals."""
    if getattr(sender, "name", None) not in TASKS_LEFT_OUT:
        forget()


def _may_have_written(request, response) -> bool:
    if request.method not in UNSAFE_METHODS or request.path_info.startswith(PATHS_LEFT_OUT):
        return False
    user = getattr(request, "user", None)
    # Refused (forbidden, not found, not allowed, ...) or anonymous: nothing was written.
    return bool(user and user.is_authenticated) and not 400 <= response.status_code < 500


class TenantCacheMiddleware:
    """After a request that may have written, starts a new generation (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _shared() and _may_have_written(request, response):
            organisation = getattr(request, "organisation", None)
            if organisation is not None and request.path_info.startswith(TENANT_PATHS):
                forget(organisation.pk)
            else:
                forget()
        return response
