"""Views of the contract register: lists, detail, forms and the recorded actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.forms import add_service_error, applied_filters
from config.pagination import Paginator
from config.uploads import document_download
from organisations import cache
from organisations.permissions import has_role, member_required, roles_required
from organisations.roles import CHANGE_CONTRACTS

from . import selectors, services
from .deadlines import add_months, notice_deadline
from .forms import (
    ActionDateForm,
    AttachmentForm,
    ContractFilterForm,
    ContractForm,
    ITSystemForm,
    MilestoneFormSet,
    NoticeForm,
    OptionFormSet,
    SupplierForm,
)
from .history import contract_history
from .invoicing import selectors as invoice_selectors
from .invoicing import services as invoice_services
from .models import Contract, ContractAttachment, ContractOption, ITSystem, Milestone, Supplier
from .timeline import timeline

PAGE_SIZE = 50


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _contract(request: HttpRequest, pk: int) -> Contract:
    try:
        return selectors.contract_detail(organisation=request.organisation, pk=pk)
    except Contract.DoesNotExist as error:
        raise Http404 from error


@member_required
def contract_list(request: HttpRequest) -> HttpResponse:
    can_change = has_role(request, CHANGE_CONTRACTS)
    # Kept until the organisation's data changes (organisations.cache), per filter and page:
    # what the page shows depends on the filter form's parameters and the page number only
    # (others, e.g. a tracking parameter, are left out of the page's links too).
    parameters = _list_parameters(request.GET)
    page = request.GET.get("page", "")
    page = str(int(page)) if page.isdigit() and int(page) > 0 else "1"
    body = cache.remembered(
        organisation_id=request.organisation.pk,
        key=(
            "contract-list",
            tuple(sorted(parameters.lists())),
            page,
            timezone.localdate().isoformat(),  # "deadline within N days" counts from today
            can_change,
        ),
        compute=lambda: _contract_list_body(request, parameters, page, can_change=can_change),
    )
    # Rendered by our template, which escaped what it shows.
    body = mark_safe(body)  # noqa: S308
    return render(request, "contracts/contract_list.html", {"body": body})


def _list_parameters(query: QueryDict) -> QueryDict:
    """The parameters of the contract list's filter form in `query`."""
    parameters = QueryDict(mutable=True)
    for name, values in query.lists():
        if name in ContractFilterForm.base_fields:
            parameters.setlist(name, values)
    return parameters


def _contract_list_body(
    request: HttpRequest, parameters: QueryDict, page_number: str, *, can_change: bool
) -> str:
    organisation = request.organisation
    form = ContractFilterForm(parameters or None, organisation=organisation)
    contracts = selectors.contract_rows(organisation=organisation, **applied_filters(form))
    page = Paginator(contracts, PAGE_SIZE).get_page(page_number)
    return str(
        render_to_string(
            "contracts/_contract_list_body.html",
            {
                "form": form,
                "page": page,
                "query": parameters.urlencode(),
                "can_change": can_change,
            },
        )
    )


@member_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    can_change = has_role(request, CHANGE_CONTRACTS)
    # Kept until the organisation's data changes (organisations.cache). Another organisation's
    # contract is never found in it: the organisation is part of every entry's key.
    title, body = cache.remembered(
        organisation_id=request.organisation.pk,
        key=("contract-detail", pk, today.isoformat(), can_change),
        compute=lambda: _contract_detail_body(request, pk, today=today, can_change=can_change),
    )
    # The body is rendered by our template, which escaped what it shows; its one form gets the
    # requester's CSRF token here, as a token must not be cached.
    body = mark_safe(body.replace(CSRF_MARKER, csrf_input(request)))  # noqa: S308
    return render(request, "contracts/contract_detail.html", {"title": title, "body": body})


CSRF_MARKER = "<!-- csrf-token -->"


def _contract_detail_body(
    request: HttpRequest, pk: int, *, today, can_change: bool
) -> tuple[str, str]:
    """The contract's title and its page's content (all but the guidance beside it)."""
    contract = _contract(request, pk)
    deadlines = list(contract.deadlines.all())
    selectors.label_deadlines(contract, deadlines)
    body = render_to_string(
        "contracts/_contract_detail_body.html",
        {
            "contract": contract,
            "deadlines": deadlines,
            "renewed_to": selectors.renewed_to(
                contract, selectors.current_term_end_of(contract, deadlines)
            ),
            "timeline": timeline(deadlines, today=today),
            "history": contract_history(contract=contract, limit=20),
            "can_change": can_change,
            "attachment_form": AttachmentForm(),
            "invoice_summary": invoice_selectors.contract_invoice_summary(contract),
            "today": today,
            "csrf_marker": mark_safe(CSRF_MARKER),  # noqa: S308 - a constant
        },
    )
    return contract.title, str(body)


