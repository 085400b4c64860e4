"""Reads of benefits realisation, scoped to an organisation and joined for the pages that show them.

Also the selectors the notification jobs use (`benefits_measurement_due`, `benefits_off_track`)
and the dashboard's (`benefits_dashboard`).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

from config.queries import union_of_slices
from contracts.models import Contract
from organisations.models import Organisation, User
from organisations.roles import Role
from organisations.selectors import users_with_role

from .charts import TitledDrawing, benefit_chart, chart_svg
from .models import Benefit, BusinessCase, Evaluation, EvaluationItem, InterimTarget, Measurement
from .rules import Assessment, BenefitStatus, IndicatorPlan, Trend, achievement, assess, trend

OPEN_STATUSES = (BenefitStatus.ON_TRACK, BenefitStatus.AT_RISK, BenefitStatus.OFF_TRACK)


def _benefits(organisation: Organisation | None) -> QuerySet[Benefit]:
    """Live benefits of one organisation (None: of every organisation, for the daily jobs)."""
    if organisation is None:
        benefits = Benefit.objects.with_scopes_disabled()
    else:
        benefits = Benefit.objects.with_scope(organisation=organisation).filter(
            organisation=organisation
        )
    return benefits.filter(is_deleted=False)


# Business cases ---------------------------------------------------------------------------


def business_cases_for(*, organisation: Organisation) -> QuerySet[BusinessCase]:
    """The organisation's business cases with their owner and counts of benefits by status."""
    live = Q(benefits__is_deleted=False)
    return (
        BusinessCase.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation)
        .select_related("owner")
        .annotate(
            benefit_count=Count("benefits", filter=live),
            off_track_count=Count(
                "benefits", filter=live & Q(benefits__status=BenefitStatus.OFF_TRACK)
            ),
            realised_count=Count(
                "benefits", filter=live & Q(benefits__status=BenefitStatus.REALISED)
            ),
        )
        .order_by("title", "pk")
    )


def business_case_choices(*, organisation: Organisation) -> QuerySet[BusinessCase]:
    return (
        BusinessCase.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation)
        .order_by("title", "pk")
    )


def business_case_detail(*, organisation: Organisation) -> QuerySet[BusinessCase]:
    """Business cases with what their page shows: owner, contracts, live benefits, evaluations."""
    return (
        BusinessCase.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "contracts",
                queryset=Contract.objects.with_scope(organisation=organisation)
                .select_related("supplier")
                .order_by("title"),
            ),
            Prefetch(
                "benefits",
                queryset=Benefit.objects.with_scope(organisation=organisation)
                .filter(is_deleted=False)
                .select_related("owner", "responsible")
                .order_by("kind", "title", "pk"),
                to_attr="live_benefits",
            ),
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.with_scope(organisation=organisation).select_related(
                    "evaluated_by"
                ),
            ),
        )
    )


def contracts_for_choice(*, organisation: Organisation):
    """The organisation's contracts a business case may link to."""
    return (
        Contract.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, is_deleted=False)
        .order_by("title", "pk")
    )


@dataclass
class Version:
    """One saved version of a business case, with what changed from the one before."""

    record: object
    contracts: list[str]
    changes: list[tuple[str, object, object]] = field(default_factory=list)
    contracts_changed: bool = False


def business_case_versions(*, business_case: BusinessCase) -> list[Version]:
    """Every version, newest first, each with its figures, note and changed fields."""
    records = list(
        business_case.history.select_related("history_user").order_by("history_date", "history_id")
    )
    # The contract links each version had, in one query (history rows cannot prefetch them).
    contracts_by_record: dict[int, list[str]] = {record.history_id: [] for record in records}
    link_model = business_case.history.model.contracts.model
    for link in link_model.objects.filter(history_id__in=contracts_by_record).select_related(
        "contract"
    ):
        contracts_by_record[link.history_id].append(str(link.contract))
    labels = {
        name: BusinessCase._meta.get_field(name).verbose_name
        for name in (
            "title",
            "purpose",
            "scope",
            "investment_cost",
            "annual_running_cost",
            "expected_annual_net_benefit",
            "owner",
            "go_live_date",
        )
    }
    versions: list[Version] = []
    previous = None
    for record in records:
        contracts = sorted(contracts_by_record[record.history_id])
        version = Version(record=record, contracts=contracts)
        if previous is not None:
            delta = record.diff_against(previous.record, included_fields=list(labels))
            version.changes = [
                (labels[change.field], change.old, change.new) for change in delta.changes
            ]
            version.contracts_changed = contracts != previous.contracts
        versions.append(version)
        previous = version
    return versions[::-1]


