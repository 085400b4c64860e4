"""End to end: a real Celery worker on Redis, a real SMTP server (aiosmtpd), the real database.

Skipped without REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379/15), failed instead in CI.
"""

import socket
import threading
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse
from django_scopes import scopes_disabled

from organisations.roles import Role
from tasks.models import Delivery, EmailStatus, Notification, NotificationPreference
from tasks.services import notifications_daily_scan
from tasks.tasks import daily_scan, send_digests, send_due
from tests.contracts.factories import MilestoneFactory

from .conftest import TODAY, refresh

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]


class Mailbox:
    """An aiosmtpd handler: answers DATA with the scripted replies first, then accepts."""

    def __init__(self) -> None:
        self.replies: list[str] = []
        self.received: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.replies:
                return self.replies.pop(0)
            self.received.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [message_from_bytes(e.content, policy=policy.default) for e in self.received]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    # Django's test runner forces the locmem backend: talk SMTP to the server for real.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield box
    controller.stop()


def notifications() -> list[Notification]:
    with scopes_disabled():
        return list(Notification.objects.select_related("recipient").order_by("pk"))


@pytest.fixture
def notice(make_contract, manager_a):
    return make_contract(
        notice_due=TODAY + timedelta(days=30), contract_manager=manager_a, title="Borgerservice"
    )


def test_notice_30_days_away_gives_one_email_however_often_the_scan_runs(
    mailbox, drain, notice, manager_a
):
    daily_scan.delay(TODAY.isoformat())
    daily_scan.delay(TODAY.isoformat())
    drain()
    daily_scan.delay(TODAY.isoformat())
    send_due.delay()
    drain()

    [notification] = notifications()
    assert (notification.recipient, notification.lead_days) == (manager_a, 30)
    assert (notification.status, notification.attempts) == (EmailStatus.SENT, 1)
    [envelope] = mailbox.received
    assert envelope.rcpt_tos == [manager_a.email]
    [message] = mailbox.messages()
    assert message["Subject"].startswith("Sidste frist for opsigelse: Borgerservice")
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    link = f"http://localhost:8000/app/notifications/{notification.pk}/open/"
    assert link in message.get_body(preferencelist=("plain",)).get_content()
    assert f'href="{link}"' in message.get_body(preferencelist=("html",)).get_content()


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; concurrency needs PostgreSQL"
)
def test_two_scans_at_the_same_time_still_give_one_email(mailbox, drain, notice, manager_a):
    start = threading.Barrier(3)
    errors: list[Exception] = []

    def scan_in_this_process():
        try:
            start.wait()
            notifications_daily_scan(today=TODAY)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan_in_this_process) for _ in range(2)]
    for thread in threads:
        thread.start()
    start.wait()
    daily_scan.delay(TODAY.isoformat())  # and the worker's own scan
    for thread in threads:
        thread.join()
    drain()
    send_due.delay()
    drain()

    assert errors == []
    assert [(n.recipient, n.status) for n in notifications()] == [(manager_a, EmailStatus.SENT)]
    assert len(mailbox.received) == 1


def test_smtp_451_twice_then_accepted_delivers_one_email(
    settings, mailbox, drain, notice, manager_a
):
    settings.NOTIFICATION_RETRY_SECONDS = 0  # due again at once: the next run retries
    mailbox.replies = ["451 4.3.0 Try again later", "451 4.3.0 Try again later"]

    daily_scan.delay(TODAY.isoformat())
    drain()
    [first] = notifications()
    assert (first.status, first.attempts, first.last_error) == (
        EmailStatus.PENDING,
        1,
        "451 4.3.0 Try again later",
    )
    for _ in range(2):  # the frequent beat task
        send_due.delay()
        drain()

    [notification] = notifications()
    assert (notification.status, notification.attempts, notification.last_error) == (
        EmailStatus.SENT,
        3,
        "",
    )
    assert len(mailbox.received) == 1
    send_due.delay()
    drain()
    assert len(mailbox.received) == 1


def test_smtp_550_fails_and_administrators_see_it(
    mailbox, drain, notice, manager_a, admin_a, client_for
):
    mailbox.replies = ["550 5.1.1 No such user"]

    daily_scan.delay(TODAY.isoformat())
    drain()
    send_due.delay()
    drain()

    [notification] = notifications()
    assert (notification.status, notification.attempts, notification.last_error) == (
        EmailStatus.FAILED,
        1,
        "550 5.1.1 No such user",
    )
    assert mailbox.received == []
    page = client_for(admin_a).get(reverse("tasks:failed")).content.decode()
    assert "550 5.1.1 No such user" in page
    assert manager_a.email in page


def test_digest_users_receive_one_digest_with_all_their_items(
    mailbox, drain, org_a, make_member, make_contract
):
    user = make_member(org_a, Role.CONTRACT_MANAGER, username="dorte", first_name="Dorte")
    for kind in ("contract.notice", "contract.milestone"):
        NotificationPreference.objects.create(user=user, kind=kind, delivery=Delivery.DIGEST)
    first = make_contract(
        notice_due=TODAY + timedelta(days=30), contract_manager=user, title="Borgerservice"
    )
    make_contract(notice_due=TODAY + timedelta(days=7), contract_manager=user, title="Lønsystem")
    MilestoneFactory(contract=first, due_date=TODAY + timedelta(days=14), refresh_deadlines=False)
    refresh(first)

    daily_scan.delay(TODAY.isoformat())
    drain()
    assert mailbox.received == []  # digest items wait for the digest
    send_digests.delay(TODAY.isoformat())
    send_digests.delay(TODAY.isoformat())
    drain()

    [envelope] = mailbox.received
    assert envelope.rcpt_tos == [user.email]
    [message] = mailbox.messages()
    assert message["Subject"].strip() == "Kommune-IT: 3 frister og opgaver at følge op på"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert text.count("Sidste frist for opsigelse: ") == 2
    assert text.count("Milepæl: ") == 1
    assert {n.status for n in notifications()} == {EmailStatus.SENT}