def _contract_form_page(request: HttpRequest, contract: Contract | None) -> HttpResponse:
    organisation = request.organisation
    form = ContractForm(_posted(request), instance=contract, organisation=organisation)
    options = OptionFormSet(_posted(request), instance=contract, prefix="options")
    milestones = MilestoneFormSet(_posted(request), instance=contract, prefix="milestones")
    if request.method == "POST":
        # All three are checked, so that every mistake shows at once.
        form_is_valid = form.is_valid()
        options.term_end = form.cleaned_data.get("term_end")
        options.start_date = milestones.start_date = form.cleaned_data.get("start_date")
        terms_are_valid = all([options.is_valid(), milestones.is_valid()])
    if request.method == "POST" and form_is_valid and terms_are_valid:
        data = {k: v for k, v in form.cleaned_data.items() if k != "it_systems"}
        try:
            with transaction.atomic():
                if contract is None:
                    saved = services.contract_create(
                        organisation=organisation,
                        it_systems=form.cleaned_data["it_systems"],
                        **data,
                    )
                else:
                    saved = services.contract_update(
                        contract=contract, it_systems=form.cleaned_data["it_systems"], **data
                    )
                options.instance = milestones.instance = saved
                services.contract_save_terms(
                    contract=saved,
                    changed=[*options.save(commit=False), *milestones.save(commit=False)],
                    deleted=[*options.deleted_objects, *milestones.deleted_objects],
                )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The contract %(title)s was saved.") % {"title": saved})
            return redirect("contracts:contract-detail", pk=saved.pk)
    return render(
        request,
        "contracts/contract_form.html",
        {"form": form, "options": options, "milestones": milestones, "contract": contract},
    )


@roles_required(CHANGE_CONTRACTS)
def contract_create(request: HttpRequest) -> HttpResponse:
    return _contract_form_page(request, None)


@roles_required(CHANGE_CONTRACTS)
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _contract_form_page(request, _contract(request, pk))


