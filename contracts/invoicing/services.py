"""Writes of invoices: imports, matching by hand, review (approve / dispute) and new suppliers."""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.uploads import too_large
from contracts.models import Contract, Supplier, reference_key
from contracts.services import supplier_save
from organisations.models import Organisation, User

from . import selectors
from .checks import History, InvoiceFacts, LineFacts, check_invoice
from .importer import (
    InvoiceImporter,
    accounting_year,
    contract_facts,
    default_tolerance,
    lock_contract_totals,
    messages_in_every_language,
)
from .imports import FileImport, FileResult, import_spreadsheet
from .models import (
    ContractInvoicedYear,
    Invoice,
    InvoiceDeviation,
    InvoiceEvent,
    InvoiceFile,
    InvoiceLine,
    InvoiceUpload,
    SpreadsheetLayout,
    SupplierReferenceMatch,
)
from .spreadsheet import FIELDS, SpreadsheetError, headings_key, open_table

SPREADSHEET_EXTENSIONS = (".csv", ".xlsx")
# The code of the error refusing a spreadsheet that was imported already.
ALREADY_IMPORTED = "already_imported"


# --- imports -----------------------------------------------------------------------------


def invoices_import_files(
    *,
    organisation: Organisation,
    user: User | None,
    files: Iterable,
    pool: Executor | None = None,
) -> tuple[InvoiceUpload, list[FileResult]]:
    """Import invoice XML files and ZIP archives; every file is imported or rejected whole.

    A `pool` of worker processes (for bulk loads) parses the files in parallel.
    """
    upload = InvoiceUpload.objects.create(
        organisation=organisation, kind=InvoiceUpload.Kind.FILES, uploaded_by=user
    )
    run = FileImport(
        InvoiceImporter(organisation=organisation, user=user), upload=upload, pool=pool
    )
    for file in files:
        run.add_file(file)
    return upload, run.finish()


def invoice_spreadsheet_upload(
    *, organisation: Organisation, user: User | None, file: UploadedFile
) -> InvoiceUpload:
    """Keep a CSV or XLSX file until its columns are mapped; refuse what cannot be imported."""
    name = os.path.basename(file.name or "")
    if not name.lower().endswith(SPREADSHEET_EXTENSIONS):
        raise ValidationError(_("Choose a CSV or XLSX file."))
    if file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(too_large(file.size, settings.MAX_UPLOAD_SIZE))
    digest = _sha256_of_stream(file)
    earlier = (
        InvoiceFile.objects.filter(
            organisation=organisation, outcome=InvoiceFile.Outcome.IMPORTED, sha256=digest
        )
        .values_list("upload__created_at", flat=True)
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            _("%(name)s was already imported on %(date)s.")
            % {"name": name, "date": date_format(timezone.localdate(earlier))}
        )
    try:
        table = open_table(file, name)
        table.close()
    except SpreadsheetError as error:
        raise ValidationError(f"{name}: {error}") from error
    file.seek(0)
    upload = InvoiceUpload(
        organisation=organisation,
        kind=InvoiceUpload.Kind.SPREADSHEET,
        status=InvoiceUpload.Status.PENDING,
        uploaded_by=user,
        spreadsheet_name=name[:255],
        spreadsheet_sha256=digest,
    )
    upload.spreadsheet.save(f"{digest[:16]}{os.path.splitext(name)[1].lower()}", file, save=False)
    upload.save()
    return upload


def invoice_spreadsheet_import(
    *,
    upload: InvoiceUpload,
    user: User | None,
    mapping: dict[str, int | None],
    header: list[str] | None = None,
) -> FileResult:
    """Import a waiting spreadsheet with the chosen columns; the file is deleted afterwards.

    The upload's row is locked while it imports: of two confirmations at once (a double click),
    the second waits for the first and is then refused with ALREADY_IMPORTED, importing nothing.
    When it imports, the columns are remembered for the next file with the same `header`.
    """
    _check_mapping(mapping)
    with transaction.atomic():
        upload = InvoiceUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != InvoiceUpload.Status.PENDING or not upload.spreadsheet:
            raise ValidationError(
                _("This spreadsheet has already been imported."), code=ALREADY_IMPORTED
            )
        importer = InvoiceImporter(organisation=upload.organisation, user=user)
        with upload.spreadsheet.open("rb") as stream:
            result = import_spreadsheet(
                importer,
                upload=upload,
                stream=stream,
                filename=upload.spreadsheet_name,
                sha256=upload.spreadsheet_sha256,
                mapping=mapping,
            )
        spreadsheet = upload.spreadsheet.name
        upload.spreadsheet = ""
        upload.status = InvoiceUpload.Status.DONE
        upload.save(update_fields=["spreadsheet", "status"])
        key = headings_key(header) if header is not None else None
        if result.imported and key is not None:
            SpreadsheetLayout.objects.update_or_create(
                organisation=upload.organisation,
                headings_key=key,
                defaults={"mapping": mapping, "filename": upload.spreadsheet_name, "used_by": user},
            )
    # Deleted once the import is stored: an import rolled back keeps its file for another try.
    upload.spreadsheet.storage.delete(spreadsheet)
    return result


