"""Read invoice lines from a finance system's CSV or XLSX export, with columns mapped to fields.

Each row is one invoice line that repeats its invoice's header (number, supplier CVR, date ...);
consecutive rows with the same supplier, number and document type form one document. Values are
read the way Danish finance exports write them (``1.234,56``, ``31-12-2025``) as well as in ISO
form. Reading streams row by row, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.spreadsheets import parse_decimal
from config.uploads import MEGABYTE, megabytes_lazy

from .ubl import ISO_4217_CURRENCIES, InputRejected, ParsedInvoice, ParsedLine, cvr_digits

PREVIEW_ROWS = 5
# The mapping page's preview of documents reads no more rows than this.
PREVIEW_READ_ROWS = 1000
MAX_ROW_ERRORS = 100
# An XLSX file is a ZIP archive; refuse one that unpacks to more than this before reading it.
MAX_XLSX_UNCOMPRESSED = 200 * MEGABYTE
_DEFAULT_CURRENCY = "DKK"


@dataclass(frozen=True)
class Field:
    name: str
    label: Promise
    required: bool
    # Lower-case column headings that map to the field without the user choosing.
    headings: tuple[str, ...]


FIELDS = (
    Field(
        "number",
        _("Invoice number"),
        True,
        # Not "bilagsnr": finance systems number their own vouchers so, not the supplier's
        # invoices, and duplicate invoices are found by the supplier's number.
        ("invoice number", "invoice no", "fakturanummer", "fakturanr", "fakturanr."),
    ),
    Field(
        "kind", _("Document type"), False, ("document type", "type", "dokumenttype", "bilagstype")
    ),
    Field(
        "issue_date",
        _("Issue date"),
        True,
        ("issue date", "invoice date", "fakturadato", "bilagsdato", "dato"),
    ),
    Field("due_date", _("Due date"), False, ("due date", "forfaldsdato", "forfald")),
    Field(
        "supplier_cvr",
        _("Supplier CVR number"),
        True,
        ("supplier cvr", "cvr", "cvr-nr", "cvr-nr.", "cvr nr", "cvrnummer", "leverandør cvr"),
    ),
    Field(
        "supplier_name",
        _("Supplier name"),
        False,
        ("supplier", "supplier name", "leverandør", "leverandørnavn", "kreditor"),
    ),
    Field("currency", _("Currency"), False, ("currency", "valuta")),
    Field(
        "contract_reference",
        _("Contract reference"),
        False,
        ("contract reference", "contract", "kontrakt", "kontraktnummer", "kontraktnr"),
    ),
    Field(
        "order_reference",
        _("Order reference"),
        False,
        ("order reference", "order number", "ordrenummer", "ordrenr", "indkøbsordre"),
    ),
    Field(
        "buyer_reference",
        _("Buyer reference"),
        False,
        ("buyer reference", "reference", "deres reference", "ref"),
    ),
    Field(
        "billing_reference",
        _("Corrects invoice"),
        False,
        ("corrects invoice", "billing reference", "krediterer faktura", "krediteret faktura"),
    ),
    Field(
        "period_start",
        _("Period start"),
        False,
        ("period start", "period from", "periode start", "periode fra", "fra dato"),
    ),
    Field(
        "period_end",
        _("Period end"),
        False,
        ("period end", "period to", "periode slut", "periode til", "til dato"),
    ),
    Field("line_id", _("Line number"), False, ("line", "line number", "linje", "linjenummer")),
    Field(
        "item_id",
        _("Item number"),
        False,
        ("item number", "item id", "varenummer", "varenr", "varenr."),
    ),
    Field(
        "description",
        _("Description"),
        False,
        ("description", "item", "beskrivelse", "tekst", "varebeskrivelse", "varetekst"),
    ),
    Field("quantity", _("Quantity"), False, ("quantity", "antal", "mængde")),
    Field("unit", _("Unit"), False, ("unit", "enhed")),
    Field("price", _("Unit price"), False, ("unit price", "price", "enhedspris", "pris")),
    Field(
        "line_amount",
        _("Line amount excluding VAT"),
        True,
        (
            "line amount",
            "amount",
            "net amount",
            "beløb",
            "beløb ekskl. moms",
            "linjebeløb",
            "nettobeløb",
        ),
    ),
    Field("vat_amount", _("VAT amount"), False, ("vat", "vat amount", "moms", "momsbeløb")),
)
FIELDS_BY_NAME = {field.name: field for field in FIELDS}

_CREDIT_WORDS = frozenset({"credit_note", "credit note", "creditnote", "credit", "kreditnota",
                           "kredit", "381"})  # fmt: skip
_INVOICE_WORDS = frozenset({"", "invoice", "faktura", "380"})
_DANISH_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


class SpreadsheetError(InputRejected):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str | Promise


class Table:
    """The heading row and a stream of data rows (lists of cell values) of a CSV or XLSX file."""

    def __init__(self, header: list[str], rows: Iterator[list], close=None) -> None:
        self.header = header
        self._rows = rows
        self._close = close

    def rows(self) -> Iterator[list]:
        return self._rows

    def close(self) -> None:
        if self._close is not None:
            self._close()


def open_table(stream: IO[bytes], filename: str) -> Table:
    """Open a CSV (any of ; , tab; UTF-8 or Windows-1252) or XLSX file for reading."""
    if filename.lower().endswith(".xlsx"):
        return _open_xlsx(stream)
    return _open_csv(stream)


def _open_csv(stream: IO[bytes]) -> Table:
    start = stream.read(64 * 1024)
    stream.seek(0)
    encoding = "utf-8-sig"
    try:
        start.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut in the middle of a character at the end of the sample is not an error.
        if error.start < len(start) - 3:
            encoding = "cp1252"
    first_line = start.decode(encoding, errors="replace").splitlines()[0] if start else ""
    delimiter = max((";", ",", "\t"), key=first_line.count)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    rows = _csv_rows(csv.reader(text, delimiter=delimiter))
    try:
        header = next(rows)
    except StopIteration:
        raise SpreadsheetError(_("The file is empty.")) from None
    return Table([cell.strip() for cell in header], rows, close=text.detach)


def _csv_rows(reader) -> Iterator[list]:
    try:
        yield from reader
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The file is neither UTF-8 nor Windows-1252 text; save it as CSV (UTF-8).")
        ) from None
    except csv.Error as error:
        raise SpreadsheetError(
            format_lazy(_("The file is not valid CSV: {detail}"), detail=str(error))
        ) from None


def _open_xlsx(stream: IO[bytes]) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("The file is not a valid XLSX workbook.")) from None
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        raise SpreadsheetError(
            format_lazy(
                _("The workbook unpacks to more than {limit}."),
                limit=megabytes_lazy(MAX_XLSX_UNCOMPRESSED),
            )
        )
    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for damaged files
        raise SpreadsheetError(_("The file is not a valid XLSX workbook.")) from None
    rows = workbook.worksheets[0].iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        workbook.close()
        raise SpreadsheetError(_("The file is empty.")) from None
    heading = ["" if cell is None else str(cell).strip() for cell in header]
    return Table(heading, (list(row) for row in rows), close=workbook.close)


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """Field name -> column index for the headings that name a field, else None.

    A field's headings are in order of preference ("fakturadato" before "dato"), and a column
    is given to one field only: the first field in FIELDS whose heading it is.
    """
    lowered = [heading.strip().lower() for heading in header]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for field in FIELDS:
        mapping[field.name] = None
        for heading in field.headings:
            index = next(
                (i for i, name in enumerate(lowered) if name == heading and i not in taken), None
            )
            if index is not None:
                mapping[field.name] = index
                taken.add(index)
                break
    return mapping


def headings_key(header: list[str]) -> str | None:
    """One key for the files with these column headings (case and spaces aside): a remembered
    mapping is found by it. None for a header row without headings: nothing to recognise."""
    if not any(str(heading or "").strip() for heading in header):
        return None
    normalised = "\x1f".join(" ".join(str(h or "").split()).lower() for h in header)
    return hashlib.sha256(normalised.encode()).hexdigest()


def usable_mapping(stored: dict, header: list[str]) -> dict[str, int | None] | None:
    """A stored mapping as guess_mapping returns it, or None when it no longer fits: a field
    it names is gone, or a column index is outside the header."""
    if not isinstance(stored, dict):
        return None
    mapping: dict[str, int | None] = {field.name: None for field in FIELDS}
    for name, index in stored.items():
        if name not in mapping:
            continue
        if index is not None and not (type(index) is int and 0 <= index < len(header)):
            return None
        mapping[name] = index
    if any(field.required and mapping[field.name] is None for field in FIELDS):
        return None
    return mapping


def preview_documents(
    table: Table, mapping: dict[str, int | None], filename: str = "", *, documents: int = 10
) -> tuple[list[ParsedInvoice], list[RowError]]:
    """The first `documents` documents as the import would read them with `mapping`, and the
    errors in the rows read to find them (at most PREVIEW_READ_ROWS). Nothing is stored."""
    cut = False

    def limited() -> Iterator[list]:
        nonlocal cut
        for read, row in enumerate(table.rows(), start=1):
            if read > PREVIEW_READ_ROWS:
                cut = True
                return
            yield row

    reader = DocumentReader(Table(table.header, limited()), mapping, filename)
    found: list[ParsedInvoice] = []
    for document in reader.documents():
        if cut:
            break  # the document read when the rows ran out: its lines may go on
        found.append(document)
        if len(found) >= documents:
            break
    return found, reader.errors


def preview(table: Table, rows: int = PREVIEW_ROWS) -> list[list[str]]:
    """The first data rows as text, for the mapping page."""
    result = []
    for row in table.rows():
        result.append(["" if cell is None else str(cell) for cell in row])
        if len(result) >= rows:
            break
    return result


class DocumentReader:
    """Turns the rows of a table into documents; errors are collected in `errors`.

    A document with an error is not yielded. At most MAX_ROW_ERRORS errors are kept;
    `error_count` counts them all. The per-row work is kept to index look-ups and the value
    parsers: a finance export can hold a million lines.
    """

    def __init__(
        self,
        table: Table,
        mapping: dict[str, int | None],
        filename: str = "",
        *,
        check: Callable[[ParsedInvoice], str | Promise | None] | None = None,
    ) -> None:
        self.table = table
        self.check = check
        self.filename = filename
        self.errors: list[RowError] = []
        self.error_count = 0
        self.row_count = 0
        self._dates: dict[str, date] = {}
        self._width = max([len(table.header), *(i + 1 for i in mapping.values() if i is not None)])
        self._index = {name: index for name, index in mapping.items() if index is not None}
        self._headings = {
            name: table.header[index] if index < len(table.header) else str(index + 1)
            for name, index in self._index.items()
        }

    def documents(self) -> Iterator[ParsedInvoice]:
        index = self._index
        width = self._width
        cvr_at, number_at, kind_at = index["supplier_cvr"], index["number"], index.get("kind")
        group: list[tuple[int, list]] = []
        key = None
        for row_number, row in enumerate(self.table.rows(), start=2):
            if len(row) < width:
                row = [*row, *([None] * (width - len(row)))]
            if not any(row):  # a blank row (empty strings or empty cells)
                continue
            self.row_count += 1
            row_key = (row[cvr_at], row[number_at], None if kind_at is None else row[kind_at])
            if group and row_key != key:
                document = self._document(group)
                if document is not None:
                    yield document
                group = []
            key = row_key
            group.append((row_number, row))
        if group:
            document = self._document(group)
            if document is not None:
                yield document

    # --- cells -----------------------------------------------------------------------------

    def _error(self, row_number: int, name: str, message: str | Promise) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ROW_ERRORS:
            heading = self._headings.get(name) or str(FIELDS_BY_NAME[name].label)
            self.errors.append(RowError(row_number, heading, message))

    def _text(self, row: list, name: str) -> str:
        at = self._index.get(name)
        return "" if at is None else _cell_text(row[at])

    def _required_text(self, row_number: int, row: list, name: str) -> str | None:
        value = self._text(row, name)
        if not value:
            self._error(row_number, name, _("A value is required."))
            return None
        return value

    def _decimal(self, row_number: int, row: list, name: str, *, required: bool) -> Decimal | None:
        at = self._index.get(name)
        value = None if at is None else row[at]
        if value is None or value == "":
            if required:
                self._error(row_number, name, _("A value is required."))
            return None
        number = parse_decimal(value)
        if number is None:
            self._error(
                row_number,
                name,
                format_lazy(_("“{value}” is not a number."), value=str(value)[:40]),
            )
        return number

    def _date(self, row_number: int, row: list, name: str, *, required: bool) -> date | None:
        at = self._index.get(name)
        value = None if at is None else row[at]
        if value is None or value == "":
            if required:
                self._error(row_number, name, _("A value is required."))
            return None
        if value.__class__ is str:
            # Export files repeat a few hundred dates many times over.
            parsed = self._dates.get(value)
            if parsed is not None:
                return parsed
        parsed = parse_date(value)
        if parsed is None:
            self._error(
                row_number,
                name,
                format_lazy(
                    _("“{value}” is not a date (write YYYY-MM-DD or DD-MM-YYYY)."),
                    value=str(value)[:40],
                ),
            )
            return None
        if value.__class__ is str:
            if len(self._dates) > 10_000:
                self._dates.clear()
            self._dates[value] = parsed
        return parsed

    # --- documents -------------------------------------------------------------------------

    def _document(self, group: list[tuple[int, list]]) -> ParsedInvoice | None:
        errors_before = self.error_count
        first_number, first = group[0]
        number = self._required_text(first_number, first, "number")
        cvr_text = self._required_text(first_number, first, "supplier_cvr")
        cvr = None
        if cvr_text is not None:
            cvr = cvr_digits(cvr_text)
            if cvr is None:
                self._error(
                    first_number,
                    "supplier_cvr",
                    format_lazy(_("“{value}” is not a CVR number."), value=cvr_text[:40]),
                )
        kind_text = self._text(first, "kind").lower()
        kind = "invoice"
        if kind_text in _CREDIT_WORDS:
            kind = "credit_note"
        elif kind_text not in _INVOICE_WORDS:
            self._error(
                first_number,
                "kind",
                format_lazy(
                    _("“{value}” is not a document type (invoice or credit note)."),
                    value=kind_text[:40],
                ),
            )
        issue_date = self._date(first_number, first, "issue_date", required=True)
        due_date = self._date(first_number, first, "due_date", required=False)
        period_start = self._date(first_number, first, "period_start", required=False)
        period_end = self._date(first_number, first, "period_end", required=False)
        currency = self._text(first, "currency").upper() or _DEFAULT_CURRENCY
        if currency not in ISO_4217_CURRENCIES:
            self._error(
                first_number,
                "currency",
                format_lazy(_("Unknown currency code “{code}”."), code=currency[:10]),
            )

        index = self._index
        has = index.__contains__
        with_quantity, with_price, with_vat = has("quantity"), has("price"), has("vat_amount")
        with_periods = has("period_start") or has("period_end")
        lines = []
        net = tax = Decimal(0)
        for position, (row_number, row) in enumerate(group, start=1):
            amount = self._decimal(row_number, row, "line_amount", required=True)
            quantity = (
                self._decimal(row_number, row, "quantity", required=False)
                if with_quantity
                else None
            )
            price = self._decimal(row_number, row, "price", required=False) if with_price else None
            vat = self._decimal(row_number, row, "vat_amount", required=False) if with_vat else None
            line_start = line_end = None
            if position > 1 and with_periods:
                # Header-level periods may differ per row: they are then the line's own.
                line_start = self._date(row_number, row, "period_start", required=False)
                line_end = self._date(row_number, row, "period_end", required=False)
                if (line_start, line_end) == (period_start, period_end):
                    line_start = line_end = None
            if amount is None:
                continue
            net += amount
            if vat is not None:
                tax += vat
            lines.append(
                ParsedLine(
                    self._text(row, "line_id") or str(position),
                    Decimal(1) if quantity is None else quantity,
                    self._text(row, "unit"),
                    amount,
                    self._text(row, "description"),
                    self._text(row, "item_id") or None,
                    price,
                    line_start,
                    line_end,
                )
            )
        if self.error_count > errors_before:
            return None
        document = ParsedInvoice(
            filename=self.filename,
            format="ubl",
            customization_id="",
            kind=kind,
            type_code="",
            number=number,
            issue_date=issue_date,
            due_date=due_date,
            currency=currency,
            supplier_endpoint_id=cvr,
            supplier_endpoint_scheme="DK:CVR",
            supplier_cvr=cvr,
            supplier_name=self._text(first, "supplier_name"),
            buyer_endpoint_id="",
            buyer_endpoint_scheme="",
            buyer_name="",
            contract_reference=self._text(first, "contract_reference") or None,
            order_reference=self._text(first, "order_reference") or None,
            buyer_reference=self._text(first, "buyer_reference") or None,
            billing_reference=self._text(first, "billing_reference") or None,
            period_start=period_start,
            period_end=period_end,
            line_extension_amount=net,
            allowance_total=Decimal(0),
            charge_total=Decimal(0),
            net_amount=net,
            stated_tax_exclusive_amount=None,
            tax_amount=tax,
            tax_inclusive_amount=net + tax,
            prepaid_amount=Decimal(0),
            payable_amount=net + tax,
            lines=tuple(lines),
        )
        problem = self.check(document) if self.check is not None else None
        if problem is not None:
            self._error(first_number, "number", problem)
            return None
        return document


def _cell_text(value) -> str:
    if value is None:
        return ""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value) -> date | None:
    """A date as YYYY-MM-DD (optionally with a time), DD-MM-YYYY, DD.MM.YYYY or a cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = _DANISH_DATE.fullmatch(text)
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None
