"""Amounts typed in forms (config.forms.LocalizedDecimalField), as each language writes them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from config.forms import LocalizedDecimalField


@pytest.mark.parametrize(
    ("language", "places", "typed", "read"),
    [
        ("da", 2, "1.234.567,89", Decimal("1234567.89")),
        ("da", 2, "1 234 567,89", Decimal("1234567.89")),
        ("da", 2, "250.000", Decimal("250000")),  # a thousands dot
        ("da", 2, "7,5", Decimal("7.5")),
        ("da", 2, "7.5", Decimal("7.5")),  # a point from an English keyboard
        ("da", 4, "0.500", Decimal("0.5")),  # no number is written 0.500 for five hundred
        ("da", 4, "1.234.567", Decimal("1234567")),  # two groups: thousands
        # As the pages show 850000 (a benefit's value takes four decimals): thousands.
        ("da", 4, "850.000", Decimal("850000")),
        ("da", 4, "2.375", Decimal("2375")),
        ("en", 2, "1,234,567.89", Decimal("1234567.89")),
        ("en", 4, "2.375", Decimal("2.375")),
    ],
)
def test_amounts_are_read_as_the_language_writes_them(language, places, typed, read):
    field = LocalizedDecimalField(max_digits=18, decimal_places=places, localize=True)

    with translation.override(language):
        assert field.clean(typed) == read


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12 34", "Indtast et tal."),  # spaces only between groups of thousands
    ],
)
def test_an_amount_that_is_not_a_number_is_refused(typed, message):
    field = LocalizedDecimalField(max_digits=18, decimal_places=4, localize=True)

    with translation.override("da"), pytest.raises(ValidationError) as error:
        field.clean(typed)

    assert error.value.messages == [message]


@pytest.mark.parametrize(
    ("language", "typed"),
    [("da", "1e5"), ("da", "2,5E3"), ("da", "1E-2"), ("en", "1e5"), ("en", "2.5E3")],
)
def test_an_amount_with_an_exponent_is_refused(language, typed):
    field = LocalizedDecimalField(max_digits=18, decimal_places=4, localize=True)

    with translation.override(language), pytest.raises(ValidationError) as error:
        field.clean(typed)

    assert error.value.code == "exponent"
