"""Pure benefits-realisation rules: achievement, planned path, trend, status, measurement dates."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise

from dateutil.relativedelta import relativedelta
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.formats import lazy_short_date

from .formats import quantity

HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")


class Direction(StrEnum):
    """Which way an indicator is better."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> Promise:
        return _DIRECTION_LABELS[self]


class BenefitStatus(StrEnum):
    """Where a benefit stands, as decided by `assess`."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    REALISED = "realised"
    NOT_REALISED = "not_realised"

    @property
    def label(self) -> Promise:
        return _STATUS_LABELS[self]


class Trend(StrEnum):
    """How the latest measurement compares with the one before it."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"

    @property
    def label(self) -> Promise:
        return _TREND_LABELS[self]


_DIRECTION_LABELS = {
    Direction.HIGHER: _("Higher is better"),
    Direction.LOWER: _("Lower is better"),
}
_STATUS_LABELS = {
    BenefitStatus.NOT_STARTED: _("Not started"),
    BenefitStatus.ON_TRACK: _("On track"),
    BenefitStatus.AT_RISK: _("At risk"),
    BenefitStatus.OFF_TRACK: _("Off track"),
    BenefitStatus.REALISED: _("Realised"),
    BenefitStatus.NOT_REALISED: _("Not realised"),
}
_TREND_LABELS = {
    Trend.IMPROVING: _("Improving"),
    Trend.WORSENING: _("Worsening"),
    Trend.UNCHANGED: _("Unchanged"),
    Trend.UNKNOWN: _("Unknown"),
}


@dataclass(frozen=True)
class Point:
    """A value of an indicator on a day: a measurement or a point of the plan."""

    day: date
    value: Decimal


@dataclass(frozen=True)
class IndicatorPlan:
    """An indicator's baseline, target and optional interim targets.

    Raises ValueError when the plan cannot be followed: the target date must come after the
    baseline date, interim points must lie strictly between them on distinct days, and the target
    must not lie on the worse side of the baseline (a plan to get worse is not a benefit).
    """

    direction: Direction
    baseline: Decimal
    baseline_date: date
    target: Decimal
    target_date: date
    interim: tuple[Point, ...] = ()
    unit: str = ""

    def __post_init__(self) -> None:
        if self.target_date <= self.baseline_date:
            raise ValueError("The target date must come after the baseline date.")
        interim_days = [point.day for point in self.interim]
        if len(set(interim_days)) != len(interim_days):
            raise ValueError("Two interim targets fall on the same day.")
        if any(not self.baseline_date < day < self.target_date for day in interim_days):
            raise ValueError("Interim targets must lie between the baseline and the target date.")
        if _is_worse(self.direction, self.target, self.baseline):
            raise ValueError("The target lies on the worse side of the baseline.")

    def path(self) -> tuple[Point, ...]:
        """The planned path's corners in date order: baseline, interim targets, target."""
        return (
            Point(self.baseline_date, self.baseline),
            *sorted(self.interim, key=lambda point: point.day),
            Point(self.target_date, self.target),
        )


@dataclass(frozen=True)
class Assessment:
    """The status of a benefit with the figures behind it.

    `reason` is a lazy translation: it renders in the language active when it is turned into a
    string, with its figures in that language's number format.
    """

    status: BenefitStatus
    reason: str | Promise
    achievement: Decimal | None
    planned_achievement: Decimal | None
    trend: Trend


def _is_worse(direction: Direction, value: Decimal, reference: Decimal) -> bool:
    if direction is Direction.HIGHER:
        return value < reference
    return value > reference


def _has_reached(plan: IndicatorPlan, value: Decimal) -> bool:
    return not _is_worse(plan.direction, value, plan.target)


def _by_day(measurements: Sequence[Point]) -> list[Point]:
    # A stable sort, so of two measurements on one day the one given last counts as the later.
    return sorted(measurements, key=lambda point: point.day)


# Figures are formatted when the reason is rendered, so a Danish page shows "300.000 kr." and
# "40,0", as the benefit's page writes them, not "300000" and "40.0".
_lazy_number = lazy(number_format, str)
_lazy_quantity = lazy(quantity, str)


def _percent_figure(value: Decimal) -> Promise:
    # Quantize here: number_format truncates rather than rounds.
    return _lazy_number(
        value.quantize(TENTH, rounding=ROUND_HALF_UP), 1, use_l10n=True, force_grouping=True
    )


def achievement(plan: IndicatorPlan, value: Decimal) -> Decimal | None:
    """Percent of the way from baseline to target that `value` has come, to 0.01.

    Above 100 beyond the target, negative on the worse side of the baseline. None when the target
    equals the baseline (a level to keep), where no way is to be gone.
    """
    if plan.target == plan.baseline:
        return None
    percent = (value - plan.baseline) * 100 / (plan.target - plan.baseline)
    return percent.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def planned_value(plan: IndicatorPlan, day: date) -> Decimal:
    """The value the plan expects on `day`.

    Piecewise linear from the baseline through the interim targets to the target, by calendar day;
    the baseline before the baseline date and the target after the target date. Not rounded.
    """
    path = plan.path()
    if day <= path[0].day:
        return path[0].value
    for start, end in pairwise(path):
        if day <= end.day:
            elapsed = (day - start.day).days
            span = (end.day - start.day).days
            return start.value + (end.value - start.value) * elapsed / span
    return path[-1].value


