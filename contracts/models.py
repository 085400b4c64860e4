"""Contract register: suppliers, IT systems, contracts, options, milestones and stored deadlines."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError

from .deadlines import DeadlineKind, OptionState, PeriodEnd, add_months


def reference_key(reference: str) -> str:
    """How a contract reference is compared (the form's uniqueness, the import, invoice
    matching): suppliers write it in any case and with stray spaces ("nordby-2021-014 " is
    NORDBY-2021-014), and casefold also equates Danish and other non-ASCII letters (Æ/æ)."""
    return reference.strip().casefold()


def normalise_cvr(value: str) -> str:
    """Strip spaces and a leading "DK"; raise a clear ValidationError for an invalid CVR number."""
    compact = str(value or "").strip().upper().replace(" ", "").replace("-", "")
    if compact.startswith("DK"):
        compact = compact[2:]
    if not compact.isdigit() or len(compact) != 8:
        raise ValidationError(
            _("A CVR number has 8 digits (a leading “DK” is allowed), not “%(value)s”."),
            code="cvr_format",
            params={"value": value},
        )
    if compact.startswith("0"):
        raise ValidationError(_("A CVR number cannot start with 0."), code="cvr_leading_zero")
    try:
        stdnum_cvr.validate(compact)
    except StdnumError as error:
        raise ValidationError(
            _("“%(value)s” is not a valid CVR number (the check digit does not match)."),
            code="cvr_checksum",
            params={"value": value},
        ) from error
    return compact


def validate_cvr(value: str) -> None:
    normalise_cvr(value)


def default_reprocurement_lead() -> int:
    return settings.CONTRACT_REPROCUREMENT_LEAD_MONTHS


class TenantModel(models.Model):
    """A row owned by one municipality; queries must run inside that organisation's scope."""

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True


class Supplier(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    cvr = models.CharField(_("CVR number"), max_length=8, validators=[validate_cvr])
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "cvr"], name="supplier_unique_cvr")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.cvr:
            try:
                self.cvr = normalise_cvr(self.cvr)
            except ValidationError as error:
                raise ValidationError({"cvr": error}) from error


