"""Business cases, their benefits and dis-benefits, indicators' measurements and evaluations."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.uploads import validate_document
from contracts.models import TenantModel
from organisations.models import Membership
from organisations.roles import Role

from .formats import plain
from .rules import BenefitStatus, Direction, IndicatorPlan, Point, Trend

# Indicator values: up to 14 digits before the point and 4 after (minutes, shares, DKK, counts).
VALUE_DIGITS = {"max_digits": 18, "decimal_places": 4}
AMOUNT_DIGITS = {"max_digits": 14, "decimal_places": 2}
DIRECTIONS = {direction.value for direction in Direction}
NEGATIVE_MESSAGE = _(
    "The indicator's values cannot be negative. If they can (a change, a net amount), tick "
    "“values may be negative” on the benefit."
)


class BusinessCase(TenantModel):
    """Why an acquisition is made and what it should bring; versioned on every update."""

    title = models.CharField(_("title"), max_length=250)
    purpose = models.TextField(
        _("purpose"), max_length=10000, help_text=_("The business need the case answers.")
    )
    scope = models.TextField(_("scope"), max_length=10000, blank=True)
    investment_cost = models.DecimalField(
        _("investment (DKK)"), **AMOUNT_DIGITS, default=0, validators=[MinValueValidator(0)]
    )
    annual_running_cost = models.DecimalField(
        _("annual running costs (DKK)"),
        **AMOUNT_DIGITS,
        default=0,
        validators=[MinValueValidator(0)],
    )
    expected_annual_net_benefit = models.DecimalField(
        _("expected annual net benefit (DKK)"),
        **AMOUNT_DIGITS,
        help_text=_("Benefits minus running costs per year, once realised; may be negative."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_business_cases",
    )
    contracts = models.ManyToManyField(
        "contracts.Contract",
        verbose_name=_("contracts"),
        blank=True,
        related_name="business_cases",
    )
    go_live_date = models.DateField(
        _("go-live date"),
        null=True,
        blank=True,
        help_text=_("When the solution went or goes into operation; evaluations come after it."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[contracts])

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("business case")
        verbose_name_plural = _("business cases")
        indexes = [models.Index(fields=["organisation", "title"])]

    def __str__(self) -> str:
        return self.title

    @property
    def payback_years(self) -> Decimal | None:
        """Years for the expected net benefit to repay the investment; None if it never does."""
        if self.expected_annual_net_benefit <= 0:
            return None
        return (self.investment_cost / self.expected_annual_net_benefit).quantize(Decimal("0.1"))


# What benefits.services computes from the measurements and stores on the benefit; not history
# of their own (the measurements are).
BENEFIT_COMPUTED_FIELDS = (
    "status",
    "status_since",
    "achievement",
    "trend",
    "latest_value",
    "latest_measured_on",
    "next_measurement_due",
    "assessed_on",
)


class Benefit(TenantModel):
    """A benefit (or dis-benefit) of a business case, followed through one indicator."""

    class Kind(models.TextChoices):
        BENEFIT = "benefit", _("Benefit")
        DISBENEFIT = "disbenefit", _("Dis-benefit")

    class Category(models.TextChoices):
        CASH_RELEASING = "cash_releasing", _("Cash-releasing")
        NON_CASH = "non_cash", _("Non-cash efficiency")
        QUALITATIVE = "qualitative", _("Quality (qualitative)")

    business_case = models.ForeignKey(
        BusinessCase,
        verbose_name=_("business case"),
        on_delete=models.PROTECT,
        related_name="benefits",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BENEFIT)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("benefit owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_benefits",
        help_text=_("A member with the benefit owner role; answers for the benefit coming."),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible for realisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="benefits_to_realise",
    )
    prerequisites = models.TextField(
        _("prerequisites"),
        max_length=4000,
        blank=True,
        help_text=_("What must happen for the benefit to come, e.g. changed work processes."),
    )
    indicator_name = models.CharField(_("indicator"), max_length=200)
    indicator_unit = models.CharField(_("unit"), max_length=50, blank=True)
    indicator_data_source = models.CharField(_("data source"), max_length=250, blank=True)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=[(direction.value, direction.label) for direction in Direction],
        default=Direction.HIGHER.value,
    )
    values_may_be_negative = models.BooleanField(
        _("values may be negative"),
        default=False,
        help_text=_(
            "E.g. a change or a net amount. Otherwise a negative value is taken for a typing "
            "mistake and refused."
        ),
    )
    baseline_value = models.DecimalField(_("baseline value"), **VALUE_DIGITS)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), **VALUE_DIGITS)
    target_date = models.DateField(_("target date"))
    measurement_frequency_months = models.PositiveSmallIntegerField(
        _("measurement frequency (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    is_deleted = models.BooleanField(_("deleted"), default=False)

    # Computed by services.benefit_reassess on every measurement and daily, so lists filter
    # and sort on stored values.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(status.value, status.label) for status in BenefitStatus],
        default=BenefitStatus.NOT_STARTED.value,
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    achievement = models.DecimalField(
        _("achievement (%)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    trend = models.CharField(
        _("trend"),
        max_length=10,
        choices=[(trend.value, trend.label) for trend in Trend],
        default=Trend.UNKNOWN.value,
    )
    latest_value = models.DecimalField(_("latest value"), **VALUE_DIGITS, null=True, blank=True)
    latest_measured_on = models.DateField(_("latest measurement"), null=True, blank=True)
    next_measurement_due = models.DateField(_("next measurement due"), null=True, blank=True)
    assessed_on = models.DateField(_("assessed"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=[*BENEFIT_COMPUTED_FIELDS, "updated_at"])

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        indexes = [
            models.Index(
                fields=["organisation", "status"],
                condition=Q(is_deleted=False),
                name="benefit_live_org_status",
            ),
            models.Index(
                fields=["organisation", "next_measurement_due"],
                condition=Q(is_deleted=False),
                name="benefit_live_org_due",
            ),
            # The daily jobs across all organisations.
            models.Index(
                fields=["next_measurement_due"],
                condition=Q(is_deleted=False),
                name="benefit_live_due",
            ),
            models.Index(fields=["owner", "status"], name="benefit_owner_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        due = self.next_measurement_due
        return due is not None and due < timezone.localdate()

    def indicator_plan(self, interim: tuple[Point, ...] = ()) -> IndicatorPlan:
        """The rules' view of the indicator; raises ValueError for an impossible plan."""
        return IndicatorPlan(
            direction=Direction(self.direction),
            baseline=plain(self.baseline_value),
            baseline_date=self.baseline_date,
            target=plain(self.target_value),
            target_date=self.target_date,
            interim=interim,
            unit=self.indicator_unit,
        )

    def clean(self):
        errors: dict[str, list] = {}
        if self.baseline_date and self.target_date and self.target_date <= self.baseline_date:
            errors.setdefault("target_date", []).append(
                _("The target date must come after the baseline date.")
            )
        if (
            self.baseline_value is not None
            and self.target_value is not None
            and self.direction in DIRECTIONS
        ):
            worse = (
                self.target_value < self.baseline_value
                if self.direction == Direction.HIGHER
                else self.target_value > self.baseline_value
            )
            if worse:
                errors.setdefault("target_value", []).append(
                    _(
                        "The target lies on the worse side of the baseline: with “%(direction)s” "
                        "the target must be at least as good as the baseline."
                    )
                    % {"direction": Direction(self.direction).label}
                )
        if not self.values_may_be_negative:
            for name in ("baseline_value", "target_value"):
                if (getattr(self, name) or 0) < 0:
                    errors.setdefault(name, []).append(NEGATIVE_MESSAGE)
            if (
                self.pk
                and Measurement.objects.with_scopes_disabled()
                .filter(benefit_id=self.pk, value__lt=0)
                .exists()
            ):
                errors.setdefault("values_may_be_negative", []).append(
                    _("The benefit has negative measurements; correct them first.")
                )
        # A measurement is never dated before the baseline: the baseline cannot move past one.
        first_measured_on = (
            self.pk
            and self.baseline_date
            and Measurement.objects.with_scopes_disabled()
            .filter(benefit_id=self.pk)
            .order_by("measured_on")
            .values_list("measured_on", flat=True)
            .first()
        )
        if first_measured_on and first_measured_on < self.baseline_date:
            errors.setdefault("baseline_date", []).append(
                _(
                    "The first measurement is dated %(date)s; the baseline date cannot come "
                    "after it."
                )
                % {"date": date_format(first_measured_on)}
            )
        if self.owner_id and not _holds_role(self, self.owner_id, Role.BENEFIT_OWNER):
            errors.setdefault("owner", []).append(
                _("The benefit owner must hold the benefit owner role in the organisation.")
            )
        if self.responsible_id and not _holds_role(self, self.responsible_id, None):
            errors.setdefault("responsible", []).append(
                _("The person responsible must be a member of the organisation.")
            )
        if self.business_case_id and self.organisation_id:
            case_organisation = (
                BusinessCase.objects.with_scopes_disabled()
                .filter(pk=self.business_case_id)
                .values_list("organisation_id", flat=True)
                .first()
            )
            if case_organisation != self.organisation_id:
                errors.setdefault("business_case", []).append(
                    _("The business case belongs to another organisation.")
                )
        if errors:
            raise ValidationError(errors)


