"""Reads of invoices, scoped to one organisation and shaped for the pages and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from contracts.models import Contract, Supplier
from organisations.models import Organisation

from .charts import invoiced_chart
from .importer import CONTRACT_CURRENCY, default_tolerance
from .models import (
    ContractInvoicedYear,
    Invoice,
    InvoiceDeviation,
    InvoiceEvent,
    InvoiceFile,
    InvoiceLine,
    InvoiceUpload,
)

CONTRACT_PAGE_INVOICES = 20
DASHBOARD_ROWS = 5


def invoices(*, organisation: Organisation) -> QuerySet[Invoice]:
    return Invoice.objects.filter(organisation=organisation).select_related("supplier", "contract")


def unmatched_invoices(*, organisation: Organisation) -> QuerySet[Invoice]:
    """The queue of invoices waiting for a contract, oldest first."""
    return (
        invoices(organisation=organisation)
        .filter(contract__isnull=True)
        .order_by("issue_date", "pk")
    )


def invoice_detail(*, organisation: Organisation, pk: int) -> Invoice:
    """One invoice with its lines, deviations and history; raises Invoice.DoesNotExist."""
    return (
        Invoice.objects.filter(organisation=organisation)
        .select_related(
            "supplier", "contract", "contract__supplier", "imported_by", "source__upload"
        )
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.order_by("position")),
            Prefetch("deviations", queryset=InvoiceDeviation.objects.order_by("pk")),
            Prefetch("events", queryset=InvoiceEvent.objects.select_related("user")),
        )
        .get(pk=pk)
    )


def match_candidates(*, organisation: Organisation, invoice: Invoice) -> QuerySet[Contract]:
    """Contracts an invoice can be matched to: the supplier's own first, then the rest."""
    return (
        Contract.objects.filter(organisation=organisation, is_deleted=False)
        .select_related("supplier")
        .annotate(is_own=Count("pk", filter=Q(supplier_id=invoice.supplier_id)))
        .order_by("-is_own", "supplier__name", "title")
    )


def contract(*, organisation: Organisation, pk: int) -> Contract:
    """A contract (not deleted) for its invoice page; raises Contract.DoesNotExist."""
    return (
        Contract.objects.filter(organisation=organisation, is_deleted=False)
        .select_related("supplier")
        .get(pk=pk)
    )


def suppliers(*, organisation: Organisation) -> QuerySet[Supplier]:
    return Supplier.objects.filter(organisation=organisation).order_by("name")


def upload_detail(*, organisation: Organisation, pk: int) -> InvoiceUpload:
    return (
        InvoiceUpload.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .prefetch_related(
            Prefetch(
                "files",
                queryset=InvoiceFile.objects.annotate(
                    first_invoice_id=Min("invoices__pk")
                ).order_by("pk"),
            )
        )
        .get(pk=pk)
    )


