"""Isolation routes of the tasks app: municipality A's notifications, built for the 404 test."""

from datetime import date

from django_scopes import scopes_disabled

from organisations.roles import Role
from tasks.models import Delivery, EmailStatus, Notification


def notification_in(world) -> dict:
    """A failed notification of A's contract manager (so every id route applies to it)."""

    def build() -> Notification:
        with scopes_disabled():
            return Notification.objects.create(
                organisation=world.organisation,
                recipient=world.make_member(Role.CONTRACT_MANAGER),
                kind="contract.notice",
                object_type="contracts.contract",
                object_id=1,
                due_date=date(2026, 4, 1),
                lead_days=30,
                object_label=f"{world.organisation.name} contract",
                reason="contract_manager",
                delivery=Delivery.IMMEDIATE,
                status=EmailStatus.FAILED,
            )

    return {"pk": world.once("tasks:notification", build).pk}


ROUTES = {
    "tasks:open": notification_in,
    "tasks:read": notification_in,
    "tasks:retry": notification_in,
}
