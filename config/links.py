"""Links to many rows of one route, reversed once.

``{% url %}`` costs 40 to 90 µs a call (the namespace lookup, the active language, quoting); a
list of 50 contracts spent more on its detail links than on the rest of its rows. ``pk_url``
reverses a route that takes one ``pk`` once per URL resolver, script prefix and language, with
a marker in place of the key, and builds each link by putting the key where the marker was.
"""

from functools import lru_cache

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARKER = 9_876_543_210
# Keys whose links must come out as reverse() writes them before the marker is trusted: a route
# whose converter pads, checks or encodes the key is reversed for every link instead.
_PROBES = (1, 2_026)


@lru_cache(maxsize=128)
def _around_key(viewname: str, resolver, script_prefix: str, language: str | None):
    """The URL's text before and after the key, or None where splicing the key in would not
    give what reverse() gives."""
    try:
        marked = reverse(viewname, kwargs={"pk": _MARKER})
    except NoReverseMatch:  # e.g. a route that only takes keys of a few digits
        return None
    prefix, found, suffix = marked.partition(str(_MARKER))
    if not found:
        return None
    for probe in _PROBES:
        if f"{prefix}{probe}{suffix}" != reverse(viewname, kwargs={"pk": probe}):
            return None
    return prefix, suffix


def pk_url(viewname: str, pk: int) -> str:
    """reverse(viewname, kwargs={"pk": pk}), without resolving the route again for every row."""
    if type(pk) is not int or pk < 0:  # anything but a plain key: as reverse() takes it
        return reverse(viewname, kwargs={"pk": pk})
    # get_resolver() is cached per URL configuration and renewed by clear_url_caches(), so a
    # changed or overridden configuration is a new key here.
    parts = _around_key(viewname, get_resolver(get_urlconf()), get_script_prefix(), get_language())
    if parts is None:
        return reverse(viewname, kwargs={"pk": pk})
    return f"{parts[0]}{pk}{parts[1]}"
