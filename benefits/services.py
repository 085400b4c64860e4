"""Writes of benefits realisation: business cases, benefits, measurements, evaluations, statuses."""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config.formats import short_date
from organisations.models import Organisation, User

from .models import (
    BENEFIT_COMPUTED_FIELDS,
    NEGATIVE_MESSAGE,
    Benefit,
    BusinessCase,
    Evaluation,
    EvaluationItem,
    InterimTarget,
    Measurement,
)
from .rules import BenefitStatus, Point, assess, next_measurement_due
from .spreadsheets import ImportCheck, ImportRow, check_measurements

# The stored achievement has 10 digits before the point; a far overshoot is capped, not refused.
ACHIEVEMENT_LIMIT = Decimal("9999999999.99")

# The assessment day alone does not make a row worth writing.
COMPARED_FIELDS = tuple(name for name in BENEFIT_COMPUTED_FIELDS if name != "assessed_on")


# Business cases ---------------------------------------------------------------------------


@transaction.atomic
def business_case_create(
    *,
    organisation: Organisation,
    created_by: User | None,
    contracts: Iterable = (),
    change_note: str = "",
    **fields,
) -> BusinessCase:
    """Create a business case as version 1; its first history record includes its contracts."""
    business_case = BusinessCase(organisation=organisation, version=1, **fields)
    business_case.full_clean()
    _check_contracts(organisation, contracts)
    # Saved without history first so the one "created" record carries the contract links.
    business_case.skip_history_when_saving = True
    business_case.save()
    business_case.contracts.set(contracts)
    del business_case.skip_history_when_saving
    business_case._history_user = created_by
    # The creation's note is optional; pages call a version without one "first version".
    business_case._change_reason = change_note.strip() or None
    business_case.save()
    return business_case


@transaction.atomic
def business_case_update(
    *,
    business_case: BusinessCase,
    changed_by: User | None,
    change_note: str,
    contracts: Iterable | None = None,
    **fields,
) -> BusinessCase:
    """Save a new version: the previous figures stay in the history with the change note."""
    change_note = change_note.strip()
    if not change_note:
        raise ValidationError({"change_note": _("Say what changed and why.")})
    for name, value in fields.items():
        setattr(business_case, name, value)
    business_case.version += 1
    business_case.full_clean()
    if contracts is not None:
        _check_contracts(business_case.organisation, contracts)
        business_case.skip_history_when_saving = True
        business_case.contracts.set(contracts)
        del business_case.skip_history_when_saving
    business_case._history_user = changed_by
    business_case._change_reason = change_note
    business_case.save()
    return business_case


def _check_contracts(organisation: Organisation, contracts: Iterable) -> None:
    if any(contract.organisation_id != organisation.pk for contract in contracts):
        raise ValidationError({"contracts": _("A contract belongs to another organisation.")})


# Benefits ---------------------------------------------------------------------------------


@transaction.atomic
def benefit_create(
    *,
    business_case: BusinessCase,
    created_by: User | None,
    interim_targets: Sequence[Point] = (),
    today: date | None = None,
    **fields,
) -> Benefit:
    benefit = Benefit(
        organisation_id=business_case.organisation_id, business_case=business_case, **fields
    )
    benefit.full_clean()
    _check_plan(benefit, interim_targets)
    benefit._history_user = created_by
    benefit.save()
    _store_interim_targets(benefit, interim_targets)
    return benefit_reassess(benefit=benefit, today=today)


@transaction.atomic
def benefit_update(
    *,
    benefit: Benefit,
    changed_by: User | None,
    interim_targets: Sequence[Point] | None = None,
    today: date | None = None,
    **fields,
) -> Benefit:
    """Change a benefit; the plan may move, so its status is assessed again."""
    fields.pop("business_case", None)
    for name, value in fields.items():
        setattr(benefit, name, value)
    benefit.full_clean()
    if interim_targets is None:
        interim_targets = [target.point for target in _interim_targets_of(benefit)]
    _check_plan(benefit, interim_targets)
    benefit._history_user = changed_by
    benefit.save()
    _store_interim_targets(benefit, interim_targets)
    return benefit_reassess(benefit=benefit, today=today)


