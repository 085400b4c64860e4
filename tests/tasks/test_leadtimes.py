"""Lead-time stages: which alert is due on a day, catch-up after missed scans, the scan window."""

from datetime import date, timedelta

import pytest

from tasks.leadtimes import current_stage, due_window

NOTICE = (180, 90, 30, 7, -1)
MILESTONE = (14, 0)
DUE = date(2026, 6, 1)


def day(offset: int) -> date:
    """The day `offset` days before the due date (negative: after it)."""
    return DUE - timedelta(days=offset)


@pytest.mark.parametrize(
    ("today", "leads", "expected"),
    [
        (day(181), NOTICE, None),  # before the first stage
        (day(180), NOTICE, 180),  # on the day of a stage
        (day(179), NOTICE, 180),  # the stage stays current until the next one
        (day(91), NOTICE, 180),
        (day(90), NOTICE, 90),
        (day(30), NOTICE, 30),
        (day(29), NOTICE, 30),  # a scan one day late still finds the 30-day stage
        (day(5), NOTICE, 7),  # catching up: only the most urgent stage, not 180/90/30 too
        (day(0), NOTICE, 7),  # the due day itself belongs to the last stage before it
        (day(-1), NOTICE, -1),  # overdue: the day after
        (day(-400), NOTICE, -1),  # overdue stays current however old (sent once)
        (day(15), MILESTONE, None),
        (day(14), MILESTONE, 14),
        (day(0), MILESTONE, 0),
        (day(-3), MILESTONE, 0),  # beat was down: caught up within the catch-up days
        (day(-7), MILESTONE, 0),
        (day(-8), MILESTONE, None),  # too old and no overdue stage: stop alerting
        (day(0), (), None),  # a kind without lead times never alerts
        (day(0), (0,), 0),
        (day(-2), (30, -1, -7), -1),
        (day(-7), (30, -1, -7), -7),  # the most urgent of two overdue stages
    ],
)
def test_current_stage(today, leads, expected):
    assert current_stage(due_date=DUE, today=today, lead_days=leads, catch_up_days=7) == expected


@pytest.mark.parametrize(
    ("leads", "expected"),
    [
        (NOTICE, (None, date(2026, 8, 29))),  # overdue stage: no lower bound
        (MILESTONE, (date(2026, 2, 23), date(2026, 3, 16))),
        ((0,), (date(2026, 2, 23), date(2026, 3, 2))),
        ((), None),
    ],
)
def test_due_window(leads, expected):
    assert due_window(today=date(2026, 3, 2), lead_days=leads, catch_up_days=7) == expected


@pytest.mark.parametrize("leads", [NOTICE, MILESTONE, (90, 30, 7), (0,)])
def test_every_due_date_with_a_stage_lies_in_the_window(leads):
    today = date(2026, 3, 2)
    earliest, latest = due_window(today=today, lead_days=leads, catch_up_days=7)
    for offset in range(-400, 400):
        due = today + timedelta(days=offset)
        inside = (earliest is None or due >= earliest) and due <= latest
        has_stage = current_stage(due_date=due, today=today, lead_days=leads, catch_up_days=7)
        assert (has_stage is not None) == inside, due
