"""Lay out a contract's deadlines on a horizontal time axis, for an inline SVG picture."""

from dataclasses import dataclass
from datetime import date

from config.formats import month_and_year

from .deadlines import add_months
from .models import ContractDeadline

WIDTH, LEFT, RIGHT, ROW_HEIGHT, TOP = 900, 20, 20, 22, 40
MONTH_TICKS = 8  # at most, so that their labels ("sep 2026") do not collide


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label_x: float
    deadline: ContractDeadline
    state: str  # "done", "overdue" or "open"


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    axis_y: float
    today_x: float | None
    ticks: list[tuple[float, str]]
    marks: list[Mark]


def timeline(deadlines: list[ContractDeadline], *, today: date) -> Timeline | None:
    """Positions for each deadline (one row each, so labels never overlap) and ticks: years,
    or months when the picture spans less than two year starts."""
    if not deadlines:
        return None
    first = min(min(d.due_date for d in deadlines), today)
    last = max(max(d.due_date for d in deadlines), today)
    span = max((last - first).days, 1)
    usable = WIDTH - LEFT - RIGHT

    def x_of(day: date) -> float:
        return round(LEFT + usable * (day - first).days / span, 1)

    marks = []
    for row, deadline in enumerate(sorted(deadlines, key=lambda d: (d.due_date, d.kind))):
        x = x_of(deadline.due_date)
        state = "done" if deadline.done else ("overdue" if deadline.due_date < today else "open")
        # Labels sit right of the mark unless that would run off the picture.
        label_x = x + 8 if x < WIDTH * 0.6 else x - 8
        marks.append(Mark(x=x, y=TOP + row * ROW_HEIGHT, label_x=label_x, deadline=deadline,
                          state=state))  # fmt: skip
    # Below the last mark: room for the "today" label, its descenders included.
    height = TOP + len(marks) * ROW_HEIGHT + 24
    ticks = [
        (x_of(date(year, 1, 1)), str(year))
        for year in range(first.year + 1, last.year + 1)
        if first < date(year, 1, 1) <= last
    ]
    if len(ticks) < 2:  # a short contract: months, so the picture still tells when
        months = _month_starts(first, last) or [date(first.year, first.month, 1)]
        step = -(-len(months) // MONTH_TICKS)  # every month, or every 2nd, 3rd...
        ticks = [(max(x_of(day), LEFT), month_and_year(day)) for day in months[::step]]
    return Timeline(
        width=WIDTH, height=height, axis_y=TOP - 15, today_x=x_of(today), ticks=ticks, marks=marks
    )


def _month_starts(first: date, last: date) -> list[date]:
    """The first days of the months after `first`, up to `last`."""
    day, days = add_months(first.replace(day=1), 1), []
    while day <= last:
        days.append(day)
        day = add_months(day, 1)
    return days