def recent_uploads(*, organisation: Organisation, limit: int = 10) -> list[InvoiceUpload]:
    return list(
        InvoiceUpload.objects.filter(organisation=organisation)
        .select_related("uploaded_by")
        .annotate(
            imported=Count("files", filter=Q(files__outcome=InvoiceFile.Outcome.IMPORTED)),
            rejected=Count("files", filter=Q(files__outcome=InvoiceFile.Outcome.REJECTED)),
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def open_deviations(
    *,
    organisation: Organisation,
    kind: str = "",
    supplier: Supplier | None = None,
    query: str = "",
    issued_from: date | None = None,
    issued_to: date | None = None,
) -> QuerySet[InvoiceDeviation]:
    """Open deviations (of invoices not approved), newest invoices first, filtered."""
    deviations = (
        InvoiceDeviation.objects.filter(organisation=organisation, is_open=True)
        .select_related("invoice", "invoice__supplier", "invoice__contract")
        .order_by("-invoice__issue_date", "-invoice_id", "pk")
    )
    if kind:
        deviations = deviations.filter(kind=kind)
    if supplier is not None:
        deviations = deviations.filter(invoice__supplier=supplier)
    if query:
        deviations = deviations.filter(
            Q(invoice__number__icontains=query)
            | Q(invoice__supplier_name__icontains=query)
            | Q(invoice__contract__title__icontains=query)
            | Q(invoice__contract__reference__icontains=query)
        )
    if issued_from is not None:
        deviations = deviations.filter(invoice__issue_date__gte=issued_from)
    if issued_to is not None:
        deviations = deviations.filter(invoice__issue_date__lte=issued_to)
    return deviations


@dataclass
class YearRow:
    year: int
    invoiced: Decimal
    document_count: int
    annual_value: Decimal | None
    exceeded: bool

    @property
    def share(self) -> int | None:
        """Per cent of the annual value invoiced, rounded."""
        if not self.annual_value:
            return None
        return round(self.invoiced * 100 / self.annual_value)


@dataclass
class ContractInvoiceSummary:
    """What the contract page shows of its invoices (amounts in DKK, excluding VAT)."""

    contract: Contract
    years: list[YearRow]
    total_invoiced: Decimal
    total_value: Decimal | None
    remaining: Decimal | None
    total_exceeded: bool
    other_currencies: list[tuple[str, Decimal]]
    chart_svg: str
    invoices: list[Invoice]
    invoice_count: int
    open_deviation_count: int
    tolerance_percent: Decimal = field(default=Decimal(0))


def contract_invoice_summary(contract: Contract) -> ContractInvoiceSummary:
    """Invoiced per year against the annual value, the total against the contract value, a chart
    of the cumulative amount over time and the latest invoices with their deviations.

    Reads the stored yearly totals, one monthly aggregate for the chart and one page of invoices:
    a fixed number of queries whatever the number of invoices.
    """
    tolerance = default_tolerance()
    stored = list(
        ContractInvoicedYear.objects.filter(contract=contract).order_by("year", "currency")
    )
    years = [
        YearRow(
            year=row.year,
            invoiced=row.amount,
            document_count=row.invoice_count,
            annual_value=contract.annual_value,
            exceeded=contract.annual_value is not None
            and row.amount > contract.annual_value * (1 + tolerance),
        )
        for row in stored
        if row.currency == CONTRACT_CURRENCY
    ]
    other: dict[str, Decimal] = {}
    for row in stored:
        if row.currency != CONTRACT_CURRENCY:
            other[row.currency] = other.get(row.currency, Decimal(0)) + row.amount
    total = sum((row.invoiced for row in years), Decimal(0))
    value = contract.total_value
    latest = list(
        Invoice.objects.filter(contract=contract)
        .select_related("supplier")
        .prefetch_related(Prefetch("deviations", queryset=InvoiceDeviation.objects.order_by("pk")))
        .order_by("-issue_date", "-pk")[:CONTRACT_PAGE_INVOICES]
    )
    counts = Invoice.objects.filter(contract=contract).aggregate(
        invoices=Count("pk"), open_deviations=Sum("open_deviation_count")
    )
    monthly = list(
        Invoice.objects.filter(contract=contract, currency=CONTRACT_CURRENCY)
        .annotate(month=TruncMonth("issue_date"))
        .values("month")
        .annotate(amount=Sum("signed_net_amount"))
        .values_list("month", "amount")
        .order_by("month")
    )
    chart = ""
    if monthly or value:
        chart = invoiced_chart(
            contract_title=contract.title,
            start=contract.start_date,
            end=contract.term_end,
            monthly=monthly,
            total_value=value,
            today=timezone.localdate(),
        )
    return ContractInvoiceSummary(
        contract=contract,
        years=years,
        total_invoiced=total,
        total_value=value,
        remaining=None if value is None else value - total,
        total_exceeded=value is not None and total > value * (1 + tolerance),
        other_currencies=sorted(other.items()),
        chart_svg=chart,
        invoices=latest,
        invoice_count=counts["invoices"] or 0,
        open_deviation_count=counts["open_deviations"] or 0,
        tolerance_percent=(tolerance * 100).normalize(),
    )


@dataclass
class InvoiceDashboard:
    open_deviation_count: int
    unmatched_count: int
    by_kind: list[tuple[str, str, int]]
    latest: list[InvoiceDeviation]


def dashboard(*, organisation: Organisation) -> InvoiceDashboard:
    """Open deviations by kind, the unmatched queue's length and the latest deviations."""
    by_kind = list(
        InvoiceDeviation.objects.filter(organisation=organisation, is_open=True)
        .values("kind")
        .annotate(count=Count("pk"))
        .order_by("-count", "kind")
    )
    labels = dict(InvoiceDeviation._meta.get_field("kind").choices)
    return InvoiceDashboard(
        open_deviation_count=sum(row["count"] for row in by_kind),
        unmatched_count=Invoice.objects.filter(
            organisation=organisation, contract__isnull=True
        ).count(),
        by_kind=[
            (row["kind"], labels.get(row["kind"], row["kind"]), row["count"]) for row in by_kind
        ],
        latest=list(open_deviations(organisation=organisation)[:DASHBOARD_ROWS]),
    )
