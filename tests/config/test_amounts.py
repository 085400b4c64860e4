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
        ("2.375", "“2.375” kan læses på to måder: skriv 2375 eller 2,375."),
        ("12 34", "Indtast et tal."),  # spaces only between groups of thousands
    ],
)
def test_an_amount_that_could_be_read_two_ways_is_refused(typed, message):
    field = LocalizedDecimalField(max_digits=18, decimal_places=4, localize=True)

    with translation.override("da"), pytest.raises(ValidationError) as error:
        field.clean(typed)

    assert error.value.messages == [message]
