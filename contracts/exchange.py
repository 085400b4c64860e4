"""Spreadsheet import and export of suppliers and contracts: preview, all-or-nothing commit.

An import runs twice: a dry run for the preview (every row validated, nothing kept) and, once
the user confirms, the commit, which validates the kept file again (config.pending_uploads) and
saves all rows or none.
"""

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from config.spreadsheets import NOT_CSV_TEXT, csv_delimiter, csv_text, escape_formula
from organisations.models import Organisation, User
from organisations.scoping import tenant

from . import selectors
from .deadlines import DeadlineKind
from .models import Contract, ContractDeadline, ITSystem, Supplier
from .resources import (
    ContractResource,
    SupplierResource,
    TenantResource,
    TextWidget,
)
from .services import deadlines_refresh_all

logger = logging.getLogger(__name__)

MAX_IMPORT_ROWS = 10_000  # a request validates about 500 rows a second


class ImportKind(StrEnum):
    SUPPLIERS = "suppliers"
    CONTRACTS = "contracts"


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


RESOURCES: dict[ImportKind, type[TenantResource]] = {
    ImportKind.SUPPLIERS: SupplierResource,
    ImportKind.CONTRACTS: ContractResource,
}


class ImportFileError(Exception):
    """The file cannot be read as a sheet at all (the message says why, translated)."""


# --- reading sheets ---------------------------------------------------------------------------


@dataclass
class Sheet:
    headers: list[str]
    rows: list[list]
    line_numbers: list[int]  # the sheet line of each row (the header is line 1)


def sheet_read(*, content: bytes, file_format: FileFormat) -> Sheet:
    """The first sheet of a CSV or XLSX file, without empty lines; raises ImportFileError."""
    lines = _read_xlsx(content) if file_format == FileFormat.XLSX else _read_csv(content)
    headers: list[str] | None = None
    rows, line_numbers = [], []
    for line_number, values in lines:
        values = list(values)
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        if headers is None:
            headers = [str(value or "").strip() for value in values]
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": f"{MAX_IMPORT_ROWS:,}".replace(",", ".")}
            )
        values = (values + [None] * len(headers))[: len(headers)]
        rows.append(values)
        line_numbers.append(line_number)
    if headers is None:
        raise ImportFileError(_("The file is empty: the first line must name the columns."))
    return Sheet(headers=headers, rows=rows, line_numbers=line_numbers)


def _read_csv(content: bytes):
    text = csv_text(content)  # UTF-8, else Danish Excel's "CSV" default, Windows-1252
    if text is None:
        raise ImportFileError(str(NOT_CSV_TEXT))
    delimiter = csv_delimiter(text)
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
    except csv.Error as error:
        raise ImportFileError(
            _("The file could not be read as CSV: %(error)s") % {"error": error}
        ) from None


def _read_xlsx(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for files that are not workbooks
        raise ImportFileError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from None
    try:
        yield from enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1)
    finally:
        workbook.close()


# --- the import report ------------------------------------------------------------------------


@dataclass
class FieldMessage:
    column: str
    label: str
    message: str


@dataclass
class RowReport:
    line: int
    action: str  # new, update, unchanged or invalid
    label: str
    messages: list[FieldMessage] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: ImportKind
    rows: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.messages for row in self.rows)

    @property
    def error_rows(self) -> list[RowReport]:
        return [row for row in self.rows if row.messages]

    @property
    def error_count(self) -> int:
        return sum(len(row.messages) for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ("new", "update", "unchanged", "invalid")}


def _header_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().casefold())


def _header_aliases(resource_class: type[TenantResource]) -> dict[str, str]:
    """Column names a sheet may use: the column key, or its label in any site language."""
    aliases: dict[str, str] = {}
    for column in resource_class.columns():
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                aliases.setdefault(_header_key(column.label), column.column_name)
    for column in resource_class.columns():
        aliases[_header_key(column.column_name)] = column.column_name
    return aliases