def trend(plan: IndicatorPlan, measurements: Sequence[Point]) -> Trend:
    """Whether the latest measurement beats the one before it; UNKNOWN with fewer than two."""
    ordered = _by_day(measurements)
    if len(ordered) < 2:
        return Trend.UNKNOWN
    previous, latest = ordered[-2].value, ordered[-1].value
    if latest == previous:
        return Trend.UNCHANGED
    if _is_worse(plan.direction, latest, previous):
        return Trend.WORSENING
    return Trend.IMPROVING


def assess(
    plan: IndicatorPlan,
    measurements: Sequence[Point],
    *,
    today: date,
    at_risk_margin: Decimal = Decimal("10"),
    off_track_margin: Decimal = Decimal("25"),
) -> Assessment:
    """Decide a benefit's status from its plan and measurements, first rule that applies wins.

    1. No measurements: NOT_STARTED (even after the target date).
    2. The latest measurement reached or passed the target (respecting the direction): REALISED.
       Only the latest counts, so a benefit that reached its target and slid back is not realised.
    3. Today is after the target date: NOT_REALISED.
    4. Otherwise the latest measurement's achievement is compared with the planned achievement on
       the measurement's day (`planned_value` expressed as achievement). The shortfall in
       percentage points decides: at most `at_risk_margin` (or ahead of plan): ON_TRACK; at most
       `off_track_margin`: AT_RISK; more: OFF_TRACK.
    5. A plan whose target equals its baseline (a level to keep) has no achievement percent; a
       latest measurement on the worse side of that level is OFF_TRACK.

    Measurements need not be in date order. The reason names the figures behind the status.
    """
    ordered = _by_day(measurements)
    current_trend = trend(plan, ordered)
    if not ordered:
        return Assessment(
            status=BenefitStatus.NOT_STARTED,
            reason=_("No measurements yet"),
            achievement=None,
            planned_achievement=None,
            trend=current_trend,
        )

    latest = ordered[-1]
    achieved = achievement(plan, latest.value)
    planned = achievement(plan, planned_value(plan, latest.day))
    figures = {
        "value": _lazy_quantity(latest.value, plan.unit),
        "day": lazy_short_date(latest.day),
        "target": _lazy_quantity(plan.target, plan.unit),
        "target_date": lazy_short_date(plan.target_date),
    }

    if _has_reached(plan, latest.value):
        status = BenefitStatus.REALISED
        reason = format_lazy(_("Target of {target} reached: {value} measured on {day}"), **figures)
    elif today > plan.target_date:
        status = BenefitStatus.NOT_REALISED
        reason = format_lazy(
            _(
                "Target date {target_date} has passed without reaching the target of {target}; "
                "latest measurement {value} on {day}"
            ),
            **figures,
        )
    elif achieved is None or planned is None:
        status = BenefitStatus.OFF_TRACK
        reason = format_lazy(
            _("Latest measurement {value} on {day} is worse than the target of {target}"),
            **figures,
        )
    else:
        shortfall = planned - achieved
        if shortfall <= at_risk_margin:
            status = BenefitStatus.ON_TRACK
        elif shortfall <= off_track_margin:
            status = BenefitStatus.AT_RISK
        else:
            status = BenefitStatus.OFF_TRACK
        if shortfall > 0:
            template = _(
                "Achieved {achieved} % of the way to the target; {planned} % planned by {day} "
                "({points} points behind)"
            )
        elif shortfall < 0:
            template = _(
                "Achieved {achieved} % of the way to the target; {planned} % planned by {day} "
                "({points} points ahead)"
            )
        else:
            template = _(
                "Achieved {achieved} % of the way to the target; {planned} % planned by {day} "
                "(as planned)"
            )
        reason = format_lazy(
            template,
            achieved=_percent_figure(achieved),
            planned=_percent_figure(planned),
            points=_percent_figure(abs(shortfall)),
            day=lazy_short_date(latest.day),
        )

    return Assessment(
        status=status,
        reason=reason,
        achievement=achieved,
        planned_achievement=planned,
        trend=current_trend,
    )


def next_measurement_due(last: date | None, baseline_date: date, frequency_months: int) -> date:
    """The day the next measurement is due: `frequency_months` after the last one, or after the
    baseline date when nothing has been measured yet.

    A day shorter months lack falls on their last day (31 January + 1 month is 28 or 29 February),
    and a month's last day stays a month's last day (28 February + 1 month is 31 March), so a
    schedule that starts at a month end does not drift to the 28th.
    """
    if frequency_months < 1:
        raise ValueError("The measurement frequency must be at least one month.")
    start = last or baseline_date
    due = start + relativedelta(months=frequency_months)
    if start.day == calendar.monthrange(start.year, start.month)[1]:
        due += relativedelta(day=31)
    return due
