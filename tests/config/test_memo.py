"""by_inputs caches a pure computation under its inputs and the active language."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import translation

from config import memo
from contracts.invoicing import charts


def counting(value="svg"):
    return mock.Mock(side_effect=lambda: value)


def test_same_inputs_compute_once():
    compute = counting("første")
    assert memo.by_inputs("test", ("a", 1), compute) == "første"
    assert memo.by_inputs("test", ("a", 1), counting("anden")) == "første"
    assert compute.call_count == 1


def test_different_inputs_compute_again():
    compute = counting()
    memo.by_inputs("test", ("a", 1), compute)
    memo.by_inputs("test", ("a", 2), compute)
    memo.by_inputs("test", ("b", 1), compute)
    memo.by_inputs("test", (date(2026, 1, 1), Decimal("1.50")), compute)
    memo.by_inputs("test", (date(2026, 1, 2), Decimal("1.50")), compute)
    assert compute.call_count == 5
    memo.by_inputs("test", ("a", 2), compute)
    assert compute.call_count == 5


def test_namespaces_are_separate():
    assert memo.by_inputs("one", ("x",), counting("en")) == "en"
    assert memo.by_inputs("two", ("x",), counting("to")) == "to"


def test_the_active_language_is_part_of_the_key():
    with translation.override("da"):
        assert memo.by_inputs("test", ("x",), counting("dansk")) == "dansk"
    with translation.override("en"):
        assert memo.by_inputs("test", ("x",), counting("english")) == "english"
    with translation.override("da"):
        compute = counting("igen")
        assert memo.by_inputs("test", ("x",), compute) == "dansk"
    compute.assert_not_called()


CHART = {
    "contract_title": "ESDH-løsning",
    "start": date(2025, 1, 1),
    "end": date(2028, 12, 31),
    "monthly": [(date(2025, 2, 1), Decimal("125000.00")), (date(2025, 3, 1), Decimal("80000"))],
    "total_value": Decimal("1000000"),
    "today": date(2026, 3, 15),
}


@pytest.fixture
def draws(monkeypatch):
    """Counts the charts actually drawn."""
    draw = mock.Mock(wraps=charts._draw)
    monkeypatch.setattr(charts, "_draw", draw)
    return draw


def test_invoiced_chart_same_inputs_give_the_identical_svg_drawn_once(draws):
    first = charts.invoiced_chart(**CHART)
    second = charts.invoiced_chart(**{**CHART, "monthly": list(CHART["monthly"])})
    assert first == second
    assert "<svg" in first
    assert draws.call_count == 1


def test_invoiced_chart_changed_amount_gives_a_different_svg(draws):
    first = charts.invoiced_chart(**CHART)
    changed = {
        **CHART,
        "monthly": [(date(2025, 2, 1), Decimal("125000.00")), (date(2025, 3, 1), Decimal("90000"))],
    }
    second = charts.invoiced_chart(**changed)
    assert first != second
    assert draws.call_count == 2
    assert charts.invoiced_chart(**CHART) == first
    assert draws.call_count == 2


def test_invoiced_chart_other_inputs_are_part_of_the_key(draws):
    base = charts.invoiced_chart(**CHART)
    for change in (
        {"contract_title": "Økonomisystem"},
        {"total_value": Decimal("2000000")},
        {"end": date(2029, 12, 31)},
        {"today": date(2026, 4, 15)},
    ):
        assert charts.invoiced_chart(**{**CHART, **change}) != base, change
    assert draws.call_count == 5


def test_invoiced_chart_is_cached_per_language(draws):
    with translation.override("da"):
        danish = charts.invoiced_chart(**CHART)
    with translation.override("en"):
        english = charts.invoiced_chart(**CHART)
    assert "Faktureret over tid: ESDH-løsning" in danish
    assert "Invoiced over time: ESDH-løsning" in english
    assert draws.call_count == 2


def test_a_cache_that_cannot_be_reached_computes_every_time(monkeypatch, cache_warnings):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(memo.cache, "get", unreachable)
    compute = counting("beregnet")
    assert memo.by_inputs("test", ("nede",), compute) == "beregnet"
    assert memo.by_inputs("test", ("nede",), compute) == "beregnet"
    assert compute.call_count == 2
    assert any("could not be read" in warning for warning in cache_warnings)


def test_a_value_that_cannot_be_stored_is_returned_all_the_same(monkeypatch, cache_warnings):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(memo.cache, "set", unreachable)
    assert memo.stored(lambda: "test:fuld", counting("beregnet"), 60) == "beregnet"
    assert any("could not be written" in warning for warning in cache_warnings)


def test_none_is_kept_like_any_value():
    compute = counting(None)
    memo.stored(lambda: "test:ingen", compute, 60)
    memo.stored(lambda: "test:ingen", compute, 60)
    assert compute.call_count == 1
