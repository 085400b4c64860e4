"""Views: the user's notifications and preferences; undeliverable emails for administrators."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.pagination import Paginator
from organisations.middleware import SESSION_KEY
from organisations.permissions import member_required, roles_required
from organisations.roles import MANAGE_MEMBERS

from . import selectors, services
from .forms import PreferencesForm
from .sources import active_kinds

PAGE_SIZE = 50


@member_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_for(
        user=request.user, organisation=request.organisation
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    lines = [selectors.line(notification, today=today) for notification in page]
    return render(request, "tasks/notification_list.html", {"page": page, "lines": lines})


@member_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go to its object (the link in emails).

    An email can be about another of the user's organisations than the one they work in now:
    the link then switches to it, as the organisation switch would.
    """
    notification = selectors.notification_of_recipient(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification)
    if notification.organisation_id != request.organisation.pk:
        request.session[SESSION_KEY] = notification.organisation_id
        messages.info(
            request,
            _("You are now working in %(name)s.") % {"name": notification.organisation.name},
        )
    return redirect(selectors.object_url(notification))


@require_POST
@member_required
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(
        selectors.notifications_for(user=request.user, organisation=request.organisation), pk=pk
    )
    services.notification_mark_read(notification=notification)
    return redirect("tasks:list")


@require_POST
@member_required
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(
        user=request.user, organisation=request.organisation
    )
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("tasks:list")


@member_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        kinds=active_kinds(),
        current=selectors.preferences_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, deliveries=form.deliveries())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("tasks:preferences")
    return render(request, "tasks/preferences.html", {"form": form})


@roles_required(MANAGE_MEMBERS)
def failed_list(request: HttpRequest) -> HttpResponse:
    failed = selectors.failed_notifications(organisation=request.organisation)
    page = Paginator(failed, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    lines = [selectors.line(notification, today=today) for notification in page]
    return render(request, "tasks/failed_list.html", {"page": page, "lines": lines})


@require_POST
@roles_required(MANAGE_MEMBERS)
def failed_retry(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(
        selectors.failed_notifications(organisation=request.organisation), pk=pk
    )
    try:
        services.notification_retry(notification=notification)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The email to %(name)s will be sent again within a few minutes.")
            % {"name": notification.recipient},
        )
    return redirect("tasks:failed")
