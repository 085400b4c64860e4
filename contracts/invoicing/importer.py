"""The batched invoice import: match documents to contracts, check them and store them in bulk.

One InvoiceImporter serves one import into one organisation. `store()` takes a batch of parsed
documents and, inside the caller's transaction, matches them to contracts with lookups read once
per import, locks the totals of the contracts it adds to, loads what the rules compare with
(invoiced totals, the senders' invoice numbers, overlapping periods already billed) in three
queries, runs the pure rules of `checks` per document and writes lines (streamed while checking,
as COPY text formatted here), invoices and deviations with PostgreSQL COPY (bulk_create
elsewhere), and the contracts' yearly totals with one upsert; `insert_imported_files` writes the
rows of imported XML files the same way. Memory is bounded by the batch plus per-organisation
lookups (suppliers, contracts, contract facts), which grow with the organisation, never with the
lines imported.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from psycopg.types.json import Jsonb

from contracts.exchange import final_end_annotation
from contracts.models import Contract, Supplier, reference_key
from organisations.models import Organisation, User

from .checks import ContractFacts, Deviation, History, InvoiceFacts, check_invoice
from .models import (
    IDENTIFIER_LENGTH,
    ContractInvoicedYear,
    Invoice,
    InvoiceDeviation,
    InvoiceFile,
    InvoiceLine,
    SupplierReferenceMatch,
)
from .ubl import InputRejected, ParsedInvoice

# Contracts in these states are running: with no reference to go by, and none of the supplier's
# contracts alone in force on the invoice's date, the supplier's only running contract takes it.
RUNNING_STATUSES = (Contract.Status.ACTIVE, Contract.Status.NOTICE_GIVEN)
# Contract values are in Danish kroner; amounts in other currencies are summed per currency but
# not compared with the values.
CONTRACT_CURRENCY = "DKK"
# Advisory lock keys: (namespace, contract id modulo 2**31); a shared key only makes two
# imports wait for each other.
_LOCK_NAMESPACE = 460_001
_LOCK_KEYS = 2**31
# Characters of COPY text sent to PostgreSQL at a time.
_COPY_CHUNK = 256 * 1024
# Amounts are stored as numeric(18, 4) and quantities as numeric(20, 6).
_AMOUNT_LIMIT = Decimal(10) ** 14
_REFERENCE_METHODS = (
    ("contract_reference", Invoice.MatchMethod.CONTRACT_REFERENCE),
    ("order_reference", Invoice.MatchMethod.ORDER_REFERENCE),
    ("buyer_reference", Invoice.MatchMethod.BUYER_REFERENCE),
)

_INVOICE_COLUMNS = (
    "id",
    "organisation_id",
    "source_id",
    "kind",
    "format",
    "number",
    "issue_date",
    "due_date",
    "currency",
    "supplier_id",
    "supplier_cvr",
    "supplier_identifier",
    "supplier_name",
    "contract_id",
    "match_method",
    "contract_reference",
    "order_reference",
    "buyer_reference",
    "billing_reference",
    "period_start",
    "period_end",
    "net_amount",
    "tax_amount",
    "payable_amount",
    "signed_net_amount",
    "line_count",
    "status",
    "open_deviation_count",
    "imported_by_id",
    "created_at",
)
_FILE_COLUMNS = (
    "id",
    "organisation_id",
    "upload_id",
    "filename",
    "sha256",
    "outcome",
    "message",
    "row_errors",
    "invoice_count",
    "line_count",
    "deviation_count",
)
_DEVIATION_COLUMNS = ("organisation_id", "invoice_id", "kind", "message", "is_open", "created_at")
_LINE_COLUMNS = (
    "organisation_id",
    "invoice_id",
    "contract_id",
    "position",
    "line_id",
    "item_key",
    "item_name",
    "sellers_item_id",
    "quantity",
    "unit_code",
    "price",
    "line_amount",
    "period_start",
    "period_end",
    "is_credit",
)


@dataclass(slots=True)
class Pending:
    """A parsed document waiting to be stored, with its format and the file it came from."""

    document: ParsedInvoice
    format: str
    source_id: int | None = None


@dataclass(slots=True)
class Stored:
    """What storing one document did (for the upload report and the tests)."""

    invoice_id: int
    contract_id: int | None
    line_count: int
    deviation_kinds: tuple[str, ...]


class DocumentRejected(InputRejected):
    """A parsed document that cannot be stored as it is."""


def lock_contract_totals(contract_ids: Iterable[int]) -> None:
    """Serialise the writers of these contracts' invoiced totals until the transaction ends.

    Imports and manual matches read a contract's totals and write them back; PostgreSQL
    advisory locks (taken in id order) make a second writer wait, while the contract rows stay
    free for editing. SQLite runs one writing transaction at a time anyway.
    """
    ids = sorted({pk % _LOCK_KEYS for pk in contract_ids})
    if ids and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_advisory_xact_lock(%s, key)) FROM unnest(%s::integer[]) AS key",
                [_LOCK_NAMESPACE, ids],
            )


def default_tolerance() -> Decimal:
    return Decimal(str(settings.INVOICE_TOLERANCE_PERCENT)) / 100


def messages_in_every_language(message: str | Promise | dict) -> dict[str, str]:
    """The message rendered in each language of the site, to store with what it describes
    (a message rendered already, as a dict, is returned as it is)."""
    if isinstance(message, dict):
        return message
    return messages_in_every_language_many([message])[0]


def messages_in_every_language_many(messages: Sequence[str | Promise]) -> list[dict[str, str]]:
    """Each message rendered in each language (switching language once per language)."""
    texts: list[dict[str, str]] = [{} for _message in messages]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for text, message in zip(texts, messages, strict=True):
                text[code] = str(message)
    return texts


def supplier_identifier(document: ParsedInvoice) -> str:
    """Who sent the document, for duplicate numbers: the CVR number, else scheme:endpoint id."""
    if document.supplier_cvr:
        return document.supplier_cvr
    return f"{document.supplier_endpoint_scheme}:{document.supplier_endpoint_id}"


def accounting_year(period_start: date | None, issue_date: date) -> int:
    """The year an amount counts towards (the same as the annual-value rule uses)."""
    return (period_start or issue_date).year


def closed_period(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """A period with one known end covers that single day (as the rules read it)."""
    return (start or end, end or start)


def _in_force_period(
    status: str,
    start: date | None,
    terminated: date | None,
    final_end: date | None,
    term_end: date | None,
    notice_given_on: date | None,
    renewal_months: int | None,
) -> tuple[date | None, date | None] | None:
    """When a contract is in force, for matching an invoice by its date; None when it cannot
    say (a draft, or an ended contract whose end is unknown). The end None means "runs on": an
    open-ended contract, or a running one that renews tacitly until notice is given."""
    if status == Contract.Status.DRAFT:
        return None
    end = terminated or final_end or term_end
    if status in RUNNING_STATUSES and renewal_months and notice_given_on is None:
        end = None
    elif end is None and status not in RUNNING_STATUSES:
        return None
    return start, end


def validate_document(document: ParsedInvoice) -> None:
    """Raise DocumentRejected for what the parser accepts but the database cannot hold."""
    too_long = _too_long_element(document)
    if too_long is not None:
        raise DocumentRejected(
            format_lazy(
                _("{element} is longer than {limit} characters."),
                element=too_long,
                limit=IDENTIFIER_LENGTH,
            )
        )
    lines = document.lines
    largest = max(
        abs(document.net_amount),
        abs(document.tax_amount),
        abs(document.payable_amount),
        *(abs(line.line_amount) for line in lines),
        *(abs(line.quantity) for line in lines),
        *(abs(line.price) for line in lines if line.price is not None),
    )
    if largest >= _AMOUNT_LIMIT:
        raise DocumentRejected(_("An amount or quantity is too large (15 digits or more)."))
    if any(len(line.unit_code) > 20 for line in lines):
        raise DocumentRejected(_("A unit code is longer than 20 characters."))


def _too_long_element(document: ParsedInvoice) -> str | None:
    """The first identifier (in document order) longer than the database holds, if any."""
    for element, value in (
        ("cbc:ID", document.number),
        ("cac:ContractDocumentReference/cbc:ID", document.contract_reference),
        ("cac:OrderReference/cbc:ID", document.order_reference),
        ("cbc:BuyerReference", document.buyer_reference),
        ("cac:BillingReference", document.billing_reference),
        ("cbc:EndpointID", supplier_identifier(document)),
    ):
        if value and len(value) > IDENTIFIER_LENGTH:
            return element
    for line in document.lines:
        if len(line.id) > IDENTIFIER_LENGTH:
            return "cbc:ID"
        if line.sellers_item_id and len(line.sellers_item_id) > IDENTIFIER_LENGTH:
            return "cac:SellersItemIdentification/cbc:ID"
    return None


@dataclass(slots=True)
class _ContractRow:
    pk: int
    supplier_id: int


@dataclass
class _BatchHistory:
    """What the rules compare with, for the contracts and senders of one batch; updated as
    documents of the batch are checked, so later documents see earlier ones."""

    # (contract, currency) -> year -> amount, and (contract, currency, year) -> documents
    amounts: dict[tuple[int, str], dict[int, Decimal]]
    counts: dict[tuple[int, str, int], int]
    # sender identifier -> numbers
    numbers: dict[str, set[str]]
    # contract -> item key -> billed periods
    periods: dict[int, dict[str, list[tuple[date, date]]]]
    touched_totals: set[tuple[int, str, int]] = dataclasses.field(default_factory=set)


class InvoiceImporter:
    """Stores batches of parsed documents for one organisation (see the module docstring)."""

    def __init__(
        self,
        *,
        organisation: Organisation,
        user: User | None = None,
        tolerance: Decimal | None = None,
    ) -> None:
        self.organisation = organisation
        self.user_id = user.pk if user is not None else None
        self.tolerance = default_tolerance() if tolerance is None else tolerance
        self.now = timezone.now()
        self.use_copy = connection.vendor == "postgresql"
        self._supplier_ids: dict[str, int | None] = {}
        self._by_reference: dict[str, list[_ContractRow]] | None = None
        self._single_contract: dict[int, int] = {}
        self._in_force: dict[int, list[tuple[int, date | None, date | None]]] = {}
        self._remembered: dict[tuple[int, str], int] = {}
        self._facts: dict[int, ContractFacts] = {}

    # --- the batch ---------------------------------------------------------------------------

    def store(self, batch: Sequence[Pending]) -> list[Stored]:
        """Match, check and store `batch`; call inside a transaction, which holds the locks."""
        if not batch:
            return []
        documents = [pending.document for pending in batch]
        supplier_ids = self._resolve_suppliers(documents)
        contract_ids, methods = self._match(documents, supplier_ids)
        touched = sorted({pk for pk in contract_ids if pk is not None})
        lock_contract_totals(touched)
        self._load_facts(touched)
        history = self._load_history(documents, contract_ids)

        invoice_ids = self.reserve_ids(Invoice, len(batch))
        organisation_id = self.organisation.pk
        invoice_rows, deviations, stored = [], [], []
        # Lines stream to the database while the documents are checked: PostgreSQL processes
        # the COPY data in parallel with this loop.
        with self._line_writer() as write_lines:
            for index, pending in enumerate(batch):
                document = pending.document
                contract_id = contract_ids[index]
                supplier_id = supplier_ids[index]
                invoice_id = invoice_ids[index]
                periods = line_periods(document)
                found = self._check(document, supplier_id, contract_id, history, periods)
                invoice_rows.append(
                    self._invoice_row(
                        invoice_id, pending, supplier_id, contract_id, methods[index], len(found)
                    )
                )
                deviations.append(found)
                write_lines(organisation_id, invoice_id, contract_id, document, periods)
                stored.append(
                    Stored(
                        invoice_id=invoice_id,
                        contract_id=contract_id,
                        line_count=len(document.lines),
                        deviation_kinds=tuple(deviation.kind.value for deviation in found),
                    )
                )
        self._insert(Invoice, _INVOICE_COLUMNS, invoice_rows)
        self._insert_deviations(invoice_ids, deviations)
        self._save_totals(history)
        return stored

    # --- suppliers and matching ----------------------------------------------------------------

    def _resolve_suppliers(self, documents: Sequence[ParsedInvoice]) -> list[int | None]:
        wanted = {d.supplier_cvr for d in documents if d.supplier_cvr} - self._supplier_ids.keys()
        if wanted:
            found = dict(
                Supplier.objects.filter(organisation=self.organisation, cvr__in=wanted).values_list(
                    "cvr", "pk"
                )
            )
            for cvr in wanted:
                self._supplier_ids[cvr] = found.get(cvr)
        return [self._supplier_ids.get(d.supplier_cvr or "") for d in documents]

    def _match(
        self, documents: Sequence[ParsedInvoice], supplier_ids: Sequence[int | None]
    ) -> tuple[list[int | None], list[str]]:
        self._load_contracts()
        contract_ids: list[int | None] = []
        methods: list[str] = []
        for document, supplier_id in zip(documents, supplier_ids, strict=True):
            contract_id, method = self._match_one(document, supplier_id)
            contract_ids.append(contract_id)
            methods.append(method)
        return contract_ids, methods

    def _match_one(
        self, document: ParsedInvoice, supplier_id: int | None
    ) -> tuple[int | None, str]:
        # An unknown sender waits for the user: a reference alone says nothing about who sent it.
        if supplier_id is None:
            return None, Invoice.MatchMethod.NONE
        for attribute, method in _REFERENCE_METHODS:
            reference = getattr(document, attribute)
            candidates = self._by_reference.get(reference_key(reference), ()) if reference else ()
            # The sender's own contract wins; another supplier's is taken (and flagged) only if
            # it is the one contract with that reference.
            own = [row for row in candidates if row.supplier_id == supplier_id]
            chosen = own or candidates
            if len(chosen) == 1:
                return chosen[0].pk, method
        for attribute, _method in _REFERENCE_METHODS:
            reference = getattr(document, attribute)
            key = (supplier_id, reference_key(reference)) if reference else None
            if key in self._remembered:
                return self._remembered[key], Invoice.MatchMethod.REMEMBERED
        single = self._single_contract.get(supplier_id)
        # The day the invoice is for: a late invoice for the last month of an ended contract
        # belongs to that contract, not to the successor that now runs.
        day = document.period_start or document.issue_date
        covering = [
            pk
            for pk, start, end in self._in_force.get(supplier_id, ())
            if (start is None or start <= day) and (end is None or day <= end)
        ]
        if len(covering) == 1 and covering[0] != single:
            return covering[0], Invoice.MatchMethod.CONTRACT_PERIOD
        if single is not None:
            return single, Invoice.MatchMethod.SINGLE_CONTRACT
        return None, Invoice.MatchMethod.NONE

    def _load_contracts(self) -> None:
        """What matching needs of the organisation's contracts, read once per import.

        One row per contract (a municipality has thousands, not millions), so matching a batch
        is dictionary look-ups, whatever the batch holds; references are keyed by reference_key,
        so that comparing them ignores case and surrounding spaces at no cost per line.
        """
        if self._by_reference is not None:
            return
        self._by_reference = defaultdict(list)
        running: dict[int, list[int]] = defaultdict(list)
        in_force: dict[int, list[tuple[int, date | None, date | None]]] = defaultdict(list)
        rows = (
            Contract.objects.filter(organisation=self.organisation, is_deleted=False)
            .annotate(final_end=final_end_annotation())
            .values_list(
                "pk",
                "supplier_id",
                "reference",
                "status",
                "start_date",
                "termination_effective",
                "final_end",
                "term_end",
                "notice_given_on",
                "tacit_renewal_months",
            )
        )
        for pk, supplier_id, reference, status, start, *ends in rows:
            if reference:
                self._by_reference[reference_key(reference)].append(_ContractRow(pk, supplier_id))
            if status in RUNNING_STATUSES:
                running[supplier_id].append(pk)
            period = _in_force_period(status, start, *ends)
            if period is not None:
                in_force[supplier_id].append((pk, *period))
        self._in_force = dict(in_force)
        self._single_contract = {
            supplier_id: pks[0] for supplier_id, pks in running.items() if len(pks) == 1
        }
        # In id order: should two remembered references differ only in case, the later wins.
        self._remembered = {
            (supplier_id, reference_key(reference)): contract_id
            for supplier_id, reference, contract_id in SupplierReferenceMatch.objects.filter(
                organisation=self.organisation, contract__is_deleted=False
            )
            .order_by("pk")
            .values_list("supplier_id", "reference", "contract_id")
        }

    def _load_facts(self, contract_ids: Iterable[int]) -> None:
        wanted = [pk for pk in contract_ids if pk not in self._facts]
        if wanted:
            self._facts.update(contract_facts(wanted))

    # --- history and checks ---------------------------------------------------------------------

    def _load_history(
        self, documents: Sequence[ParsedInvoice], contract_ids: Sequence[int | None]
    ) -> _BatchHistory:
        touched = {pk for pk in contract_ids if pk is not None}
        amounts: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(dict)
        counts: dict[tuple[int, str, int], int] = {}
        if touched:
            for contract_id, currency, year, amount, count in ContractInvoicedYear.objects.filter(
                contract_id__in=touched
            ).values_list("contract_id", "currency", "year", "amount", "invoice_count"):
                amounts[contract_id, currency][year] = amount
                counts[contract_id, currency, year] = count

        wanted = {(supplier_identifier(document), document.number) for document in documents}
        wanted |= {
            (supplier_identifier(document), document.billing_reference)
            for document in documents
            if document.billing_reference
        }
        numbers: dict[str, set[str]] = defaultdict(set)
        for sender, number in self._stored_numbers(wanted):
            numbers[sender].add(number)

        periods: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        windows: dict[int, tuple[date, date]] = {}
        for document, contract_id in zip(documents, contract_ids, strict=True):
            if contract_id is None or document.kind != "invoice":
                continue
            for start, end in billed_periods(document):
                low, high = windows.get(contract_id, (start, end))
                windows[contract_id] = (min(low, start), max(high, end))
        for contract_id, item_key, start, end in self._earlier_periods(windows):
            periods[contract_id][item_key].append((start, end))
        return _BatchHistory(amounts=amounts, counts=counts, numbers=numbers, periods=periods)

    def _stored_numbers(self, wanted: set[tuple[str, str]]) -> Iterable[tuple[str, str]]:
        """The (sender, number) pairs of `wanted` that are stored already."""
        if connection.vendor == "postgresql":
            # Exact pairs through the (organisation, sender, number) index; two IN lists would
            # read every number of every sender in the batch.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    SELECT invoice.supplier_identifier, invoice.number
                    FROM {Invoice._meta.db_table} AS invoice
                    JOIN unnest(%s::text[], %s::text[]) AS pair(sender, number)
                      ON invoice.supplier_identifier = pair.sender
                     AND invoice.number = pair.number
                    WHERE invoice.organisation_id = %s
                    """,  # noqa: S608 - the table name is the model's, the values are parameters
                    [
                        [sender for sender, _number in wanted],
                        [number for _sender, number in wanted],
                        self.organisation.pk,
                    ],
                )
                return cursor.fetchall()
        return Invoice.objects.filter(
            organisation=self.organisation,
            supplier_identifier__in={sender for sender, _number in wanted},
            number__in={number for _sender, number in wanted},
        ).values_list("supplier_identifier", "number")

    def _earlier_periods(self, windows: dict[int, tuple[date, date]]) -> Iterable[tuple]:
        """(contract, item, start, end) of stored invoice lines whose billed period overlaps the
        window of periods the batch bills on the same contract: only what can overlap is read,
        however long the contract's history."""
        if not windows:
            return []
        if connection.vendor == "postgresql":
            # One query with the windows as arrays (an OR per contract would make the query text,
            # and its parsing, grow with the batch), and a LATERAL subquery per window: OFFSET 0
            # keeps it from being flattened into a join, so each window is an index range scan
            # even while the statistics of a table filled by this very import are stale, when
            # the planner would otherwise read the whole line table per batch.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    SELECT win.contract_id, line.item_key, line.period_start, line.period_end
                    FROM unnest(%s::bigint[], %s::date[], %s::date[]) AS win(contract_id, low, high)
                    CROSS JOIN LATERAL (
                        SELECT item_key, period_start, period_end
                        FROM {InvoiceLine._meta.db_table}
                        WHERE contract_id = win.contract_id
                          AND period_start <= win.high AND period_end >= win.low
                          AND contract_id IS NOT NULL AND NOT is_credit
                          AND period_start IS NOT NULL
                        OFFSET 0
                    ) AS line
                    """,  # noqa: S608 - the table name is the model's, the values are parameters
                    [
                        list(windows),
                        [low for low, _high in windows.values()],
                        [high for _low, high in windows.values()],
                    ],
                )
                return cursor.fetchall()
        overlapping = Q()
        for contract_id, (low, high) in windows.items():
            overlapping |= Q(contract_id=contract_id, period_start__lte=high, period_end__gte=low)
        return InvoiceLine.objects.filter(
            overlapping, is_credit=False, period_start__isnull=False
        ).values_list("contract_id", "item_key", "period_start", "period_end")

    def _check(
        self,
        document: ParsedInvoice,
        supplier_id: int | None,
        contract_id: int | None,
        history: _BatchHistory,
        periods: list[tuple[date | None, date | None]],
    ) -> list[Deviation]:
        sender = supplier_identifier(document)
        year = accounting_year(document.period_start, document.issue_date)
        facts = None
        by_year: dict[int, Decimal] = {}
        contract_periods: dict[str, list] = {}
        if contract_id is not None:
            facts = self._facts[contract_id]
            if document.currency != facts.currency:
                facts = dataclasses.replace(facts, total_value=None, annual_value=None)
            by_year = history.amounts[contract_id, document.currency]
            contract_periods = history.periods[contract_id]
        sender_numbers = history.numbers[sender]
        deviations = check_invoice(
            invoice_facts(document, supplier_id),
            facts,
            # The rules only read the history: the batch's own set and lists stand in for the
            # frozenset and tuples, saving a copy per document.
            History(
                invoiced_total_before=sum(by_year.values(), Decimal(0)),
                invoiced_by_year_before=by_year,
                existing_numbers=sender_numbers,
                earlier_line_periods=contract_periods,
            ),
            tolerance=self.tolerance,
        )
        # What later documents of the batch compare with.
        sender_numbers.add(document.number)
        if contract_id is not None:
            by_year[year] = by_year.get(year, Decimal(0)) + document.signed_net_amount
            key = (contract_id, document.currency, year)
            history.counts[key] = history.counts.get(key, 0) + 1
            history.touched_totals.add(key)
            if document.kind == "invoice":
                for line, period in zip(document.lines, periods, strict=True):
                    if period[0] is not None:
                        contract_periods.setdefault(line.item_key, []).append(period)
        return deviations

    # --- rows ----------------------------------------------------------------------------------

    def _invoice_row(
        self,
        invoice_id: int | None,
        pending: Pending,
        supplier_id: int | None,
        contract_id: int | None,
        method: str,
        deviation_count: int,
    ) -> tuple:
        document = pending.document
        return (
            invoice_id,
            self.organisation.pk,
            pending.source_id,
            document.kind,
            pending.format,
            document.number,
            document.issue_date,
            document.due_date,
            document.currency,
            supplier_id,
            document.supplier_cvr or "",
            supplier_identifier(document),
            document.supplier_name[:300],
            contract_id,
            method,
            document.contract_reference or "",
            document.order_reference or "",
            document.buyer_reference or "",
            document.billing_reference or "",
            document.period_start,
            document.period_end,
            document.net_amount,
            document.tax_amount,
            document.payable_amount,
            document.signed_net_amount,
            len(document.lines),
            Invoice.Status.RECEIVED,
            deviation_count,
            self.user_id,
            self.now,
        )

    # --- writing -------------------------------------------------------------------------------

    def reserve_ids(self, model, count: int) -> list[int]:
        """Ids for `count` new rows of `model`, so that rows referring to them can be written
        first (the foreign keys are checked at commit)."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.use_copy:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite runs one writing transaction at a time, so the next ids are free.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + count))

    def insert_imported_files(
        self, upload_id: int, files: Sequence[tuple[int, str, str, int, int]]
    ) -> None:
        """Rows for imported files of one document each: (reserved id, file name, SHA-256, line
        count, deviation count). COPY on PostgreSQL: an upload of a thousand files would spend
        more on bulk_create's model instances than on storing their invoices."""
        empty_message, no_errors = (Jsonb({}), Jsonb([])) if self.use_copy else ({}, [])
        organisation_id = self.organisation.pk
        self._insert(
            InvoiceFile,
            _FILE_COLUMNS,
            [
                (pk, organisation_id, upload_id, filename[:500], sha256,
                 InvoiceFile.Outcome.IMPORTED.value, empty_message, no_errors, 1, lines, deviations)
                for pk, filename, sha256, lines, deviations in files
            ],
        )  # fmt: skip

    @contextmanager
    def _line_writer(self) -> Iterator[Callable[..., None]]:
        """A function that writes a document's line rows (see `line_rows` for its arguments).

        On PostgreSQL the rows go out as COPY text, formatted here at half the cost of psycopg's
        write_row per row, and sent in pieces of about _COPY_CHUNK characters (each write is a
        round of the network loop). Elsewhere they are collected for a bulk insert.
        """
        if self.use_copy:
            with (
                connection.cursor() as cursor,
                cursor.copy(_copy_sql(InvoiceLine, _LINE_COLUMNS)) as copy,
            ):
                pending: list[str] = []
                size = 0

                def write_lines(*arguments) -> None:
                    nonlocal size
                    text = line_rows_text(*arguments)
                    pending.append(text)
                    size += len(text)
                    if size >= _COPY_CHUNK:
                        copy.write("".join(pending))
                        pending.clear()
                        size = 0

                yield write_lines
                if pending:
                    copy.write("".join(pending))
            return
        rows: list[tuple] = []

        def collect_lines(*arguments) -> None:
            rows.extend(line_rows(*arguments))

        yield collect_lines
        self._insert(InvoiceLine, _LINE_COLUMNS, rows)

    def _insert(self, model, columns: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.use_copy:
            with connection.cursor() as cursor, cursor.copy(_copy_sql(model, columns)) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500
        )

    def _insert_deviations(
        self, invoice_ids: Sequence[int], found: Sequence[list[Deviation]]
    ) -> None:
        pairs = [
            (invoice_id, deviation)
            for invoice_id, deviations in zip(invoice_ids, found, strict=True)
            for deviation in deviations
        ]
        texts = messages_in_every_language_many([deviation.message for _id, deviation in pairs])
        # COPY on PostgreSQL, as for the invoices: bulk_create would build a model instance and
        # adapt six parameters per deviation.
        as_json = Jsonb if self.use_copy else dict
        organisation_id, now = self.organisation.pk, self.now
        self._insert(
            InvoiceDeviation,
            _DEVIATION_COLUMNS,
            [
                (organisation_id, invoice_id, deviation.kind.value, as_json(message), True, now)
                for (invoice_id, deviation), message in zip(pairs, texts, strict=True)
            ],
        )

    def _save_totals(self, history: _BatchHistory) -> None:
        keys = sorted(history.touched_totals)
        if not keys:
            return
        amounts = [history.amounts[contract, currency][year] for contract, currency, year in keys]
        counts = [history.counts[key] for key in keys]
        if connection.vendor == "postgresql":
            # One statement with the rows as arrays: an upsert through bulk_create sends (and
            # has psycopg parse) seven parameters per row.
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {ContractInvoicedYear._meta.db_table}
                        (organisation_id, contract_id, year, currency, amount, invoice_count)
                    SELECT %s, row.* FROM unnest(
                        %s::bigint[], %s::integer[], %s::text[], %s::numeric[], %s::integer[]
                    ) AS row
                    ON CONFLICT (contract_id, year, currency) DO UPDATE
                    SET amount = EXCLUDED.amount, invoice_count = EXCLUDED.invoice_count
                    """,  # noqa: S608 - the table name is the model's, the values are parameters
                    [
                        self.organisation.pk,
                        [contract for contract, _currency, _year in keys],
                        [year for _contract, _currency, year in keys],
                        [currency for _contract, currency, _year in keys],
                        amounts,
                        counts,
                    ],
                )
            return
        ContractInvoicedYear.objects.bulk_create(
            [
                ContractInvoicedYear(
                    organisation_id=self.organisation.pk,
                    contract_id=contract,
                    year=year,
                    currency=currency,
                    amount=amount,
                    invoice_count=count,
                )
                for (contract, currency, year), amount, count in zip(
                    keys, amounts, counts, strict=True
                )
            ],
            update_conflicts=True,
            unique_fields=["contract", "year", "currency"],
            update_fields=["amount", "invoice_count"],
            batch_size=500,
        )


def _copy_sql(model, columns: Sequence[str]) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    return f"COPY {table} ({names}) FROM STDIN"


def line_rows(
    organisation_id: int,
    invoice_id: int,
    contract_id: int | None,
    document: ParsedInvoice,
    periods: Sequence[tuple[date | None, date | None]],
) -> Iterator[tuple]:
    """The document's rows for the line table, in the order of _LINE_COLUMNS; `periods` are
    the lines' billed periods (line_periods)."""
    is_credit = document.kind == "credit_note"
    for position, (line, (start, end)) in enumerate(
        zip(document.lines, periods, strict=True), start=1
    ):
        yield (
            organisation_id,
            invoice_id,
            contract_id,
            position,
            line.id,
            line.item_key,
            line.item_name,
            line.sellers_item_id or "",
            line.quantity,
            line.unit_code,
            line.price,
            line.line_amount,
            start,
            end,
            is_credit,
        )