# Benefits ---------------------------------------------------------------------------------


def benefits_for(*, organisation: Organisation) -> QuerySet[Benefit]:
    """The overview: every live benefit with its business case and people, soonest due first."""
    return (
        _benefits(organisation)
        .select_related("business_case", "owner", "responsible")
        .order_by("next_measurement_due", "business_case__title", "title", "pk")
    )


def benefit_owners(*, organisation: Organisation) -> QuerySet[User]:
    """Members who may own a benefit: those with the benefit owner role."""
    return users_with_role(organisation=organisation, role=Role.BENEFIT_OWNER).order_by(
        "first_name", "last_name", "username"
    )


def benefit_owners_in_use(*, organisation: Organisation) -> QuerySet[User]:
    """The owners of the organisation's live benefits, for the overview's filter."""
    return (
        User.objects.filter(
            owned_benefits__organisation=organisation, owned_benefits__is_deleted=False
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def organisation_members(*, organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def interim_targets_of(*, benefit: Benefit | None) -> QuerySet[InterimTarget]:
    """A benefit's interim targets by date; none for a benefit not yet saved."""
    if benefit is None:
        return InterimTarget.objects.none()
    return InterimTarget.objects.with_scope(organisation=benefit.organisation_id).filter(
        benefit=benefit
    )


@dataclass
class MeasurementRow:
    measurement: Measurement
    achievement: Decimal | None
    trend: Trend


@dataclass
class BenefitReport:
    """A benefit as its page and the PDF show it: plan, measurements, assessment and chart."""

    benefit: Benefit
    plan: IndicatorPlan
    interim_targets: list[InterimTarget]
    rows: list[MeasurementRow]
    assessment: Assessment
    drawing: TitledDrawing

    @property
    def chart_svg(self) -> SafeString:
        # chart_svg serialises the drawing with an XML writer that escapes every text it holds.
        return mark_safe(chart_svg(self.drawing))  # noqa: S308


def benefit_report(*, benefit: Benefit, today: date) -> BenefitReport:
    """Everything shown about one benefit, from two queries (interim targets, measurements)."""
    interim_targets = list(
        InterimTarget.objects.with_scope(organisation=benefit.organisation_id).filter(
            benefit=benefit
        )
    )
    measurements = list(
        Measurement.objects.with_scope(organisation=benefit.organisation_id)
        .filter(benefit=benefit)
        .select_related("recorded_by")
        .order_by("measured_on", "pk")
    )
    plan = benefit.indicator_plan(tuple(target.point for target in interim_targets))
    points = [measurement.point for measurement in measurements]
    rows = []
    for index, measurement in enumerate(measurements):
        rows.append(
            MeasurementRow(
                measurement=measurement,
                achievement=achievement(plan, measurement.value),
                trend=trend(plan, points[max(0, index - 1) : index + 1]),
            )
        )
    unit = benefit.indicator_unit
    title = f"{benefit.title}: {benefit.indicator_name}"
    drawing = benefit_chart(plan=plan, measurements=points, unit=unit, title=title)
    return BenefitReport(
        benefit=benefit,
        plan=plan,
        interim_targets=interim_targets,
        rows=rows[::-1],
        assessment=assess(plan, points, today=today),
        drawing=drawing,
    )


def evaluation_detail(*, organisation: Organisation) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation)
        .select_related("business_case", "evaluated_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=EvaluationItem.objects.with_scope(organisation=organisation)
                .select_related("benefit")
                .order_by("benefit__kind", "benefit__title", "pk"),
            )
        )
    )


