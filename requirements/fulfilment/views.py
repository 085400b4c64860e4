"""Views of requirement fulfilment: worklist, contract matrix, assessment, portfolio, exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.forms import applied_filters
from config.pagination import Paginator
from config.uploads import document_download
from contracts.models import Contract
from organisations.permissions import has_role, member_required, roles_required
from organisations.roles import ASSESS_FULFILMENT
from requirements import selectors as requirement_selectors

from . import exports, reports, selectors, services
from .forms import (
    AssessForm,
    LinkSpecificationForm,
    MatrixFilterForm,
    PickFilterForm,
    PickForm,
    PortfolioFilterForm,
    WorklistFilterForm,
)
from .models import FulfilmentItem
from .selectors import Only, Show
from .services import LinkResult

PAGE_SIZE = 50


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _added_to(request: HttpRequest, contract: Contract, result: LinkResult) -> HttpResponse:
    """Say how many requirements were added to the contract, and go back to its requirements."""
    messages.success(
        request,
        ngettext(
            "%(added)s requirement was added to the contract; %(already)s were there already.",
            "%(added)s requirements were added to the contract; %(already)s were there already.",
            result.added,
        )
        % {"added": result.added, "already": result.already},
    )
    return redirect("fulfilment:contract", pk=contract.pk)


@member_required
def worklist(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = WorklistFilterForm(request.GET or None)
    show = applied_filters(form).get("show") or Show.TODO
    items = selectors.worklist(
        organisation=request.organisation, user=request.user, show=show, today=today
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "fulfilment/worklist.html",
        {
            "form": form,
            "page": page,
            "show": show,
            "today": today,
            "query": _query_without_page(request),
        },
    )


@member_required
def contract_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(organisation=request.organisation, pk=pk)
    form = MatrixFilterForm(request.GET or None)
    filters = applied_filters(form)
    matrix = selectors.contract_matrix(
        contract=contract, status=filters.get("status") or "", category_id=filters.get("category")
    )
    return render(
        request,
        "fulfilment/contract_matrix.html",
        {
            "contract": contract,
            "form": form,
            "matrix": matrix,
            "specifications": selectors.linked_specifications(contract=contract),
            "can_assess": has_role(request, ASSESS_FULFILMENT),
            "query": request.GET.urlencode(),
            "filtered": bool(filters.get("status") or filters.get("category")),
            "category_filtered": filters.get("category") is not None,
        },
    )


@roles_required(ASSESS_FULFILMENT)
def contract_link(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    contract = selectors.contract_for(organisation=organisation, pk=pk)
    specifications = requirement_selectors.specifications_for(organisation=organisation)
    form = LinkSpecificationForm(request.POST or None, specifications=specifications)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.contract_link_specification(
                contract=contract,
                specification=form.cleaned_data["specification"],
                actor=request.user,
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            return _added_to(request, contract, result)
    return render(
        request,
        "fulfilment/contract_link.html",
        {"contract": contract, "form": form, "has_specifications": specifications.exists()},
    )


@roles_required(ASSESS_FULFILMENT)
def contract_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick requirements from the bank directly, for contracts tendered without a specification."""
    organisation = request.organisation
    contract = selectors.contract_for(organisation=organisation, pk=pk)
    if request.method == "POST":
        form = PickForm(
            request.POST,
            pickable=selectors.pickable_requirements(organisation=organisation),
        )
        if form.is_valid():
            try:
                result = services.contract_add_requirements(
                    contract=contract,
                    requirements=form.cleaned_data["requirements"],
                    actor=request.user,
                )
            except ValidationError as error:
                _error_messages(request, error)
            else:
                return _added_to(request, contract, result)
        elif request.POST.getlist("requirements"):
            messages.error(
                request,
                _(
                    "A requirement you chose can no longer be picked: it was withdrawn from the "
                    "bank meanwhile. The list below is up to date."
                ),
            )
        else:
            messages.error(request, _("Choose at least one requirement."))
    filter_form = PickFilterForm(request.GET or None)
    filters = applied_filters(filter_form)
    requirements = selectors.pickable_requirements(
        organisation=organisation,
        query=filters.get("q") or "",
        category_id=filters.get("category"),
    )
    page = Paginator(requirements, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "fulfilment/contract_pick.html",
        {
            "contract": contract,
            "filter_form": filter_form,
            "page": page,
            "included": selectors.requirement_ids_of(contract=contract),
            "query": _query_without_page(request),
        },
    )