def _dataset(kind: ImportKind, sheet: Sheet, report: ImportReport) -> tablib.Dataset | None:
    resource_class = RESOURCES[kind]
    aliases = _header_aliases(resource_class)
    headers: list[str] = []
    for index, header in enumerate(sheet.headers):
        column = aliases.get(_header_key(header))
        if column is None or column in headers:
            if header:
                report.ignored_columns.append(header)
            column = f"__ignored_{index}"
        headers.append(column)
    missing = [
        column for column in resource_class.columns() if column.required and column.column_name
    ]
    missing = [column for column in missing if column.column_name not in headers]
    if missing:
        report.file_errors.append(
            _("The file lacks these columns: %(columns)s.")
            % {"columns": ", ".join(f"{c.column_name} ({c.label})" for c in missing)}
        )
        return None
    key_column = resource_class.fields[resource_class.key].column_name
    rows = sheet.rows
    if key_column not in headers:  # every row is new
        headers.append(key_column)
        rows = [[*row, ""] for row in rows]
    return tablib.Dataset(*rows, headers=headers)


def _row_label(kind: ImportKind, row: dict) -> str:
    def text(column: str) -> str:
        return TextWidget().clean(row.get(column))

    if kind == ImportKind.SUPPLIERS:
        main, extra = text("name"), text("cvr")
    else:
        main, extra = text("title"), text("reference")
    return f"{main} ({extra})" if main and extra else main or extra


def _row_messages(resource: TenantResource, error: ValidationError) -> list[FieldMessage]:
    by_attribute = {f.attribute: f for f in resource.fields.values()}
    messages = []
    error_dict = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error}
    for attribute, texts in error_dict.items():
        column = by_attribute.get(attribute)
        if isinstance(texts, ValidationError):
            texts = texts.messages
        for text in texts:
            messages.append(
                FieldMessage(
                    column=column.column_name if column else "",
                    label=str(getattr(column, "label", "")) if column else "",
                    message=str(text),
                )
            )
    return messages


_ACTIONS = {"new": "new", "update": "update", "skip": "unchanged"}


def _run(
    *,
    kind: ImportKind,
    organisation: Organisation,
    user: User | None,
    content: bytes,
    file_format: FileFormat,
    dry_run: bool,
) -> ImportReport:
    report = ImportReport(kind=kind)
    with tenant(organisation):
        _import_rows(report, organisation, user, content, file_format, dry_run=dry_run)
    return report


def _import_rows(
    report: ImportReport,
    organisation: Organisation,
    user: User | None,
    content: bytes,
    file_format: FileFormat,
    *,
    dry_run: bool,
) -> None:
    kind = report.kind
    try:
        sheet = sheet_read(content=content, file_format=file_format)
    except ImportFileError as error:
        report.file_errors.append(str(error))
        return
    dataset = _dataset(kind, sheet, report)
    if dataset is None:
        return
    if not len(dataset):
        report.file_errors.append(_("The file has no rows below the column names."))
        return
    resource = RESOURCES[kind](
        organisation=organisation, user=user, line_numbers=sheet.line_numbers
    )
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True)
    for row_result, row, line in zip(result.rows, dataset.dict, sheet.line_numbers, strict=False):
        row_report = RowReport(
            line=line, action=_ACTIONS.get(row_result.import_type, "invalid"), label=""
        )
        row_report.label = _row_label(kind, row)
        if row_result.validation_error is not None:
            row_report.messages = _row_messages(resource, row_result.validation_error)
        elif row_result.errors:
            for error in row_result.errors:
                logger.error("Import row %s failed: %r", line, error.error)
            row_report.messages = [
                FieldMessage(column="", label="", message=_("The row could not be read."))
            ]
        if row_report.messages:
            row_report.action = "invalid"
        report.rows.append(row_report)
    for error in result.base_errors:
        logger.error("Import of %s failed: %r", kind, error.error)
        report.file_errors.append(
            _("The rows could not be saved (the database refused them). Nothing was changed.")
        )
    return


