"""Import runs: invoice files (XML, ZIP) and spreadsheets, each file imported or rejected whole.

A rejected file stores nothing but its result row. XML files are stored in batches, one
transaction per batch; if a batch fails in the database, its files are retried one per
transaction so that each file gets its own outcome. A spreadsheet is one transaction: every row
is read and checked, and any error rolls the whole file back with a report per row.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.uploads import too_large

from .importer import (
    DocumentRejected,
    InvoiceImporter,
    Pending,
    Stored,
    messages_in_every_language,
    validate_document,
)
from .models import Invoice, InvoiceFile, InvoiceUpload
from .spreadsheet import DocumentReader, RowError, SpreadsheetError, open_table
from .ubl import (
    MAX_FILE_SIZE,
    InvoiceParseError,
    ParsedInvoice,
    ParsedLine,
    check_is_xml,
    iter_zip,
    parse_invoice,
)


@dataclass
class FileResult:
    """The outcome for one file: imported when `message` is None."""

    filename: str
    sha256: str = ""
    message: str | Promise | None = None
    row_errors: list[RowError] = field(default_factory=list)
    invoice_count: int = 0
    line_count: int = 0
    deviation_count: int = 0

    @property
    def imported(self) -> bool:
        return self.message is None

    def count(self, stored: Iterable[Stored]) -> None:
        for item in stored:
            self.invoice_count += 1
            self.line_count += item.line_count
            self.deviation_count += len(item.deviation_kinds)

    def reset_counts(self) -> None:
        self.invoice_count = self.line_count = self.deviation_count = 0


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _already_imported(imported_on) -> Promise:
    return format_lazy(
        _("The same file was already imported on {date}; it was not imported again."),
        date=lazy(date_format, str)(timezone.localdate(imported_on)),
    )


_FORMATS = {
    "oioubl": Invoice.Format.OIOUBL,
    "peppol": Invoice.Format.PEPPOL,
    "ubl": Invoice.Format.UBL,
}


def _rejection(document: ParsedInvoice) -> str | Promise | None:
    try:
        validate_document(document)
    except DocumentRejected as error:
        return error.message
    return None


def parse_uploaded_file(name: str, data: bytes) -> ParsedInvoice:
    """An uploaded file's document, ready to store; raises InvoiceParseError or
    DocumentRejected. A file that is no XML at all (empty, a PDF, ...) is named for what it is."""
    check_is_xml(data)
    document = parse_invoice(data, filename=name)
    validate_document(document)
    return document


# Files per task sent to a parsing pool.
_CHUNK = 32


def parse_files(items: list[tuple[str, bytes]]) -> list[tuple[str, bool, object]]:
    """(sha256, True, packed document) or (sha256, False, messages) per (name, content).

    Runs in a pool's worker process: what it returns crosses a pipe, so documents are packed
    into plain tuples and errors rendered in every language.
    """
    parsed = []
    for name, data in items:
        digest = sha256_of(data)
        try:
            document = parse_uploaded_file(name, data)
        except (InvoiceParseError, DocumentRejected) as error:
            parsed.append((digest, False, messages_in_every_language(error.message)))
        else:
            parsed.append((digest, True, pack(document)))
    return parsed


def _kind_of(annotation: str) -> str:
    return "decimal" if "Decimal" in annotation else "date" if "date" in annotation else ""


_DOCUMENT_FIELDS = [
    (item.name, _kind_of(str(item.type))) for item in fields(ParsedInvoice) if item.name != "lines"
]
_LINE_FIELDS = [(item.name, _kind_of(str(item.type))) for item in fields(ParsedLine)]


def _plain(value):
    # Decimals and dates pickle through Python-level reducers, ten times slower than text.
    cls = value.__class__
    return str(value) if cls is Decimal or cls is date else value


def pack(document: ParsedInvoice) -> tuple:
    """The document as tuples of str, int and None, cheap to pickle."""
    return (
        tuple(_plain(getattr(document, name)) for name, _kind in _DOCUMENT_FIELDS),
        tuple(
            tuple(_plain(getattr(line, name)) for name, _kind in _LINE_FIELDS)
            for line in document.lines
        ),
    )


def _positions(described: list[tuple[str, str]], kind: str) -> tuple[int, ...]:
    return tuple(index for index, (_name, each) in enumerate(described) if each == kind)


_DOCUMENT_DECIMALS = _positions(_DOCUMENT_FIELDS, "decimal")
_DOCUMENT_DATES = _positions(_DOCUMENT_FIELDS, "date")
_LINE_DECIMALS = _positions(_LINE_FIELDS, "decimal")
_LINE_DATES = _positions(_LINE_FIELDS, "date")


def _typed(values: tuple, decimals: tuple[int, ...], dates: tuple[int, ...]) -> list:
    values = list(values)
    for index in decimals:
        if values[index] is not None:
            values[index] = Decimal(values[index])
    for index in dates:
        if values[index] is not None:
            values[index] = date.fromisoformat(values[index])
    return values


def unpack(packed: tuple) -> ParsedInvoice:
    """The document `pack` made plain."""
    head, lines = packed
    return ParsedInvoice(
        *_typed(head, _DOCUMENT_DECIMALS, _DOCUMENT_DATES),
        lines=tuple(ParsedLine(*_typed(line, _LINE_DECIMALS, _LINE_DATES)) for line in lines),
    )


class FileImport:
    """Invoice XML files and ZIP archives of them into one upload; see the module docstring.

    With a `pool` (a concurrent.futures executor of processes, e.g. for a bulk load on a
    machine with cores to spare), files are parsed in its workers, a few chunks ahead of the
    batches being stored; results keep the order of the files.
    """

    def __init__(
        self,
        importer: InvoiceImporter,
        *,
        upload: InvoiceUpload,
        batch_size: int = 500,
        pool: Executor | None = None,
    ) -> None:
        self.importer = importer
        self.upload = upload
        self.batch_size = batch_size
        self.results: list[FileResult] = []
        self._batch: list[tuple[FileResult, ParsedInvoice]] = []
        self._pool = pool
        self._chunk: list[tuple[str, bytes]] = []
        self._parsing: deque[tuple[list[FileResult], Future]] = deque()

    def add_file(self, file) -> None:
        """Add an uploaded file (anything with name, size and read()); ZIPs add each entry."""
        name = file.name or "?"
        size = file.size
        if size > settings.MAX_UPLOAD_SIZE:
            self._reject(name, too_large(size, settings.MAX_UPLOAD_SIZE))
            return
        head = file.read(4)
        file.seek(0)
        is_zip = name.lower().endswith(".zip") or head.startswith(b"PK")
        if not is_zip and size > MAX_FILE_SIZE:
            self._reject(name, too_large(size, MAX_FILE_SIZE))
            return
        self.add(name, file.read(), is_zip=is_zip)

    def add(self, name: str, data: bytes, *, is_zip: bool | None = None) -> None:
        if is_zip is None:
            is_zip = name.lower().endswith(".zip") or data.startswith(b"PK")
        if not is_zip:
            self._add_xml(name, data)
            return
        try:
            for entry, content in iter_zip(data):
                self._add_xml(f"{name}/{entry}", content)
        except InvoiceParseError as error:
            self._reject(name, error.message)

    def finish(self) -> list[FileResult]:
        self._submit()
        while self._parsing:
            self._collect()
        self._flush()
        rejected = [
            InvoiceFile(
                organisation=self.upload.organisation,
                upload=self.upload,
                filename=result.filename[:500],
                sha256=result.sha256,
                outcome=InvoiceFile.Outcome.REJECTED,
                message=messages_in_every_language(result.message),
            )
            for result in self.results
            if not result.imported
        ]
        InvoiceFile.objects.bulk_create(rejected, batch_size=500)
        return self.results

    def _reject(self, name: str, message: str | Promise, sha256: str = "") -> None:
        self.results.append(FileResult(filename=name, sha256=sha256, message=message))

    def _add_xml(self, name: str, data: bytes) -> None:
        if self._pool is not None:
            self._chunk.append((name, data))
            if len(self._chunk) >= _CHUNK:
                self._submit()
            return
        result = FileResult(filename=name, sha256=sha256_of(data))
        self.results.append(result)
        try:
            document = parse_uploaded_file(name, data)
        except (InvoiceParseError, DocumentRejected) as error:
            result.message = error.message
            return
        self._accept(result, document)

    def _accept(self, result: FileResult, document: ParsedInvoice) -> None:
        self._batch.append((result, document))
        if len(self._batch) >= self.batch_size:
            self._flush()

    def _submit(self) -> None:
        if not self._chunk:
            return
        chunk, self._chunk = self._chunk, []
        results = [FileResult(filename=name) for name, _data in chunk]
        self.results += results
        self._parsing.append((results, self._pool.submit(parse_files, chunk)))
        # Enough chunks in flight to keep the workers parsing while a batch is stored; more
        # would only hold more files in memory.
        workers = max(1, getattr(self._pool, "_max_workers", 1))
        while len(self._parsing) > self.batch_size // _CHUNK + 2 * workers:
            self._collect()

    def _collect(self) -> None:
        results, future = self._parsing.popleft()
        for result, (digest, parsed, outcome) in zip(results, future.result(), strict=True):
            result.sha256 = digest
            if parsed:
                self._accept(result, unpack(outcome))
            else:
                result.message = outcome

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            with transaction.atomic():
                outcomes = self._store(batch)
        except (IntegrityError, DataError):
            if len(batch) > 1:
                for item in batch:
                    self._batch = [item]
                    self._flush()
                return
            outcomes = {id(batch[0][0]): (_("The file could not be stored."), [])}
        for result, _document in batch:
            result.message, stored = outcomes[id(result)]
            result.count(stored)

    def _store(self, batch: list[tuple[FileResult, ParsedInvoice]]) -> dict:
        """Store the batch's new files; returns id(result) -> (message or None, stored)."""
        organisation = self.importer.organisation
        earlier = dict(
            InvoiceFile.objects.filter(
                organisation=organisation,
                outcome=InvoiceFile.Outcome.IMPORTED,
                sha256__in={result.sha256 for result, _document in batch},
            ).values_list("sha256", "upload__created_at")
        )
        outcomes: dict[int, tuple] = {}
        new: list[tuple[FileResult, ParsedInvoice]] = []
        for result, document in batch:
            if result.sha256 in earlier:
                outcomes[id(result)] = (_already_imported(earlier[result.sha256]), [])
                continue
            earlier[result.sha256] = self.upload.created_at
            new.append((result, document))
        # The files' rows are written after their invoices, with the deviation counts known;
        # the invoices refer to them by reserved ids.
        source_ids = self.importer.reserve_ids(InvoiceFile, len(new))
        stored = self.importer.store(
            [
                Pending(document, _FORMATS[document.format], source_id)
                for (_result, document), source_id in zip(new, source_ids, strict=True)
            ]
        )
        files = []
        for (result, document), source_id, item in zip(new, source_ids, stored, strict=True):
            outcomes[id(result)] = (None, [item])
            files.append(
                (source_id, result.filename, result.sha256, len(document.lines),
                 len(item.deviation_kinds))
            )  # fmt: skip
        self.importer.insert_imported_files(self.upload.pk, files)
        return outcomes


