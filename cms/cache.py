"""A cache of what published guidance shows in the app, emptied whenever guidance changes.

Entries live under a generation number: publishing, unpublishing, moving or deleting a page or
changing a phase, topic or guidance role starts a new generation (see `cms.apps`), so no entry
written before the change is read after it, whichever process wrote it. Entries also expire
after GUIDANCE_CACHE_SECONDS, which bounds how long a process with its own (local-memory) cache
can show a change another process made.

A cache that fails (Redis down) never fails a page: the guidance is read from the database, and
the failure is logged.
"""

import logging
import uuid
from collections.abc import Callable, Hashable
from hashlib import sha256
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from config import memo

T = TypeVar("T")
logger = logging.getLogger(__name__)
_GENERATION_KEY = "guidance:generation"


def _start_generation() -> None:
    # A new, never used value: a generation lost from the cache (evicted, or the cache emptied)
    # must not start again at one whose entries may still be stored.
    cache.add(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _generation() -> str:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        _start_generation()
        generation = cache.get(_GENERATION_KEY)
    return generation


def remembered(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """compute()'s value for `key` in the current generation, computed once per generation (and
    every time while the cache cannot be reached)."""
    digest = sha256(repr(key).encode()).hexdigest()[:32]
    return memo.stored(
        lambda: f"guidance:{_generation()}:{digest}", compute, settings.GUIDANCE_CACHE_SECONDS
    )


def forget_all(**_signal_arguments) -> None:
    """Start a new generation: every entry cached so far is left to expire unread. If the cache
    cannot be reached, the change that called this goes on (logged): entries expire after
    GUIDANCE_CACHE_SECONDS."""
    try:
        cache.set(_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.warning("The guidance cache could not start a new generation", exc_info=True)


def forget_after_commit(**_signal_arguments) -> None:
    """Start a new generation now (for reads in this transaction) and again once the change is
    committed: another request that reads between the change and the commit sees the old
    guidance and may cache it, under the generation that the commit then leaves behind."""
    forget_all()
    transaction.on_commit(forget_all, robust=True)


def forget_on_change(sender, **signal_arguments) -> None:
    """post_save/post_delete receiver of pages, phases, topics and guidance roles (cms.apps)."""
    forget_after_commit()
