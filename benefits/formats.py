"""Benefit figures as pages, PDFs, charts and status reasons write them: values with their unit,
percentages and amounts, in the active language with thousands separators (no models, so the
pure rules and charts use them too)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def plain(value: Decimal) -> Decimal:
    """A stored value without the trailing zeros of its four decimal places (9.0000 -> 9), so
    texts built from it (chart, status reason) read naturally."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def quantity(value: Decimal | None, unit: str = "") -> str:
    """An indicator value without trailing zeros in the active language's format, with its unit."""
    if value is None or value == "":
        return ""
    figure = number_format(plain(Decimal(value)), use_l10n=True, force_grouping=True)
    return f"{figure} {unit}".strip()


def percent(value: Decimal | None) -> str:
    if value is None or value == "":
        return ""
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(rounded, 1, use_l10n=True, force_grouping=True)} %"


def amount(value: Decimal | None) -> str:
    """Kroner with thousands separators, without øre when there are none."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, places, use_l10n=True, force_grouping=True)} kr."
