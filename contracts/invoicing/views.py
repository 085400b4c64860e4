"""Views of invoices: upload and result pages, lists, the invoice page with its actions, the open
deviations with their exports, and a contract's invoices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.forms import applied_filters
from config.pagination import Paginator
from contracts.models import Contract
from organisations.permissions import has_role, member_required, roles_required
from organisations.roles import CHANGE_CONTRACTS

from . import exports, selectors, services
from .forms import (
    DeviationFilterForm,
    InvoiceFilesForm,
    InvoiceFilterForm,
    MappingForm,
    MatchForm,
    ReviewForm,
    SpreadsheetForm,
)
from .models import Invoice, InvoiceUpload
from .spreadsheet import (
    FIELDS,
    PREVIEW_READ_ROWS,
    SpreadsheetError,
    open_table,
    preview,
    preview_documents,
)

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _invoice(request: HttpRequest, pk: int) -> Invoice:
    try:
        return selectors.invoice_detail(organisation=request.organisation, pk=pk)
    except Invoice.DoesNotExist as error:
        raise Http404 from error


def _upload(request: HttpRequest, pk: int) -> InvoiceUpload:
    try:
        return selectors.upload_detail(organisation=request.organisation, pk=pk)
    except InvoiceUpload.DoesNotExist as error:
        raise Http404 from error


def _page(request: HttpRequest, queryset):
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, query.urlencode()


@member_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET or None)
    filters = applied_filters(form)
    invoices = selectors.invoice_list(organisation=request.organisation, **filters)
    page, query = _page(request, invoices)
    return render(
        request,
        "invoicing/invoice_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_change": has_role(request, CHANGE_CONTRACTS),
            "title": _("Invoices"),
        },
    )


@member_required
def unmatched_list(request: HttpRequest) -> HttpResponse:
    page, query = _page(request, selectors.unmatched_invoices(organisation=request.organisation))
    return render(
        request,
        "invoicing/invoice_list.html",
        {
            "page": page,
            "query": query,
            "can_change": has_role(request, CHANGE_CONTRACTS),
            "title": _("Invoices without a contract"),
            "unmatched": True,
        },
    )


def _upload_page(request: HttpRequest, *, files_form=None, spreadsheet_form=None, status=200):
    return render(
        request,
        "invoicing/upload.html",
        {
            "files_form": files_form or InvoiceFilesForm(),
            "spreadsheet_form": spreadsheet_form or SpreadsheetForm(),
            "uploads": selectors.recent_uploads(organisation=request.organisation),
            "can_change": has_role(request, CHANGE_CONTRACTS),
        },
        status=status,
    )


@member_required
def upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _upload_page(request)
    if not has_role(request, CHANGE_CONTRACTS):
        raise PermissionDenied
    form = InvoiceFilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, files_form=form, status=400)
    batch, results = services.invoices_import_files(
        organisation=request.organisation, user=request.user, files=form.cleaned_data["files"]
    )
    imported = sum(1 for result in results if result.imported)
    rejected = len(results) - imported
    message = ngettext("%(count)s file imported", "%(count)s files imported", imported) % {
        "count": imported
    }
    if rejected:
        message += ", " + ngettext("%(count)s rejected", "%(count)s rejected", rejected) % {
            "count": rejected
        }
        messages.warning(request, message + ".")
    else:
        messages.success(request, message + ".")
    return redirect("invoicing:upload-detail", pk=batch.pk)


@roles_required(CHANGE_CONTRACTS)
@require_POST
def spreadsheet_upload(request: HttpRequest) -> HttpResponse:
    form = SpreadsheetForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            batch = services.invoice_spreadsheet_upload(
                organisation=request.organisation,
                user=request.user,
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("invoicing:upload-mapping", pk=batch.pk)
    return _upload_page(request, spreadsheet_form=form, status=400)


@roles_required(CHANGE_CONTRACTS)
def upload_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _upload(request, pk)
    if batch.status != InvoiceUpload.Status.PENDING:
        return _imported_already(request, batch)
    try:
        with batch.spreadsheet.open("rb") as stream:
            table = open_table(stream, batch.spreadsheet_name)
            try:
                header, rows = table.header, preview(table)
            finally:
                table.close()
    except (SpreadsheetError, OSError) as error:
        if _upload(request, pk).status != InvoiceUpload.Status.PENDING:
            # Imported (and its file deleted) by another confirmation since it was read above.
            return _imported_already(request, batch)
        messages.error(request, f"{batch.spreadsheet_name}: {error}")
        return redirect("invoicing:upload")
    mapping, layout = selectors.spreadsheet_mapping(
        organisation=request.organisation, header=header
    )
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        header=header,
        initial={name: "" if index is None else str(index) for name, index in mapping.items()},
    )
    previewed = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            try:
                previewed = _preview(batch, form.mapping())
            except (SpreadsheetError, OSError) as error:
                messages.error(request, f"{batch.spreadsheet_name}: {error}")
                return redirect("invoicing:upload")
        else:
            done = _import_spreadsheet(request, batch, form, header)
            if done is not None:
                return done
    return render(
        request,
        "invoicing/upload_mapping.html",
        {
            "upload": batch,
            "form": form,
            "header": header,
            "rows": rows,
            "fields": FIELDS,
            # Once the user has posted, the columns are theirs, not the remembered ones.
            "layout": layout if request.method != "POST" else None,
            "previewed": previewed,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _imported_already(request: HttpRequest, batch: InvoiceUpload) -> HttpResponse:
    """The upload's result page; a confirmation posted again (a double click, the back button)
    is told that it imported nothing."""
    if request.method == "POST":
        messages.warning(request, _("This spreadsheet has already been imported."))
    return redirect("invoicing:upload-detail", pk=batch.pk)


def _preview(batch: InvoiceUpload, mapping: dict[str, int | None]) -> dict:
    """The first documents as the import would read them with `mapping`, and the row errors
    met on the way; nothing is stored."""
    with batch.spreadsheet.open("rb") as stream:
        table = open_table(stream, batch.spreadsheet_name)
        try:
            documents, errors = preview_documents(table, mapping, batch.spreadsheet_name)
        finally:
            table.close()
    return {
        "documents": documents,
        "errors": errors,
        "limit": PREVIEW_READ_ROWS,
        "with_periods": any(d.period_start or d.period_end for d in documents),
    }


def _import_spreadsheet(
    request: HttpRequest, batch: InvoiceUpload, form: MappingForm, header: list[str]
) -> HttpResponse | None:
    """Import with the form's columns and go to the result; None (the error is on the form) when
    the import was refused."""
    try:
        result = services.invoice_spreadsheet_import(
            upload=batch, user=request.user, mapping=form.mapping(), header=header
        )
    except ValidationError as error:
        if error.code == services.ALREADY_IMPORTED:
            return _imported_already(request, batch)
        form.add_error(None, error)
        return None
    if result.imported:
        messages.success(
            request,
            ngettext(
                "%(count)s invoice imported from %(name)s.",
                "%(count)s invoices imported from %(name)s.",
                result.invoice_count,
            )
            % {"count": result.invoice_count, "name": result.filename},
        )
    else:
        messages.error(request, _("%(name)s was not imported.") % {"name": result.filename})
    return redirect("invoicing:upload-detail", pk=batch.pk)


@member_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _upload(request, pk)
    return render(request, "invoicing/upload_detail.html", {"upload": batch})


def _invoice_page(
    request: HttpRequest, invoice: Invoice, *, match_form=None, review_form=None, status=200
) -> HttpResponse:
    can_change = has_role(request, CHANGE_CONTRACTS)
    contracts = selectors.match_candidates(organisation=request.organisation, invoice=invoice)
    match_form = match_form or MatchForm(
        contracts=contracts, initial={"contract": invoice.contract_id}
    )
    if not (invoice.supplier_id and services.remembered_reference(invoice)):
        # Nothing to remember the match under: no known supplier or no reference.
        match_form.fields.pop("remember", None)
    return render(
        request,
        "invoicing/invoice_detail.html",
        {
            "invoice": invoice,
            "can_change": can_change,
            "match_form": match_form,
            "review_form": review_form or ReviewForm(),
            "remembered_reference": services.remembered_reference(invoice),
            "registered_supplier": selectors.registered_supplier(invoice),
            "invalid_supplier_cvr": selectors.invalid_supplier_cvr(invoice),
        },
        status=status,
    )


@member_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _invoice_page(request, _invoice(request, pk))


@roles_required(CHANGE_CONTRACTS)
@require_POST
def invoice_match(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    contracts = selectors.match_candidates(organisation=request.organisation, invoice=invoice)
    form = MatchForm(request.POST, contracts=contracts)
    if form.is_valid():
        was_approved = invoice.status == Invoice.Status.APPROVED
        try:
            matched = services.invoice_match(
                invoice=invoice,
                contract=form.cleaned_data["contract"],
                user=request.user,
                remember=form.cleaned_data.get("remember", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("The invoice was matched to %(contract)s.") % {
                "contract": form.cleaned_data["contract"]
            }
            if len(matched) > 1:
                message += " " + ngettext(
                    "%(count)s more invoice with the same reference was matched too.",
                    "%(count)s more invoices with the same reference were matched too.",
                    len(matched) - 1,
                ) % {"count": len(matched) - 1}
            if was_approved and matched[0].status != Invoice.Status.APPROVED:
                message += " " + _(
                    "Its approval was withdrawn: check it against this contract and approve it "
                    "again."
                )
            messages.success(request, message)
            return redirect("invoicing:invoice-detail", pk=invoice.pk)
    return _invoice_page(request, invoice, match_form=form, status=400)


@roles_required(CHANGE_CONTRACTS)
@require_POST
def invoice_review(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_review(
                invoice=invoice,
                user=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if form.cleaned_data["decision"] == Invoice.Status.APPROVED:
                messages.success(request, _("The invoice was approved."))
            else:
                messages.success(request, _("The invoice was disputed."))
            return redirect("invoicing:invoice-detail", pk=invoice.pk)
    return _invoice_page(request, invoice, review_form=form, status=400)


@roles_required(CHANGE_CONTRACTS)
@require_POST
def invoice_create_supplier(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    try:
        supplier, created = services.supplier_create_from_invoice(
            invoice=invoice, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = (
            _("The supplier %(name)s (CVR %(cvr)s) was created.")
            if created
            else _("The invoice now has the supplier %(name)s (CVR %(cvr)s) of the register.")
        )
        messages.success(request, message % {"name": supplier.name, "cvr": supplier.cvr})
    return redirect("invoicing:invoice-detail", pk=invoice.pk)


def _deviation_filters(request: HttpRequest) -> tuple[DeviationFilterForm, dict]:
    form = DeviationFilterForm(
        request.GET or None,
        suppliers=selectors.suppliers(organisation=request.organisation),
    )
    return form, form.filters()


@member_required
def deviation_list(request: HttpRequest) -> HttpResponse:
    form, filters = _deviation_filters(request)
    deviations = selectors.open_deviations(organisation=request.organisation, **filters)
    page, query = _page(request, deviations)
    return render(
        request,
        "invoicing/deviation_list.html",
        {"form": form, "page": page, "query": query},
    )


def _filename(extension: str) -> str:
    return f"{_('deviations')}-{timezone.localdate().isoformat()}.{extension}"


@member_required
def deviation_export_xlsx(request: HttpRequest) -> HttpResponse:
    _form, filters = _deviation_filters(request)
    deviations = selectors.open_deviations(organisation=request.organisation, **filters)
    response = HttpResponse(
        exports.deviations_xlsx(deviations.iterator(chunk_size=2000)), content_type=XLSX
    )
    response["Content-Disposition"] = content_disposition_header(True, _filename("xlsx"))
    return response


@member_required
def deviation_report_pdf(request: HttpRequest) -> HttpResponse:
    form, filters = _deviation_filters(request)
    deviations = selectors.open_deviations(organisation=request.organisation, **filters)
    response = HttpResponse(
        exports.deviations_pdf(
            deviations[: exports.PDF_ROW_LIMIT],
            organisation=request.organisation,
            total=deviations.count(),
            filters=form.described(),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = content_disposition_header(True, _filename("pdf"))
    return response


@member_required
def contract_invoices(request: HttpRequest, contract_pk: int) -> HttpResponse:
    try:
        contract = selectors.contract(organisation=request.organisation, pk=contract_pk)
    except Contract.DoesNotExist as error:
        raise Http404 from error
    return render(
        request,
        "invoicing/contract_invoices.html",
        {"contract": contract, "invoice_summary": selectors.contract_invoice_summary(contract)},
    )
