"""Views: guidance search and checklist runs (the dashboard lives in cms/dashboard.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.pagination import Paginator
from organisations.permissions import has_role, member_required, roles_required
from organisations.roles import RUN_CHECKLISTS

from . import selectors, services
from .forms import ChecklistRunPointsForm, ChecklistRunStartForm, GuidanceSearchForm

SEARCH_PAGE_SIZE = 20
REQUIREMENT_HITS = 10
RUNS_PAGE_SIZE = 25


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Guidance pages and, when the bank offers a search, published requirements."""
    form = GuidanceSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = Paginator(selectors.guidance_search(query), SEARCH_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    requirements = (
        selectors.published_requirements_search(query, REQUIREMENT_HITS)
        if results.number == 1
        else []
    )
    return render(
        request,
        "cms/search.html",
        {
            "form": form,
            "query": query,
            "query_string": urlencode({"q": query}),
            "results": results,
            "requirements": requirements,
        },
    )


@member_required
def checklist_run_list(request: HttpRequest) -> HttpResponse:
    runs = Paginator(
        selectors.checklist_runs_for(organisation=request.organisation), RUNS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "cms/checklist_run_list.html",
        {
            "runs": runs,
            "checklists": selectors.live_checklists(),
            "can_run_checklists": has_role(request, RUN_CHECKLISTS),
        },
    )


@roles_required(RUN_CHECKLISTS)
def checklist_run_create(request: HttpRequest) -> HttpResponse:
    try:
        checklist_id = int(request.GET.get("checklist", ""))
    except ValueError:
        raise Http404 from None
    checklist = selectors.live_checklist(pk=checklist_id)
    if checklist is None:
        raise Http404
    form = ChecklistRunStartForm(
        request.POST if request.method == "POST" else None, initial={"title": checklist.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = services.checklist_run_start(
                organisation=request.organisation,
                checklist=checklist,
                title=form.cleaned_data["title"],
                subject=form.cleaned_data["subject"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The checklist run was started."))
            return redirect("cms:checklist-run-detail", pk=run.pk)
    return render(request, "cms/checklist_run_create.html", {"form": form, "checklist": checklist})


@member_required
def checklist_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(selectors.checklist_runs_for(organisation=request.organisation), pk=pk)
    can_tick = has_role(request, RUN_CHECKLISTS)
    if request.method == "POST" and not can_tick:
        raise PermissionDenied
    items = selectors.checklist_run_points(run=run)
    form = ChecklistRunPointsForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        changed = services.checklist_run_update_points(
            run=run, user=request.user, updates=form.updates()
        )
        if changed:
            message = ngettext(
                "Saved: %(count)s point changed.", "Saved: %(count)s points changed.", changed
            ) % {"count": changed}
        else:
            message = _("Nothing was changed.")
        messages.success(request, message)
        return redirect("cms:checklist-run-detail", pk=run.pk)
    groups: list[tuple[str, list]] = []
    for row in form.rows():
        if not groups or groups[-1][0] != row[0].group:
            groups.append((row[0].group, []))
        groups[-1][1].append(row)
    return render(
        request,
        "cms/checklist_run_detail.html",
        {"run": run, "form": form, "groups": groups, "can_tick": can_tick},
    )
