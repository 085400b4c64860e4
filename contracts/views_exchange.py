"""Views of the contract register's exchanges: spreadsheet import/export, calendar feed, PDFs."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config import pending_uploads
from organisations.permissions import member_required, roles_required
from organisations.roles import CHANGE_CONTRACTS

from . import calendar, exchange, reports, selectors
from .exchange import FileFormat, ImportKind
from .forms_exchange import ImportUploadForm
from .models import Contract

CONTENT_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
IMPORT_PAGES = {
    ImportKind.SUPPLIERS: ("contracts:supplier-import", "contracts:supplier-list"),
    ImportKind.CONTRACTS: ("contracts:contract-import", "contracts:contract-list"),
}


_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _filename(name: str) -> str:
    return slugify(name.translate(_DANISH_LETTERS)) or "export"


def _import(request: HttpRequest, kind: ImportKind) -> HttpResponse:
    page, list_page = IMPORT_PAGES[kind]
    context = {"kind": kind, "columns": exchange.RESOURCES[kind].columns(), "page": page}
    form = ImportUploadForm()
    if request.method == "POST" and request.POST.get("action") in ("confirm", "cancel"):
        try:
            kept = pending_uploads.take(
                request,
                request.POST.get("token", ""),
                kind=kind,
                organisation=request.organisation.pk,
            )
        except pending_uploads.AlreadyTaken:
            messages.warning(
                request,
                _(
                    "That import was already confirmed or cancelled; the file was not imported "
                    "again."
                ),
            )
            return redirect(page)
        if kept is None:
            messages.error(
                request,
                _("That import is no longer waiting for confirmation; upload the file again."),
            )
            return redirect(page)
        if request.POST["action"] == "cancel":
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect(page)
        report = exchange.import_commit(
            kind=kind,
            organisation=request.organisation,
            user=request.user,
            content=kept.content,
            file_format=FileFormat(kept.about["file_format"]),
        )
        if report.committed:
            messages.success(
                request,
                _("Imported: %(new)s new, %(update)s updated, %(unchanged)s unchanged.")
                % report.counts,
            )
            return redirect(list_page)
        messages.error(request, _("Nothing was imported: the file no longer passes the checks."))
        return render(
            request,
            "contracts/exchange/import_preview.html",
            {**context, "report": report, "form": form},
        )
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            file_format = form.cleaned_data["file_format"]
            report = exchange.import_preview(
                kind=kind,
                organisation=request.organisation,
                user=request.user,
                content=content,
                file_format=file_format,
            )
            token = None
            if not report.has_errors:
                token = pending_uploads.keep(
                    request,
                    content,
                    kind=kind,
                    organisation=request.organisation.pk,
                    file_format=file_format,
                )
            return render(
                request,
                "contracts/exchange/import_preview.html",
                {**context, "report": report, "token": token, "form": ImportUploadForm()},
            )
    return render(request, "contracts/exchange/import.html", {**context, "form": form})


@never_cache
@roles_required(CHANGE_CONTRACTS)
def supplier_import(request: HttpRequest) -> HttpResponse:
    return _import(request, ImportKind.SUPPLIERS)


@never_cache
@roles_required(CHANGE_CONTRACTS)
def contract_import(request: HttpRequest) -> HttpResponse:
    return _import(request, ImportKind.CONTRACTS)


def _export_format(request: HttpRequest) -> FileFormat:
    try:
        return FileFormat(request.GET.get("format", FileFormat.XLSX))
    except ValueError:
        raise Http404 from None


def _attachment(content: bytes, file_format: FileFormat, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"{_filename(name)}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@member_required
def supplier_export(request: HttpRequest) -> HttpResponse:
    file_format = _export_format(request)
    content = exchange.suppliers_export(organisation=request.organisation, file_format=file_format)
    name = _("suppliers")
    return _attachment(content, file_format, f"{name} {request.organisation.slug}")


@require_GET
@member_required
def contract_export(request: HttpRequest) -> HttpResponse:
    file_format = _export_format(request)
    content = exchange.contracts_export(organisation=request.organisation, file_format=file_format)
    name = _("contracts")
    return _attachment(content, file_format, f"{name} {request.organisation.slug}")


@never_cache
@member_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    feed = calendar.deadline_feed_get(organisation=request.organisation, user=request.user)
    return render(
        request,
        "contracts/exchange/feed_settings.html",
        {"feed": feed, "feed_url": calendar.feed_url(feed) if feed else ""},
    )


@require_POST
@member_required
def feed_regenerate(request: HttpRequest) -> HttpResponse:
    existed = calendar.deadline_feed_get(organisation=request.organisation, user=request.user)
    calendar.deadline_feed_regenerate(organisation=request.organisation, user=request.user)
    if existed:
        messages.success(request, _("Your calendar has a new address; the old one has stopped."))
    else:
        messages.success(request, _("Your calendar address is ready."))
    return redirect("contracts:feed-settings")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar itself: no session, the secret token in the address is the key."""
    deadline_feed = calendar.feed_resolve(token)
    if deadline_feed is None:
        raise Http404
    response = HttpResponse(
        calendar.feed_calendar(feed=deadline_feed), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(False, "kommune-it.ics")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{_filename(name)}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@member_required
def contract_factsheet(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        contract = selectors.contract_detail(organisation=request.organisation, pk=pk)
    except Contract.DoesNotExist:
        raise Http404 from None
    content = reports.contract_factsheet_pdf(contract=contract, organisation=request.organisation)
    name = _("fact sheet")
    return _pdf(content, f"{name} {contract.reference or contract.pk}")


@require_GET
@member_required
def portfolio_report(request: HttpRequest) -> HttpResponse:
    content = reports.portfolio_pdf(organisation=request.organisation)
    name = _("portfolio")
    return _pdf(content, f"{name} {request.organisation.slug}")
