"""Filters for long lists of contracts and deadlines (the contract list, the dashboard).

Django's ``date`` filter and ``{% url %}`` cost 30 to 90 µs a call; a list of 50 contracts
spent more on its two dates and its link per row than on the rest of the page's rows.

- ``short_date``: the active language's SHORT_DATE_FORMAT (config.formats.short_date).
- ``contract_url``: a contract's page, reversed once per page (config.links.pk_url).
"""

from datetime import date

from django import template

from config import formats
from config.links import pk_url

register = template.Library()


@register.filter(expects_localtime=True)
def short_date(value: date | None) -> str:
    if not isinstance(value, date):  # as Django's filter: nothing for what is not a date
        return ""
    return formats.short_date(value)


@register.filter
def contract_url(pk: int) -> str:
    return pk_url("contracts:contract-detail", pk)
