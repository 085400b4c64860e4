"""Imported invoices and credit notes, their lines, deviations and review history, per contract."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from contracts.models import Contract, Supplier, TenantModel

from .checks import DeviationKind

# Identifiers (invoice numbers, references, item ids) longer than this are refused on import.
IDENTIFIER_LENGTH = 200
MONEY = {"max_digits": 18, "decimal_places": 4}
QUANTITY = {"max_digits": 20, "decimal_places": 6}


def in_language(texts: dict, language: str | None = None) -> str:
    """The text of a {language: text} mapping in the active language, else English, else any."""
    if not texts:
        return ""
    language = (language or get_language() or "").split("-")[0]
    return texts.get(language) or texts.get("en") or next(iter(texts.values()))


def upload_path(instance: "InvoiceUpload", filename: str) -> str:
    return f"invoice-uploads/{instance.organisation_id}/{filename}"


class InvoiceUpload(TenantModel):
    """One upload: XML and ZIP files, or one spreadsheet waiting for its column mapping."""

    class Kind(models.TextChoices):
        FILES = "files", _("Invoice files")
        SPREADSHEET = "spreadsheet", _("Spreadsheet")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for column mapping")
        DONE = "done", _("Done")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # A spreadsheet is kept only between upload and mapping; the import deletes it.
    spreadsheet = models.FileField(_("spreadsheet"), upload_to=upload_path, blank=True)
    spreadsheet_name = models.CharField(_("file name"), max_length=255, blank=True)
    spreadsheet_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invoice upload")
        verbose_name_plural = _("invoice uploads")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class InvoiceFile(TenantModel):
    """The outcome for one file of an upload (a ZIP contributes one row per entry).

    The SHA-256 of every imported file is unique within the organisation, so the same file
    uploaded again is refused; rejected files keep their reason for the result page.
    """

    class Outcome(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")

    upload = models.ForeignKey(
        InvoiceUpload, verbose_name=_("upload"), on_delete=models.CASCADE, related_name="files"
    )
    filename = models.CharField(_("file name"), max_length=500)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    message = models.JSONField(_("message"), default=dict, blank=True)
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    invoice_count = models.PositiveIntegerField(_("invoices"), default=0)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    deviation_count = models.PositiveIntegerField(_("deviations"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sha256"],
                condition=Q(outcome="imported"),
                name="invoice_file_unique_sha256",
            )
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def message_text(self) -> str:
        return in_language(self.message)

    @property
    def row_error_list(self) -> list[dict]:
        """The row errors with their messages in the active language."""
        return [
            {
                "row": error["row"],
                "column": error["column"],
                "message": in_language(error["message"]),
            }
            for error in self.row_errors
        ]


class Invoice(TenantModel):
    """An invoice or credit note as stated by the supplier; amounts exclude VAT unless named."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    class Format(models.TextChoices):
        OIOUBL = "oioubl", "OIOUBL"
        PEPPOL = "peppol", "Peppol BIS"
        UBL = "ubl", "UBL"
        SPREADSHEET = "spreadsheet", _("Spreadsheet")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        DISPUTED = "disputed", _("Disputed")

    class MatchMethod(models.TextChoices):
        NONE = "", _("Not matched")
        CONTRACT_REFERENCE = "contract_reference", _("Contract reference")
        ORDER_REFERENCE = "order_reference", _("Order reference")
        BUYER_REFERENCE = "buyer_reference", _("Buyer reference")
        REMEMBERED = "remembered", _("Earlier manual match")
        SINGLE_CONTRACT = "single_contract", _("The supplier's only active contract")
        CONTRACT_PERIOD = "contract_period", _("The supplier's only contract in force on its date")
        MANUAL = "manual", _("Matched by hand")

    source = models.ForeignKey(
        InvoiceFile,
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoices",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    number = models.CharField(_("number"), max_length=IDENTIFIER_LENGTH)
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    # The CVR number as stated (empty when the document carries none) and what identifies the
    # sender for duplicate numbers: the CVR number, else "scheme:endpoint id".
    supplier_cvr = models.CharField(_("supplier CVR number"), max_length=8, blank=True)
    supplier_identifier = models.CharField(_("supplier identifier"), max_length=IDENTIFIER_LENGTH)
    supplier_name = models.CharField(_("supplier name (as stated)"), max_length=300, blank=True)
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # the (contract, issue_date) index serves
        related_name="invoices",
    )
    match_method = models.CharField(
        _("matched by"), max_length=20, choices=MatchMethod.choices, blank=True
    )
    contract_reference = models.CharField(
        _("contract reference"), max_length=IDENTIFIER_LENGTH, blank=True
    )
    order_reference = models.CharField(
        _("order reference"), max_length=IDENTIFIER_LENGTH, blank=True
    )
    buyer_reference = models.CharField(
        _("buyer reference"), max_length=IDENTIFIER_LENGTH, blank=True
    )
    billing_reference = models.CharField(
        _("corrects invoice"), max_length=IDENTIFIER_LENGTH, blank=True
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    net_amount = models.DecimalField(_("amount excluding VAT"), **MONEY)
    tax_amount = models.DecimalField(_("VAT"), **MONEY)
    payable_amount = models.DecimalField(_("amount payable"), **MONEY)
    # The net amount with a credit note's sign, what contract totals add up.
    signed_net_amount = models.DecimalField(_("signed amount excluding VAT"), **MONEY)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    open_deviation_count = models.PositiveSmallIntegerField(_("open deviations"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported"))

    class Meta:
        ordering = ["-issue_date", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [
            models.Index(fields=["organisation", "-issue_date"], name="invoice_org_issued"),
            # Duplicate numbers from the same sender.
            models.Index(
                fields=["organisation", "supplier_identifier", "number"], name="invoice_sender_no"
            ),
            models.Index(fields=["contract", "issue_date"], name="invoice_contract_issued"),
            # The unmatched queue.
            models.Index(
                fields=["organisation", "-issue_date"],
                condition=Q(contract__isnull=True),
                name="invoice_unmatched",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class InvoiceLine(models.Model):
    """One line; the period is what the line bills: its own period, else the invoice's.

    Declared without TenantModel's foreign key constraint and index on the organisation: lines
    are only read through their invoice or contract, and a million-line import pays for every
    constraint check and index entry per row.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # Without a database constraint: the import writes lines (by COPY) before their invoices,
    # in the same transaction with ids taken from the sequence; Django still cascades deletes.
    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="lines",
    )
    # The invoice's contract, repeated so that earlier billing periods are one index lookup
    # (and without a constraint of its own: the invoice's contract has one).
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position"))
    line_id = models.CharField(_("line id"), max_length=IDENTIFIER_LENGTH)
    item_key = models.CharField(_("item"), max_length=IDENTIFIER_LENGTH)
    item_name = models.TextField(_("description"), blank=True)
    sellers_item_id = models.CharField(
        _("supplier's item number"), max_length=IDENTIFIER_LENGTH, blank=True
    )
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_code = models.CharField(_("unit"), max_length=20, blank=True)
    price = models.DecimalField(_("price"), null=True, blank=True, **QUANTITY)
    line_amount = models.DecimalField(_("amount excluding VAT"), **MONEY)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    is_credit = models.BooleanField(_("credit note line"), default=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        indexes = [
            models.Index(
                fields=["contract", "period_start"],
                condition=Q(contract__isnull=False, is_credit=False, period_start__isnull=False),
                name="invoice_line_billed_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.item_name}"


class InvoiceDeviation(TenantModel):
    """A rule the invoice breaks (checks.DeviationKind); open until the invoice is approved."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="deviations"
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=[(kind.value, kind.label) for kind in DeviationKind]
    )
    # The message in every language ({"da": ..., "en": ...}), rendered when it was found.
    message = models.JSONField(_("message"), default=dict)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("found"))

    class Meta:
        ordering = ["invoice", "pk"]
        verbose_name = _("invoice deviation")
        verbose_name_plural = _("invoice deviations")
        indexes = [
            models.Index(
                fields=["organisation", "kind"], condition=Q(is_open=True), name="deviation_open"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def message_text(self) -> str:
        return in_language(self.message)


class InvoiceEvent(TenantModel):
    """Who did what to an invoice: matched it, approved or disputed it, created its supplier."""

    class Action(models.TextChoices):
        MATCHED = "matched", _("Matched to a contract")
        APPROVED = "approved", _("Approved")
        DISPUTED = "disputed", _("Disputed")
        SUPPLIER_CREATED = "supplier_created", _("Supplier created")
        SUPPLIER_LINKED = "supplier_linked", _("Supplier linked")
        RECHECKED = "rechecked", _("Checked again")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("invoice event")
        verbose_name_plural = _("invoice events")

    def __str__(self) -> str:
        return self.get_action_display()


class SupplierReferenceMatch(TenantModel):
    """A remembered manual match: the supplier's invoices with this reference go to the contract."""

    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=IDENTIFIER_LENGTH)
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("remembered match")
        verbose_name_plural = _("remembered matches")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "supplier", "reference"],
                name="supplier_reference_match_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.reference}"


class SpreadsheetLayout(TenantModel):
    """The columns chosen at the last import of a finance export with these headings: the next
    export of the same layout is offered them instead of a guess."""

    headings_key = models.CharField(max_length=64)  # spreadsheet.headings_key(header)
    # Field name -> column index (or None), as the mapping form gives it.
    mapping = models.JSONField(_("columns"), default=dict)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    used_at = models.DateTimeField(_("used"), auto_now=True)

    class Meta:
        verbose_name = _("spreadsheet layout")
        verbose_name_plural = _("spreadsheet layouts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "headings_key"], name="spreadsheet_layout_unique"
            )
        ]

    def __str__(self) -> str:
        return self.filename or self.headings_key[:12]


class ContractInvoicedYear(TenantModel):
    """What has been invoiced on a contract in one year and currency (credit notes subtract).

    Kept up to date by the import and by matching, so contract pages and checks never sum lines.
    The year is that of the invoice period's start, else of the issue date.
    """

    contract = models.ForeignKey(
        Contract,
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="invoiced_years",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(_("invoiced excluding VAT"), **MONEY)
    invoice_count = models.PositiveIntegerField(_("documents"), default=0)

    class Meta:
        ordering = ["contract", "year", "currency"]
        verbose_name = _("invoiced per year")
        verbose_name_plural = _("invoiced per year")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "currency"], name="contract_invoiced_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.year} {self.amount} {self.currency}"
