"""The beat schedule: rows django-celery-beat creates at start, in Copenhagen time."""

import pytest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config.celery import app

# The scheduler closes stale database connections, as beat does: no wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_beat_start_creates_the_notification_schedule():
    DatabaseScheduler(app=app)  # what `celery beat --scheduler ...DatabaseScheduler` does first
    DatabaseScheduler(app=app)  # a restart changes nothing

    rows = {
        task.name: task
        for task in PeriodicTask.objects.select_related("crontab", "interval").filter(
            task__startswith="tasks."
        )
    }
    scan = rows["notifications: daily scan"]
    digests = rows["notifications: daily digests"]
    send = rows["notifications: send due emails"]
    assert (scan.task, scan.crontab.hour, scan.crontab.minute) == (
        "tasks.tasks.daily_scan",
        "6",
        "0",
    )
    assert str(scan.crontab.timezone) == "Europe/Copenhagen"
    assert (digests.task, digests.crontab.hour) == ("tasks.tasks.send_digests", "7")
    assert (send.task, send.interval.every, send.interval.period) == (
        "tasks.tasks.send_due",
        60,
        "seconds",
    )
    assert send.expire_seconds == 55
    assert len(rows) == 3
