"""Results cached under a digest of everything they are computed from.

For pure, costly renderings (an SVG chart from a contract's figures): the key changes whenever an
input does, so nothing needs invalidating and a stale result cannot be read.
"""

from collections.abc import Callable
from hashlib import sha256
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

T = TypeVar("T")
TIMEOUT = 24 * 3600


def by_inputs(namespace: str, inputs: tuple, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """compute()'s value for these inputs in the active language (its texts are translated).

    `inputs` must hold every value compute() reads, with a repr() that shows the value (dates,
    decimals, strings, numbers and tuples of them do).
    """
    digest = sha256(repr((get_language(), inputs)).encode()).hexdigest()
    key = f"{namespace}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
