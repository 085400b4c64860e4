"""Django admin: notifications and digests with their email state, retries and "scan now"."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from . import services
from .models import Digest, EmailStatus, Notification, NotificationPreference
from .sources import all_kinds, kind_for
from .tasks import daily_scan


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.code, kind.label) for kind in all_kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows are written by the scan and the sender; the admin looks, retries and filters."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("last error"))
    def error(self, obj) -> str:
        return Truncator(obj.last_error).chars(120)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "recipient",
        "organisation",
        "kind_label",
        "object_label",
        "due_date",
        "lead_days",
        "delivery",
        "status",
        "attempts",
        "next_attempt_at",
        "error",
    ]
    list_filter = ["status", "delivery", KindFilter, "reason", "organisation"]
    list_select_related = ["recipient", "organisation"]
    search_fields = ["object_label", "recipient__username", "recipient__email", "last_error"]
    date_hierarchy = "created_at"
    actions = ["retry"]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Notification) -> str:
        kind = kind_for(obj.kind)
        return str(kind.label) if kind else obj.kind

    @admin.action(description=_("Send the selected failed notifications again"))
    def retry(self, request: HttpRequest, queryset) -> None:
        retried = 0
        for notification in queryset.filter(status=EmailStatus.FAILED):
            services.notification_retry(notification=notification)
            retried += 1
        self.message_user(
            request, _("%(count)s notifications will be sent again.") % {"count": retried}
        )

    def get_urls(self):
        scan = path(
            "scan/", self.admin_site.admin_view(self.scan_view), name="tasks_notification_scan"
        )
        return [scan, *super().get_urls()]

    def scan_view(self, request: HttpRequest):
        """Run the daily scan now (in the worker): e.g. after beat was down or terms changed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            daily_scan.delay()
        except OperationalError as error:
            self.message_user(
                request,
                _("The task queue does not answer (%(error)s); is the worker's broker running?")
                % {"error": error},
                messages.ERROR,
            )
        else:
            self.message_user(
                request, _("The daily scan was started; new notifications appear in a moment.")
            )
        return HttpResponseRedirect(reverse("admin:tasks_notification_changelist"))


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["digest_date", "recipient", "status", "attempts", "next_attempt_at", "error"]
    list_filter = ["status", "digest_date"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email", "last_error"]
    actions = ["retry"]

    @admin.action(description=_("Send the selected failed digests again"))
    def retry(self, request: HttpRequest, queryset) -> None:
        retried = 0
        for digest in queryset.filter(status=EmailStatus.FAILED):
            try:
                services.digest_retry(digest=digest)
            except ValidationError:
                continue
            retried += 1
        self.message_user(request, _("%(count)s digests will be sent again.") % {"count": retried})


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["delivery", "kind"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]
