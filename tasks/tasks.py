"""Celery tasks: thin wrappers around the services, safe to run twice (acks_late everywhere).

Nothing is scheduled in the broker: beat (django-celery-beat, Europe/Copenhagen) starts the
daily scan, the daily digests and the frequent "send due" run, and retries are rows in the
database with next_attempt_at, so a worker restart or a redelivered message loses nothing.
"""

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


def _day(today: str | None) -> date:
    return date.fromisoformat(today) if today else timezone.localdate()


@shared_task(acks_late=True)
def daily_scan(today: str | None = None) -> dict:
    """Refresh the deadlines and the benefits' statuses, create the day's notifications, then send
    the immediate ones."""
    result = services.notifications_daily_scan(today=_day(today))
    send_due.delay()
    return {"due_items": result.due_items, "notifications": result.notification_rows}


@shared_task(acks_late=True)
def send_digests(today: str | None = None) -> int:
    """Collect the day's digest notifications per recipient and send the digests."""
    built = services.digests_build(today=_day(today))
    send_due.delay()
    return built


@shared_task(acks_late=True)
def send_due() -> dict:
    """Send the emails whose attempt is due: new ones and retries after a temporary failure."""
    return services.notifications_send_due().outcomes