# PostgreSQL's COPY text format: NULL is \N, and a backslash, tab, newline or carriage return in
# a value is written as a backslash escape.
COPY_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NEEDS_COPY_ESCAPE = re.compile(r"[\\\t\n\r]").search


def copy_text(value: str) -> str:
    """A text value as COPY's text format writes it (most values need no escape)."""
    return value.translate(_COPY_ESCAPES) if _NEEDS_COPY_ESCAPE(value) else value


def copy_value(value) -> str:
    """Any value of a line row as COPY text: None, booleans, text; numbers and dates as str()
    writes them (Decimal's exponent form included, which numeric input reads)."""
    if value is None:
        return COPY_NULL
    if value is True or value is False:
        return "t" if value else "f"
    if value.__class__ is str:
        return copy_text(value)
    return str(value)


def line_rows_text(
    organisation_id: int,
    invoice_id: int,
    contract_id: int | None,
    document: ParsedInvoice,
    periods: Sequence[tuple[date | None, date | None]],
) -> str:
    """`line_rows` as COPY text, one line per row; the same as joining copy_value of each value
    with tabs, written out for the columns' types because it runs once per imported line."""
    head = f"{organisation_id}\t{invoice_id}\t{copy_value(contract_id)}\t"
    credit = "t" if document.kind == "credit_note" else "f"
    escape = copy_text
    rows = []
    for position, (line, (start, end)) in enumerate(
        zip(document.lines, periods, strict=True), start=1
    ):
        price = line.price
        rows.append(
            f"{head}{position}\t{escape(line.id)}\t{escape(line.item_key)}\t"
            f"{escape(line.item_name)}\t{escape(line.sellers_item_id or '')}\t{line.quantity}\t"
            f"{escape(line.unit_code)}\t{COPY_NULL if price is None else price}\t"
            f"{line.line_amount}\t{COPY_NULL if start is None else start}\t"
            f"{COPY_NULL if end is None else end}\t{credit}\n"
        )
    return "".join(rows)


