"""The signed-in user's dashboard: what needs doing in the current organisation, across the apps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from benefits import selectors as benefit_selectors
from contracts import selectors as contract_selectors
from contracts.invoicing import selectors as invoice_selectors
from organisations.permissions import member_required
from requirements import selectors as requirement_selectors
from requirements.fulfilment import selectors as fulfilment_selectors


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
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
    return render(request, "cms/dashboard.html", context)
