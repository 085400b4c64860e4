"""Filters for long lists of contracts and deadlines (the contract list, the dashboard).

Django's ``date`` filter and ``{% url %}`` cost 30 to 90 µs a call; a list of 50 contracts
spent more on its two dates and its link per row than on the rest of the page's rows.

- ``short_date``: the active language's SHORT_DATE_FORMAT, turned into a str.format pattern once;
  a format with a letter it does not know is left to Django's filter.
- ``contract_url``: a contract's page, reversed once per page (config.links.pk_url).
"""

from datetime import date
from functools import cache

from django import template
from django.utils.formats import date_format, get_format

from config.links import pk_url

register = template.Library()

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


@register.filter(expects_localtime=True)
def short_date(value: date | None) -> str:
    if not isinstance(value, date):  # as Django's filter: nothing for what is not a date
        return ""
    django_format = get_format("SHORT_DATE_FORMAT")
    pattern = format_pattern(django_format)
    if pattern is None:
        return date_format(value, django_format)
    return pattern.format(value, value.year % 100)


@register.filter
def contract_url(pk: int) -> str:
    return pk_url("contracts:contract-detail", pk)
