"""Tests for the pure deadline engine: exact dates for notice, renewal, options and the rest."""

from datetime import date

import pytest
from django.conf import settings
from django.utils import translation

from contracts.deadlines import (
    ContractTerms,
    Deadline,
    DeadlineKind,
    MilestoneTerms,
    OptionState,
    OptionTerms,
    PeriodEnd,
    add_months,
    compute_deadlines,
    current_term_end,
    earliest_termination,
    final_end,
    next_period_end_on_or_after,
    notice_deadline,
    notice_reaches,
    period_end_on_or_before,
    previous_working_day,
)

TODAY = date(2026, 11, 27)  # a Friday


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def notice(due: str, effective: str, nominal: str | None = None) -> Deadline:
    return Deadline(
        kind=DeadlineKind.NOTICE, due=d(due), effective=d(effective), nominal=d(nominal or due)
    )


def option(source_id: int, due: str, *, nominal: str | None = None, done: bool = False) -> Deadline:
    return Deadline(
        kind=DeadlineKind.OPTION_EXERCISE,
        due=d(due),
        source_id=source_id,
        done=done,
        nominal=d(nominal or due),
    )


def dated(kind: DeadlineKind, due: str, **fields) -> Deadline:
    return Deadline(kind=kind, due=d(due), **fields)


def of_kind(deadlines: list[Deadline], kind: DeadlineKind) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.kind == kind]


# --- calendar helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2027-09-30", 3, "2027-12-31"),  # month end stays a month end
        ("2027-12-31", -3, "2027-09-30"),
        ("2027-01-31", 1, "2027-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2028-02-29", -12, "2027-02-28"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2027-02-28", 12, "2028-02-29"),  # 28 Feb 2027 is a month end, so is 29 Feb 2028
        ("2027-04-30", 1, "2027-05-31"),
        ("2027-03-30", -1, "2027-02-28"),  # not a month end: clamped
        ("2027-01-30", 2, "2027-03-30"),
        ("2027-01-15", 1, "2027-02-15"),
        ("2027-06-15", 0, "2027-06-15"),
        ("2027-11-15", -24, "2025-11-15"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(d(day), months) == d(expected)


@pytest.mark.parametrize(
    ("day", "rule", "on_or_before", "on_or_after"),
    [
        ("2027-11-15", PeriodEnd.NONE, "2027-11-15", "2027-11-15"),
        ("2027-11-15", PeriodEnd.MONTH, "2027-10-31", "2027-11-30"),
        ("2027-11-30", PeriodEnd.MONTH, "2027-11-30", "2027-11-30"),
        ("2027-03-10", PeriodEnd.MONTH, "2027-02-28", "2027-03-31"),
        ("2028-02-10", PeriodEnd.MONTH, "2028-01-31", "2028-02-29"),
        ("2027-11-15", PeriodEnd.QUARTER, "2027-09-30", "2027-12-31"),
        ("2027-09-30", PeriodEnd.QUARTER, "2027-09-30", "2027-09-30"),
        ("2027-01-15", PeriodEnd.QUARTER, "2026-12-31", "2027-03-31"),
        ("2027-04-01", PeriodEnd.QUARTER, "2027-03-31", "2027-06-30"),
        ("2027-11-15", PeriodEnd.YEAR, "2026-12-31", "2027-12-31"),
        ("2027-12-31", PeriodEnd.YEAR, "2027-12-31", "2027-12-31"),
        ("2027-11-15", "quarter", "2027-09-30", "2027-12-31"),  # plain model field values work
    ],
)
def test_period_ends(day, rule, on_or_before, on_or_after):
    assert period_end_on_or_before(d(day), rule) == d(on_or_before)
    assert next_period_end_on_or_after(d(day), rule) == d(on_or_after)


def test_unknown_period_rule_is_rejected():
    with pytest.raises(ValueError):
        next_period_end_on_or_after(d("2027-11-15"), "week")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2027-09-30", "2027-09-30"),  # Thursday
        ("2027-10-31", "2027-10-29"),  # Sunday -> Friday
        ("2027-12-25", "2027-12-24"),  # Christmas Day (Saturday); Christmas Eve is a working day
        ("2028-12-26", "2028-12-22"),  # Second Day of Christmas (Tuesday), Christmas Day, weekend
        ("2027-03-29", "2027-03-24"),  # Easter Monday, Sunday, Saturday, Good Friday, Maundy Thu
        ("2028-01-01", "2027-12-31"),  # New Year's Day across a year boundary
        ("2027-05-06", "2027-05-05"),  # Ascension Day
        ("2027-05-17", "2027-05-14"),  # Whit Monday
    ],
)
def test_previous_working_day(day, expected):
    assert previous_working_day(d(day)) == d(expected)


