"""Formatting of benefit figures for pages and PDFs: values, percentages, amounts, status badges."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from benefits.models import plain

register = template.Library()

# Status -> badge class of app.css; the badge always carries the status text too.
STATUS_CLASSES = {
    "on_track": "ok",
    "realised": "ok",
    "at_risk": "warn",
    "off_track": "bad",
    "not_realised": "bad",
}


@register.filter
def quantity(value: Decimal | None, unit: str = "") -> str:
    """An indicator value without trailing zeros in the active language's format, with its unit."""
    if value is None or value == "":
        return ""
    figure = number_format(plain(Decimal(value)), use_l10n=True, force_grouping=True)
    return f"{figure} {unit}".strip()


@register.filter
def percent(value: Decimal | None) -> str:
    if value is None or value == "":
        return ""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(rounded, 1, use_l10n=True, force_grouping=True)} %"


@register.filter
def amount(value: Decimal | None) -> str:
    """Kroner with thousands separators, without øre when there are none."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, places, use_l10n=True, force_grouping=True)} kr."


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(str(status), "")