@transaction.atomic
def benefit_delete(*, benefit: Benefit, deleted_by: User | None) -> Benefit:
    """Soft delete: the benefit and its measurements stay in the database and the history."""
    benefit.is_deleted = True
    benefit.next_measurement_due = None
    benefit._history_user = deleted_by
    benefit.save()
    return benefit


def _check_plan(benefit: Benefit, interim_targets: Sequence[Point]) -> None:
    """Interim targets lie strictly between the baseline and target dates, one per day.

    The single-field rules (dates in order, target on the better side) were checked by
    full_clean; the plan built here is the rules' own check of the whole.
    """
    days = [point.day for point in interim_targets]
    if len(set(days)) != len(days):
        raise ValidationError({"interim_targets": _("Two interim targets fall on the same day.")})
    outside = sorted(day for day in days if not benefit.baseline_date < day < benefit.target_date)
    if outside:
        raise ValidationError(
            {
                "interim_targets": _(
                    "Interim targets must lie between the baseline date %(baseline)s and the "
                    "target date %(target)s; %(days)s does not."
                )
                % {
                    "baseline": short_date(benefit.baseline_date),
                    "target": short_date(benefit.target_date),
                    "days": ", ".join(short_date(day) for day in outside),
                }
            }
        )
    if not benefit.values_may_be_negative and any(point.value < 0 for point in interim_targets):
        raise ValidationError({"interim_targets": NEGATIVE_MESSAGE})
    try:
        benefit.indicator_plan(tuple(interim_targets))
    except ValueError as error:
        raise ValidationError(str(error)) from error


def _interim_targets_of(benefit: Benefit):
    return InterimTarget.objects.with_scopes_disabled().filter(benefit=benefit)


def _store_interim_targets(benefit: Benefit, interim_targets: Sequence[Point]) -> None:
    existing = {target.target_date: target for target in _interim_targets_of(benefit)}
    wanted = {point.day: point.value for point in interim_targets}
    for day, target in existing.items():
        if day not in wanted:
            target.delete()
        elif target.value != wanted[day]:
            target.value = wanted[day]
            target.save()
    for day, value in wanted.items():
        if day not in existing:
            InterimTarget.objects.with_scopes_disabled().create(
                organisation_id=benefit.organisation_id,
                benefit=benefit,
                target_date=day,
                value=value,
            )


# Status -----------------------------------------------------------------------------------


def _assessed_fields(
    benefit: Benefit, interim: Sequence[Point], measurements: Sequence[Point], today: date
) -> dict:
    """The computed fields of a benefit, from its plan and measurements (pure)."""
    assessment = assess(benefit.indicator_plan(tuple(interim)), measurements, today=today)
    latest = max(measurements, key=lambda point: point.day, default=None)
    status = assessment.status
    # Measured until realised: a realised or withdrawn benefit is due no more measurements.
    if benefit.is_deleted or status is BenefitStatus.REALISED:
        due = None
    else:
        due = next_measurement_due(
            latest.day if latest else None,
            benefit.baseline_date,
            benefit.measurement_frequency_months,
        )
    achieved = assessment.achievement
    if achieved is not None:
        achieved = max(-ACHIEVEMENT_LIMIT, min(ACHIEVEMENT_LIMIT, achieved))
    changed_status = status.value != benefit.status or benefit.status_since is None
    return {
        "status": status.value,
        "status_since": today if changed_status else benefit.status_since,
        "achievement": achieved,
        "trend": assessment.trend.value,
        "latest_value": latest.value if latest else None,
        "latest_measured_on": latest.day if latest else None,
        "next_measurement_due": due,
        "assessed_on": today,
    }


def benefit_reassess(*, benefit: Benefit, today: date | None = None) -> Benefit:
    """Recompute and store a benefit's status, achievement, trend and next due date.

    Stored with update(): a recomputation is not a change anyone made, so it adds no history.
    """
    today = today or timezone.localdate()
    interim = [target.point for target in _interim_targets_of(benefit)]
    measurements = [
        Point(day, value)
        for day, value in Measurement.objects.with_scopes_disabled()
        .filter(benefit=benefit)
        .order_by("measured_on", "pk")
        .values_list("measured_on", "value")
    ]
    fields = _assessed_fields(benefit, interim, measurements, today)
    Benefit.objects.with_scopes_disabled().filter(pk=benefit.pk).update(**fields)
    for name, value in fields.items():
        setattr(benefit, name, value)
    return benefit


