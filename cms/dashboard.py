"""The signed-in user's dashboard: what needs doing in the current organisation, across the apps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from benefits import selectors as benefit_selectors
from contracts import selectors as contract_selectors
from contracts.invoicing import selectors as invoice_selectors
from organisations import cache
from organisations.permissions import member_required
from requirements import selectors as requirement_selectors
from requirements.fulfilment import selectors as fulfilment_selectors


def _sections(request: HttpRequest, today) -> str:
    """The apps' sections of the dashboard, rendered (they hold no form and nothing of the
    request but the organisation, the user and the day)."""
    organisation, user = request.organisation, request.user
    context = {
        "today": today,
        "contracts": contract_selectors.dashboard(
            organisation=organisation, user=user, today=today
        ),
        "invoice_dashboard": invoice_selectors.dashboard(organisation=organisation),
        "benefits": benefit_selectors.benefits_dashboard(
            user=user, organisation=organisation, today=today
        ),
        "requirements_summary": requirement_selectors.dashboard_summary(organisation=organisation),
        "fulfilment": fulfilment_selectors.dashboard(
            organisation=organisation, user=user, today=today
        ),
    }
    return render_to_string("cms/_dashboard_sections.html", context)


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # Kept until the organisation's data changes (organisations.cache): the sections read the
    # deadlines, invoices, benefits and assessments of the whole organisation.
    sections = cache.remembered(
        organisation_id=request.organisation.pk,
        key=("dashboard", request.user.pk, today.isoformat()),
        compute=lambda: _sections(request, today),
    )
    # Rendered by our templates, which escaped what they show.
    sections = mark_safe(sections)  # noqa: S308
    return render(request, "cms/dashboard.html", {"today": today, "sections": sections})