def invoices_import_spreadsheet(
    *,
    organisation: Organisation,
    user: User | None,
    stream,
    filename: str,
    mapping: dict[str, int | None],
    batch_size: int = 1000,
) -> tuple[InvoiceUpload, FileResult]:
    """Import a spreadsheet in one step (for scripts): the same checks as the upload pages."""
    _check_mapping(mapping)
    digest = _sha256_of_stream(stream)
    upload = InvoiceUpload.objects.create(
        organisation=organisation,
        kind=InvoiceUpload.Kind.SPREADSHEET,
        uploaded_by=user,
        spreadsheet_name=filename[:255],
        spreadsheet_sha256=digest,
    )
    result = import_spreadsheet(
        InvoiceImporter(organisation=organisation, user=user),
        upload=upload,
        stream=stream,
        filename=filename,
        sha256=digest,
        mapping=mapping,
        batch_size=batch_size,
    )
    return upload, result


def _check_mapping(mapping: dict[str, int | None]) -> None:
    missing = [
        str(field.label) for field in FIELDS if field.required and mapping.get(field.name) is None
    ]
    if missing:
        raise ValidationError(
            _("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)}
        )


def _sha256_of_stream(stream) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


# --- matching by hand, review, suppliers -------------------------------------------------


@transaction.atomic
def invoice_match(
    *, invoice: Invoice, contract: Contract, user: User | None, remember: bool = True
) -> list[Invoice]:
    """Match an invoice to a contract by hand and check it again.

    With `remember`, the match is kept for the supplier and the invoice's reference (contract,
    else order, else buyer reference): later imports use it, and invoices waiting unmatched with
    the same supplier and reference are matched now. Returns every invoice matched.
    """
    if contract.organisation_id != invoice.organisation_id or contract.is_deleted:
        raise ValidationError(_("Choose one of your organisation's contracts."))
    matched = [_rematch(invoice, contract, user, Invoice.MatchMethod.MANUAL)]
    reference = remembered_reference(invoice)
    if remember and invoice.supplier_id is not None and reference:
        _remember_match(invoice=invoice, reference=reference, contract=contract, user=user)
        matched += [
            _rematch(other, contract, user, Invoice.MatchMethod.REMEMBERED)
            for other in _waiting_with_reference(invoice, reference)
        ]
    return matched


def remembered_reference(invoice: Invoice) -> str:
    """The reference a manual match is remembered under: contract, else order, else buyer."""
    return invoice.contract_reference or invoice.order_reference or invoice.buyer_reference


def _remember_match(
    *, invoice: Invoice, reference: str, contract: Contract, user: User | None
) -> None:
    """Keep one remembered match per supplier and reference as the import compares them
    (reference_key): "bb-aftale-77" replaces what was remembered under "BB-AFTALE-77"."""
    key = reference_key(reference)
    same = [
        pk
        for pk, stored in SupplierReferenceMatch.objects.filter(
            organisation_id=invoice.organisation_id, supplier_id=invoice.supplier_id
        ).values_list("pk", "reference")
        if reference_key(stored) == key
    ]
    SupplierReferenceMatch.objects.filter(pk__in=same).delete()
    SupplierReferenceMatch.objects.create(
        organisation_id=invoice.organisation_id,
        supplier_id=invoice.supplier_id,
        reference=reference,
        contract=contract,
        created_by=user,
    )


def _waiting_with_reference(invoice: Invoice, reference: str) -> list[Invoice]:
    """The supplier's other unmatched invoices with the reference in any of their reference
    fields, compared as the import compares them (reference_key). The supplier's unmatched
    invoices are read and compared here: the database's case folding differs by vendor
    (SQLite folds only ASCII)."""
    key = reference_key(reference)
    waiting = (
        Invoice.objects.filter(
            organisation_id=invoice.organisation_id,
            supplier_id=invoice.supplier_id,
            contract__isnull=True,
        )
        .exclude(pk=invoice.pk)
        .values_list("pk", "contract_reference", "order_reference", "buyer_reference")
    )
    pks = [
        pk
        for pk, *references in waiting
        if any(reference_key(each) == key for each in references if each)
    ]
    return list(Invoice.objects.filter(pk__in=pks).order_by("pk"))


def _rematch(invoice: Invoice, contract: Contract, user: User | None, method: str) -> Invoice:
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    previous = invoice.contract_id
    lock_contract_totals(pk for pk in (previous, contract.pk) if pk is not None)
    _add_to_totals(invoice, previous, sign=-1)
    _add_to_totals(invoice, contract.pk, sign=1)
    InvoiceLine.objects.filter(invoice=invoice).update(contract=contract)
    invoice.contract = contract
    invoice.match_method = method
    # A new contract means a new check: an approval given against the old one lapses. A dispute
    # stands: it is about the bill, whichever contract the bill belongs to.
    if invoice.status == Invoice.Status.APPROVED and previous != contract.pk:
        invoice.status = Invoice.Status.RECEIVED
    _recheck(invoice)
    invoice.full_clean()
    invoice.save()
    InvoiceEvent.objects.create(
        organisation_id=invoice.organisation_id,
        invoice=invoice,
        action=InvoiceEvent.Action.MATCHED,
        detail=str(contract)[:300],
        user=user,
    )
    return invoice


def _add_to_totals(invoice: Invoice, contract_id: int | None, *, sign: int) -> None:
    if contract_id is None:
        return
    year = accounting_year(invoice.period_start, invoice.issue_date)
    row, _created = ContractInvoicedYear.objects.get_or_create(
        contract_id=contract_id,
        year=year,
        currency=invoice.currency,
        defaults={
            "organisation_id": invoice.organisation_id,
            "amount": Decimal(0),
            "invoice_count": 0,
        },
    )
    row.amount += sign * invoice.signed_net_amount
    row.invoice_count += sign
    if row.invoice_count <= 0:
        row.delete()
    else:
        row.save(update_fields=["amount", "invoice_count"])


def _recheck(invoice: Invoice) -> None:
    """Replace the invoice's deviations by the rules' verdict against documents stored before it."""
    facts = None
    if invoice.contract_id is not None:
        facts = contract_facts([invoice.contract_id])[invoice.contract_id]
        if invoice.currency != facts.currency:
            facts = replace(facts, total_value=None, annual_value=None)
    lines = InvoiceLine.objects.filter(invoice=invoice).values_list(
        "item_key", "period_start", "period_end"
    )
    deviations = check_invoice(
        InvoiceFacts(
            number=invoice.number,
            supplier_id=invoice.supplier_id,
            kind=invoice.kind,
            issue_date=invoice.issue_date,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            net_amount=invoice.net_amount,
            lines=tuple(LineFacts(*line) for line in lines),
            billing_reference=invoice.billing_reference or None,
        ),
        facts,
        _history_before(invoice),
        tolerance=default_tolerance(),
    )
    InvoiceDeviation.objects.filter(invoice=invoice).delete()
    is_open = invoice.status != Invoice.Status.APPROVED
    now = timezone.now()
    InvoiceDeviation.objects.bulk_create(
        InvoiceDeviation(
            organisation_id=invoice.organisation_id,
            invoice=invoice,
            kind=deviation.kind.value,
            message=messages_in_every_language(deviation.message),
            is_open=is_open,
            created_at=now,
        )
        for deviation in deviations
    )
    invoice.open_deviation_count = len(deviations) if is_open else 0


def _history_before(invoice: Invoice) -> History:
    """What was stored before the invoice (a lower id): the same view the import had of it."""
    same_sender = Invoice.objects.filter(
        organisation_id=invoice.organisation_id,
        supplier_identifier=invoice.supplier_identifier,
    ).exclude(pk=invoice.pk)
    numbers = set(
        same_sender.filter(pk__lt=invoice.pk, number=invoice.number).values_list(
            "number", flat=True
        )[:1]
    )
    if invoice.billing_reference and same_sender.filter(number=invoice.billing_reference).exists():
        numbers.add(invoice.billing_reference)
    by_year: dict[int, Decimal] = {}
    periods: dict[str, list] = defaultdict(list)
    if invoice.contract_id is not None:
        by_year = dict(
            Invoice.objects.filter(
                contract_id=invoice.contract_id, currency=invoice.currency, pk__lt=invoice.pk
            )
            .annotate(accounting_year=ExtractYear(Coalesce("period_start", "issue_date")))
            .values("accounting_year")
            .annotate(total=Sum("signed_net_amount"))
            .values_list("accounting_year", "total")
        )
        for key, start, end in InvoiceLine.objects.filter(
            contract_id=invoice.contract_id,
            invoice_id__lt=invoice.pk,
            is_credit=False,
            period_start__isnull=False,
        ).values_list("item_key", "period_start", "period_end"):
            periods[key].append((start, end))
    return History(
        invoiced_total_before=sum(by_year.values(), Decimal(0)),
        invoiced_by_year_before=by_year,
        existing_numbers=frozenset(numbers),
        earlier_line_periods=periods,
    )


@transaction.atomic
def invoice_review(*, invoice: Invoice, user: User | None, decision: str, comment: str) -> Invoice:
    """Approve or dispute an invoice with a comment; approval closes its deviations."""
    if decision not in (Invoice.Status.APPROVED, Invoice.Status.DISPUTED):
        raise ValidationError(_("Choose whether to approve or dispute the invoice."))
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    comment = comment.strip()
    if invoice.status == decision:
        raise ValidationError(
            _("The invoice is already %(status)s.")
            % {"status": Invoice.Status(decision).label.lower()}
        )
    if decision == Invoice.Status.DISPUTED and not comment:
        raise ValidationError({"comment": _("Say what you dispute.")})
    if decision == Invoice.Status.APPROVED and invoice.open_deviation_count and not comment:
        raise ValidationError({"comment": _("Say why you approve an invoice with deviations.")})
    is_open = decision != Invoice.Status.APPROVED
    deviations = InvoiceDeviation.objects.filter(invoice=invoice)
    deviations.update(is_open=is_open)
    invoice.status = decision
    invoice.open_deviation_count = deviations.count() if is_open else 0
    invoice.full_clean()
    invoice.save(update_fields=["status", "open_deviation_count"])
    InvoiceEvent.objects.create(
        organisation_id=invoice.organisation_id,
        invoice=invoice,
        action=decision,
        comment=comment,
        user=user,
    )
    return invoice


@transaction.atomic
def supplier_create_from_invoice(*, invoice: Invoice, user: User | None) -> tuple[Supplier, bool]:
    """Give an invoice with an unknown sender its supplier: the one registered with its CVR
    number since, else a new one from its CVR number and name. Returns (supplier, created).

    Every invoice with that CVR number that waits without a supplier gets it (see
    invoices_link_supplier); they stay unmatched until someone matches them.
    """
    if invoice.supplier_id is not None:
        raise ValidationError(_("The invoice's supplier is already known."))
    if not invoice.supplier_cvr:
        raise ValidationError(_("The invoice has no CVR number to create the supplier from."))
    supplier = selectors.registered_supplier(invoice)
    created = supplier is None
    if created:
        problem = selectors.invalid_supplier_cvr(invoice)
        if problem is not None:
            # Said once: the register's full_clean would say it twice (the field's validator
            # and the model's clean both check the number).
            raise ValidationError(problem)
        supplier = supplier_save(
            supplier=Supplier(
                organisation_id=invoice.organisation_id,
                name=(invoice.supplier_name or invoice.supplier_cvr)[:200],
                cvr=invoice.supplier_cvr,
            )
        )
    invoices_link_supplier(supplier=supplier, user=user, created=created)
    return supplier, created


@transaction.atomic
def supplier_save_linking_invoices(*, supplier: Supplier, user: User | None) -> int:
    """Save a supplier of the register (added or changed) and give it the invoices that wait
    with its CVR number (invoices_link_supplier); returns how many got it."""
    supplier_save(supplier=supplier)
    return invoices_link_supplier(supplier=supplier, user=user)


@transaction.atomic
def invoices_link_supplier(
    *, supplier: Supplier, user: User | None = None, created: bool = False
) -> int:
    """Invoices that wait without a supplier and carry `supplier`'s CVR number get it and are
    checked again; returns how many. Their history says the supplier was linked, or created
    from an invoice (`created`)."""
    waiting = list(
        Invoice.objects.select_for_update()
        .filter(
            organisation_id=supplier.organisation_id,
            supplier__isnull=True,
            supplier_cvr=supplier.cvr,
        )
        .order_by("pk")
    )
    for each in waiting:
        each.supplier = supplier
        _recheck(each)
        each.save(update_fields=["supplier", "open_deviation_count"])
    InvoiceEvent.objects.bulk_create(
        InvoiceEvent(
            organisation_id=each.organisation_id,
            invoice=each,
            action=(
                InvoiceEvent.Action.SUPPLIER_CREATED
                if created
                else InvoiceEvent.Action.SUPPLIER_LINKED
            ),
            detail=f"{supplier.name} (CVR {supplier.cvr})"[:300],
            user=user,
        )
        for each in waiting
    )
    return len(waiting)
