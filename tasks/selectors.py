"""Reads of notifications: a user's list and unread count, failures, and preferences."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Expression, OuterRef, QuerySet
from django.urls import reverse

from config.queries import count_of
from organisations.models import Organisation, User

from .models import EmailStatus, Notification, NotificationPreference
from .sources import active_kinds, kind_for, object_path


@dataclass(frozen=True)
class Line:
    """A notification as a page or an email shows it, relative to `today`."""

    notification: Notification
    kind_label: str
    days_left: int
    url: str

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def line(notification: Notification, *, today: date, url: str | None = None) -> Line:
    kind = kind_for(notification.kind)
    return Line(
        notification=notification,
        kind_label=str(kind.label) if kind else notification.kind,
        days_left=(notification.due_date - today).days,
        url=url if url is not None else reverse("tasks:open", kwargs={"pk": notification.pk}),
    )


def notifications_for(*, user: User, organisation: Organisation) -> QuerySet[Notification]:
    """The user's notifications in one organisation, newest first."""
    return (
        Notification.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, recipient=user)
        .order_by("-created_at", "-pk")
    )


def unread_count(*, user: User, organisation: Organisation) -> int:
    return notifications_for(user=user, organisation=organisation).filter(read_at=None).count()


UNREAD_FIGURE = "unread_notifications"


def unread_count_expression(user: User) -> Expression:
    """The user's unread notifications in OuterRef("organisation"), as a subquery."""
    return count_of(
        Notification.objects.with_scopes_disabled().filter(
            organisation=OuterRef("organisation"), recipient=user, read_at=None
        )
    )


def notification_of_recipient(*, user: User, pk: int) -> Notification | None:
    """One of the user's own notifications in any of their organisations (for email links)."""
    return (
        Notification.objects.with_scopes_disabled()
        .filter(pk=pk, recipient=user, organisation__memberships__user=user)
        .select_related("organisation")
        .first()
    )


def failed_notifications(*, organisation: Organisation) -> QuerySet[Notification]:
    """Emails that could not be delivered, for the organisation's administrators."""
    return (
        Notification.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, status=EmailStatus.FAILED)
        .select_related("recipient")
        .order_by("-created_at", "-pk")
    )


def object_url(notification: Notification) -> str:
    return object_path(notification.object_type, notification.object_id)


def preferences_for(*, user: User) -> dict[str, str]:
    """The delivery per active kind: the user's choice, else the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind.code: chosen.get(kind.code, kind.default_delivery) for kind in active_kinds()}