@member_required
def contract_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(organisation=request.organisation, pk=pk)
    filters = applied_filters(MatrixFilterForm(request.GET or None))
    matrix = selectors.contract_matrix(
        contract=contract, status=filters.get("status") or "", category_id=filters.get("category")
    )
    response = HttpResponse(
        exports.render_xlsx(contract=contract, matrix=matrix),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = slugify(contract.title) or "contract"
    response["Content-Disposition"] = content_disposition_header(True, f"fulfilment-{name}.xlsx")
    return response


@member_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(organisation=request.organisation, pk=pk)
    matrix = selectors.contract_matrix(contract=contract)
    response = HttpResponse(
        reports.render_report(contract=contract, matrix=matrix, today=timezone.localdate()),
        content_type="application/pdf",
    )
    name = slugify(contract.title) or "contract"
    response["Content-Disposition"] = content_disposition_header(True, f"fulfilment-{name}.pdf")
    return response


def _next_url(request: HttpRequest, item: FulfilmentItem) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("fulfilment:contract", kwargs={"pk": item.contract_id}) + f"#item-{item.pk}"


@member_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for(organisation=request.organisation, pk=pk)
    can_assess = has_role(request, ASSESS_FULFILMENT)
    if request.method == "POST":
        if not can_assess:
            raise PermissionDenied
        form = AssessForm(request.POST, request.FILES, item=item)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.fulfilment_item_assess(
                    item=item,
                    status=data["status"],
                    comment=data["comment"],
                    evidence_text=data["evidence_text"],
                    evidence_url=data["evidence_url"],
                    evidence_file=data["evidence_file"],
                    remove_evidence_file=data.get("remove_evidence_file", False),
                    next_review=data["next_review"],
                    actor=request.user,
                    # A post without it (a script) is not checked.
                    seen=data["seen"] if "seen" in request.POST else None,
                )
            except services.Conflict as conflict:
                form.add_error(None, conflict)
                if data["evidence_file"] is not None:
                    # A browser never fills a file field in again.
                    form.add_error("evidence_file", _("Choose the file again."))
                # Saving again, having seen theirs, replaces it.
                form.data = form.data.copy()
                form.data["seen"] = conflict.current.seen_key
                item.refresh_from_db()
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
                item.refresh_from_db()
            else:
                if item.status == item.Status.NOT_ASSESSED:
                    done = _("%(key)s is marked as not assessed.") % {"key": item.key}
                else:
                    done = _("%(key)s was assessed as “%(status)s”.") % {
                        "key": item.key,
                        "status": item.get_status_display(),
                    }
                messages.success(request, done)
                return redirect(_next_url(request, item))
    else:
        form = AssessForm(initial=AssessForm.initial_for(item), item=item)
    answers = selectors.supplier_answers(contract=item.contract)
    return render(
        request,
        "fulfilment/item_detail.html",
        {
            "item": item,
            "contract": item.contract,
            "form": form if can_assess else None,
            "supplier_answer": answers.get(item.pk),
            "history": selectors.item_history(item=item),
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
    )


@member_required
def item_evidence(request: HttpRequest, pk: int) -> FileResponse:
    # Served through a view, never from MEDIA_URL: only the organisation's members may read it.
    item = selectors.item_for(organisation=request.organisation, pk=pk)
    return document_download(item.evidence_file, filename=item.evidence_filename)


@member_required
def portfolio(request: HttpRequest) -> HttpResponse:
    form = PortfolioFilterForm(request.GET or None)
    filters = applied_filters(form)
    result = selectors.portfolio(
        organisation=request.organisation,
        category_id=filters.get("category"),
        only=filters.get("only") or Only.ALL,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "fulfilment/portfolio.html",
        {
            "form": form,
            "portfolio": result,
            "category_id": filters.get("category"),
            "query": _query_without_page(request),
        },
    )


@member_required
def replaced(request: HttpRequest) -> HttpResponse:
    page, rows = selectors.replaced_requirements(
        organisation=request.organisation, page_number=request.GET.get("page")
    )
    return render(request, "fulfilment/replaced.html", {"page": page, "rows": rows})