# --- term end and final end -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "today", "expected"),
    [
        pytest.param(ContractTerms(), TODAY, None, id="open-ended"),
        pytest.param(ContractTerms(term_end=d("2026-06-30")), TODAY, "2026-06-30", id="past"),
        pytest.param(
            ContractTerms(term_end=d("2025-06-30"), tacit_renewal_months=12),
            TODAY,
            "2027-06-30",
            id="renewed-twice",
        ),
        pytest.param(
            ContractTerms(term_end=d("2025-06-30"), tacit_renewal_months=0),
            TODAY,
            "2025-06-30",
            id="renewal-zero",
        ),
        pytest.param(
            ContractTerms(term_end=d("2026-11-27"), tacit_renewal_months=12),
            TODAY,
            "2026-11-27",
            id="ends-today",
        ),
        pytest.param(
            ContractTerms(term_end=d("2028-02-29"), tacit_renewal_months=12),
            d("2029-01-10"),
            "2029-02-28",
            id="29-feb-renewed",
        ),
        pytest.param(
            ContractTerms(term_end=d("2028-02-29"), tacit_renewal_months=12),
            d("2031-03-01"),
            "2032-02-29",
            id="29-feb-renewed-into-leap-year",
        ),
        pytest.param(
            # Rolling from the original date: 30 Jan + 2 months is 30 Mar, not 31 Mar via 28 Feb.
            ContractTerms(term_end=d("2027-01-30"), tacit_renewal_months=1),
            d("2027-03-15"),
            "2027-03-30",
            id="no-month-end-drift",
        ),
        pytest.param(
            ContractTerms(term_end=d("2000-01-31"), tacit_renewal_months=1),
            TODAY,
            "2026-11-30",
            id="many-renewals",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2025-12-31"),
                tacit_renewal_months=12,
                notice_given_on=d("2026-03-01"),
                termination_effective=d("2026-09-30"),
            ),
            TODAY,
            "2026-09-30",
            id="termination-effective-wins",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2025-12-31"),
                tacit_renewal_months=12,
                notice_given_on=d("2026-03-01"),
            ),
            d("2027-02-01"),
            "2026-12-31",
            id="notice-given-stops-renewal",
        ),
        pytest.param(
            ContractTerms(term_end=d("2025-06-30"), tacit_renewal_months=12, ended=True),
            TODAY,
            "2025-06-30",
            id="ended-does-not-roll",
        ),
    ],
)
def test_current_term_end(terms, today, expected):
    assert current_term_end(terms, today=today) == (d(expected) if expected else None)


OPTIONS = (
    OptionTerms(id=1, length_months=12, exercise_by=d("2025-09-30"), state=OptionState.USED),
    OptionTerms(id=2, length_months=12, exercise_by=d("2027-09-30"), state=OptionState.UNUSED),
    OptionTerms(id=3, length_months=12, exercise_by=d("2026-06-30"), state=OptionState.LAPSED),
    # Unused but its exercise date has passed: overdue, and no longer extends the final end.
    OptionTerms(id=4, length_months=6, exercise_by=d("2026-10-31"), state=OptionState.UNUSED),
    OptionTerms(id=5, length_months=6, exercise_by=None, state=OptionState.UNUSED),
)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        pytest.param(ContractTerms(options=OPTIONS), None, id="open-ended"),
        pytest.param(ContractTerms(term_end=d("2027-12-31")), "2027-12-31", id="no-options"),
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), options=OPTIONS), "2029-06-30", id="options"
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"),
                options=OPTIONS,
                notice_given_on=d("2026-08-01"),
                termination_effective=d("2027-12-31"),
            ),
            "2027-12-31",
            id="winding-down",
        ),
    ],
)
def test_final_end(terms, expected):
    assert final_end(terms, today=TODAY) == (d(expected) if expected else None)


