"""Views of benefits realisation: overview, business cases, benefits, measurements, evaluations,
the PDF report and the XLSX import/export. Everyone in the organisation reads; CHANGE_BENEFITS
changes."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.pagination import Paginator
from config.uploads import document_download
from organisations.permissions import has_role, member_required, roles_required
from organisations.roles import CHANGE_BENEFITS

from . import selectors, services
from .forms import (
    BenefitFilterForm,
    BenefitForm,
    BusinessCaseForm,
    EvaluationForm,
    ImportForm,
    InterimTargetFormSet,
    MeasurementForm,
)
from .models import Benefit, BusinessCase, Measurement
from .reports import business_case_report
from .spreadsheets import (
    ImportRow,
    check_measurements,
    export_measurements,
    read_measurements,
    rows_from_items,
)

PAGE_SIZE = 50
IMPORT_SALT = "benefits.measurement-import"
IMPORT_MAX_AGE = 60 * 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _can_change(request: HttpRequest) -> bool:
    return has_role(request, CHANGE_BENEFITS)


def _business_case(request: HttpRequest, pk: int) -> BusinessCase:
    return get_object_or_404(
        selectors.business_case_choices(organisation=request.organisation), pk=pk
    )


def _benefit(request: HttpRequest, pk: int) -> Benefit:
    return get_object_or_404(selectors.benefits_for(organisation=request.organisation), pk=pk)


def _add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on a field the form has, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Overview ---------------------------------------------------------------------------------


@member_required
def benefit_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    today = timezone.localdate()
    form = BenefitFilterForm(request.GET or None, organisation=organisation)
    benefits = form.apply(selectors.benefits_for(organisation=organisation), today=today)
    page = Paginator(benefits, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "benefits/benefit_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": today,
            "can_change": _can_change(request),
        },
    )


# Business cases ---------------------------------------------------------------------------


@member_required
def business_case_list(request: HttpRequest) -> HttpResponse:
    cases = selectors.business_cases_for(organisation=request.organisation)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "benefits/business_case_list.html",
        {"page": page, "query": "", "can_change": _can_change(request)},
    )


@roles_required(CHANGE_BENEFITS)
def business_case_create(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = BusinessCaseForm(_posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            business_case = services.business_case_create(
                organisation=organisation,
                created_by=request.user,
                change_note=data.pop("change_note"),
                contracts=list(data.pop("contracts")),
                **data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The business case was created."))
            return redirect("benefits:business-case-detail", pk=business_case.pk)
    return render(request, "benefits/business_case_form.html", {"form": form})


@member_required
def business_case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    business_case = get_object_or_404(
        selectors.business_case_detail(organisation=request.organisation), pk=pk
    )
    versions = selectors.business_case_versions(business_case=business_case)
    return render(
        request,
        "benefits/business_case_detail.html",
        {
            "business_case": business_case,
            "previous": versions[1] if len(versions) > 1 else None,
            "latest": versions[0] if versions else None,
            "can_change": _can_change(request),
        },
    )


@roles_required(CHANGE_BENEFITS)
def business_case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    business_case = _business_case(request, pk)
    form = BusinessCaseForm(
        _posted(request), instance=business_case, organisation=request.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.business_case_update(
                business_case=business_case,
                changed_by=request.user,
                change_note=data.pop("change_note"),
                contracts=list(data.pop("contracts")),
                **data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the business case was saved.")
                % {"version": business_case.version},
            )
            return redirect("benefits:business-case-detail", pk=business_case.pk)
    return render(
        request,
        "benefits/business_case_form.html",
        {"form": form, "business_case": business_case},
    )


@member_required
def business_case_history(request: HttpRequest, pk: int) -> HttpResponse:
    business_case = _business_case(request, pk)
    return render(
        request,
        "benefits/business_case_history.html",
        {
            "business_case": business_case,
            "versions": selectors.business_case_versions(business_case=business_case),
        },
    )


@member_required
def business_case_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    business_case = get_object_or_404(
        selectors.business_case_detail(organisation=request.organisation), pk=pk
    )
    today = timezone.localdate()
    reports = [
        selectors.benefit_report(benefit=benefit, today=today)
        for benefit in business_case.live_benefits
    ]
    evaluation = (
        selectors.evaluation_detail(organisation=request.organisation)
        .filter(business_case=business_case)
        .first()
    )
    pdf = business_case_report(
        business_case=business_case, reports=reports, evaluation=evaluation, today=today
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(business_case.title)[:60] or "business-case"
    response["Content-Disposition"] = content_disposition_header(
        True, f"{name}-{today.isoformat()}.pdf"
    )
    return response


# Benefits ---------------------------------------------------------------------------------


def _benefit_form(request: HttpRequest, *, business_case: BusinessCase, benefit=None):
    organisation = request.organisation
    form = BenefitForm(_posted(request), instance=benefit, organisation=organisation)
    interim = selectors.interim_targets_of(benefit=benefit)
    formset = InterimTargetFormSet(_posted(request), queryset=interim, prefix="interim")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if benefit is None:
                benefit = services.benefit_create(
                    business_case=business_case,
                    created_by=request.user,
                    interim_targets=formset.points(),
                    **fields,
                )
            else:
                services.benefit_update(
                    benefit=benefit,
                    changed_by=request.user,
                    interim_targets=formset.points(),
                    **fields,
                )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "interim_targets" in error.error_dict:
                formset._non_form_errors = formset.error_class(
                    error.error_dict.pop("interim_targets"), renderer=formset.renderer
                )
            if not hasattr(error, "error_dict") or error.error_dict:
                _add_errors(form, error)
        else:
            messages.success(request, _("The benefit was saved."))
            return redirect("benefits:benefit-detail", pk=benefit.pk)
    return render(
        request,
        "benefits/benefit_form.html",
        {"form": form, "formset": formset, "business_case": business_case, "benefit": benefit},
    )


@roles_required(CHANGE_BENEFITS)
def benefit_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _benefit_form(request, business_case=_business_case(request, pk))


@roles_required(CHANGE_BENEFITS)
def benefit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = _benefit(request, pk)
    return _benefit_form(request, business_case=benefit.business_case, benefit=benefit)


@member_required
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = _benefit(request, pk)
    return _render_benefit(request, benefit, MeasurementForm(benefit=benefit))


def _render_benefit(request: HttpRequest, benefit: Benefit, form: MeasurementForm, status=200):
    report = selectors.benefit_report(benefit=benefit, today=timezone.localdate())
    return render(
        request,
        "benefits/benefit_detail.html",
        {
            "benefit": benefit,
            "report": report,
            "form": form,
            "can_change": _can_change(request),
        },
        status=status,
    )


@roles_required(CHANGE_BENEFITS)
def benefit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = _benefit(request, pk)
    if request.method == "POST":
        services.benefit_delete(benefit=benefit, deleted_by=request.user)
        messages.success(request, _("The benefit “%(title)s” was deleted.") % {"title": benefit})
        return redirect("benefits:business-case-detail", pk=benefit.business_case_id)
    return render(request, "benefits/benefit_delete.html", {"benefit": benefit})


# Measurements -----------------------------------------------------------------------------


@roles_required(CHANGE_BENEFITS)
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = _benefit(request, pk)
    form = MeasurementForm(_posted(request), request.FILES or None, benefit=benefit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.measurement_record(
                benefit=benefit,
                recorded_by=request.user,
                measured_on=data["measured_on"],
                value=data["value"],
                comment=data["comment"],
                evidence_note=data["evidence_note"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"] or None,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The measurement was recorded."))
            return redirect("benefits:benefit-detail", pk=benefit.pk)
    if request.method == "POST":
        # The form lives on the benefit's page: show it there with its errors.
        return _render_benefit(request, benefit, form, status=200)
    return redirect(f"{reverse('benefits:benefit-detail', kwargs={'pk': benefit.pk})}#record")


def _measurement(request: HttpRequest, pk: int) -> Measurement:
    return get_object_or_404(selectors.measurements_for(organisation=request.organisation), pk=pk)


@roles_required(CHANGE_BENEFITS)
def measurement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measurement = _measurement(request, pk)
    if request.method == "POST":
        benefit = services.measurement_delete(measurement=measurement, deleted_by=request.user)
        messages.success(request, _("The measurement was deleted."))
        return redirect("benefits:benefit-detail", pk=benefit.pk)
    return render(request, "benefits/measurement_delete.html", {"measurement": measurement})


@member_required
def measurement_evidence(request: HttpRequest, pk: int) -> FileResponse:
    return document_download(_measurement(request, pk).evidence_file)


@member_required
def measurement_export(request: HttpRequest) -> HttpResponse:
    """All measurements (or one business case's), plus with ?template=1 an empty row per live
    benefit to fill in and import."""
    organisation = request.organisation
    business_case = None
    if request.GET.get("business_case"):
        try:
            business_case = _business_case(request, int(request.GET["business_case"]))
        except ValueError as error:
            raise Http404 from error
    measurements = selectors.measurements_for_export(
        organisation=organisation, business_case=business_case
    )
    template_benefits = ()
    if request.GET.get("template"):
        benefits = selectors.benefits_for(organisation=organisation).order_by(
            "business_case__title", "title", "pk"
        )
        if business_case is not None:
            benefits = benefits.filter(business_case=business_case)
        template_benefits = benefits.iterator(chunk_size=2000)
    data = export_measurements(
        measurements.iterator(chunk_size=2000), template_benefits=template_benefits
    )
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    name = slugify(_("measurements"))
    response["Content-Disposition"] = content_disposition_header(True, f"{name}-{stamp}.xlsx")
    return response


def _sign_rows(request: HttpRequest, rows: list[ImportRow]) -> str:
    payload = {
        "organisation": request.organisation.pk,
        "user": request.user.pk,
        "rows": [{"row": row.row, "cells": row.cells} for row in rows],
    }
    return signing.dumps(payload, salt=IMPORT_SALT, compress=True)


def _unsign_rows(request: HttpRequest, token: str) -> list[ImportRow] | None:
    try:
        payload = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("organisation") != request.organisation.pk or payload.get("user") != (
        request.user.pk
    ):
        return None
    return [ImportRow(row=row["row"], cells=row["cells"]) for row in payload["rows"]]


@roles_required(CHANGE_BENEFITS)
def measurement_import(request: HttpRequest) -> HttpResponse:
    """Upload, preview (nothing stored), confirm: every row or none is imported.

    The checked rows travel from the preview to the confirmation signed (tamper-proof, bound to
    the organisation and user, valid for an hour) and are checked once more before storing.
    """
    organisation = request.organisation
    today = timezone.localdate()
    context: dict = {"form": ImportForm()}
    if request.method == "POST" and "confirm" in request.POST:
        rows = _unsign_rows(request, request.POST.get("confirm", ""))
        if rows is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("benefits:measurement-import")
        try:
            check = services.measurements_import(
                organisation=organisation, rows=rows, imported_by=request.user, today=today
            )
        except services.ImportRejected as rejected:
            context["check"] = rejected.check
        else:
            messages.success(
                request,
                _("Imported: %(created)s new and %(updated)s changed measurements.")
                % {"created": check.created, "updated": check.updated},
            )
            return redirect("benefits:benefit-list")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            try:
                rows = read_measurements(form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            else:
                check = check_measurements(organisation=organisation, rows=rows, today=today)
                context["check"] = check
                if check.ok and check.items:
                    context["token"] = _sign_rows(request, rows_from_items(check.items))
    return render(request, "benefits/measurement_import.html", context)


# Evaluations ------------------------------------------------------------------------------


@roles_required(CHANGE_BENEFITS)
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    business_case = get_object_or_404(
        selectors.business_case_detail(organisation=request.organisation), pk=pk
    )
    benefits = business_case.live_benefits
    form = EvaluationForm(_posted(request), benefits=benefits)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.evaluation_create(
                business_case=business_case,
                evaluated_by=request.user,
                evaluated_on=data["evaluated_on"],
                summary=data["summary"],
                lessons_learned=data["lessons_learned"],
                realised_annual_net_benefit=data["realised_annual_net_benefit"],
                comments=form.comments(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The evaluation was saved."))
            return redirect("benefits:evaluation-detail", pk=evaluation.pk)
    return render(
        request,
        "benefits/evaluation_form.html",
        {
            "form": form,
            "business_case": business_case,
            "benefit_rows": [(benefit, form[name]) for benefit, name in form.benefit_fields],
        },
    )


@member_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_object_or_404(
        selectors.evaluation_detail(organisation=request.organisation), pk=pk
    )
    return render(request, "benefits/evaluation_detail.html", {"evaluation": evaluation})
