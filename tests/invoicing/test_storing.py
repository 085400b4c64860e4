"""How the importer writes what it stores: COPY text for invoice lines (with its escapes), the
rows of imported files, and the limits a document must keep to be stored."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from contracts.invoicing import services
from contracts.invoicing.importer import (
    COPY_NULL,
    DocumentRejected,
    copy_text,
    copy_value,
    line_periods,
    line_rows,
    line_rows_text,
    validate_document,
)
from contracts.invoicing.models import InvoiceFile, InvoiceLine
from contracts.invoicing.samples import SampleLine
from contracts.invoicing.ubl import ParsedLine, parse_invoice
from tests.invoicing.factories import xml_file

TRICKY_TEXTS = ["plain", "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "\\."]


def document(**values):
    """A parsed one-line Peppol invoice; `values` replace the document's."""
    values.setdefault("lines", [SampleLine("LIC-1", "Licens", Decimal("1000.00"))])
    data = xml_file(
        "F-1.xml", period_start=date(2025, 1, 1), period_end=date(2025, 1, 31), **values
    ).read()
    return parse_invoice(data, filename="F-1.xml")


def with_lines(parsed, *lines: ParsedLine):
    return replace(parsed, lines=lines)


# --- COPY text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ("", ""),
        ("a\tb", "a\\tb"),
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("a\\b", "a\\\\b"),
        ("\\N", "\\\\N"),  # the text, not NULL
        ("\\.", "\\\\."),  # not the end-of-data marker
        ("æøå – “x”", "æøå – “x”"),
    ],
)
def test_copy_text_escapes_what_copy_would_misread(value, expected):
    assert copy_text(value) == expected


def test_copy_value_writes_null_booleans_numbers_and_dates():
    assert copy_value(None) == COPY_NULL == "\\N"
    assert (copy_value(True), copy_value(False)) == ("t", "f")
    assert copy_value(7) == "7"
    assert copy_value(Decimal("-1234.5600")) == "-1234.5600"
    assert copy_value(date(2025, 1, 31)) == "2025-01-31"
    assert copy_value("a\tb") == "a\\tb"


@pytest.mark.parametrize("kind", ["invoice", "credit_note"])
def test_line_rows_text_is_line_rows_in_copy_text(kind):
    parsed = with_lines(
        replace(document(), kind=kind),
        ParsedLine("1\t2", Decimal("1"), "", Decimal("10.00"), "Licens\\drift", "LIC\n1"),
        ParsedLine("2", Decimal("2.5"), "HUR", Decimal("-5"), "Support\r", None, Decimal("2")),
        ParsedLine("3", Decimal("1E+2"), "EA", Decimal("0"), "", None, None, date(2025, 2, 1)),
    )
    periods = line_periods(parsed)

    for contract_id in (None, 42):
        expected = "".join(
            "\t".join(copy_value(value) for value in row) + "\n"
            for row in line_rows(5, 17, contract_id, parsed, periods)
        )

        assert line_rows_text(5, 17, contract_id, parsed, periods) == expected


@pytest.mark.django_db
def test_lines_with_tabs_newlines_and_backslashes_are_stored_as_written(
    org_a, manager_a, supplier_a, in_a
):
    lines = [SampleLine(f"ITEM-{k}", text, Decimal("10.00")) for k, text in enumerate(TRICKY_TEXTS)]
    file = xml_file("F-9.xml", lines=lines)
    # As the parser reads them (XML reads a carriage return as a newline).
    parsed = [line.item_name for line in parse_invoice(file.read()).lines]
    file.seek(0)

    _upload, results = services.invoices_import_files(
        organisation=org_a, user=manager_a, files=[file]
    )

    assert results[0].imported, results[0].message
    stored = InvoiceLine.objects.order_by("position")
    assert [line.item_name for line in stored] == parsed
    assert {"tab\there", "new\nline", "back\\slash", "\\N", "\\."} <= set(parsed)
    assert [line.sellers_item_id for line in stored] == [f"ITEM-{k}" for k in range(7)]
    assert {line.price for line in stored} == {Decimal("10.00")}
    assert {(line.period_start, line.period_end) for line in stored} == {(None, None)}


@pytest.mark.django_db
def test_imported_files_are_stored_with_their_counts(org_a, manager_a, supplier_a, in_a):
    lines = [SampleLine(f"ITEM-{k}", "Licens", Decimal("10.00")) for k in range(3)]
    files = [xml_file("F-1.xml", lines=lines), xml_file("F-2.xml", lines=lines[:1])]

    upload, _results = services.invoices_import_files(
        organisation=org_a, user=manager_a, files=files
    )

    stored = InvoiceFile.objects.order_by("filename")
    assert [(f.filename, f.outcome, f.invoice_count, f.line_count) for f in stored] == [
        ("F-1.xml", "imported", 1, 3),
        ("F-2.xml", "imported", 1, 1),
    ]
    assert {f.upload_id for f in stored} == {upload.pk}
    assert all(f.message == {} and f.row_errors == [] for f in stored)
    # Without a contract every invoice has its NO_CONTRACT deviation, counted on its file.
    assert [f.deviation_count for f in stored] == [1, 1]
    assert [f.invoices.get().source_id for f in stored] == [f.pk for f in stored]


# --- what the database can hold ----------------------------------------------------------------


def rejection(parsed) -> str:
    with pytest.raises(DocumentRejected) as raised, translation.override("en"):
        validate_document(parsed)
    with translation.override("en"):
        return str(raised.value)


def test_a_document_within_the_limits_is_accepted():
    assert validate_document(document()) is None  # raises DocumentRejected otherwise


def test_too_long_identifiers_are_named_in_document_order():
    long = "x" * 201
    parsed = document()
    line = parsed.lines[0]

    assert rejection(replace(parsed, number=long)).startswith("cbc:ID is longer than 200")
    assert rejection(replace(parsed, order_reference=long)).startswith("cac:OrderReference/")
    assert rejection(with_lines(parsed, replace(line, id=long))).startswith("cbc:ID is longer")
    # The first line's item id comes before the second line's id.
    assert rejection(
        with_lines(parsed, replace(line, sellers_item_id=long), replace(line, id=long))
    ).startswith("cac:SellersItemIdentification/cbc:ID is longer")


def test_too_large_amounts_quantities_and_prices_are_rejected():
    parsed = document()
    line = parsed.lines[0]
    huge = Decimal(10) ** 14

    for too_large in (
        replace(parsed, payable_amount=-huge),
        with_lines(parsed, line, replace(line, line_amount=huge)),
        with_lines(parsed, replace(line, quantity=huge)),
        with_lines(parsed, replace(line, price=-huge)),
    ):
        assert rejection(too_large) == "An amount or quantity is too large (15 digits or more)."
    validate_document(with_lines(parsed, replace(line, price=huge - 1)))


def test_a_too_long_unit_code_is_rejected():
    parsed = document()

    assert rejection(with_lines(parsed, replace(parsed.lines[0], unit_code="X" * 21))) == (
        "A unit code is longer than 20 characters."
    )