# --- notice -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "today", "expected"),
    [
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), notice_months=3),
            TODAY,
            notice("2027-09-30", "2027-12-31"),
            id="plain",
        ),
        pytest.param(ContractTerms(term_end=d("2027-12-31")), TODAY, None, id="no-notice-terms"),
        pytest.param(
            ContractTerms(
                term_end=d("2027-11-15"), notice_months=3, notice_to_end_of=PeriodEnd.QUARTER
            ),
            TODAY,
            notice("2027-06-30", "2027-09-30"),
            id="end-of-quarter",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2028-06-30"), notice_months=6, notice_to_end_of=PeriodEnd.YEAR
            ),
            TODAY,
            notice("2027-06-30", "2027-12-31"),
            id="end-of-year",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-11-15"), notice_months=2, notice_to_end_of=PeriodEnd.MONTH
            ),
            TODAY,
            notice("2027-08-31", "2027-10-31"),
            id="end-of-month",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"),
                notice_months=3,
                tacit_renewal_months=12,
                irrevocable_until=d("2028-06-30"),
            ),
            TODAY,
            # 2027-12-31 is before irrevocable_until, so the next term; 30 Sep 2028 is a Saturday.
            notice("2028-09-29", "2028-12-31", nominal="2028-09-30"),
            id="irrevocable-with-renewal",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"),
                notice_months=3,
                tacit_renewal_months=3,
                notice_to_end_of=PeriodEnd.YEAR,
                irrevocable_until=d("2029-06-30"),
            ),
            TODAY,
            notice("2029-09-28", "2029-12-31", nominal="2029-09-30"),
            id="irrevocable-with-renewal-and-year-rule",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"), notice_months=3, irrevocable_until=d("2028-06-30")
            ),
            TODAY,
            None,
            id="irrevocable-without-renewal",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"), notice_months=3, irrevocable_until=d("2027-12-31")
            ),
            TODAY,
            notice("2027-09-30", "2027-12-31"),
            id="irrevocable-until-term-end",
        ),
        pytest.param(
            ContractTerms(term_end=d("2025-06-30"), notice_months=3, tacit_renewal_months=12),
            TODAY,
            notice("2027-03-31", "2027-06-30"),
            id="renewed-twice",
        ),
        pytest.param(
            ContractTerms(term_end=d("2026-12-31"), notice_months=3, tacit_renewal_months=12),
            TODAY,
            notice("2026-09-30", "2026-12-31"),
            id="overdue-until-term-end-passes",
        ),
        pytest.param(
            ContractTerms(term_end=d("2026-12-31"), notice_months=3, tacit_renewal_months=12),
            d("2027-01-01"),
            notice("2027-09-30", "2027-12-31"),
            id="rolled-after-term-end",
        ),
        pytest.param(
            ContractTerms(term_end=d("2026-06-30"), notice_months=3),
            TODAY,
            None,
            id="term-over-without-renewal",
        ),
        pytest.param(
            ContractTerms(term_end=d("2028-01-31"), notice_months=3),
            TODAY,
            notice("2027-10-29", "2028-01-31", nominal="2027-10-31"),
            id="sunday",
        ),
        pytest.param(
            ContractTerms(term_end=d("2027-06-29"), notice_months=3),
            TODAY,
            notice("2027-03-24", "2027-06-29", nominal="2027-03-29"),
            id="easter-monday",
        ),
        pytest.param(
            ContractTerms(term_end=d("2028-03-25"), notice_months=3),
            TODAY,
            notice("2027-12-24", "2028-03-25", nominal="2027-12-25"),
            id="christmas-day-2027",
        ),
        pytest.param(
            ContractTerms(term_end=d("2029-03-25"), notice_months=3),
            TODAY,
            notice("2028-12-22", "2029-03-25", nominal="2028-12-25"),
            id="christmas-day-2028",
        ),
        pytest.param(
            ContractTerms(term_end=d("2028-02-29"), notice_months=12),
            TODAY,
            notice("2027-02-26", "2028-02-29", nominal="2027-02-28"),
            id="term-end-29-february",
        ),
        pytest.param(
            ContractTerms(term_end=d("2028-02-29"), notice_months=1, tacit_renewal_months=12),
            d("2029-01-10"),
            notice("2029-01-31", "2029-02-28"),
            id="renewed-from-29-february",
        ),
        pytest.param(
            ContractTerms(notice_months=3),
            TODAY,
            None,
            id="open-ended-no-rule",
        ),
        pytest.param(
            ContractTerms(notice_months=3, irrevocable_until=d("2027-06-30")),
            TODAY,
            notice("2027-03-31", "2027-06-30"),
            id="open-ended-no-rule-irrevocable",
        ),
        pytest.param(
            ContractTerms(notice_months=3, irrevocable_until=d("2027-01-31")),
            TODAY,
            None,
            id="open-ended-no-rule-irrevocable-too-late",
        ),
        pytest.param(
            # Nominal Sunday 29 Nov moves to Friday 27 Nov; on Saturday the user must act today.
            ContractTerms(notice_months=1, irrevocable_until=d("2026-12-29")),
            d("2026-11-28"),
            notice("2026-11-27", "2026-12-29", nominal="2026-11-29"),
            id="open-ended-no-rule-moved-before-today",
        ),
        pytest.param(
            ContractTerms(notice_months=3, notice_to_end_of=PeriodEnd.QUARTER),
            TODAY,
            notice("2026-12-31", "2027-03-31"),
            id="open-ended-quarter",
        ),
        pytest.param(
            ContractTerms(notice_months=1, notice_to_end_of=PeriodEnd.MONTH),
            TODAY,
            notice("2026-11-30", "2026-12-31"),
            id="open-ended-month",
        ),
        pytest.param(
            ContractTerms(notice_months=1, notice_to_end_of=PeriodEnd.MONTH),
            d("2026-11-30"),
            notice("2026-11-30", "2026-12-31"),
            id="open-ended-month-last-day",
        ),
        pytest.param(
            ContractTerms(notice_months=1, notice_to_end_of=PeriodEnd.MONTH),
            d("2027-01-30"),
            notice("2027-01-29", "2027-02-28", nominal="2027-01-31"),
            id="open-ended-month-clamped-and-moved",
        ),
        pytest.param(
            ContractTerms(notice_months=6, notice_to_end_of=PeriodEnd.YEAR),
            TODAY,
            notice("2027-06-30", "2027-12-31"),
            id="open-ended-year",
        ),
        pytest.param(
            ContractTerms(
                notice_months=3,
                notice_to_end_of=PeriodEnd.QUARTER,
                irrevocable_until=d("2028-01-15"),
            ),
            TODAY,
            notice("2027-12-31", "2028-03-31"),
            id="open-ended-quarter-irrevocable",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"), notice_months=3, notice_given_on=d("2026-09-01")
            ),
            TODAY,
            None,
            id="notice-given",
        ),
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), notice_months=3, ended=True),
            TODAY,
            None,
            id="ended",
        ),
    ],
)
def test_notice_deadline(terms, today, expected):
    assert notice_deadline(terms, today=today) == expected


