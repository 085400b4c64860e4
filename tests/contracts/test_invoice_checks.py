"""Tests for the invoice deviation rules."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from django.conf import settings
from django.utils import translation

if not settings.configured:  # run without pytest-django (-p no:django)
    settings.configure(USE_I18N=False, NUMBER_GROUPING=3)

from contracts.invoicing.checks import (  # noqa: E402
    ContractFacts,
    DeviationKind,
    History,
    InvoiceFacts,
    LineFacts,
    check_invoice,
)

K = DeviationKind

CONTRACT = ContractFacts(
    id=1,
    supplier_id=7,
    start=date(2024, 1, 1),
    end=date(2026, 12, 31),
    total_value=D("1000000.00"),
    annual_value=D("400000.00"),
)
INVOICE = InvoiceFacts(
    number="F-100",
    supplier_id=7,
    kind="invoice",
    issue_date=date(2025, 3, 5),
    period_start=date(2025, 2, 1),
    period_end=date(2025, 2, 28),
    net_amount=D("10000.00"),
    lines=(LineFacts("LIC-1"),),
)
CREDIT_NOTE = replace(INVOICE, number="K-1", kind="credit_note", billing_reference="F-99")
HISTORY = History(existing_numbers=frozenset({"F-99"}))


def kinds(
    invoice: InvoiceFacts = INVOICE,
    contract: ContractFacts | None = CONTRACT,
    history: History = HISTORY,
) -> list[DeviationKind]:
    return [deviation.kind for deviation in check_invoice(invoice, contract, history)]


def test_invoice_within_its_contract_has_no_deviations():
    assert kinds() == []


@pytest.mark.parametrize(
    ("invoice", "contract", "history", "expected"),
    [
        pytest.param(INVOICE, None, HISTORY, [K.NO_CONTRACT], id="no-contract"),
        pytest.param(
            replace(INVOICE, number="F-99"),
            None,
            HISTORY,
            [K.NO_CONTRACT, K.DUPLICATE_NUMBER],
            id="no-contract-and-duplicate",
        ),
        pytest.param(
            replace(CREDIT_NOTE, billing_reference=None, issue_date=date(2030, 1, 1)),
            None,
            HISTORY,
            [K.NO_CONTRACT],
            id="no-contract-hides-the-contract-rules",
        ),
        pytest.param(INVOICE, CONTRACT, HISTORY, [], id="contract-found"),
    ],
)
def test_no_contract(invoice, contract, history, expected):
    assert kinds(invoice, contract, history) == expected


@pytest.mark.parametrize(
    ("supplier_id", "expected"),
    [
        pytest.param(8, [K.SUPPLIER_MISMATCH], id="other-supplier"),
        pytest.param(None, [K.SUPPLIER_MISMATCH], id="unknown-supplier"),
        pytest.param(7, [], id="same-supplier"),
    ],
)
def test_supplier_mismatch(supplier_id, expected):
    assert kinds(replace(INVOICE, supplier_id=supplier_id)) == expected


def _line(item_key: str, start: date | None, end: date | None) -> LineFacts:
    return LineFacts(item_key, start, end)


@pytest.mark.parametrize(
    ("changes", "contract_changes", "expected"),
    [
        pytest.param(
            {"issue_date": date(2023, 12, 31)}, {}, [K.OUTSIDE_PERIOD], id="issued-before"
        ),
        pytest.param({"issue_date": date(2027, 1, 1)}, {}, [K.OUTSIDE_PERIOD], id="issued-after"),
        pytest.param(
            {"period_start": date(2023, 12, 1), "period_end": date(2023, 12, 31)},
            {},
            [K.OUTSIDE_PERIOD],
            id="period-before",
        ),
        pytest.param(
            {"issue_date": date(2026, 12, 31), "period_end": date(2027, 1, 31)},
            {},
            [K.OUTSIDE_PERIOD],
            id="period-ends-after",
        ),
        pytest.param(
            {"lines": (_line("LIC-1", date(2027, 1, 1), date(2027, 1, 31)),)},
            {},
            [K.OUTSIDE_PERIOD],
            id="line-period-after",
        ),
        pytest.param(
            {
                "issue_date": date(2024, 1, 1),
                "period_start": date(2024, 1, 1),
                "period_end": date(2026, 12, 31),
            },
            {},
            [],
            id="exactly-the-contract-period",
        ),
        pytest.param(
            {"issue_date": date(2040, 1, 1)}, {"start": None, "end": None}, [], id="open-contract"
        ),
        pytest.param(
            {"issue_date": date(2040, 1, 1), "period_start": None, "period_end": None},
            {"end": None},
            [],
            id="open-ended-contract",
        ),
    ],
)
def test_outside_period(changes, contract_changes, expected):
    assert kinds(replace(INVOICE, **changes), replace(CONTRACT, **contract_changes)) == expected


TERMINATED = replace(CONTRACT, termination_effective=date(2025, 3, 31))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"issue_date": date(2025, 4, 1)}, [K.AFTER_TERMINATION], id="issued-after"),
        pytest.param(
            {"period_start": date(2025, 4, 1), "period_end": date(2025, 4, 30)},
            [K.AFTER_TERMINATION],
            id="period-after",
        ),
        pytest.param(
            {"lines": (_line("LIC-1", date(2025, 3, 1), date(2025, 4, 30)),)},
            [K.AFTER_TERMINATION],
            id="line-period-runs-past",
        ),
        pytest.param(
            {"issue_date": date(2025, 3, 31), "period_end": date(2025, 3, 31)},
            [],
            id="on-the-termination-date",
        ),
        pytest.param({}, [], id="before-termination"),
    ],
)
def test_after_termination(changes, expected):
    assert kinds(replace(INVOICE, **changes), TERMINATED) == expected


@pytest.mark.parametrize(
    ("invoice", "before", "contract", "expected"),
    [
        pytest.param(INVOICE, D("1040000.00"), CONTRACT, [], id="exactly-5-percent-over"),
        pytest.param(
            replace(INVOICE, net_amount=D("10000.01")),
            D("1040000.00"),
            CONTRACT,
            [K.TOTAL_EXCEEDED],
            id="above-5-percent-over",
        ),
        pytest.param(INVOICE, D("0"), CONTRACT, [], id="well-within"),
        pytest.param(
            INVOICE, D("5000000"), replace(CONTRACT, total_value=None), [], id="no-total-value"
        ),
        pytest.param(CREDIT_NOTE, D("2000000"), CONTRACT, [], id="credit-note-reduces"),
        pytest.param(
            replace(INVOICE, net_amount=D("-10000.00")),
            D("2000000"),
            CONTRACT,
            [],
            id="negative-invoice-reduces",
        ),
    ],
)
def test_total_exceeded(invoice, before, contract, expected):
    history = replace(HISTORY, invoiced_total_before=before)

    assert kinds(invoice, contract, history) == expected


@pytest.mark.parametrize(
    ("invoice", "by_year", "expected"),
    [
        pytest.param(INVOICE, {2025: D("410000.00")}, [], id="exactly-5-percent-over"),
        pytest.param(
            INVOICE, {2025: D("410000.01")}, [K.ANNUAL_EXCEEDED], id="above-5-percent-over"
        ),
        pytest.param(INVOICE, {2024: D("900000")}, [], id="other-year-is-full"),
        pytest.param(
            replace(INVOICE, issue_date=date(2025, 1, 5), period_start=date(2024, 12, 1)),
            {2024: D("415000"), 2025: D("0")},
            [K.ANNUAL_EXCEEDED],
            id="year-of-period-start",
        ),
        pytest.param(
            replace(INVOICE, period_start=None, period_end=None),
            {2025: D("415000")},
            [K.ANNUAL_EXCEEDED],
            id="year-of-issue-date-without-period",
        ),
        pytest.param(CREDIT_NOTE, {2025: D("900000")}, [], id="credit-note-reduces"),
    ],
)
def test_annual_exceeded(invoice, by_year, expected):
    history = replace(HISTORY, invoiced_by_year_before=by_year)

    assert kinds(invoice, CONTRACT, history) == expected


@pytest.mark.parametrize(
    ("invoice", "expected"),
    [
        pytest.param(replace(INVOICE, number="F-99"), [K.DUPLICATE_NUMBER], id="invoice"),
        pytest.param(replace(CREDIT_NOTE, number="F-99"), [K.DUPLICATE_NUMBER], id="credit-note"),
        pytest.param(replace(INVOICE, number="F-099"), [], id="new-number"),
    ],
)
def test_duplicate_number(invoice, expected):
    assert kinds(invoice) == expected


FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))


@pytest.mark.parametrize(
    ("invoice", "earlier", "expected"),
    [
        pytest.param(
            INVOICE,
            {"LIC-1": ((date(2025, 2, 15), date(2025, 3, 14)),)},
            [K.DOUBLE_BILLING],
            id="overlaps-via-invoice-period",
        ),
        pytest.param(
            INVOICE,
            {"LIC-1": ((date(2025, 1, 1), date(2025, 2, 1)),)},
            [K.DOUBLE_BILLING],
            id="shares-one-day",
        ),
        pytest.param(
            replace(INVOICE, lines=(_line("LIC-1", date(2025, 3, 1), date(2025, 3, 31)),)),
            {"LIC-1": (FEBRUARY,)},
            [],
            id="own-line-period-follows",
        ),
        pytest.param(
            INVOICE, {"LIC-1": ((date(2025, 1, 1), date(2025, 1, 31)),)}, [], id="adjacent"
        ),
        pytest.param(INVOICE, {"LIC-2": (FEBRUARY,)}, [], id="other-item"),
        pytest.param(
            replace(INVOICE, period_start=None, period_end=None),
            {"LIC-1": (FEBRUARY,)},
            [],
            id="no-period",
        ),
        pytest.param(CREDIT_NOTE, {"LIC-1": (FEBRUARY,)}, [], id="credit-note"),
        pytest.param(
            replace(INVOICE, lines=(LineFacts("LIC-1"), LineFacts("LIC-1"), LineFacts("SUP"))),
            {"LIC-1": (FEBRUARY,), "SUP": (FEBRUARY,)},
            [K.DOUBLE_BILLING],
            id="one-deviation-for-several-lines",
        ),
    ],
)
def test_double_billing(invoice, earlier, expected):
    history = replace(HISTORY, earlier_line_periods=earlier)

    assert kinds(invoice, CONTRACT, history) == expected


@pytest.mark.parametrize(
    ("invoice", "expected"),
    [
        pytest.param(CREDIT_NOTE, [], id="refers-to-a-received-invoice"),
        pytest.param(
            replace(CREDIT_NOTE, billing_reference="F-1"),
            [K.CREDIT_WITHOUT_INVOICE],
            id="refers-to-an-unknown-invoice",
        ),
        pytest.param(
            replace(CREDIT_NOTE, billing_reference=None),
            [K.CREDIT_WITHOUT_INVOICE],
            id="no-reference",
        ),
        pytest.param(
            replace(CREDIT_NOTE, billing_reference=" "),
            [K.CREDIT_WITHOUT_INVOICE],
            id="blank-reference",
        ),
        pytest.param(INVOICE, [], id="invoice-needs-no-reference"),
    ],
)
def test_credit_without_invoice(invoice, expected):
    assert kinds(invoice) == expected


@pytest.mark.parametrize(
    ("invoice", "contract", "history", "expected"),
    [
        pytest.param(
            INVOICE, None, HISTORY, "No contract was found for the invoice.", id="no-contract"
        ),
        pytest.param(
            replace(INVOICE, supplier_id=8),
            CONTRACT,
            HISTORY,
            "The invoice is from another supplier than the contract's.",
            id="supplier",
        ),
        pytest.param(
            replace(INVOICE, issue_date=date(2023, 12, 31)),
            CONTRACT,
            HISTORY,
            "The issue date 31/12/2023 is outside the contract period 01/01/2024 – 31/12/2026.",
            id="issue-date-outside",
        ),
        pytest.param(
            replace(INVOICE, period_start=date(2023, 12, 1)),
            replace(CONTRACT, end=None),
            HISTORY,
            "The billing period 01/12/2023 – 28/02/2025 is outside the contract period "
            "01/01/2024 – ….",
            id="period-outside",
        ),
        pytest.param(
            replace(INVOICE, issue_date=date(2025, 4, 1)),
            TERMINATED,
            HISTORY,
            "The issue date 01/04/2025 is after the termination, which took effect on 31/03/2025.",
            id="issued-after-termination",
        ),
        pytest.param(
            replace(INVOICE, period_end=date(2025, 4, 30)),
            TERMINATED,
            HISTORY,
            "The billing period 01/02/2025 – 30/04/2025 runs past the termination, which took "
            "effect on 31/03/2025.",
            id="period-after-termination",
        ),
        pytest.param(
            replace(INVOICE, net_amount=D("10000.01")),
            replace(CONTRACT, annual_value=None),
            replace(HISTORY, invoiced_total_before=D("1040000")),
            "Invoiced total 1,050,000.01 DKK exceeds the contract's total value "
            "1,000,000.00 DKK by more than 5 %.",
            id="total",
        ),
        pytest.param(
            replace(INVOICE, net_amount=D("10000.01")),
            replace(CONTRACT, total_value=None, currency="EUR"),
            replace(HISTORY, invoiced_by_year_before={2025: D("410000")}),
            "Invoiced in 2025: 420,000.01 EUR, which exceeds the contract's annual value "
            "400,000.00 EUR by more than 5 %.",
            id="annual",
        ),
        pytest.param(
            replace(INVOICE, number="F-99"),
            CONTRACT,
            HISTORY,
            "Invoice number F-99 has already been received from this supplier.",
            id="duplicate",
        ),
        pytest.param(
            replace(INVOICE, lines=(LineFacts("LIC-1"), LineFacts("Support"))),
            CONTRACT,
            replace(
                HISTORY,
                earlier_line_periods={
                    "LIC-1": ((date(2024, 12, 1), date(2024, 12, 31)), FEBRUARY),
                    "Support": ((date(2025, 2, 28), None),),
                },
            ),
            "Already billed on the contract for an overlapping period: "
            "“LIC-1” (01/02/2025 – 28/02/2025), “Support” (28/02/2025 – 28/02/2025).",
            id="double-billing",
        ),
        pytest.param(
            replace(CREDIT_NOTE, billing_reference=None),
            CONTRACT,
            HISTORY,
            "The credit note does not refer to an invoice.",
            id="credit-without-reference",
        ),
        pytest.param(
            replace(CREDIT_NOTE, billing_reference="F-1"),
            CONTRACT,
            HISTORY,
            "The credit note refers to invoice F-1, which has not been received from this "
            "supplier.",
            id="credit-with-unknown-reference",
        ),
    ],
)
def test_message_names_the_figures(invoice, contract, history, expected):
    (deviation,) = check_invoice(invoice, contract, history)

    with translation.override("en"):
        assert str(deviation.message) == expected


@pytest.mark.skipif(not settings.USE_I18N, reason="needs the project's settings (pytest-django)")
def test_figures_follow_the_readers_locale():
    history = replace(HISTORY, invoiced_total_before=D("1040000"))
    (deviation,) = check_invoice(replace(INVOICE, net_amount=D("10000.01")), CONTRACT, history)

    with translation.override("da"):
        rendered = str(deviation.message)

    assert "1.050.000,01" in rendered
    assert "1.000.000,00" in rendered


def test_tolerance_can_be_changed():
    history = replace(HISTORY, invoiced_total_before=D("990000.00"))

    assert [
        deviation.kind for deviation in check_invoice(INVOICE, CONTRACT, history, tolerance=D("0"))
    ] == []
    assert [
        deviation.kind
        for deviation in check_invoice(
            replace(INVOICE, net_amount=D("10000.01")), CONTRACT, history, tolerance=D("0")
        )
    ] == [K.TOTAL_EXCEEDED]


def test_several_rules_report_in_the_order_of_the_kinds():
    invoice = replace(INVOICE, number="F-99", supplier_id=8, issue_date=date(2027, 1, 1))
    history = replace(
        HISTORY,
        invoiced_total_before=D("2000000"),
        invoiced_by_year_before={2025: D("900000")},
        earlier_line_periods={"LIC-1": (FEBRUARY,)},
    )

    assert kinds(invoice, TERMINATED, history) == [
        K.SUPPLIER_MISMATCH,
        K.OUTSIDE_PERIOD,
        K.AFTER_TERMINATION,
        K.TOTAL_EXCEEDED,
        K.ANNUAL_EXCEEDED,
        K.DUPLICATE_NUMBER,
        K.DOUBLE_BILLING,
    ]


def test_every_kind_has_a_label():
    with translation.override("en"):
        labels = {kind: str(kind.label) for kind in DeviationKind}

    assert all(labels.values())
    assert labels[K.DOUBLE_BILLING] == "Double billing"
