"""The signed-in user's dashboard: what needs doing in the current organisation."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from organisations.permissions import member_required


@member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "cms/dashboard.html", {})