def line_periods(document: ParsedInvoice) -> list[tuple[date | None, date | None]]:
    """The closed period each line bills: its own, else the document's; (None, None) if none."""
    start, end = document.period_start, document.period_end
    return [
        closed_period(line.period_start or start, line.period_end or end) for line in document.lines
    ]


def billed_periods(document: ParsedInvoice) -> Iterator[tuple[date, date]]:
    """The lines' closed periods, for the lines that bill a period."""
    return (period for period in line_periods(document) if period[0] is not None)


def contract_facts(contract_ids: Iterable[int]) -> dict[int, ContractFacts]:
    """What the rules need of these contracts, from one query.

    The end is the stored final end (the deadline engine's FINAL_END, else TERM_END), which the
    contract services rewrite on every change and the daily job as time moves on.
    """
    rows = (
        Contract.objects.filter(pk__in=list(contract_ids))
        .annotate(final_end=final_end_annotation())
        .values_list(
            "pk",
            "supplier_id",
            "start_date",
            "final_end",
            "termination_effective",
            "total_value",
            "annual_value",
        )
    )
    return {
        pk: ContractFacts(
            id=pk,
            supplier_id=supplier_id,
            start=start,
            end=end,
            termination_effective=termination,
            total_value=total_value,
            annual_value=annual_value,
            currency=CONTRACT_CURRENCY,
        )
        for pk, supplier_id, start, end, termination, total_value, annual_value in rows
    }


def invoice_facts(document: ParsedInvoice, supplier_id: int | None) -> InvoiceFacts:
    return InvoiceFacts(
        number=document.number,
        supplier_id=supplier_id,
        kind=document.kind,
        issue_date=document.issue_date,
        period_start=document.period_start,
        period_end=document.period_end,
        net_amount=document.net_amount,
        # ParsedLine has LineFacts' attributes (item_key, period_start, period_end): a million
        # lines need not be copied for the rules to read them.
        lines=document.lines,
        billing_reference=document.billing_reference,
    )