# --- all deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "today", "expected"),
    [
        pytest.param(ContractTerms(), TODAY, [], id="empty"),
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), notice_months=3, options=OPTIONS),
            TODAY,
            [
                option(1, "2025-09-30", done=True),
                option(3, "2026-06-30", done=True),
                option(4, "2026-10-30", nominal="2026-10-31"),  # overdue, Saturday moved
                notice("2027-09-30", "2027-12-31"),
                option(2, "2027-09-30"),
                dated(DeadlineKind.TERM_END, "2027-12-31"),
                dated(DeadlineKind.REPROCUREMENT_START, "2028-06-30"),
                dated(DeadlineKind.FINAL_END, "2029-06-30"),  # options 2 and 5: 18 months
            ],
            id="options",
        ),
        pytest.param(
            ContractTerms(term_end=d("2025-06-30"), notice_months=3, tacit_renewal_months=12),
            TODAY,
            [
                notice("2027-03-31", "2027-06-30"),
                # 12 months before this term end is past: counted from the next reachable one.
                dated(DeadlineKind.REPROCUREMENT_START, "2027-06-30"),
                dated(DeadlineKind.TERM_END, "2027-06-30"),
            ],
            id="tacit-renewal",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"),
                notice_months=3,
                tacit_renewal_months=12,
                options=OPTIONS,
                notice_given_on=d("2026-09-01"),
                termination_effective=d("2027-12-31"),
            ),
            TODAY,
            [
                option(1, "2025-09-30", done=True),
                option(3, "2026-06-30", done=True),
                dated(DeadlineKind.TERM_END, "2027-12-31"),
            ],
            id="notice-given",
        ),
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), notice_given_on=d("2026-09-01")),
            TODAY,
            [dated(DeadlineKind.TERM_END, "2027-12-31")],
            id="notice-given-without-termination-date",
        ),
        pytest.param(
            ContractTerms(
                notice_months=3,
                notice_given_on=d("2026-09-01"),
                termination_effective=d("2026-12-31"),
                price_regulation_date=d("2020-01-01"),
                dpa_next_inspection=d("2026-12-01"),
            ),
            TODAY,
            [
                dated(DeadlineKind.DPA_INSPECTION, "2026-12-01"),
                dated(DeadlineKind.TERM_END, "2026-12-31"),
                # The regulation on 1 Jan 2027 falls after the termination: none.
            ],
            id="open-ended-notice-given",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2026-06-30"),
                notice_months=3,
                options=OPTIONS,
                price_regulation_date=d("2020-01-01"),
                dpa_next_inspection=d("2026-12-01"),
                milestones=(
                    MilestoneTerms(1, "go_live", "Go-live", d("2025-03-01"), d("2025-03-03")),
                    MilestoneTerms(2, "warranty_end", "Warranty", d("2026-09-01"), None),
                ),
                ended=True,
            ),
            TODAY,
            [
                dated(DeadlineKind.MILESTONE, "2025-03-01", source_id=1, done=True),
                option(1, "2025-09-30", done=True),
                option(3, "2026-06-30", done=True),
                dated(DeadlineKind.TERM_END, "2026-06-30", done=True),
                dated(DeadlineKind.WARRANTY_END, "2026-09-01", source_id=2, done=True),
            ],
            id="ended",
        ),
        pytest.param(
            # A warranty still running after the contract ended is kept open: claims go on.
            ContractTerms(
                term_end=d("2026-06-30"),
                milestones=(MilestoneTerms(2, "warranty_end", "Warranty", d("2027-03-01"), None),),
                ended=True,
            ),
            TODAY,
            [
                dated(DeadlineKind.TERM_END, "2026-06-30", done=True),
                dated(DeadlineKind.WARRANTY_END, "2027-03-01", source_id=2),
            ],
            id="ended-with-warranty-running",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-12-31"),
                tacit_renewal_months=12,
                termination_effective=d("2026-09-30"),
                ended=True,
            ),
            TODAY,
            [dated(DeadlineKind.TERM_END, "2026-09-30", done=True)],
            id="ended-with-termination-date",
        ),
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), reprocurement_lead_months=18),
            TODAY,
            [
                dated(DeadlineKind.REPROCUREMENT_START, "2026-06-30"),
                dated(DeadlineKind.TERM_END, "2027-12-31"),
            ],
            id="reprocurement-lead",
        ),
        pytest.param(
            ContractTerms(term_end=d("2027-12-31"), reprocurement_lead_months=0),
            TODAY,
            [
                dated(DeadlineKind.REPROCUREMENT_START, "2027-12-31"),
                dated(DeadlineKind.TERM_END, "2027-12-31"),
            ],
            id="reprocurement-no-lead",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2025-06-30"), tacit_renewal_months=12, reprocurement_lead_months=6
            ),
            TODAY,
            [
                dated(DeadlineKind.REPROCUREMENT_START, "2026-12-31"),
                dated(DeadlineKind.TERM_END, "2027-06-30"),
            ],
            id="reprocurement-with-renewal",
        ),
        pytest.param(
            # Runs 9 months with a 12-month lead: re-procure from the first day, not 3 months
            # before the contract began.
            ContractTerms(
                start=d("2026-10-01"), term_end=d("2027-06-30"), reprocurement_lead_months=12
            ),
            TODAY,
            [
                dated(DeadlineKind.REPROCUREMENT_START, "2026-10-01"),
                dated(DeadlineKind.TERM_END, "2027-06-30"),
            ],
            id="reprocurement-not-before-the-start",
        ),
        pytest.param(
            ContractTerms(dpa_next_inspection=d("2026-01-15")),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2026-01-15")],
            id="dpa-overdue",
        ),
        pytest.param(
            # Concluded 31 Jan 2024, inspected every 12 months: the next falls on 31 Jan 2027.
            ContractTerms(dpa_date=d("2024-01-31"), dpa_oversight_interval_months=12),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2027-01-31")],
            id="dpa-rhythm",
        ),
        pytest.param(
            # Every 5 months from 31 Aug 2026: 31 Jan 2027 (month-end arithmetic), not 28 Jan.
            ContractTerms(dpa_date=d("2026-08-31"), dpa_oversight_interval_months=5),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2027-01-31")],
            id="dpa-rhythm-month-end",
        ),
        pytest.param(
            # Today itself is in the rhythm; a date recorded for the next inspection wins.
            ContractTerms(dpa_date=d("2025-11-27"), dpa_oversight_interval_months=12),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2026-11-27")],
            id="dpa-rhythm-today",
        ),
        pytest.param(
            # Concluded today, or later: the first inspection is one interval on.
            ContractTerms(dpa_date=TODAY, dpa_oversight_interval_months=12),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2027-11-27")],
            id="dpa-rhythm-concluded-today",
        ),
        pytest.param(
            ContractTerms(dpa_date=d("2027-01-01"), dpa_oversight_interval_months=6),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2027-07-01")],
            id="dpa-rhythm-concluded-later",
        ),
        pytest.param(
            ContractTerms(
                dpa_date=d("2024-01-31"),
                dpa_oversight_interval_months=12,
                dpa_next_inspection=d("2026-12-15"),
            ),
            TODAY,
            [dated(DeadlineKind.DPA_INSPECTION, "2026-12-15")],
            id="dpa-next-inspection-wins",
        ),
        pytest.param(
            # Past the final end there is no inspection to plan.
            ContractTerms(
                start=d("2024-01-01"),
                term_end=d("2027-01-15"),
                dpa_date=d("2024-01-31"),
                dpa_oversight_interval_months=12,
                reprocurement_lead_months=0,
            ),
            TODAY,
            [
                dated(DeadlineKind.REPROCUREMENT_START, "2027-01-15"),
                dated(DeadlineKind.TERM_END, "2027-01-15"),
            ],
            id="dpa-rhythm-after-final-end",
        ),
        pytest.param(
            ContractTerms(
                milestones=(
                    MilestoneTerms(
                        1, "acceptance_test", "Acceptance", d("2026-03-01"), d("2026-02-27")
                    ),
                    MilestoneTerms(2, "go_live", "Go-live", d("2026-12-01"), None),
                    MilestoneTerms(3, "warranty_end", "Warranty", d("2027-12-01"), None),
                    MilestoneTerms(4, "custom", "Not yet planned", None, None),
                )
            ),
            TODAY,
            [
                dated(DeadlineKind.MILESTONE, "2026-03-01", source_id=1, done=True),
                dated(DeadlineKind.MILESTONE, "2026-12-01", source_id=2),
                dated(DeadlineKind.WARRANTY_END, "2027-12-01", source_id=3),
            ],
            id="milestones",
        ),
    ],
)
def test_compute_deadlines(terms, today, expected):
    assert compute_deadlines(terms, today=today) == expected