def import_preview(
    *,
    kind: ImportKind,
    organisation: Organisation,
    user: User | None,
    content: bytes,
    file_format: FileFormat,
) -> ImportReport:
    """Validate every row and say what an import would do; nothing is saved."""
    return _run(
        kind=kind,
        organisation=organisation,
        user=user,
        content=content,
        file_format=file_format,
        dry_run=True,
    )


def import_commit(
    *,
    kind: ImportKind,
    organisation: Organisation,
    user: User | None,
    content: bytes,
    file_format: FileFormat,
) -> ImportReport:
    """Validate again and save every row, or none if any row fails (``report.committed``).

    Imported contracts get their deadlines computed in the same transaction.
    """
    with transaction.atomic():
        report = _run(
            kind=kind,
            organisation=organisation,
            user=user,
            content=content,
            file_format=file_format,
            dry_run=False,
        )
        if report.has_errors:
            transaction.set_rollback(True)
            return report
        if kind == ImportKind.CONTRACTS and (report.count("new") or report.count("update")):
            deadlines_refresh_all(organisation=organisation)
        report.committed = True
    return report


# --- export -----------------------------------------------------------------------------------


def _stored(kind: DeadlineKind) -> Subquery:
    return Subquery(
        ContractDeadline.objects.filter(contract=OuterRef("pk"), kind=kind)
        .order_by("-due_date")
        .values("due_date")[:1]
    )


def final_end_annotation() -> Coalesce:
    """The stored final end: FINAL_END (written only when options extend the term), otherwise
    TERM_END; open-ended contracts have neither."""
    return Coalesce(_stored(DeadlineKind.FINAL_END), _stored(DeadlineKind.TERM_END))


def current_term_end_annotation() -> Coalesce:
    """The end of the current term, as selectors.current_term_end_of gives it: the stored
    TERM_END (moved on by tacit renewal, or the termination once notice is given), else the
    agreed term end."""
    return Coalesce(_stored(DeadlineKind.TERM_END), F("term_end"))


def contracts_for_export(*, organisation: Organisation) -> QuerySet[Contract]:
    """The contract list's rows (with the next notice deadline) plus what the sheet adds."""
    return (
        selectors.contracts(organisation=organisation)
        .select_related("deputy_contract_manager")
        .prefetch_related(Prefetch("it_systems", queryset=ITSystem.objects.order_by("name")))
        .annotate(final_end=final_end_annotation())
        .order_by("title", "pk")
    )


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def sheet_write(dataset: tablib.Dataset, *, file_format: FileFormat, title: str) -> bytes:
    """CSV (semicolons, decimal commas, UTF-8 with BOM: what Danish Excel opens) or XLSX with
    typed cells; every text cell that could start a formula is escaped."""
    if file_format == FileFormat.CSV:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([escape_formula(header) for header in dataset.headers])
        for row in dataset:
            writer.writerow([escape_formula(_csv_cell(value)) for value in row])
        return buffer.getvalue().encode("utf-8-sig")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([escape_formula(header) for header in dataset.headers])
    for row in dataset:
        sheet.append([escape_formula(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def suppliers_export(*, organisation: Organisation, file_format: FileFormat) -> bytes:
    with tenant(organisation):
        queryset = Supplier.objects.filter(organisation=organisation).order_by("name", "pk")
        dataset = SupplierResource(organisation=organisation).export(queryset=list(queryset))
    return sheet_write(dataset, file_format=file_format, title=_("Suppliers"))


def contracts_export(*, organisation: Organisation, file_format: FileFormat) -> bytes:
    with tenant(organisation):
        queryset = contracts_for_export(organisation=organisation)
        dataset = ContractResource(organisation=organisation).export(queryset=list(queryset))
    return sheet_write(dataset, file_format=file_format, title=_("Contracts"))