class ITSystem(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    capability = models.CharField(
        _("capability"),
        max_length=100,
        blank=True,
        help_text=_("The function it serves, e.g. “SMS-udsendelse” or “ESDH”."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("IT system")
        verbose_name_plural = _("IT systems")
        indexes = [models.Index(fields=["organisation", "capability"])]

    def __str__(self) -> str:
        return self.name


# Contracts that do not renew tacitly (the field is empty or 0): their term simply ends.
WITHOUT_TACIT_RENEWAL = Q(tacit_renewal_months__isnull=True) | Q(tacit_renewal_months=0)


class Contract(TenantModel):
    class Type(models.TextChoices):
        MAIN = "main", _("Main contract")
        SUPPLEMENTARY = "supplementary", _("Supplementary contract")
        SERVICE = "service", _("Service agreement")
        LICENCE = "licence", _("Licence agreement")
        DPA = "dpa", _("Data processing agreement")
        FRAMEWORK = "framework", _("Framework agreement")
        OTHER = "other", _("Other")

    class Template(models.TextChoices):
        K01 = "k01", "K01"
        K02 = "k02", "K02"
        K03 = "k03", "K03"
        K04 = "k04", "K04"
        SKI = "ski", _("SKI framework")
        SUPPLIER = "supplier", _("Supplier's standard")
        OWN = "own", _("Own")
        OTHER = "other", _("Other")

    class ProcurementForm(models.TextChoices):
        EU_TENDER = "eu_tender", _("EU tender")
        NEGOTIATION = "negotiation", _("Tender with negotiation")
        SKI_DIRECT = "ski_direct", _("SKI direct award")
        SKI_MINI = "ski_mini", _("SKI mini-competition")
        BELOW_THRESHOLD = "below_threshold", _("Below threshold")
        DIRECT_AWARD = "direct_award", _("Direct award")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        NOTICE_GIVEN = "notice_given", _("Notice given")
        EXPIRED = "expired", _("Expired")
        TERMINATED = "terminated", _("Terminated")

    class PaymentModel(models.TextChoices):
        FIXED = "fixed", _("Fixed price")
        SUBSCRIPTION = "subscription", _("Subscription")
        PER_USER = "per_user", _("Per user or licence")
        TRANSACTION = "transaction", _("Per transaction")
        TIME_MATERIAL = "time_material", _("Time and material")
        OTHER = "other", _("Other")

    class PaymentFrequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half_yearly", _("Half-yearly")
        YEARLY = "yearly", _("Yearly")
        ONE_OFF = "one_off", _("One-off")

    class NoticeToEndOf(models.TextChoices):
        NONE = PeriodEnd.NONE.value, _("Any day")
        MONTH = PeriodEnd.MONTH.value, _("End of a month")
        QUARTER = PeriodEnd.QUARTER.value, _("End of a quarter")
        YEAR = PeriodEnd.YEAR.value, _("End of a year")

    title = models.CharField(_("title"), max_length=250)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contract manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_contracts",
    )
    deputy_contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy contract manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_contracts",
    )
    system_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("system owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_contracts",
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="contracts"
    )
    it_systems = models.ManyToManyField(
        ITSystem, verbose_name=_("IT systems"), blank=True, related_name="contracts"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("main contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    contract_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.MAIN
    )
    template = models.CharField(
        _("contract template"), max_length=20, choices=Template.choices, blank=True
    )
    procurement_form = models.CharField(
        _("procurement form"), max_length=20, choices=ProcurementForm.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    term_end = models.DateField(
        _("term end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a contract that runs until notice is given."),
    )
    irrevocable_until = models.DateField(
        _("irrevocable until"),
        null=True,
        blank=True,
        help_text=_("No notice can take effect before this date."),
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    notice_to_end_of = models.CharField(
        _("notice takes effect at"),
        max_length=10,
        choices=NoticeToEndOf.choices,
        default=NoticeToEndOf.NONE,
        blank=True,
    )
    tacit_renewal_months = models.PositiveSmallIntegerField(
        _("tacit renewal (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: the contract does not renew by itself."),
    )
    total_value = models.DecimalField(
        _("total value (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_value = models.DecimalField(
        _("annual value (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    payment_model = models.CharField(
        _("payment model"), max_length=20, choices=PaymentModel.choices, blank=True
    )
    payment_frequency = models.CharField(
        _("payment frequency"), max_length=20, choices=PaymentFrequency.choices, blank=True
    )
    price_regulation_index = models.CharField(
        _("price regulation index"),
        max_length=100,
        blank=True,
        help_text=_("E.g. “Nettoprisindeks”."),
    )
    price_regulation_date = models.DateField(
        _("price regulation date"),
        null=True,
        blank=True,
        help_text=_("The first regulation; it recurs every year on the same day."),
    )
    dpa_concluded = models.BooleanField(_("data processing agreement concluded"), default=False)
    dpa_date = models.DateField(_("data processing agreement date"), null=True, blank=True)
    dpa_oversight_interval_months = models.PositiveSmallIntegerField(
        _("oversight interval (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    dpa_next_inspection = models.DateField(_("next inspection"), null=True, blank=True)
    exit_plan_notes = models.TextField(_("exit plan"), max_length=10000, blank=True)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    termination_effective = models.DateField(_("termination takes effect"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), max_length=4000, blank=True)
    reprocurement_lead_months = models.PositiveSmallIntegerField(
        _("re-procurement lead time (months)"),
        default=default_reprocurement_lead,
        validators=[MaxValueValidator(60)],
        help_text=_("How long before the final end a new tender should start."),
    )
    # The earliest open deadline, copied from ContractDeadline by the services so that lists sort
    # and filter on an indexed column instead of a subquery per contract.
    next_deadline_date = models.DateField(_("next deadline"), null=True, editable=False)
    # The open last day to give notice, copied likewise (the list shows and sorts by it).
    next_notice_date = models.DateField(_("last day to give notice"), null=True, editable=False)
    is_deleted = models.BooleanField(_("deleted"), default=False, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "next_deadline_date", "next_notice_date"],
        m2m_fields=[it_systems],
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "title"]),
            models.Index(fields=["organisation", "contract_manager"]),
            models.Index(
                fields=["organisation", "next_deadline_date"], name="contract_org_next_due"
            ),
            models.Index(
                fields=["organisation", "next_notice_date"], name="contract_org_next_notice"
            ),
            # Counts a municipality's contracts (the list's paginator) from the index alone.
            models.Index(
                fields=["organisation"], condition=Q(is_deleted=False), name="contract_org_live"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})" if self.reference else self.title

    @property
    def kept_attachments(self) -> list["ContractAttachment"]:
        """The attachments not removed (from the prefetched attachments, which the history
        reads too)."""
        return [a for a in self.attachments.all() if a.removed_at is None]

    @property
    def status_label(self) -> str:
        """get_status_display() for list rows: the enum's label, without building the field's
        choices into a dict on every call (a sixth of the time)."""
        try:
            return self.Status(self.status).label
        except ValueError:  # a value outside the choices shows as stored, as Django's does
            return self.status

    def clean(self):
        errors: dict[str, list] = {}
        if self.start_date and self.term_end and self.term_end < self.start_date:
            errors.setdefault("term_end", []).append(_("The term ends before it starts."))
        if (
            self.start_date
            and self.term_end
            and self.notice_months
            and add_months(self.start_date, self.notice_months) > self.term_end
        ):
            errors.setdefault("notice_months", []).append(
                _(
                    "The notice period is as long as the contract term or longer: notice would "
                    "have to be given before the contract starts."
                )
            )
        if self.irrevocable_until and self.start_date and self.irrevocable_until < self.start_date:
            errors.setdefault("irrevocable_until", []).append(
                _("The irrevocable period ends before the contract starts.")
            )
        if self.notice_to_end_of and not self.notice_months:
            errors.setdefault("notice_months", []).append(
                _("Give the notice period when notice takes effect at a period end.")
            )
        if self.annual_value and self.total_value and self.annual_value > self.total_value:
            errors.setdefault("annual_value", []).append(
                _("The annual value is larger than the total value.")
            )
        if self.dpa_concluded and not self.dpa_date:
            errors.setdefault("dpa_date", []).append(
                _("Give the date of the data processing agreement.")
            )
        if (
            self.termination_effective
            and self.notice_given_on
            and self.termination_effective < self.notice_given_on
        ):
            errors.setdefault("termination_effective", []).append(
                _("Termination cannot take effect before notice was given.")
            )
        if self.parent_id and self.pk:
            ancestor, seen = self.parent, {self.pk}
            while ancestor is not None:
                if ancestor.pk in seen:
                    errors.setdefault("parent", []).append(
                        _("A contract cannot be its own main contract (directly or indirectly).")
                    )
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


class ContractOption(TenantModel):
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="options"
    )
    length_months = models.PositiveSmallIntegerField(
        _("length (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    exercise_by = models.DateField(_("last day to exercise"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=[
            (OptionState.UNUSED.value, _("Unused")),
            (OptionState.USED.value, _("Used")),
            (OptionState.LAPSED.value, _("Lapsed")),
        ],
        default=OptionState.UNUSED.value,
    )
    exercised_on = models.DateField(_("exercised on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["exercise_by", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return ngettext(
            "%(months)s month, exercise by %(date)s",
            "%(months)s months, exercise by %(date)s",
            self.length_months,
        ) % {"months": self.length_months, "date": date_format(self.exercise_by)}

    @property
    def lapsed(self) -> bool:
        """Unused past its last day: the right has lapsed, unless it was used in time and not
        recorded (which the option's page still allows)."""
        return self.state == OptionState.UNUSED and self.exercise_by < timezone.localdate()

    @property
    def state_label(self) -> str:
        return _("Lapsed (not used by its last day)") if self.lapsed else self.get_state_display()


class Milestone(TenantModel):
    class Kind(models.TextChoices):
        ACCEPTANCE_TEST = "acceptance_test", _("Acceptance test")
        OPERATION_TEST = "operation_test", _("Operation test")
        GO_LIVE = "go_live", _("Go-live")
        WARRANTY_END = "warranty_end", _("Warranty end")
        CUSTOM = "custom", _("Other milestone")

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"))
    met_on = models.DateField(_("met on"), null=True, blank=True)
    legal_effect = models.CharField(
        _("legal effect"),
        max_length=250,
        blank=True,
        help_text=_("E.g. “payment of 30 %”, “warranty period starts”, “penalty applies”."),
    )
    payment_percentage = models.DecimalField(
        _("payment (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


def attachment_path(instance: "ContractAttachment", filename: str) -> str:
    return f"contracts/{instance.organisation_id}/{instance.contract_id}/{filename}"


class ContractAttachment(TenantModel):
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # A removed attachment's file is deleted; the row stays, so the history keeps that it was
    # there, who removed it and when.
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class ContractDeadline(TenantModel):
    """A dated deadline computed by the deadline engine; rewritten whenever the contract changes."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=[(k.value, k.label) for k in DeadlineKind]
    )
    due_date = models.DateField(_("due date"))
    source_id = models.BigIntegerField(null=True, blank=True)
    effective_date = models.DateField(_("takes effect"), null=True, blank=True)
    nominal_date = models.DateField(_("contractual date"), null=True, blank=True)
    done = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["due_date", "kind"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            # "Open deadlines due within N days" for one organisation (dashboard, lists) ...
            models.Index(
                fields=["organisation", "due_date"],
                condition=Q(done=False),
                name="deadline_open_org_due",
            ),
            # ... and across all organisations (the daily scan).
            models.Index(fields=["due_date"], condition=Q(done=False), name="deadline_open_due"),
            models.Index(fields=["contract", "due_date"], name="deadline_contract_due"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.due_date}"

    @property
    def kind_label(self) -> str:
        """get_kind_display() for list rows, as Contract.status_label."""
        try:
            return DeadlineKind(self.kind).label
        except ValueError:
            return self.kind


class DeadlineFeed(TenantModel):
    """A secret address for a user's iCalendar feed of deadlines in one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="deadline_feed_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"
