"""The list filters short_date and contract_url write what Django's date filter and url tag do."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from config.formats import format_pattern
from contracts.templatetags.contract_rows import short_date

DATES = [date(2026, 1, 5), date(2028, 2, 29), date(2030, 12, 31), date(999, 3, 4)]


def django_short_date(value) -> str:
    return Template('{{ value|date:"SHORT_DATE_FORMAT" }}').render(Context({"value": value}))


@pytest.mark.parametrize("language", ["da", "en", "de", "fr", "sv", "nb"])
@pytest.mark.parametrize("value", DATES)
def test_short_date_is_djangos_short_date(language, value):
    with translation.override(language):
        assert short_date(value) == django_short_date(value)


@pytest.mark.parametrize("value", [None, "", "2026-01-05", 5])
def test_what_is_not_a_date_is_empty(value):
    assert short_date(value) == "" == django_short_date(value)


@pytest.mark.parametrize(
    "value",
    [datetime(2026, 3, 4, 23, 30, tzinfo=UTC), datetime(2026, 7, 1, 22, 15, tzinfo=UTC),
     datetime(2026, 3, 4, 23, 30)],
)  # fmt: skip
def test_a_datetime_is_shown_on_its_local_day(settings, value):
    settings.TIME_ZONE = "Europe/Copenhagen"
    rendered = Template("{% load contract_rows %}{{ value|short_date }}").render(
        Context({"value": value})
    )
    assert rendered == django_short_date(value)
    if value.tzinfo is not None:  # 23:30 UTC is the next day in Copenhagen
        assert rendered == f"{value.day + 1:02d}.{value.month:02d}.{value.year}"


@pytest.mark.parametrize(
    ("django_format", "pattern"),
    [("d.m.Y", "{0.day:02d}.{0.month:02d}.{0.year:04d}"), ("y/m", "{1:02d}/{0.month:02d}"),
     ("{d}", "{{{0.day:02d}}}"), ("j. N Y", None), ("d. F Y", None), (r"\d\e d", None)],
)  # fmt: skip
def test_format_pattern(django_format, pattern):
    assert format_pattern(django_format) == pattern


@pytest.mark.parametrize("django_format", ["y-m-d", "{d}/m/Y", "d %m Y"])
def test_other_numeric_formats_are_djangos(settings, django_format):
    settings.SHORT_DATE_FORMAT = django_format
    with translation.override(None):
        for value in DATES:
            assert short_date(value) == django_short_date(value)


def test_a_format_without_a_pattern_is_left_to_django(settings):
    settings.SHORT_DATE_FORMAT = "j. N Y"
    with translation.override(None):
        written = short_date(date(2027, 3, 4))
    assert written == "4. March 2027"
    with translation.override(None):
        assert written == django_short_date(date(2027, 3, 4))


def test_contract_url_is_the_contracts_page():
    rendered = Template("{% load contract_rows %}{{ pk|contract_url }}").render(Context({"pk": 9}))
    assert rendered == reverse("contracts:contract-detail", args=[9])