@pytest.mark.parametrize(
    ("terms", "today", "expected"),
    [
        pytest.param(
            ContractTerms(price_regulation_date=d("2020-03-01")), TODAY, ["2027-03-01"], id="next"
        ),
        pytest.param(
            ContractTerms(price_regulation_date=d("2020-03-01")),
            d("2026-03-01"),
            ["2026-03-01"],
            id="today",
        ),
        pytest.param(
            ContractTerms(price_regulation_date=d("2028-01-01")),
            TODAY,
            ["2028-01-01"],
            id="first-regulation-ahead",
        ),
        pytest.param(
            ContractTerms(price_regulation_date=d("2024-02-29")),
            TODAY,
            ["2027-02-28"],
            id="29-feb-common-year",
        ),
        pytest.param(
            ContractTerms(price_regulation_date=d("2024-02-29")),
            d("2027-03-01"),
            ["2028-02-29"],
            id="29-feb-leap-year",
        ),
        pytest.param(
            ContractTerms(term_end=d("2027-01-31"), price_regulation_date=d("2020-03-01")),
            TODAY,
            [],
            id="after-term-end",
        ),
        pytest.param(
            ContractTerms(
                term_end=d("2027-01-31"),
                price_regulation_date=d("2020-03-01"),
                options=(OptionTerms(7, 12, d("2026-12-31"), OptionState.UNUSED),),
            ),
            TODAY,
            ["2027-03-01"],
            id="within-final-end",
        ),
        pytest.param(
            ContractTerms(price_regulation_date=d("2020-03-01"), ended=True),
            TODAY,
            [],
            id="ended",
        ),
    ],
)
def test_price_regulation(terms, today, expected):
    deadlines = compute_deadlines(terms, today=today)
    assert of_kind(deadlines, DeadlineKind.PRICE_REGULATION) == [
        dated(DeadlineKind.PRICE_REGULATION, due) for due in expected
    ]