def measurements_for(*, organisation: Organisation) -> QuerySet[Measurement]:
    return (
        Measurement.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, benefit__is_deleted=False)
        .select_related("benefit", "benefit__business_case")
    )


def measurements_for_export(
    *, organisation: Organisation, business_case: BusinessCase | None = None
) -> QuerySet[Measurement]:
    """Measurements in sheet order (business case, benefit, date), streamed in chunks."""
    measurements = measurements_for(organisation=organisation)
    if business_case is not None:
        measurements = measurements.filter(benefit__business_case=business_case)
    return measurements.order_by(
        "benefit__business_case__title", "benefit__title", "benefit_id", "measured_on"
    )


# For the notification jobs and the dashboard ---------------------------------------------


def benefits_measurement_due(
    organisation: Organisation | None = None, *, on_or_before: date
) -> QuerySet[Benefit]:
    """Live benefits whose next measurement is due on or before a day, soonest first.

    With organisation=None, across all organisations (the daily job; no scope needed). Each row
    carries its benefit owner, the person responsible, the business case and the organisation
    (select_related), and `next_measurement_due` is the due date to key a notification on.
    Realised and deleted benefits have no due date and never appear.
    """
    return (
        _benefits(organisation)
        .filter(next_measurement_due__lte=on_or_before)
        .select_related("owner", "responsible", "business_case", "organisation")
        .order_by("next_measurement_due", "pk")
    )


def benefits_off_track(
    organisation: Organisation | None = None, *, since: date | None = None
) -> QuerySet[Benefit]:
    """Live benefits whose stored status is off track, longest off track first.

    `status_since` is the day the benefit turned off track (set when the status changes), so a
    notification keyed on (benefit, status_since, recipient) is sent once per turn; with `since`,
    only benefits that turned off track on or after that day. Rows carry the owner, the person
    responsible, the business case and the organisation.
    """
    benefits = _benefits(organisation).filter(status=BenefitStatus.OFF_TRACK)
    if since is not None:
        benefits = benefits.filter(status_since__gte=since)
    return benefits.select_related(
        "owner", "responsible", "business_case", "organisation"
    ).order_by("status_since", "pk")


@dataclass
class Dashboard:
    off_track: list[Benefit]
    due: list[Benefit]
    off_track_count: int
    overdue_count: int
    today: date


def benefits_dashboard(
    *, user: User, organisation: Organisation, today: date, within_days: int = 30, limit: int = 5
) -> Dashboard:
    """The user's benefits (as owner or responsible) that are off track or due for measuring
    within `within_days`, and the organisation's totals; two queries (one on SQLite)."""
    mine = _benefits(organisation).filter(Q(owner=user) | Q(responsible=user))
    off_track = Q(status=BenefitStatus.OFF_TRACK)
    parts = [
        mine.filter(off_track)
        .select_related("business_case")
        .annotate(section=Value(0))
        .order_by("status_since", "pk")[:limit],
        mine.filter(next_measurement_due__lte=today + timedelta(days=within_days))
        .select_related("business_case")
        .annotate(section=Value(1))
        .order_by("next_measurement_due", "pk")[:limit],
    ]
    listed: dict[int, list[Benefit]] = {0: [], 1: []}
    for benefit in union_of_slices(parts):
        listed[benefit.section].append(benefit)
    # As PostgreSQL orders them: a benefit without a status date last.
    listed[0].sort(key=lambda b: (b.status_since is None, b.status_since or today, b.pk))
    listed[1].sort(key=lambda benefit: (benefit.next_measurement_due, benefit.pk))
    totals = _benefits(organisation).aggregate(
        off_track=Count("pk", filter=off_track),
        overdue=Count("pk", filter=Q(next_measurement_due__lt=today)),
    )
    return Dashboard(
        off_track=listed[0],
        due=listed[1],
        off_track_count=totals["off_track"],
        overdue_count=totals["overdue"],
        today=today,
    )
