"""Reads of invoices, scoped to one organisation and shaped for the pages and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from contracts.models import Contract, Supplier, normalise_cvr
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
    SpreadsheetLayout,
)
from .spreadsheet import guess_mapping, headings_key, usable_mapping

CONTRACT_PAGE_INVOICES = 20
DASHBOARD_ROWS = 5


def invoices(*, organisation: Organisation) -> QuerySet[Invoice]:
    return Invoice.objects.filter(organisation=organisation).select_related("supplier", "contract")


def invoice_list(
    *,
    organisation: Organisation,
    q: str = "",
    status: str = "",
    matched: str = "",
    deviations: bool = False,
    contract: int | None = None,
) -> QuerySet[Invoice]:
    """The invoice list, newest first, filtered as InvoiceFilterForm's fields say: `q` in the
    number or supplier name, `matched` "yes"/"no", `deviations` only those with open ones."""
    found = invoices(organisation=organisation)
    if q:
        found = found.filter(Q(number__icontains=q) | Q(supplier_name__icontains=q))
    if status:
        found = found.filter(status=status)
    if matched:
        found = found.filter(contract__isnull=matched == "no")
    if deviations:
        found = found.filter(open_deviation_count__gt=0)
    if contract:
        found = found.filter(contract_id=contract)
    return found.order_by("-issue_date", "-pk")


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


def spreadsheet_mapping(
    *, organisation: Organisation, header: list[str]
) -> tuple[dict[str, int | None], SpreadsheetLayout | None]:
    """The columns to offer for a spreadsheet with this header: those of the last import of a
    file with the same headings (returned too), else the ones their headings name."""
    key = headings_key(header)
    layout = (
        SpreadsheetLayout.objects.filter(organisation=organisation, headings_key=key)
        .select_related("used_by")
        .first()
        if key is not None
        else None
    )
    mapping = usable_mapping(layout.mapping, header) if layout is not None else None
    if mapping is None:
        return guess_mapping(header), None
    return mapping, layout


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
    # One aggregate per month and currency serves the chart and the counts.
    months = (
        Invoice.objects.filter(contract=contract)
        .annotate(month=TruncMonth("issue_date"))
        .values("month", "currency")
        .annotate(
            amount=Sum("signed_net_amount"),
            invoices=Count("pk"),
            open_deviations=Sum("open_deviation_count"),
        )
        .order_by("month", "currency")
    )
    monthly, invoice_count, open_deviation_count = [], 0, 0
    for row in months:
        invoice_count += row["invoices"]
        open_deviation_count += row["open_deviations"] or 0
        if row["currency"] == CONTRACT_CURRENCY:
            monthly.append((row["month"], row["amount"]))
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
        invoice_count=invoice_count,
        open_deviation_count=open_deviation_count,
        tolerance_percent=(tolerance * 100).normalize(),
    )


@dataclass
class InvoiceDashboard:
    open_deviation_count: int
    unmatched_count: int
    by_kind: list[tuple[str, str, int]]
    latest: list[InvoiceDeviation]


def dashboard(*, organisation: Organisation) -> InvoiceDashboard:
    """Open deviations by kind, the unmatched queue's length and the latest deviations; the
    counts come from one UNION (the unmatched count as a row of its own), the list from one."""
    unmatched_key = "unmatched"  # no deviation kind has this name
    by_kind = InvoiceDeviation.objects.filter(organisation=organisation, is_open=True).values(
        group=F("kind")
    )
    unmatched = Invoice.objects.filter(organisation=organisation, contract__isnull=True).values(
        group=Value(unmatched_key)
    )
    counts = {
        row["group"]: row["count"]
        for row in by_kind.annotate(count=Count("pk"))
        .order_by()
        .union(unmatched.annotate(count=Count("pk")).order_by(), all=True)
    }
    unmatched_count = counts.pop(unmatched_key, 0)
    labels = dict(InvoiceDeviation._meta.get_field("kind").choices)
    return InvoiceDashboard(
        open_deviation_count=sum(counts.values()),
        unmatched_count=unmatched_count,
        by_kind=[
            (kind, labels.get(kind, kind), count)
            for kind, count in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        ],
        latest=list(open_deviations(organisation=organisation)[:DASHBOARD_ROWS]),
    )


def registered_supplier(invoice: Invoice) -> Supplier | None:
    """The supplier registered with the CVR number of an invoice that came without a known
    supplier, if one has been since."""
    if invoice.supplier_id is not None or not invoice.supplier_cvr:
        return None
    return Supplier.objects.filter(
        organisation_id=invoice.organisation_id, cvr=invoice.supplier_cvr
    ).first()


def invalid_supplier_cvr(invoice: Invoice) -> str | None:
    """Why the CVR number of an invoice without a known supplier cannot be a supplier's (the
    supplier register's own message), else None. Invoices keep the CVR number they state, as
    XML and spreadsheet imports read it: the page says it is wrong instead of offering to create
    a supplier that the register refuses."""
    if invoice.supplier_id is not None or not invoice.supplier_cvr:
        return None
    try:
        normalise_cvr(invoice.supplier_cvr)
    except ValidationError as error:
        return " ".join(error.messages)
    return None