def _rows_with_errors_now(count: int) -> str:
    return ngettext(
        "%(count)s row has an error; nothing was imported from the file.",
        "%(count)s rows have errors; nothing was imported from the file.",
        count,
    ) % {"count": count}


# Rendered in whichever language the message is shown in.
_rows_with_errors = lazy(_rows_with_errors_now, str)


class _RowErrors(Exception):
    """Raised inside the transaction to roll a spreadsheet with errors back."""


def import_spreadsheet(
    importer: InvoiceImporter,
    *,
    upload: InvoiceUpload,
    stream: IO[bytes],
    filename: str,
    sha256: str,
    mapping: dict[str, int | None],
    batch_size: int = 1000,
) -> FileResult:
    """Import one spreadsheet whole or not at all; the result lists the rows in error."""
    result = FileResult(filename=filename, sha256=sha256)
    organisation = importer.organisation
    try:
        with transaction.atomic():
            earlier = (
                InvoiceFile.objects.filter(
                    organisation=organisation,
                    outcome=InvoiceFile.Outcome.IMPORTED,
                    sha256=sha256,
                )
                .values_list("upload__created_at", flat=True)
                .first()
            )
            if earlier is not None:
                result.message = _already_imported(earlier)
                raise _RowErrors
            source = InvoiceFile.objects.create(
                organisation=organisation,
                upload=upload,
                filename=filename[:500],
                sha256=sha256,
                outcome=InvoiceFile.Outcome.IMPORTED,
            )
            table = open_table(stream, filename)
            try:
                reader = DocumentReader(table, mapping, filename, check=_rejection)
                batch: list[Pending] = []
                for document in reader.documents():
                    if reader.error_count:
                        continue  # read on to report every row, but store nothing more
                    batch.append(Pending(document, Invoice.Format.SPREADSHEET, source.pk))
                    if len(batch) >= batch_size:
                        result.count(importer.store(batch))
                        batch = []
                if reader.error_count:
                    result.row_errors = reader.errors
                    result.message = _rows_with_errors(reader.error_count)
                    raise _RowErrors
                if reader.row_count == 0:
                    result.message = _("The file has no rows.")
                    raise _RowErrors
                result.count(importer.store(batch))
            finally:
                table.close()
            source.invoice_count = result.invoice_count
            source.line_count = result.line_count
            source.deviation_count = result.deviation_count
            source.save(update_fields=["invoice_count", "line_count", "deviation_count"])
    except _RowErrors:
        result.reset_counts()
    except SpreadsheetError as error:
        result.message = error.message
        result.reset_counts()
    except (IntegrityError, DataError):
        result.message = _("The file could not be stored.")
        result.reset_counts()
    if not result.imported:
        InvoiceFile.objects.create(
            organisation=organisation,
            upload=upload,
            filename=filename[:500],
            sha256=sha256,
            outcome=InvoiceFile.Outcome.REJECTED,
            message=messages_in_every_language(result.message),
            row_errors=[
                {
                    "row": error.row,
                    "column": error.column,
                    "message": messages_in_every_language(error.message),
                }
                for error in result.row_errors
            ],
        )
    return result
