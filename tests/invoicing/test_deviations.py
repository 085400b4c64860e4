"""The deviations the import stores, rule by rule, with the invoiced totals kept per contract."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from contracts.invoicing import services
from contracts.invoicing.models import ContractInvoicedYear, Invoice
from contracts.invoicing.samples import SampleLine
from contracts.models import Contract
from contracts.services import contract_give_notice
from tests.contracts.factories import SupplierFactory
from tests.invoicing.factories import xml_file

pytestmark = pytest.mark.django_db


def run(organisation, user, *files):
    """Import files as a request would (inside the tenant scope); returns the results."""
    _upload, results = services.invoices_import_files(
        organisation=organisation, user=user, files=files
    )
    assert [result.message for result in results] == [None] * len(files)
    return results


def found(number: str) -> list[tuple[str, str]]:
    """(kind, English message) of the stored deviations of the invoice with that number."""
    invoice = Invoice.objects.filter(number=number).latest("pk")
    with translation.override("en"):
        return [
            (deviation.kind, deviation.message_text)
            for deviation in invoice.deviations.order_by("pk")
        ]


def license_line(amount: str, start: date | None = None, end: date | None = None) -> SampleLine:
    return SampleLine("LIC-1", "Licens", Decimal(amount), period_start=start, period_end=end)


def test_invoice_within_its_contract_has_no_deviations(org_a, manager_a, contract_a, in_a):
    run(org_a, manager_a, xml_file("F-1.xml", contract_reference="K-2024-001"))

    assert found("F-1") == []
    assert Invoice.objects.get().open_deviation_count == 0


def test_no_contract(org_a, manager_a, in_a):
    run(org_a, manager_a, xml_file("F-1.xml"))

    assert found("F-1") == [("no_contract", "No contract was found for the invoice.")]
    assert Invoice.objects.get().open_deviation_count == 1


def test_supplier_differs(org_a, manager_a, contract_a, in_a):
    other = SupplierFactory(organisation=org_a)

    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", supplier_cvr=other.cvr, contract_reference="K-2024-001"),
    )

    assert found("F-1") == [
        ("supplier_mismatch", "The invoice is from another supplier than the contract's.")
    ]


def test_issue_date_and_period_outside_the_contract(org_a, manager_a, contract_a, in_a):
    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", issue_date=date(2023, 12, 15)),
        xml_file(
            "F-2.xml",
            issue_date=date(2027, 12, 1),
            period_start=date(2027, 12, 1),
            period_end=date(2028, 2, 29),
        ),
    )

    assert found("F-1") == [
        (
            "outside_period",
            "The issue date 15/12/2023 is outside the contract period 01/01/2024 – 31/12/2027.",
        )
    ]
    assert found("F-2") == [
        (
            "outside_period",
            "The billing period 01/12/2027 – 29/02/2028 is outside the contract period "
            "01/01/2024 – 31/12/2027.",
        )
    ]


def test_invoice_after_termination(org_a, manager_a, contract_a, in_a):
    contract_give_notice(
        contract=contract_a, given_on=date(2024, 6, 1), effective=date(2024, 12, 31)
    )

    run(org_a, manager_a, xml_file("F-1.xml", issue_date=date(2025, 2, 1)))

    assert [kind for kind, _message in found("F-1")] == ["outside_period", "after_termination"]
    assert found("F-1")[1][1] == (
        "The issue date 01/02/2025 is after the termination, which took effect on 31/12/2024."
    )


def test_total_value_exceeded_cumulatively_beyond_the_tolerance(org_a, manager_a, contract_a, in_a):
    Contract.objects.filter(pk=contract_a.pk).update(annual_value=None)
    lines = [license_line("350000.00")]

    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", issue_date=date(2024, 3, 1), lines=lines),
        xml_file("F-2.xml", issue_date=date(2025, 3, 1), lines=lines),
        xml_file("F-3.xml", issue_date=date(2026, 3, 1), lines=[license_line("349999.99")]),
        xml_file("F-4.xml", issue_date=date(2026, 4, 1), lines=[license_line("0.02")]),
    )

    # 1,049,999.99 is within 1,000,000 + 5 %; one more invoice tips it over.
    assert found("F-3") == []
    assert found("F-4") == [
        (
            "total_exceeded",
            "Invoiced total 1,050,000.01 DKK exceeds the contract's total value 1,000,000.00 DKK "
            "by more than 5 %.",
        )
    ]


def test_annual_value_exceeded_counts_the_year_of_the_period(org_a, manager_a, contract_a, in_a):
    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", issue_date=date(2025, 1, 5), lines=[license_line("200000.00")]),
        # Issued in 2026 for December 2025: counts towards 2025.
        xml_file(
            "F-2.xml",
            issue_date=date(2026, 1, 5),
            period_start=date(2025, 12, 1),
            period_end=date(2025, 12, 31),
            lines=[license_line("70000.00")],
        ),
        xml_file("F-3.xml", issue_date=date(2026, 1, 6), lines=[license_line("70000.00")]),
    )

    assert found("F-2") == [
        (
            "annual_exceeded",
            "Invoiced in 2025: 270,000.00 DKK, which exceeds the contract's annual value "
            "250,000.00 DKK by more than 5 %.",
        )
    ]
    assert found("F-3") == []
    assert sorted(
        ContractInvoicedYear.objects.values_list("year", "amount", "invoice_count", "currency")
    ) == [(2025, Decimal("270000.0000"), 2, "DKK"), (2026, Decimal("70000.0000"), 1, "DKK")]


def test_tolerance_comes_from_the_setting(settings, org_a, manager_a, contract_a, in_a):
    settings.INVOICE_TOLERANCE_PERCENT = 0

    run(org_a, manager_a, xml_file("F-1.xml", lines=[license_line("250000.01")]))

    assert [kind for kind, _message in found("F-1")] == ["annual_exceeded"]
    assert found("F-1")[0][1].endswith("by more than 0 %.")


def test_credit_notes_reduce_the_invoiced_amount(org_a, manager_a, contract_a, in_a):
    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", lines=[license_line("240000.00")]),
        xml_file(
            "K-1.xml",
            kind="credit_note",
            billing_reference="F-1",
            lines=[license_line("40000.00")],
        ),
        xml_file("F-2.xml", lines=[license_line("60000.00")]),
    )

    assert found("K-1") == [] and found("F-2") == []
    assert list(ContractInvoicedYear.objects.values_list("amount", "invoice_count")) == [
        (Decimal("260000.0000"), 3)
    ]


def test_duplicate_number_from_the_same_supplier(org_a, manager_a, contract_a, in_a):
    run(org_a, manager_a, xml_file("a.xml", number="F-1"))
    run(org_a, manager_a, xml_file("b.xml", number="F-1", lines=[license_line("5.00")]))

    assert found("F-1") == [
        (
            "duplicate_number",
            "Invoice number F-1 has already been received from this supplier.",
        )
    ]
    # The same number from another supplier is no duplicate (that supplier has no contract).
    other = SupplierFactory(organisation=org_a)
    run(org_a, manager_a, xml_file("c.xml", number="F-1", supplier_cvr=other.cvr))
    assert [kind for kind, _message in found("F-1")] == ["no_contract"]


def test_duplicates_within_one_upload_are_found(org_a, manager_a, contract_a, in_a):
    run(
        org_a,
        manager_a,
        xml_file("a.xml", number="F-1"),
        xml_file("b.xml", number="F-1", lines=[license_line("5.00")]),
    )

    assert [list(invoice.deviations.values_list("kind", flat=True)) for invoice in
            Invoice.objects.order_by("pk")] == [[], ["duplicate_number"]]  # fmt: skip


def test_double_billing_of_the_same_item_for_an_overlapping_period(
    org_a, manager_a, contract_a, in_a
):
    january = (date(2025, 1, 1), date(2025, 1, 31))
    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", lines=[license_line("1000.00", *january)]),
        xml_file(
            "F-2.xml",
            lines=[
                license_line("1000.00", date(2025, 1, 15), date(2025, 2, 14)),
                SampleLine(
                    "SUP-1",
                    "Support",
                    Decimal("500.00"),
                    period_start=january[0],
                    period_end=january[1],
                ),  # fmt: skip
            ],
        ),
        # The invoice's own period covers lines without one.
        xml_file("F-3.xml", period_start=date(2025, 2, 1), period_end=date(2025, 2, 28)),
    )

    assert found("F-2") == [
        (
            "double_billing",
            "Already billed on the contract for an overlapping period: “LIC-1” "
            "(01/01/2025 – 31/01/2025).",
        )
    ]
    assert [kind for kind, _message in found("F-3")] == ["double_billing"]


def test_credit_note_without_a_matching_invoice(org_a, manager_a, contract_a, in_a):
    run(
        org_a,
        manager_a,
        xml_file("F-1.xml"),
        xml_file("K-1.xml", kind="credit_note", billing_reference="F-1"),
        xml_file("K-2.xml", kind="credit_note", billing_reference="F-404"),
        xml_file("K-3.xml", kind="credit_note"),
    )

    assert found("K-1") == []
    assert found("K-2") == [
        (
            "credit_without_invoice",
            "The credit note refers to invoice F-404, which has not been received from this "
            "supplier.",
        )
    ]
    assert found("K-3") == [
        ("credit_without_invoice", "The credit note does not refer to an invoice.")
    ]


def test_invoice_in_another_currency_is_summed_apart_and_not_compared(
    org_a, manager_a, contract_a, in_a
):
    run(
        org_a,
        manager_a,
        xml_file("F-1.xml", currency="EUR", lines=[license_line("900000.00")]),
    )

    assert found("F-1") == []
    assert list(ContractInvoicedYear.objects.values_list("currency", "amount")) == [
        ("EUR", Decimal("900000.0000"))
    ]


def test_messages_are_stored_in_danish_and_english(org_a, manager_a, in_a):
    run(org_a, manager_a, xml_file("F-1.xml"))

    deviation = Invoice.objects.get().deviations.get()
    assert deviation.message == {
        "da": "Der blev ikke fundet en kontrakt til fakturaen.",
        "en": "No contract was found for the invoice.",
    }