@roles_required(CHANGE_CONTRACTS)
def contract_give_notice(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    today = timezone.localdate()
    suggestion = notice_deadline(services.contract_terms(contract), today=today)
    effective = (suggestion.effective if suggestion else None) or contract.term_end
    form = NoticeForm(_posted(request), initial={"given_on": today, "effective": effective})
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_give_notice(
                contract=contract,
                given_on=form.cleaned_data["given_on"],
                effective=form.cleaned_data["effective"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("effective", error.messages)
        else:
            messages.success(request, _("Notice was recorded. The contract ends on %(date)s.") % {
                "date": date_format(form.cleaned_data["effective"])})  # fmt: skip
            return redirect("contracts:contract-detail", pk=contract.pk)
    return render(
        request,
        "contracts/contract_notice.html",
        {"contract": contract, "form": form, "suggestion": suggestion},
    )


@roles_required(CHANGE_CONTRACTS)
def contract_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    if request.method == "POST":
        services.contract_delete(contract=contract)
        messages.success(request, _("The contract %(title)s was deleted.") % {"title": contract})
        return redirect("contracts:contract-list")
    return render(request, "contracts/contract_delete.html", {"contract": contract})


@roles_required(CHANGE_CONTRACTS)
def option_exercise(request: HttpRequest, pk: int) -> HttpResponse:
    option = get_object_or_404(
        ContractOption.objects.select_related("contract"), pk=pk, contract__is_deleted=False
    )
    contract = option.contract
    form = ActionDateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.option_exercise(option=option, exercised_on=form.cleaned_data["day"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The option was exercised; the term is extended."))
            return redirect("contracts:contract-detail", pk=option.contract_id)
    extended_to = add_months(contract.term_end, option.length_months) if contract.term_end else None
    context = {
        "option": option,
        "form": form,
        # Past its last day an option may still be recorded as used on time: the form stays,
        # with a warning; what rules out any date is refused outright.
        "refusal": services.option_exercise_refusal(
            option=option, contract=contract, on=min(timezone.localdate(), option.exercise_by)
        ),
        "lapsed": timezone.localdate() > option.exercise_by,
        "extended_to": extended_to,
    }
    return render(request, "contracts/option_exercise.html", context)


@roles_required(CHANGE_CONTRACTS)
def milestone_met(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(
        Milestone.objects.select_related("contract"), pk=pk, contract__is_deleted=False
    )
    form = ActionDateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_mark_met(milestone=milestone, met_on=form.cleaned_data["day"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The milestone was recorded as met."))
            return redirect("contracts:contract-detail", pk=milestone.contract_id)
    return render(request, "contracts/milestone_met.html", {"milestone": milestone, "form": form})


@require_POST
@roles_required(CHANGE_CONTRACTS)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        services.attachment_add(
            contract=contract,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
            uploaded_by=request.user,
        )
        messages.success(request, _("The attachment was uploaded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("contracts:contract-detail", pk=contract.pk)


def _attachment(pk: int) -> ContractAttachment:
    """An attachment kept on a contract of the current organisation, or 404."""
    return get_object_or_404(
        ContractAttachment.objects.select_related("contract"),
        pk=pk,
        contract__is_deleted=False,
        removed_at__isnull=True,
    )


@member_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    # Served through a view, never from MEDIA_URL: only the organisation's members may read it.
    return document_download(_attachment(pk).file)


@roles_required(CHANGE_CONTRACTS)
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(pk)
    if request.method == "POST":
        services.attachment_remove(attachment=attachment, removed_by=request.user)
        messages.success(
            request, _("The attachment %(title)s was removed.") % {"title": attachment.title}
        )
        return redirect("contracts:contract-detail", pk=attachment.contract_id)
    return render(request, "contracts/attachment_remove.html", {"attachment": attachment})


def _typed_query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:200]


@member_required
def supplier_suggestions(request: HttpRequest) -> JsonResponse:
    """The type-ahead of the supplier filter and the contract form's supplier (?q=)."""
    found = selectors.supplier_suggestions(
        organisation=request.organisation, query=_typed_query(request)
    )
    return JsonResponse({"suggestions": found})


@member_required
def contract_suggestions(request: HttpRequest) -> JsonResponse:
    """The type-ahead of the contract form's parent contract (?q=, and ?exclude= the contract
    being edited, which cannot be its own parent)."""
    exclude = request.GET.get("exclude", "")
    found = selectors.contract_suggestions(
        organisation=request.organisation,
        query=_typed_query(request),
        exclude=int(exclude) if exclude.isascii() and exclude.isdigit() else None,
    )
    return JsonResponse({"suggestions": found})


@member_required
def supplier_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    can_change = has_role(request, CHANGE_CONTRACTS)
    form = SupplierForm(_posted(request) if can_change else None, organisation=organisation)
    if request.method == "POST" and can_change and form.is_valid():
        form.instance.organisation = organisation
        linked = invoice_services.supplier_save_linking_invoices(
            supplier=form.instance, user=request.user
        )
        message = _("%(name)s was added.") % {"name": form.instance}
        if linked:
            message += " " + ngettext(
                "%(count)s invoice that came from its CVR number now has it as supplier.",
                "%(count)s invoices that came from its CVR number now have it as supplier.",
                linked,
            ) % {"count": linked}
        messages.success(request, message)
        return redirect("contracts:supplier-list")
    query = request.GET.get("q", "").strip()
    suppliers = selectors.suppliers(organisation=organisation).order_by("name")
    if query:
        suppliers = suppliers.filter(selectors.supplier_match(query))
    page = Paginator(suppliers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/supplier_list.html",
        {
            "page": page,
            "form": form,
            "can_change": can_change,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )


@roles_required(CHANGE_CONTRACTS)
def supplier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = get_object_or_404(Supplier, pk=pk)
    form = SupplierForm(_posted(request), instance=supplier, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        invoice_services.supplier_save_linking_invoices(supplier=form.instance, user=request.user)
        messages.success(request, _("%(name)s was saved.") % {"name": supplier})
        return redirect("contracts:supplier-list")
    return render(request, "contracts/supplier_edit.html", {"supplier": supplier, "form": form})


@member_required
def it_system_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    can_change = has_role(request, CHANGE_CONTRACTS)
    form = ITSystemForm(_posted(request) if can_change else None)
    if request.method == "POST" and can_change and form.is_valid():
        form.instance.organisation = organisation
        services.it_system_save(system=form.instance)
        messages.success(request, _("%(name)s was added.") % {"name": form.instance})
        return redirect("contracts:system-list")
    systems = selectors.it_systems(organisation=organisation).order_by("name")
    page = Paginator(systems, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/system_list.html",
        {"page": page, "form": form, "can_change": can_change},
    )


@roles_required(CHANGE_CONTRACTS)
def it_system_edit(request: HttpRequest, pk: int) -> HttpResponse:
    system = get_object_or_404(ITSystem, pk=pk)
    form = ITSystemForm(_posted(request), instance=system)
    if request.method == "POST" and form.is_valid():
        services.it_system_save(system=form.instance)
        messages.success(request, _("%(name)s was saved.") % {"name": system})
        return redirect("contracts:system-list")
    return render(request, "contracts/system_edit.html", {"system": system, "form": form})


@member_required
def capability_duplicates(request: HttpRequest) -> HttpResponse:
    groups = selectors.duplicate_capabilities(organisation=request.organisation)
    return render(request, "contracts/capabilities.html", {"groups": groups})
