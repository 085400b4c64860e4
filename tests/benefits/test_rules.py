"""Tests for the benefits-realisation rules: achievement, planned path, trend, status, schedule."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from benefits.rules import (
    Assessment,
    BenefitStatus,
    Direction,
    IndicatorPlan,
    Point,
    Trend,
    achievement,
    assess,
    next_measurement_due,
    planned_value,
    trend,
)

if not settings.configured:
    # Run with -p no:django: the rules need only the translation machinery, untranslated.
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


D = Decimal

# Time per case in minutes, lower is better: 100 -> 60 over 730 days, so 80 is planned for
# 2026-01-01, halfway.
LOWER = IndicatorPlan(
    direction=Direction.LOWER,
    baseline=D("100"),
    baseline_date=date(2025, 1, 1),
    target=D("60"),
    target_date=date(2027, 1, 1),
)
# Self-service share in percent, higher is better: 50 -> 90 over 2025.
HIGHER = IndicatorPlan(
    direction=Direction.HIGHER,
    baseline=D("50"),
    baseline_date=date(2025, 1, 1),
    target=D("90"),
    target_date=date(2026, 1, 1),
)
# A level to keep: the target equals the baseline.
KEEP = IndicatorPlan(
    direction=Direction.HIGHER,
    baseline=D("90"),
    baseline_date=date(2025, 1, 1),
    target=D("90"),
    target_date=date(2026, 1, 1),
)
# Interim targets every ten days, given out of order: 0 -> 10 -> 40 -> 50.
STEPPED = IndicatorPlan(
    direction=Direction.HIGHER,
    baseline=D("0"),
    baseline_date=date(2024, 1, 1),
    target=D("50"),
    target_date=date(2024, 1, 31),
    interim=(Point(date(2024, 1, 21), D("40")), Point(date(2024, 1, 11), D("10"))),
)


def points(*pairs: tuple[date, str]) -> list[Point]:
    return [Point(day, D(value)) for day, value in pairs]


@pytest.mark.parametrize(
    ("plan", "value", "expected"),
    [
        (HIGHER, "70", D("50.00")),
        (HIGHER, "50", D("0.00")),
        (HIGHER, "90", D("100.00")),  # target met
        (HIGHER, "100", D("125.00")),  # beyond the target
        (HIGHER, "40", D("-25.00")),  # worse than the baseline
        (HIGHER, "63", D("32.50")),
        (HIGHER, "50.002", D("0.01")),  # 0.005 rounds half up
        (HIGHER, "49.998", D("-0.01")),  # and away from zero below it
        (LOWER, "80", D("50.00")),
        (LOWER, "100", D("0.00")),
        (LOWER, "60", D("100.00")),  # target met
        (LOWER, "50", D("125.00")),  # beyond the target
        (LOWER, "110", D("-25.00")),  # worse than the baseline
        (LOWER, "86.6", D("33.50")),
        (KEEP, "90", None),  # target == baseline: no way to go
        (KEEP, "80", None),
    ],
)
def test_achievement(plan, value, expected):
    assert achievement(plan, D(value)) == expected


def test_achievement_rounds_thirds_to_hundredths():
    plan = IndicatorPlan(Direction.HIGHER, D("0"), date(2025, 1, 1), D("3"), date(2026, 1, 1))

    assert [achievement(plan, D(value)) for value in ("1", "2")] == [D("33.33"), D("66.67")]


@pytest.mark.parametrize(
    ("plan", "day", "expected"),
    [
        (LOWER, date(2024, 6, 1), D("100")),  # before the baseline date
        (LOWER, date(2025, 1, 1), D("100")),
        (LOWER, date(2025, 3, 15), D("96")),  # a tenth of the way
        (LOWER, date(2026, 1, 1), D("80")),  # halfway
        (LOWER, date(2027, 1, 1), D("60")),
        (LOWER, date(2028, 1, 1), D("60")),  # after the target date
        (HIGHER, date(2025, 7, 2), D("50") + D("40") * 182 / 365),  # not rounded
        (STEPPED, date(2023, 12, 31), D("0")),
        (STEPPED, date(2024, 1, 6), D("5")),
        (STEPPED, date(2024, 1, 11), D("10")),  # on an interim target
        (STEPPED, date(2024, 1, 16), D("25")),
        (STEPPED, date(2024, 1, 21), D("40")),
        (STEPPED, date(2024, 1, 26), D("45")),
        (STEPPED, date(2024, 1, 31), D("50")),
        (STEPPED, date(2024, 3, 1), D("50")),
    ],
)
def test_planned_value(plan, day, expected):
    assert planned_value(plan, day) == expected


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target_date": date(2025, 1, 1)}, "target date must come after"),
        ({"target_date": date(2024, 12, 31)}, "target date must come after"),
        ({"interim": (Point(date(2025, 1, 1), D("70")),)}, "between the baseline and the target"),
        ({"interim": (Point(date(2026, 1, 2), D("70")),)}, "between the baseline and the target"),
        (
            {"interim": (Point(date(2025, 6, 1), D("70")), Point(date(2025, 6, 1), D("75")))},
            "same day",
        ),
        ({"target": D("49")}, "worse side of the baseline"),
    ],
)
def test_plan_rejects_impossible_plans(changes, message):
    fields = {
        "direction": Direction.HIGHER,
        "baseline": D("50"),
        "baseline_date": date(2025, 1, 1),
        "target": D("90"),
        "target_date": date(2026, 1, 1),
    }

    with pytest.raises(ValueError, match=message):
        IndicatorPlan(**(fields | changes))


def test_lower_is_better_plan_rejects_a_higher_target():
    with pytest.raises(ValueError, match="worse side of the baseline"):
        IndicatorPlan(Direction.LOWER, D("100"), date(2025, 1, 1), D("101"), date(2026, 1, 1))


@pytest.mark.parametrize(
    ("plan", "values", "expected"),
    [
        (HIGHER, [], Trend.UNKNOWN),
        (HIGHER, ["60"], Trend.UNKNOWN),
        (HIGHER, ["50", "60"], Trend.IMPROVING),
        (HIGHER, ["60", "50"], Trend.WORSENING),
        (HIGHER, ["60", "60.0"], Trend.UNCHANGED),
        (HIGHER, ["50", "80", "70"], Trend.WORSENING),  # only the last two count
        (LOWER, ["100", "90"], Trend.IMPROVING),
        (LOWER, ["90", "100"], Trend.WORSENING),
        (LOWER, ["90", "90"], Trend.UNCHANGED),
    ],
)
def test_trend(plan, values, expected):
    measurements = [Point(date(2025, month, 1), D(value)) for month, value in enumerate(values, 2)]

    assert trend(plan, measurements) == expected


def test_trend_orders_measurements_by_day():
    measurements = points((date(2025, 3, 1), "60"), (date(2025, 2, 1), "50"))

    assert trend(HIGHER, measurements) == Trend.IMPROVING


ASSESSMENT_CASES = {
    "no measurements yet": (
        LOWER,
        [],
        date(2026, 1, 2),
        Assessment(BenefitStatus.NOT_STARTED, "No measurements yet", None, None, Trend.UNKNOWN),
    ),
    "no measurements after the target date": (
        LOWER,
        [],
        date(2027, 6, 1),
        Assessment(BenefitStatus.NOT_STARTED, "No measurements yet", None, None, Trend.UNKNOWN),
    ),
    "on track, a little behind": (
        LOWER,
        points((date(2025, 7, 1), "95"), (date(2026, 1, 1), "82")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 45.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(5.0 points behind)",
            D("45.00"),
            D("50.00"),
            Trend.IMPROVING,
        ),
    ),
    "on track, exactly at the at-risk margin": (
        LOWER,
        points((date(2026, 1, 1), "84")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 40.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(10.0 points behind)",
            D("40.00"),
            D("50.00"),
            Trend.UNKNOWN,
        ),
    ),
    "on track, as planned": (
        LOWER,
        points((date(2026, 1, 1), "80")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 50.0 % of the way to the target; 50.0 % planned by 01/01/2026 (as planned)",
            D("50.00"),
            D("50.00"),
            Trend.UNKNOWN,
        ),
    ),
    "on track, ahead of plan": (
        LOWER,
        points((date(2025, 7, 1), "70"), (date(2026, 1, 1), "76")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 60.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(10.0 points ahead)",
            D("60.00"),
            D("50.00"),
            Trend.WORSENING,
        ),
    ),
    "at risk, just past the at-risk margin": (
        LOWER,
        points((date(2026, 1, 1), "84.4")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.AT_RISK,
            "Achieved 39.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(11.0 points behind)",
            D("39.00"),
            D("50.00"),
            Trend.UNKNOWN,
        ),
    ),
    "at risk, exactly at the off-track margin": (
        LOWER,
        points((date(2025, 12, 1), "90"), (date(2026, 1, 1), "90")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.AT_RISK,
            "Achieved 25.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(25.0 points behind)",
            D("25.00"),
            D("50.00"),
            Trend.UNCHANGED,
        ),
    ),
    "off track, past the off-track margin": (
        LOWER,
        points((date(2026, 1, 1), "90.4")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.OFF_TRACK,
            "Achieved 24.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(26.0 points behind)",
            D("24.00"),
            D("50.00"),
            Trend.UNKNOWN,
        ),
    ),
    "off track, worse than the baseline": (
        LOWER,
        points((date(2025, 6, 1), "98"), (date(2026, 1, 1), "104")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.OFF_TRACK,
            "Achieved -10.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(60.0 points behind)",
            D("-10.00"),
            D("50.00"),
            Trend.WORSENING,
        ),
    ),
    "off track, higher is better": (
        HIGHER,
        points((date(2025, 7, 2), "55")),
        date(2025, 7, 3),
        Assessment(
            BenefitStatus.OFF_TRACK,
            "Achieved 12.5 % of the way to the target; 49.9 % planned by 02/07/2025 "
            "(37.4 points behind)",
            D("12.50"),
            D("49.86"),
            Trend.UNKNOWN,
        ),
    ),
    "realised, lower is better, beyond the target": (
        LOWER,
        points((date(2025, 7, 1), "70"), (date(2026, 1, 1), "55")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.REALISED,
            "Target of 60 reached: 55 measured on 01/01/2026",
            D("112.50"),
            D("50.00"),
            Trend.IMPROVING,
        ),
    ),
    "realised at the first measurement": (
        HIGHER,
        points((date(2025, 1, 1), "90")),
        date(2025, 1, 2),
        Assessment(
            BenefitStatus.REALISED,
            "Target of 90 reached: 90 measured on 01/01/2025",
            D("100.00"),
            D("0.00"),
            Trend.UNKNOWN,
        ),
    ),
    "realised after the target date": (
        HIGHER,
        points((date(2026, 3, 1), "91.5")),
        date(2026, 6, 1),
        Assessment(
            BenefitStatus.REALISED,
            "Target of 90 reached: 91.5 measured on 01/03/2026",
            D("103.75"),
            D("100.00"),
            Trend.UNKNOWN,
        ),
    ),
    "reached once, then slid back": (
        HIGHER,
        points((date(2025, 6, 1), "92"), (date(2025, 7, 2), "85")),
        date(2025, 7, 3),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 87.5 % of the way to the target; 49.9 % planned by 02/07/2025 "
            "(37.6 points ahead)",
            D("87.50"),
            D("49.86"),
            Trend.WORSENING,
        ),
    ),
    "not realised: target date passed": (
        LOWER,
        points((date(2027, 1, 1), "70")),
        date(2027, 1, 2),
        Assessment(
            BenefitStatus.NOT_REALISED,
            "Target date 01/01/2027 has passed without reaching the target of 60; "
            "latest measurement 70 on 01/01/2027",
            D("75.00"),
            D("100.00"),
            Trend.UNKNOWN,
        ),
    ),
    "on the target date itself the plan still runs": (
        LOWER,
        points((date(2027, 1, 1), "70")),
        date(2027, 1, 1),
        Assessment(
            BenefitStatus.AT_RISK,
            "Achieved 75.0 % of the way to the target; 100.0 % planned by 01/01/2027 "
            "(25.0 points behind)",
            D("75.00"),
            D("100.00"),
            Trend.UNKNOWN,
        ),
    ),
    "level to keep, kept": (
        KEEP,
        points((date(2025, 6, 1), "92")),
        date(2025, 6, 2),
        Assessment(
            BenefitStatus.REALISED,
            "Target of 90 reached: 92 measured on 01/06/2025",
            None,
            None,
            Trend.UNKNOWN,
        ),
    ),
    "level to keep, fallen below": (
        KEEP,
        points((date(2025, 5, 1), "90"), (date(2025, 6, 1), "85")),
        date(2025, 6, 2),
        Assessment(
            BenefitStatus.OFF_TRACK,
            "Latest measurement 85 on 01/06/2025 is worse than the target of 90",
            None,
            None,
            Trend.WORSENING,
        ),
    ),
    "level to keep, fallen below and past the target date": (
        KEEP,
        points((date(2025, 6, 1), "85")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.NOT_REALISED,
            "Target date 01/01/2026 has passed without reaching the target of 90; "
            "latest measurement 85 on 01/06/2025",
            None,
            None,
            Trend.UNKNOWN,
        ),
    ),
    "measurements out of order: the latest day counts": (
        LOWER,
        points((date(2026, 1, 1), "82"), (date(2025, 7, 1), "95")),
        date(2026, 1, 2),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 45.0 % of the way to the target; 50.0 % planned by 01/01/2026 "
            "(5.0 points behind)",
            D("45.00"),
            D("50.00"),
            Trend.IMPROVING,
        ),
    ),
    "planned path through interim targets": (
        STEPPED,
        points((date(2024, 1, 16), "20")),
        date(2024, 1, 17),
        Assessment(
            BenefitStatus.ON_TRACK,
            "Achieved 40.0 % of the way to the target; 50.0 % planned by 16/01/2024 "
            "(10.0 points behind)",
            D("40.00"),
            D("50.00"),
            Trend.UNKNOWN,
        ),
    ),
}


@pytest.mark.parametrize(
    ("plan", "measurements", "today", "expected"),
    ASSESSMENT_CASES.values(),
    ids=ASSESSMENT_CASES.keys(),
)
def test_assess(plan, measurements, today, expected):
    result = assess(plan, measurements, today=today)

    assert result == expected
    assert str(result.reason) == expected.reason


@pytest.mark.parametrize(
    ("at_risk_margin", "off_track_margin", "expected"),
    [
        (D("10"), D("25"), BenefitStatus.ON_TRACK),
        (D("4.99"), D("25"), BenefitStatus.AT_RISK),
        (D("2"), D("4.99"), BenefitStatus.OFF_TRACK),
        (D("5"), D("5"), BenefitStatus.ON_TRACK),
    ],
)
def test_assess_margins_are_configurable(at_risk_margin, off_track_margin, expected):
    result = assess(
        LOWER,
        points((date(2026, 1, 1), "82")),  # 5 points behind
        today=date(2026, 1, 2),
        at_risk_margin=at_risk_margin,
        off_track_margin=off_track_margin,
    )

    assert result.status == expected


def test_assess_reason_is_translated_when_rendered():
    result = assess(LOWER, [], today=date(2026, 1, 2))

    # Lazy: the reason is a translation proxy, rendered in the language active at str().
    assert not isinstance(result.reason, str)
    assert str(result.reason) == "No measurements yet"


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (BenefitStatus.NOT_STARTED, "Not started"),
        (BenefitStatus.ON_TRACK, "On track"),
        (BenefitStatus.AT_RISK, "At risk"),
        (BenefitStatus.OFF_TRACK, "Off track"),
        (BenefitStatus.REALISED, "Realised"),
        (BenefitStatus.NOT_REALISED, "Not realised"),
        (Trend.IMPROVING, "Improving"),
        (Trend.WORSENING, "Worsening"),
        (Trend.UNCHANGED, "Unchanged"),
        (Trend.UNKNOWN, "Unknown"),
        (Direction.HIGHER, "Higher is better"),
        (Direction.LOWER, "Lower is better"),
    ],
)
def test_labels(member, label):
    assert str(member.label) == label


@pytest.mark.parametrize(
    ("last", "baseline_date", "frequency_months", "expected"),
    [
        (None, date(2025, 1, 15), 3, date(2025, 4, 15)),  # first measurement: from the baseline
        (None, date(2025, 3, 31), 6, date(2025, 9, 30)),
        (date(2025, 10, 15), date(2025, 1, 15), 12, date(2026, 10, 15)),
        (date(2025, 1, 31), date(2024, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), date(2023, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 2, 28), date(2024, 1, 31), 1, date(2025, 3, 31)),  # month end stays month end
        (date(2024, 2, 29), date(2024, 1, 31), 12, date(2025, 2, 28)),
        (date(2025, 4, 30), date(2025, 1, 31), 1, date(2025, 5, 31)),
        (date(2025, 3, 30), date(2025, 1, 30), 1, date(2025, 4, 30)),  # the 30th is no month end
        (date(2025, 11, 30), date(2025, 1, 1), 3, date(2026, 2, 28)),
        (date(2025, 12, 31), date(2025, 1, 1), 2, date(2026, 2, 28)),
    ],
)
def test_next_measurement_due(last, baseline_date, frequency_months, expected):
    assert next_measurement_due(last, baseline_date, frequency_months) == expected


@pytest.mark.parametrize("frequency_months", [0, -1])
def test_next_measurement_due_rejects_frequencies_below_one_month(frequency_months):
    with pytest.raises(ValueError, match="at least one month"):
        next_measurement_due(None, date(2025, 1, 1), frequency_months)
