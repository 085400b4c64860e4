"""Dates in the active language's short format, for code that writes many of them.

Django's ``date_format`` builds a formatter per call (30 to 90 µs); a list of 50 contracts or an
import that finds thousands of deviations spends more on its dates than on the rest. Here the
language's SHORT_DATE_FORMAT is turned into a str.format pattern once; a format with a letter
this does not know is left to Django.
"""

from datetime import date
from functools import cache

from django.utils.formats import date_format, get_format
from django.utils.functional import lazy
from django.utils.translation import pgettext

# Django's numeric format letters, as fields of str.format(date, date.year % 100). (strftime's
# %Y does not pad years before 1000 on every platform; Django's Y does.)
FIELDS = {"d": "{0.day:02d}", "m": "{0.month:02d}", "Y": "{0.year:04d}", "y": "{1:02d}"}


@cache
def format_pattern(django_format: str) -> str | None:
    """The str.format pattern that writes what Django's date format writes, or None."""
    parts = []
    for char in django_format:
        if char in FIELDS:
            parts.append(FIELDS[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append(char.replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


def short_date(value: date) -> str:
    """`value` as date_format(value, "SHORT_DATE_FORMAT") writes it in the active language."""
    django_format = get_format("SHORT_DATE_FORMAT")
    pattern = format_pattern(django_format)
    if pattern is None:
        return date_format(value, django_format)
    return pattern.format(value, value.year % 100)


# For messages built before the language is known (format_lazy): the date in the language the
# message is rendered in.
lazy_short_date = lazy(short_date, str)


def month_and_year(value: date) -> str:
    """A month as a time axis labels it: "okt 2026" in Danish, "Oct 2026" in English."""
    # A date format is a translation.
    return date_format(value, pgettext("timeline tick: month and year, a date format", "M Y"))