def test_dpa_inspection_dropped_when_ended():
    terms = ContractTerms(dpa_next_inspection=d("2026-01-15"), ended=True)
    assert compute_deadlines(terms, today=TODAY) == []


def test_compute_deadlines_is_deterministic():
    terms = ContractTerms(
        term_end=d("2025-06-30"),
        notice_months=3,
        notice_to_end_of=PeriodEnd.QUARTER,
        tacit_renewal_months=12,
        options=OPTIONS,
        price_regulation_date=d("2020-03-01"),
        dpa_next_inspection=d("2027-02-01"),
    )
    first = compute_deadlines(terms, today=TODAY)
    assert compute_deadlines(terms, today=TODAY) == first
    assert first == sorted(first, key=lambda deadline: (deadline.due, deadline.kind))


@pytest.fixture
def english():
    # Run without pytest-django the settings may not exist; translations then fall back to the
    # source strings, which is what this test checks.
    if not settings.configured:
        settings.configure(USE_I18N=False)
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_every_kind_has_a_label():
    assert {kind: str(kind.label) for kind in DeadlineKind} == {
        DeadlineKind.NOTICE: "Last day to give notice",
        DeadlineKind.OPTION_EXERCISE: "Last day to exercise option",
        DeadlineKind.TERM_END: "End of contract term",
        DeadlineKind.FINAL_END: "Final end including options",
        DeadlineKind.PRICE_REGULATION: "Price regulation",
        DeadlineKind.DPA_INSPECTION: "Data processing agreement inspection",
        DeadlineKind.MILESTONE: "Milestone",
        DeadlineKind.WARRANTY_END: "End of warranty period",
        DeadlineKind.REPROCUREMENT_START: "Start re-procurement",
    }


