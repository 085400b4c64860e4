"""Invoice deviation rules: compare one invoice with its contract and earlier invoices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.formats import lazy_short_date

DEFAULT_TOLERANCE = Decimal("0.05")

Period = tuple[date | None, date | None]


class DeviationKind(StrEnum):
    NO_CONTRACT = "no_contract"
    SUPPLIER_MISMATCH = "supplier_mismatch"
    OUTSIDE_PERIOD = "outside_period"
    AFTER_TERMINATION = "after_termination"
    TOTAL_EXCEEDED = "total_exceeded"
    ANNUAL_EXCEEDED = "annual_exceeded"
    DUPLICATE_NUMBER = "duplicate_number"
    DOUBLE_BILLING = "double_billing"
    CREDIT_WITHOUT_INVOICE = "credit_without_invoice"

    @property
    def label(self) -> Promise:
        return _LABELS[self]


_LABELS = {
    DeviationKind.NO_CONTRACT: _("No contract"),
    DeviationKind.SUPPLIER_MISMATCH: _("Supplier differs from the contract"),
    DeviationKind.OUTSIDE_PERIOD: _("Outside the contract period"),
    DeviationKind.AFTER_TERMINATION: _("After termination"),
    DeviationKind.TOTAL_EXCEEDED: _("Contract value exceeded"),
    DeviationKind.ANNUAL_EXCEEDED: _("Annual value exceeded"),
    DeviationKind.DUPLICATE_NUMBER: _("Duplicate invoice number"),
    DeviationKind.DOUBLE_BILLING: _("Double billing"),
    DeviationKind.CREDIT_WITHOUT_INVOICE: _("Credit note without invoice"),
}


@dataclass(frozen=True)
class ContractFacts:
    """What the rules need of a contract; `end` is the final end including options.

    Values are excluding VAT, in `currency`, the currency the invoice amounts are compared in.
    """

    id: int | str
    supplier_id: int | str | None
    start: date | None
    end: date | None
    termination_effective: date | None = None
    total_value: Decimal | None = None
    annual_value: Decimal | None = None
    currency: str = "DKK"


@dataclass(frozen=True)
class LineFacts:
    """A line's billed item (seller's item id, else its name) and its own period, if any."""

    item_key: str
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class InvoiceFacts:
    """What the rules need of an invoice or credit note; `net_amount` excludes VAT, as stated.

    `billing_reference` is the invoice number a credit note corrects.
    """

    number: str
    supplier_id: int | str | None
    kind: Literal["invoice", "credit_note"]
    issue_date: date
    period_start: date | None
    period_end: date | None
    net_amount: Decimal
    lines: tuple[LineFacts, ...] = ()
    billing_reference: str | None = None

    @property
    def signed_net_amount(self) -> Decimal:
        return -self.net_amount if self.kind == "credit_note" else self.net_amount


@dataclass(frozen=True)
class History:
    """Earlier documents: sums for the contract, numbers for the supplier.

    `invoiced_total_before` and `invoiced_by_year_before` are signed sums of net amounts (credit
    notes negative) on the same contract; `existing_numbers` are the numbers of the supplier's
    stored invoices (not including the one being checked); `earlier_line_periods` maps an item
    key to the periods already billed for it on the contract.
    """

    invoiced_total_before: Decimal = Decimal(0)
    invoiced_by_year_before: Mapping[int, Decimal] = field(default_factory=dict)
    existing_numbers: frozenset[str] = frozenset()
    earlier_line_periods: Mapping[str, tuple[Period, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Deviation:
    """One broken rule; `message` is lazy and renders with the figures in the active language."""

    kind: DeviationKind
    message: str | Promise


def check_invoice(
    invoice: InvoiceFacts,
    contract: ContractFacts | None,
    history: History,
    *,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> list[Deviation]:
    """Return the deviations of `invoice`, in the order of DeviationKind.

    Without a contract only NO_CONTRACT and DUPLICATE_NUMBER can apply. Credit notes are held
    to their reference (CREDIT_WITHOUT_INVOICE) rather than to the period and value rules: a
    credit note after termination or on an exceeded contract is a correction, not a deviation.
    A value is exceeded when the cumulative amount is above it times (1 + tolerance), exactly at
    the limit is accepted, and only by a document that adds to the amount (a negative invoice
    does not).
    """
    duplicate = _duplicate_number(invoice, history)
    if contract is None:
        no_contract = Deviation(
            DeviationKind.NO_CONTRACT, _("No contract was found for the invoice.")
        )
        return [no_contract] if duplicate is None else [no_contract, duplicate]
    findings = [_supplier_mismatch(invoice, contract)]
    if invoice.kind == "credit_note":
        findings += [duplicate, _credit_without_invoice(invoice, history)]
    else:
        findings += [
            _outside_period(invoice, contract),
            _after_termination(invoice, contract),
            _total_exceeded(invoice, contract, history, tolerance),
            _annual_exceeded(invoice, contract, history, tolerance),
            duplicate,
            _double_billing(invoice, history),
        ]
    return [finding for finding in findings if finding is not None]


def _duplicate_number(invoice: InvoiceFacts, history: History) -> Deviation | None:
    if invoice.number not in history.existing_numbers:
        return None
    return Deviation(
        DeviationKind.DUPLICATE_NUMBER,
        format_lazy(
            _("Invoice number {number} has already been received from this supplier."),
            number=invoice.number,
        ),
    )


def _supplier_mismatch(invoice: InvoiceFacts, contract: ContractFacts) -> Deviation | None:
    if invoice.supplier_id == contract.supplier_id:
        return None
    return Deviation(
        DeviationKind.SUPPLIER_MISMATCH,
        _("The invoice is from another supplier than the contract's."),
    )


def _outside_period(invoice: InvoiceFacts, contract: ContractFacts) -> Deviation | None:
    start, end = contract.start, contract.end
    if start is None and end is None:
        return None
    if (start is not None and invoice.issue_date < start) or (
        end is not None and invoice.issue_date > end
    ):
        return Deviation(
            DeviationKind.OUTSIDE_PERIOD,
            format_lazy(
                _("The issue date {date} is outside the contract period {period}."),
                date=_format_date(invoice.issue_date),
                period=_format_period(start, end),
            ),
        )
    for billed_start, billed_end in _billed_periods(invoice):
        if (start is not None and billed_start < start) or (end is not None and billed_end > end):
            return Deviation(
                DeviationKind.OUTSIDE_PERIOD,
                format_lazy(
                    _("The billing period {billed} is outside the contract period {period}."),
                    billed=_format_period(billed_start, billed_end),
                    period=_format_period(start, end),
                ),
            )
    return None


def _after_termination(invoice: InvoiceFacts, contract: ContractFacts) -> Deviation | None:
    termination = contract.termination_effective
    if termination is None:
        return None
    if invoice.issue_date > termination:
        return Deviation(
            DeviationKind.AFTER_TERMINATION,
            format_lazy(
                _(
                    "The issue date {date} is after the termination, which took effect on "
                    "{termination}."
                ),
                date=_format_date(invoice.issue_date),
                termination=_format_date(termination),
            ),
        )
    for billed_start, billed_end in _billed_periods(invoice):
        if billed_end > termination:
            return Deviation(
                DeviationKind.AFTER_TERMINATION,
                format_lazy(
                    _(
                        "The billing period {billed} runs past the termination, which took "
                        "effect on {termination}."
                    ),
                    billed=_format_period(billed_start, billed_end),
                    termination=_format_date(termination),
                ),
            )
    return None


def _total_exceeded(
    invoice: InvoiceFacts, contract: ContractFacts, history: History, tolerance: Decimal
) -> Deviation | None:
    amount = invoice.signed_net_amount
    if contract.total_value is None or amount <= 0:
        return None
    invoiced = history.invoiced_total_before + amount
    if invoiced <= contract.total_value * (1 + tolerance):
        return None
    return Deviation(
        DeviationKind.TOTAL_EXCEEDED,
        format_lazy(
            _(
                "Invoiced total {invoiced} {currency} exceeds the contract's total value "
                "{value} {currency} by more than {tolerance} %."
            ),
            invoiced=_format_money(invoiced),
            value=_format_money(contract.total_value),
            currency=contract.currency,
            tolerance=_format_percent(tolerance),
        ),
    )


def _annual_exceeded(
    invoice: InvoiceFacts, contract: ContractFacts, history: History, tolerance: Decimal
) -> Deviation | None:
    amount = invoice.signed_net_amount
    if contract.annual_value is None or amount <= 0:
        return None
    year = (invoice.period_start or invoice.issue_date).year
    invoiced = history.invoiced_by_year_before.get(year, Decimal(0)) + amount
    if invoiced <= contract.annual_value * (1 + tolerance):
        return None
    return Deviation(
        DeviationKind.ANNUAL_EXCEEDED,
        format_lazy(
            _(
                "Invoiced in {year}: {invoiced} {currency}, which exceeds the contract's annual "
                "value {value} {currency} by more than {tolerance} %."
            ),
            year=str(year),
            invoiced=_format_money(invoiced),
            value=_format_money(contract.annual_value),
            currency=contract.currency,
            tolerance=_format_percent(tolerance),
        ),
    )


def _double_billing(invoice: InvoiceFacts, history: History) -> Deviation | None:
    overlapping: list[Promise] = []
    seen: set[str] = set()
    for line in invoice.lines:
        if line.item_key in seen:
            continue
        # A line without a period of its own is billed for the invoice's period.
        period = _closed_period(
            line.period_start or invoice.period_start, line.period_end or invoice.period_end
        )
        if period is None:
            continue
        for earlier in history.earlier_line_periods.get(line.item_key, ()):
            earlier_period = _closed_period(*earlier)
            if earlier_period is not None and _overlaps(period, earlier_period):
                seen.add(line.item_key)
                overlapping.append(
                    format_lazy(
                        "“{item}” ({period})",
                        item=line.item_key,
                        period=_format_period(*earlier_period),
                    )
                )
                break
    if not overlapping:
        return None
    return Deviation(
        DeviationKind.DOUBLE_BILLING,
        format_lazy(
            _("Already billed on the contract for an overlapping period: {items}."),
            items=format_lazy(", ".join(["{}"] * len(overlapping)), *overlapping),
        ),
    )


def _credit_without_invoice(invoice: InvoiceFacts, history: History) -> Deviation | None:
    reference = (invoice.billing_reference or "").strip()
    if not reference:
        return Deviation(
            DeviationKind.CREDIT_WITHOUT_INVOICE,
            _("The credit note does not refer to an invoice."),
        )
    if reference in history.existing_numbers:
        return None
    return Deviation(
        DeviationKind.CREDIT_WITHOUT_INVOICE,
        format_lazy(
            _(
                "The credit note refers to invoice {number}, which has not been received from "
                "this supplier."
            ),
            number=reference,
        ),
    )


def _billed_periods(invoice: InvoiceFacts) -> list[tuple[date, date]]:
    periods = [_closed_period(invoice.period_start, invoice.period_end)]
    periods += [_closed_period(line.period_start, line.period_end) for line in invoice.lines]
    return [period for period in periods if period is not None]


def _closed_period(start: date | None, end: date | None) -> tuple[date, date] | None:
    # A period with one known end covers that single day.
    if start is None:
        return None if end is None else (end, end)
    return (start, start if end is None else end)


def _overlaps(first: tuple[date, date], second: tuple[date, date]) -> bool:
    return first[0] <= second[1] and second[0] <= first[1]


# Formatted when the message is rendered, so figures follow the reader's locale.
_lazy_number_format = lazy(number_format, str)


def _format_money(value: Decimal) -> Promise:
    return _lazy_number_format(value, 2, force_grouping=True)


def _format_percent(fraction: Decimal) -> Promise:
    return _lazy_number_format((fraction * 100).normalize())


def _format_date(value: date) -> Promise:
    return lazy_short_date(value)


def _format_period(start: date | None, end: date | None) -> Promise:
    return format_lazy(
        "{} – {}",
        _format_date(start) if start is not None else "…",
        _format_date(end) if end is not None else "…",
    )