def benefits_reassess_all(
    today: date | None = None,
    *,
    organisation: Organisation | None = None,
    batch_size: int = 500,
) -> int:
    """The daily job: recompute every live benefit's stored status; returns how many changed.

    Statuses move with time alone (a target date passes, a measurement falls due), so this runs
    every day. It works in batches of `batch_size` benefits with their plans and measurements,
    writes only rows whose figures changed, and can run twice or in parallel without harm.
    """
    today = today or timezone.localdate()
    benefits = Benefit.objects.with_scopes_disabled().filter(is_deleted=False)
    if organisation is not None:
        benefits = benefits.filter(organisation=organisation)
    ids = list(benefits.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for batch in _chunks(ids, batch_size):
        interim: dict[int, list[Point]] = {pk: [] for pk in batch}
        for benefit_id, day, value in (
            InterimTarget.objects.with_scopes_disabled()
            .filter(benefit_id__in=batch)
            .values_list("benefit_id", "target_date", "value")
        ):
            interim[benefit_id].append(Point(day, value))
        measured: dict[int, list[Point]] = {pk: [] for pk in batch}
        for benefit_id, day, value in (
            Measurement.objects.with_scopes_disabled()
            .filter(benefit_id__in=batch)
            .order_by("measured_on", "pk")
            .values_list("benefit_id", "measured_on", "value")
        ):
            measured[benefit_id].append(Point(day, value))
        to_update = []
        for benefit in Benefit.objects.with_scopes_disabled().filter(pk__in=batch):
            fields = _assessed_fields(benefit, interim[benefit.pk], measured[benefit.pk], today)
            if any(getattr(benefit, name) != fields[name] for name in COMPARED_FIELDS):
                for name, value in fields.items():
                    setattr(benefit, name, value)
                to_update.append(benefit)
        with transaction.atomic():
            Benefit.objects.with_scopes_disabled().bulk_update(to_update, BENEFIT_COMPUTED_FIELDS)
        changed += len(to_update)
    return changed


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Measurements -----------------------------------------------------------------------------


@transaction.atomic
def measurement_record(
    *,
    benefit: Benefit,
    recorded_by: User | None,
    measured_on: date,
    value: Decimal,
    comment: str = "",
    evidence_note: str = "",
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    today: date | None = None,
) -> Measurement:
    """Record a measurement and reassess the benefit's status at once."""
    if benefit.is_deleted:
        raise ValidationError(_("The benefit has been deleted."))
    measurement = Measurement(
        organisation_id=benefit.organisation_id,
        benefit=benefit,
        measured_on=measured_on,
        value=value,
        comment=comment,
        evidence_note=evidence_note,
        evidence_url=evidence_url,
        recorded_by=recorded_by,
    )
    if evidence_file:
        measurement.evidence_file = evidence_file
    measurement.full_clean()
    measurement._history_user = recorded_by
    measurement.save()
    benefit_reassess(benefit=benefit, today=today)
    return measurement


@transaction.atomic
def measurement_delete(
    *, measurement: Measurement, deleted_by: User | None, today: date | None = None
) -> Benefit:
    """Remove a mistaken measurement (the history keeps it) and reassess the benefit."""
    benefit = measurement.benefit
    measurement._history_user = deleted_by
    measurement.delete()
    return benefit_reassess(benefit=benefit, today=today)


class ImportRejected(Exception):
    """An import with invalid rows; `check.errors` says row, column and message for each."""

    def __init__(self, check: ImportCheck):
        super().__init__(f"{len(check.errors)} invalid rows")
        self.check = check


@transaction.atomic
def measurements_import(
    *,
    organisation: Organisation,
    rows: Sequence[ImportRow],
    imported_by: User | None,
    today: date | None = None,
) -> ImportCheck:
    """Check every row, then store all of them or none: a day already measured is updated, a new
    day created, a measurement the row would not change left alone. A column the file does not
    have (comment, evidence link) keeps the stored text. Raises ImportRejected when any row is
    invalid.

    Rows are checked again here, inside the transaction, so a preview that went stale (a benefit
    deleted meanwhile) cannot half-import.
    """
    today = today or timezone.localdate()
    check = check_measurements(organisation=organisation, rows=rows, today=today)
    if not check.ok:
        raise ImportRejected(check)
    existing = {
        (measurement.benefit_id, measurement.measured_on): measurement
        for measurement in Measurement.objects.with_scopes_disabled().filter(
            benefit_id__in={item.benefit.pk for item in check.items},
            measured_on__in={item.measured_on for item in check.items},
        )
    }
    to_create, to_update = [], []
    for item in check.items:
        measurement = existing.get((item.benefit.pk, item.measured_on))
        if measurement is None:
            measurement = Measurement(
                organisation=organisation,
                benefit=item.benefit,
                measured_on=item.measured_on,
                recorded_by=imported_by,
            )
            to_create.append(measurement)
        elif not item.is_unchanged:
            to_update.append(measurement)
        else:
            continue
        measurement.value = item.value
        if item.comment is not None:
            measurement.comment = item.comment
        if item.evidence_url is not None:
            measurement.evidence_url = item.evidence_url
        measurement.clean_fields()
    if to_create:
        bulk_create_with_history(to_create, Measurement, batch_size=500, default_user=imported_by)
    if to_update:
        bulk_update_with_history(
            to_update,
            Measurement,
            ["value", "comment", "evidence_url"],
            batch_size=500,
            default_user=imported_by,
            manager=Measurement.objects.with_scopes_disabled(),
        )
    for benefit in {item.benefit.pk: item.benefit for item in to_create + to_update}.values():
        benefit_reassess(benefit=benefit, today=today)
    return check


# Evaluations ------------------------------------------------------------------------------


@transaction.atomic
def evaluation_create(
    *,
    business_case: BusinessCase,
    evaluated_by: User | None,
    evaluated_on: date,
    summary: str,
    lessons_learned: str = "",
    realised_annual_net_benefit: Decimal | None = None,
    comments: Mapping[int, str] | None = None,
) -> Evaluation:
    """Evaluate a business case after go-live, freezing each live benefit's expected and realised
    figures as they stood on `evaluated_on` (later measurements do not change the evaluation)."""
    comments = comments or {}
    go_live = business_case.go_live_date
    if go_live is None:
        raise ValidationError(
            {"evaluated_on": _("Give the business case a go-live date before evaluating it.")}
        )
    if evaluated_on < go_live:
        raise ValidationError(
            {
                "evaluated_on": _("An evaluation comes after go-live (%(date)s).")
                % {"date": date_format(go_live)}
            }
        )
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("An evaluation cannot be dated in the future.")})
    evaluation = Evaluation(
        organisation_id=business_case.organisation_id,
        business_case=business_case,
        evaluated_on=evaluated_on,
        summary=summary,
        lessons_learned=lessons_learned,
        realised_annual_net_benefit=realised_annual_net_benefit,
        expected_annual_net_benefit=business_case.expected_annual_net_benefit,
        business_case_version=business_case.version,
        evaluated_by=evaluated_by,
    )
    evaluation.full_clean()
    evaluation._history_user = evaluated_by
    evaluation.save()
    benefits = (
        Benefit.objects.with_scopes_disabled()
        .filter(business_case=business_case, is_deleted=False)
        .order_by("pk")
    )
    items = []
    for benefit in benefits:
        measurements = [
            Point(day, value)
            for day, value in Measurement.objects.with_scopes_disabled()
            .filter(benefit=benefit, measured_on__lte=evaluated_on)
            .order_by("measured_on", "pk")
            .values_list("measured_on", "value")
        ]
        plan = benefit.indicator_plan(tuple(t.point for t in _interim_targets_of(benefit)))
        assessment = assess(plan, measurements, today=evaluated_on)
        latest = measurements[-1] if measurements else None
        achieved = assessment.achievement
        if achieved is not None:
            achieved = max(-ACHIEVEMENT_LIMIT, min(ACHIEVEMENT_LIMIT, achieved))
        items.append(
            EvaluationItem(
                organisation_id=business_case.organisation_id,
                evaluation=evaluation,
                benefit=benefit,
                expected_value=benefit.target_value,
                expected_by=benefit.target_date,
                realised_value=latest.value if latest else None,
                realised_on=latest.day if latest else None,
                achievement=achieved,
                status=assessment.status.value,
                comment=comments.get(benefit.pk, "").strip(),
            )
        )
    EvaluationItem.objects.with_scopes_disabled().bulk_create(items)
    return evaluation