@pytest.mark.parametrize(
    ("terms", "given_on", "earliest", "checks"),
    [
        pytest.param(
            # The engine's own last day to give notice for a term ending 30 May 2029 is
            # 28 February: notice given that day reaches 30 May.
            ContractTerms(term_end=d("2029-05-30"), notice_months=3),
            "2029-02-28",
            "2029-05-28",
            {"2029-05-30": True, "2029-05-27": False},
            id="engine-deadline-reaches-its-term-end",
        ),
        pytest.param(
            ContractTerms(notice_months=3, notice_to_end_of=PeriodEnd.MONTH),
            "2026-11-20",
            "2027-02-28",
            {"2027-01-31": False, "2027-03-15": False, "2027-03-31": True},
            id="to-the-end-of-a-month",
        ),
        pytest.param(
            # From 31 January, one month reaches the end of February, not 28 February only.
            ContractTerms(notice_months=1),
            "2027-01-31",
            "2027-02-28",
            {"2027-02-27": False},
            id="month-end-arithmetic",
        ),
        pytest.param(
            ContractTerms(notice_months=3, notice_to_end_of=PeriodEnd.QUARTER),
            "2026-10-01",
            "2027-03-31",
            {"2026-12-31": False, "2027-06-30": True},
            id="to-the-end-of-a-quarter",
        ),
        pytest.param(ContractTerms(), "2026-10-01", None, {"2026-10-02": True}, id="no-period"),
    ],
)
def test_notice_reaches_only_what_the_notice_period_allows(terms, given_on, earliest, checks):
    assert earliest_termination(terms, given_on=d(given_on)) == (earliest and d(earliest))
    for effective, allowed in checks.items():
        assert notice_reaches(terms, given_on=d(given_on), effective=d(effective)) is allowed
