"""Results kept in the cache, and a cache that fails never failing the page that reads it.

by_inputs: for pure, costly renderings (an SVG chart from a contract's figures), cached under a
digest of everything they are computed from: the key changes whenever an input does, so nothing
needs invalidating and a stale result cannot be read.
"""

import logging
from collections.abc import Callable
from hashlib import sha256
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

T = TypeVar("T")
TIMEOUT = 24 * 3600
logger = logging.getLogger(__name__)
_MISSING = object()


def stored(key: Callable[[], str], compute: Callable[[], T], timeout: int) -> T:
    """compute()'s value kept under key() for `timeout` seconds; computed every time while the
    cache cannot be reached (Redis down), which is logged. key() may read the cache too."""
    try:
        cache_key = key()
        value = cache.get(cache_key, _MISSING)
    except Exception:
        logger.warning("The cache could not be read; the value is computed", exc_info=True)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(cache_key, value, timeout)
        except Exception:
            logger.warning("The cache could not be written", exc_info=True)
    return value


def by_inputs(namespace: str, inputs: tuple, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """compute()'s value for these inputs in the active language (its texts are translated).

    `inputs` must hold every value compute() reads, with a repr() that shows the value (dates,
    decimals, strings, numbers and tuples of them do).
    """
    digest = sha256(repr((get_language(), inputs)).encode()).hexdigest()
    return stored(lambda: f"{namespace}:{digest}", compute, timeout)
