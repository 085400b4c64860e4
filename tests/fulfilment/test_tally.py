"""The fulfilment counts and percentages (pure)."""

import pytest

from requirements.fulfilment.tally import Tally, percent


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(2, 3, 67), (1, 3, 33), (1, 8, 13), (1, 200, 1), (1, 201, 0), (0, 5, 0), (5, 5, 100),
     (3, 0, None)],
)  # fmt: skip
def test_percent_rounds_half_up(part, whole, expected):
    assert percent(part, whole) == expected


def test_percentages_leave_waived_and_not_assessed_out():
    tally = Tally(met=3, partly=1, not_met=2, waived=4, not_assessed=5)

    assert (tally.total, tally.assessed, tally.applicable) == (15, 6, 11)
    assert tally.percent_met == 50  # 3 of 6 assessed
    assert tally.percent_assessed == 55  # 6 of 11 applicable (54.5 rounds up)


def test_nothing_assessed_has_no_percentage_met():
    tally = Tally(not_assessed=4, waived=1)

    assert tally.percent_met is None
    assert tally.percent_assessed == 0


def test_everything_waived_has_no_percentages():
    tally = Tally(waived=2)

    assert (tally.percent_met, tally.percent_assessed) == (None, None)


def test_empty():
    assert Tally().total == 0
    assert Tally().percent_met is None


def test_from_statuses_and_sum():
    first = Tally.from_statuses(["met", "met", "not_met", "not_assessed"])
    second = Tally.of({"partly": 2, "waived": 1})

    assert first == Tally(met=2, not_met=1, not_assessed=1)
    assert first + second == Tally(met=2, partly=2, not_met=1, waived=1, not_assessed=1)
