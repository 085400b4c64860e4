"""The signed-in user's dashboard: what needs doing in the current organisation, across the apps."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from contracts import selectors as contract_selectors
from organisations.permissions import member_required


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "today": today,
        "contracts": contract_selectors.dashboard(
            organisation=request.organisation, user=request.user, today=today
        ),
    }
    return render(request, "cms/dashboard.html", context)