def _holds_role(benefit: Benefit, user_id: int, role: str | None) -> bool:
    memberships = Membership.objects.with_scopes_disabled().filter(
        organisation_id=benefit.organisation_id, user_id=user_id, user__is_active=True
    )
    if role is not None:
        memberships = memberships.filter(role=role)
    return memberships.exists()


class InterimTarget(TenantModel):
    """A point of the planned path between baseline and target."""

    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("benefit"),
        on_delete=models.CASCADE,
        related_name="interim_targets",
    )
    target_date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **VALUE_DIGITS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date"]
        verbose_name = _("interim target")
        verbose_name_plural = _("interim targets")
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "target_date"], name="interim_target_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_date}: {self.value}"

    @property
    def point(self) -> Point:
        return Point(self.target_date, plain(self.value))


DAY_TAKEN_MESSAGE = _("The benefit already has a measurement on this day.")


def evidence_path(instance: "Measurement", filename: str) -> str:
    return f"benefits/{instance.organisation_id}/{instance.benefit_id}/{filename}"


class Measurement(TenantModel):
    """A measured value of a benefit's indicator on a day, with its evidence."""

    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("benefit"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **VALUE_DIGITS)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    evidence_note = models.TextField(
        _("evidence"),
        max_length=4000,
        blank=True,
        help_text=_("Where the figure comes from, e.g. a report."),
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_path,
        blank=True,
        max_length=300,
        validators=[validate_document],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"],
                name="measurement_unique_day",
                violation_error_message=DAY_TAKEN_MESSAGE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"

    @property
    def point(self) -> Point:
        return Point(self.measured_on, plain(self.value))

    def clean(self):
        errors: dict[str, list] = {}
        if self.measured_on and self.measured_on > timezone.localdate():
            errors.setdefault("measured_on", []).append(
                _("A measurement cannot be dated in the future.")
            )
        baseline_date, may_be_negative = Benefit.objects.with_scopes_disabled().filter(
            pk=self.benefit_id
        ).values_list("baseline_date", "values_may_be_negative").first() or (None, True)
        if self.value is not None and self.value < 0 and not may_be_negative:
            errors.setdefault("value", []).append(NEGATIVE_MESSAGE)
        if self.measured_on and baseline_date and self.measured_on < baseline_date:
            errors.setdefault("measured_on", []).append(
                _("A measurement cannot be dated before the baseline date %(date)s.")
                % {"date": date_format(baseline_date)}
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            # Name the field the one-per-day constraint is about, so forms show it there.
            errors = error.message_dict
            taken = [
                message
                for message in errors.get(NON_FIELD_ERRORS, [])
                if message == str(DAY_TAKEN_MESSAGE)
            ]
            if taken:
                errors[NON_FIELD_ERRORS] = [m for m in errors[NON_FIELD_ERRORS] if m not in taken]
                errors.setdefault("measured_on", []).extend(taken)
                errors = {key: value for key, value in errors.items() if value}
            raise ValidationError(errors) from error


class Evaluation(TenantModel):
    """After go-live: did we get what we wanted? Expected and realised figures are frozen."""

    business_case = models.ForeignKey(
        BusinessCase,
        verbose_name=_("business case"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    evaluated_on = models.DateField(_("evaluated on"))
    summary = models.TextField(
        _("conclusion"), max_length=10000, help_text=_("Did we get what we wanted?")
    )
    lessons_learned = models.TextField(_("lessons learned"), max_length=10000, blank=True)
    realised_annual_net_benefit = models.DecimalField(
        _("realised annual net benefit (DKK)"), **AMOUNT_DIGITS, null=True, blank=True
    )
    expected_annual_net_benefit = models.DecimalField(
        _("expected annual net benefit (DKK)"), **AMOUNT_DIGITS, editable=False
    )
    business_case_version = models.PositiveIntegerField(_("business case version"), editable=False)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.business_case} · {self.evaluated_on}"


class EvaluationItem(TenantModel):
    """One benefit's expected and realised figures as they stood on the evaluation day."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="items"
    )
    benefit = models.ForeignKey(
        Benefit, verbose_name=_("benefit"), on_delete=models.PROTECT, related_name="+"
    )
    expected_value = models.DecimalField(_("expected"), **VALUE_DIGITS)
    expected_by = models.DateField(_("expected by"))
    realised_value = models.DecimalField(_("realised"), **VALUE_DIGITS, null=True, blank=True)
    realised_on = models.DateField(_("measured on"), null=True, blank=True)
    achievement = models.DecimalField(
        _("achievement (%)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(status.value, status.label) for status in BenefitStatus],
    )
    comment = models.TextField(_("comment"), max_length=4000, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evaluated benefit")
        verbose_name_plural = _("evaluated benefits")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "benefit"], name="evaluation_item_unique_benefit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.benefit_id}"
