"""Deadline engine: a pure function from a contract's terms to its dated deadlines.

The engine has no database access and never reads the clock: callers pass ``today``. A service
stores the result in an indexed table whenever a contract changes, and the daily job recomputes
every contract (about 100,000), so the hot paths avoid rebuilding anything per call (the Danish
holiday calendar is cached per year).

Product decisions (the rules the dashboard, the scans and the users rely on):

Month arithmetic
    ``add_months`` preserves month ends: if the day is the last day of its month, the result is
    the last day of the result month (30 Sep + 3 = 31 Dec; 29 Feb 2028 - 12 = 28 Feb 2027),
    otherwise the day is clamped to the result month (31 Jan + 1 = 28/29 Feb).

Working days
    A working day is Monday to Friday and not a Danish public holiday (``holidays.Denmark``, public
    category only: Christmas Eve, New Year's Eve and Constitution Day are working days). A notice or
    option deadline that falls on a non-working day moves to the *previous* working day, because
    acting late forfeits the right; ``Deadline.nominal`` keeps the contractual date. For NOTICE and
    OPTION_EXERCISE ``nominal`` is always set (equal to ``due`` when nothing moved).

Current term end
    ``term_end`` is None for open-ended (tidsubegrænsede) contracts. With tacit renewal of R months
    the current term end is the smallest ``add_months(term_end, k * R)`` (k >= 0, always from the
    original term end so month ends do not drift) that is on or after today. Without renewal it is
    ``term_end`` itself, even if past. Once notice is given the contract stops renewing: if
    ``termination_effective`` is set it *is* the term end, otherwise the term rolls only up to the
    date notice was given. An ended contract never rolls: its term end is ``termination_effective``
    or, failing that, the stored ``term_end``.

Winding down
    A contract is winding down once notice is given or a termination date is set. It then gets
    no notice, open option, final-end or re-procurement deadlines; TERM_END is the termination date.

Notice (only with ``notice_months`` set, not winding down, not ended)
    Fixed term: the notice takes effect at E = the last period end (month/quarter/year, or the term
    end itself without a rule) on or before the current term end. If E is before
    ``irrevocable_until`` the next renewed term is tried (bounded search); without renewal there is
    no notice deadline. The nominal deadline is E - N months. A deadline that is already past while
    its term end is still ahead is returned as overdue: renewal rolls only when the term end passes.
    A term end in the past without renewal yields no notice deadline (the term is over).
    Open-ended without a rule: notice can be given any day, so there is a deadline only while the
    irrevocable period still binds (irrevocable_until - N months, if that is not yet past).
    Open-ended with a rule: the next opportunity, i.e. the first period end E on or after
    ``irrevocable_until`` whose nominal deadline E - N months is today or later. If that nominal
    date moves back to a working day before today it is still returned (act today).

Options
    Every option with an exercise date yields OPTION_EXERCISE: unused ones are open (even when past,
    i.e. overdue), used and lapsed ones are done and kept for the timeline. Open options are dropped
    when the contract is winding down or ended.

Final end
    Current term end plus the lengths of unused options that can still be exercised (no exercise
    date, or one on or after today). FINAL_END is produced only when it differs from the term end;
    open-ended contracts have none.

Re-procurement start
    Final end (or term end) minus ``reprocurement_lead_months`` for fixed-term contracts. For a
    tacitly renewed contract it is counted from the first term end that can still be reached
    (start >= today), so it never sits overdue for ever when the lead time exceeds the renewal
    period. Never before the contract's start: a contract shorter than the lead time is
    re-procured from its first day. Not when winding down or ended.

Price regulation
    The next anniversary of ``price_regulation_date`` on or after today (never before the first
    regulation date; 29 Feb falls on 28 Feb in other years), only if it is on or before the final
    end (no limit when open-ended). Not when ended.

DPA inspection
    ``dpa_next_inspection`` as is, even when overdue. Without it, the first date on or after
    today in the oversight rhythm: ``dpa_date`` plus one or more times
    ``dpa_oversight_interval_months``, only if on or before the final end. (With no inspections
    recorded the rhythm cannot tell a missed one: it moves on to the next.) Not when ended.

Milestones
    Every milestone with a due date: kind "warranty_end" gives WARRANTY_END, others MILESTONE; done
    when met. An ended contract keeps only met milestones.

Ended contracts
    Only TERM_END (done), used/lapsed options, met milestones and the warranty end remain: a
    warranty outlives the contract (claims can be made until it ends), and is done once passed.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import holidays
from dateutil.relativedelta import relativedelta
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Bounds the search for a renewed term whose notice respects irrevocable_until: 200 renewals is
# far beyond any real contract, yet keeps bad data (e.g. a year 9999 date) from looping forever.
_MAX_RENEWAL_STEPS = 200
_WARRANTY_END_MILESTONE = "warranty_end"


class PeriodEnd(StrEnum):
    """Notice may only take effect at the end of this period ("til udgangen af ...")."""

    NONE = ""
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class DeadlineKind(StrEnum):
    """What a deadline is about; stored as its value."""

    NOTICE = "notice"
    OPTION_EXERCISE = "option_exercise"
    TERM_END = "term_end"
    FINAL_END = "final_end"
    PRICE_REGULATION = "price_regulation"
    DPA_INSPECTION = "dpa_inspection"
    MILESTONE = "milestone"
    WARRANTY_END = "warranty_end"
    REPROCUREMENT_START = "reprocurement_start"

    @property
    def label(self) -> Promise:
        return _KIND_LABELS[self]


_KIND_LABELS: dict[DeadlineKind, Promise] = {
    DeadlineKind.NOTICE: _("Last day to give notice"),
    DeadlineKind.OPTION_EXERCISE: _("Last day to exercise option"),
    DeadlineKind.TERM_END: _("End of contract term"),
    DeadlineKind.FINAL_END: _("Final end including options"),
    DeadlineKind.PRICE_REGULATION: _("Price regulation"),
    DeadlineKind.DPA_INSPECTION: _("Data processing agreement inspection"),
    DeadlineKind.MILESTONE: _("Milestone"),
    DeadlineKind.WARRANTY_END: _("End of warranty period"),
    DeadlineKind.REPROCUREMENT_START: _("Start re-procurement"),
}


class OptionState(StrEnum):
    UNUSED = "unused"
    USED = "used"
    LAPSED = "lapsed"


@dataclass(frozen=True, slots=True)
class OptionTerms:
    id: int | None
    length_months: int
    exercise_by: date | None
    state: OptionState


@dataclass(frozen=True, slots=True)
class MilestoneTerms:
    id: int | None
    kind: str  # acceptance_test, operation_test, go_live, warranty_end or custom
    name: str
    due: date | None
    met_on: date | None


@dataclass(frozen=True, slots=True)
class ContractTerms:
    start: date | None = None
    term_end: date | None = None  # None = open-ended; already includes used options
    irrevocable_until: date | None = None  # no notice may take effect before this date
    notice_months: int | None = None
    notice_to_end_of: PeriodEnd = PeriodEnd.NONE
    tacit_renewal_months: int | None = None  # None or 0 = no tacit renewal
    options: tuple[OptionTerms, ...] = ()
    price_regulation_date: date | None = None  # recurs yearly on this month and day
    dpa_next_inspection: date | None = None
    dpa_date: date | None = None  # concluded on; with the interval, the rhythm of inspections
    dpa_oversight_interval_months: int | None = None
    milestones: tuple[MilestoneTerms, ...] = ()
    notice_given_on: date | None = None
    termination_effective: date | None = None
    ended: bool = False  # expired or terminated: nothing more to do
    reprocurement_lead_months: int = 12


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: DeadlineKind
    due: date
    source_id: int | None = None  # the option's or milestone's id
    effective: date | None = None  # NOTICE: the date the notice takes effect
    done: bool = False
    nominal: date | None = None  # NOTICE/OPTION_EXERCISE: the contractual date before moving


# --- calendar helpers -------------------------------------------------------------------------


# The batch job adds the same few months to the same few thousand dates over and over, and
# relativedelta is slow enough to dominate a 100,000-contract run; the cache makes it cheap.
@functools.lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """Add (or subtract) months, keeping the last day of a month on the last day of a month."""
    result = day + relativedelta(months=months)
    if day.day == _days_in_month(day):
        return _last_day_of_month(result)
    return result


def _days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _last_day_of_month(day: date) -> date:
    return day.replace(day=_days_in_month(day))


def period_end_on_or_before(day: date, rule: PeriodEnd) -> date:
    """The last end of a month/quarter/year on or before ``day`` (``day`` itself for no rule)."""
    if rule == PeriodEnd.NONE:
        return day
    end = next_period_end_on_or_after(day, rule)
    if end == day:
        return day
    months_back = {PeriodEnd.MONTH: 1, PeriodEnd.QUARTER: 3, PeriodEnd.YEAR: 12}[PeriodEnd(rule)]
    return add_months(end, -months_back)


def next_period_end_on_or_after(day: date, rule: PeriodEnd) -> date:
    """The first end of a month/quarter/year on or after ``day`` (``day`` itself for no rule)."""
    match rule:
        case PeriodEnd.NONE:
            return day
        case PeriodEnd.MONTH:
            return _last_day_of_month(day)
        case PeriodEnd.QUARTER:
            quarter_end_month = (day.month + 2) // 3 * 3
            return _last_day_of_month(date(day.year, quarter_end_month, 1))
        case PeriodEnd.YEAR:
            return date(day.year, 12, 31)
    raise ValueError(f"Unknown period end rule: {rule!r}")


@functools.cache
def _danish_public_holidays(year: int) -> frozenset[date]:
    # Building a holidays calendar is slow (Easter computus, name lookups); the batch job asks
    # for the same few years 100,000 times.
    return frozenset(holidays.Denmark(years=year))


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _danish_public_holidays(day.year)


def previous_working_day(day: date) -> date:
    """``day`` if it is a Danish working day, otherwise the closest working day before it."""
    while not _is_working_day(day):
        day -= timedelta(days=1)
    return day


def _anniversary_on_or_after(first: date, today: date) -> date:
    """The first yearly recurrence of ``first`` on or after ``today``, never before ``first``."""
    if first >= today:
        return first
    candidate = _same_day_in_year(first, today.year)
    if candidate < today:
        candidate = _same_day_in_year(first, today.year + 1)
    return candidate


def _in_rhythm_on_or_after(first: date, months: int, today: date) -> date:
    """The first of first + months, first + 2 * months, ... on or after today (the rhythm
    starts one interval after `first`: an agreement is not inspected the day it is made)."""
    elapsed = (today.year - first.year) * 12 + today.month - first.month
    step = max(elapsed // months, 1)
    day = add_months(first, step * months)
    while day < today:
        step += 1
        day = add_months(first, step * months)
    return day


def _same_day_in_year(day: date, year: int) -> date:
    # Always from the original date, so 29 Feb comes back in leap years (28 Feb in the others).
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


# --- term end ---------------------------------------------------------------------------------


def _renewal_months(terms: ContractTerms) -> int:
    return terms.tacit_renewal_months or 0


def _is_winding_down(terms: ContractTerms) -> bool:
    return terms.notice_given_on is not None or terms.termination_effective is not None


def _first_renewal_on_or_after(term_end: date, renewal_months: int, day: date) -> int:
    """The smallest k >= 0 with add_months(term_end, k * renewal_months) >= day."""
    months_between = (day.year - term_end.year) * 12 + day.month - term_end.month
    # Start one renewal below the estimate, which ignores the day of the month and may overshoot.
    k = max(0, months_between // renewal_months - 1)
    while add_months(term_end, k * renewal_months) < day:
        k += 1
    return k


def current_term_end(terms: ContractTerms, *, today: date) -> date | None:
    """The end of the running term, after tacit renewals; None for an open-ended contract."""
    if terms.termination_effective is not None:
        return terms.termination_effective
    if terms.term_end is None:
        return None
    renewal = _renewal_months(terms)
    if renewal <= 0 or terms.ended:
        return terms.term_end
    # Notice stops the renewals: the term running when notice was given is the last one.
    rolled_until = terms.notice_given_on or today
    k = _first_renewal_on_or_after(terms.term_end, renewal, rolled_until)
    return add_months(terms.term_end, k * renewal)


def final_end(terms: ContractTerms, *, today: date) -> date | None:
    """Current term end plus unused options that can still be exercised; None if open-ended."""
    return _final_end(terms, current_term_end(terms, today=today), today=today)


def _final_end(terms: ContractTerms, term_end: date | None, *, today: date) -> date | None:
    if term_end is None or terms.ended or _is_winding_down(terms):
        return term_end
    option_months = sum(
        option.length_months
        for option in terms.options
        if option.state == OptionState.UNUSED
        and (option.exercise_by is None or option.exercise_by >= today)
    )
    return add_months(term_end, option_months) if option_months else term_end


# --- notice -----------------------------------------------------------------------------------


def notice_deadline(terms: ContractTerms, *, today: date) -> Deadline | None:
    """The last day to give notice for the next possible termination, or None."""
    return _notice_deadline(terms, current_term_end(terms, today=today), today=today)


def notice_reaches(terms: ContractTerms, *, given_on: date, effective: date) -> bool:
    """Whether notice given on `given_on` can take effect on `effective` under the notice
    period, by the engine's own rule (the last day to give notice for an effective date is the
    notice period before it), and at the end of a month/quarter/year when the terms say so.
    (irrevocable_until is a limit of its own.)"""
    if terms.notice_months is None:
        return True
    if add_months(effective, -terms.notice_months) < given_on:
        return False
    return effective == next_period_end_on_or_after(effective, PeriodEnd(terms.notice_to_end_of))


def earliest_termination(terms: ContractTerms, *, given_on: date) -> date | None:
    """The first day on which notice given on `given_on` can take effect (notice_reaches), or
    None when the terms name no notice period."""
    if terms.notice_months is None:
        return None
    # A few days early: month-end arithmetic can make a day before given_on + period qualify.
    day = add_months(given_on, terms.notice_months) - timedelta(days=3)
    while not notice_reaches(terms, given_on=given_on, effective=day):
        day += timedelta(days=1)
    return day


def _notice(effective: date, notice_months: int) -> Deadline:
    nominal = add_months(effective, -notice_months)
    return Deadline(
        kind=DeadlineKind.NOTICE,
        due=previous_working_day(nominal),
        effective=effective,
        nominal=nominal,
    )


def _notice_deadline(
    terms: ContractTerms, term_end: date | None, *, today: date
) -> Deadline | None:
    if terms.notice_months is None or terms.ended or _is_winding_down(terms):
        return None
    if terms.term_end is None:
        return _open_ended_notice_deadline(terms, today=today)
    if term_end is None or term_end < today:
        return None  # the term is over without renewal: nothing left to give notice for
    rule = terms.notice_to_end_of
    irrevocable_until = terms.irrevocable_until
    effective = period_end_on_or_before(term_end, rule)
    if irrevocable_until is None or effective >= irrevocable_until:
        return _notice(effective, terms.notice_months)
    renewal = _renewal_months(terms)
    if renewal <= 0:
        return None
    # Terms ending before irrevocable_until cannot qualify, so start the search there.
    k = _first_renewal_on_or_after(terms.term_end, renewal, max(today, irrevocable_until))
    for step in range(k, k + _MAX_RENEWAL_STEPS):
        effective = period_end_on_or_before(add_months(terms.term_end, step * renewal), rule)
        if effective >= irrevocable_until:
            return _notice(effective, terms.notice_months)
    return None


def _open_ended_notice_deadline(terms: ContractTerms, *, today: date) -> Deadline | None:
    notice_months = terms.notice_months
    assert notice_months is not None
    rule = terms.notice_to_end_of
    irrevocable_until = terms.irrevocable_until
    if rule == PeriodEnd.NONE:
        # Notice can be given any day; only the end of the irrevocable period is worth a date.
        if irrevocable_until is None:
            return None
        if add_months(irrevocable_until, -notice_months) < today:
            return None
        return _notice(irrevocable_until, notice_months)
    earliest = add_months(today, notice_months)
    if irrevocable_until is not None:
        earliest = max(earliest, irrevocable_until)
    effective = next_period_end_on_or_after(earliest, rule)
    # Month-end clamping can put E - N months just before today; the next period end then fits.
    for _step in range(_MAX_RENEWAL_STEPS):
        if add_months(effective, -notice_months) >= today:
            return _notice(effective, notice_months)
        effective = next_period_end_on_or_after(effective + timedelta(days=1), rule)
    return None


# --- all deadlines ----------------------------------------------------------------------------


def _option_deadlines(terms: ContractTerms, *, include_open: bool) -> list[Deadline]:
    deadlines = []
    for option in terms.options:
        if option.exercise_by is None:
            continue
        done = option.state != OptionState.UNUSED
        if done or include_open:
            deadlines.append(
                Deadline(
                    kind=DeadlineKind.OPTION_EXERCISE,
                    due=previous_working_day(option.exercise_by),
                    source_id=option.id,
                    done=done,
                    nominal=option.exercise_by,
                )
            )
    return deadlines


def _milestone_deadlines(
    terms: ContractTerms, *, include_open: bool, today: date
) -> list[Deadline]:
    deadlines = []
    for milestone in terms.milestones:
        if milestone.due is None:
            continue
        done = milestone.met_on is not None
        warranty = milestone.kind == _WARRANTY_END_MILESTONE
        if warranty and not include_open:
            # A warranty outlives the contract: claims can be made until it ends, and then
            # it is history.
            done = done or milestone.due < today
        if done or include_open or warranty:
            kind = DeadlineKind.WARRANTY_END if warranty else DeadlineKind.MILESTONE
            deadlines.append(
                Deadline(kind=kind, due=milestone.due, source_id=milestone.id, done=done)
            )
    return deadlines


def _reprocurement_start(terms: ContractTerms, last_day: date, *, today: date) -> date:
    """Final end minus the lead time; for a renewing contract, the first term end that can still
    be reached that way (a renewal period shorter than the lead time would otherwise leave it
    overdue forever, although the contract can be left at any later term end)."""
    lead = terms.reprocurement_lead_months
    start = add_months(last_day, -lead)
    renewal = _renewal_months(terms)
    if renewal and terms.term_end is not None:
        k = _first_renewal_on_or_after(terms.term_end, renewal, last_day)
        for _attempt in range(200):
            if start >= today:
                break
            k += 1
            start = add_months(add_months(terms.term_end, k * renewal), -lead)
    # A contract shorter than the lead time is re-procured from its first day, not before it.
    if terms.start is not None and start < terms.start:
        return terms.start
    return start


def compute_deadlines(terms: ContractTerms, *, today: date) -> list[Deadline]:
    """All dated deadlines of a contract as of ``today``, sorted by (due, kind)."""
    term_end = current_term_end(terms, today=today)
    winding_down = _is_winding_down(terms)
    deadlines: list[Deadline] = []
    if term_end is not None:
        deadlines.append(Deadline(kind=DeadlineKind.TERM_END, due=term_end, done=terms.ended))
    deadlines += _option_deadlines(terms, include_open=not terms.ended and not winding_down)
    deadlines += _milestone_deadlines(terms, include_open=not terms.ended, today=today)

    if not terms.ended:
        notice = _notice_deadline(terms, term_end, today=today)
        if notice is not None:
            deadlines.append(notice)

        last_day = _final_end(terms, term_end, today=today)
        if last_day is not None and last_day != term_end:
            deadlines.append(Deadline(kind=DeadlineKind.FINAL_END, due=last_day))
        if last_day is not None and not winding_down:
            deadlines.append(
                Deadline(
                    kind=DeadlineKind.REPROCUREMENT_START,
                    due=_reprocurement_start(terms, last_day, today=today),
                )
            )
        if terms.price_regulation_date is not None:
            regulation = _anniversary_on_or_after(terms.price_regulation_date, today)
            if last_day is None or regulation <= last_day:
                deadlines.append(Deadline(kind=DeadlineKind.PRICE_REGULATION, due=regulation))
        if terms.dpa_next_inspection is not None:
            deadlines.append(
                Deadline(kind=DeadlineKind.DPA_INSPECTION, due=terms.dpa_next_inspection)
            )
        elif terms.dpa_date is not None and terms.dpa_oversight_interval_months:
            inspection = _in_rhythm_on_or_after(
                terms.dpa_date, terms.dpa_oversight_interval_months, today
            )
            if last_day is None or inspection <= last_day:
                deadlines.append(Deadline(kind=DeadlineKind.DPA_INSPECTION, due=inspection))

    deadlines.sort(key=lambda deadline: (deadline.due, deadline.kind))
    return deadlines
