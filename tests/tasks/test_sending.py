"""Sending: emails' content and language, once only, retries with backoff, failures, digests."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_scopes import scopes_disabled

from contracts.services import contract_give_notice
from organisations.roles import Role
from tasks.models import Delivery, Digest, EmailStatus, Notification, NotificationPreference
from tasks.services import (
    digest_retry,
    digests_build,
    notification_retry,
    notifications_scan,
    notifications_send_due,
)
from tests.contracts.factories import MilestoneFactory

from .conftest import TODAY, refresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_today")]


class ScriptedBackend(BaseEmailBackend):
    """Raises the scripted errors one per message, then delivers into `sent`."""

    script: list[Exception] = []
    sent: list = []

    def send_messages(self, messages):
        if ScriptedBackend.script:
            raise ScriptedBackend.script.pop(0)
        ScriptedBackend.sent.extend(messages)
        return len(messages)


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = "tests.tasks.test_sending.ScriptedBackend"
    ScriptedBackend.script, ScriptedBackend.sent = [], []
    return ScriptedBackend


def only_notification() -> Notification:
    with scopes_disabled():
        return Notification.objects.get()


@pytest.fixture
def notice(make_contract, manager_a):
    """A pending immediate notification: notice deadline in 30 days, to Karin (English)."""
    contract = make_contract(
        notice_due=TODAY + timedelta(days=30),
        contract_manager=manager_a,
        title="Borgerservice",
        reference="K-1",
    )
    notifications_scan(today=TODAY)
    return contract


def test_immediate_email_in_the_users_language_with_link_and_footer(
    settings, notice, manager_a, org_a
):
    settings.SITE_URL = "https://kommune-it.example.dk"
    manager_a.language = "en"
    manager_a.save()

    result = notifications_send_due()

    notification = only_notification()
    assert result.outcomes == {"sent": 1}
    assert (notification.status, notification.attempts, notification.last_error) == (
        EmailStatus.SENT,
        1,
        "",
    )
    assert notification.sent_at is not None
    [email] = mail.outbox
    assert email.to == [manager_a.email]
    assert email.extra_headers["Message-ID"] == (
        f"<notification.{notification.pk}@kommune-it.example.dk>"
    )
    assert email.subject == "Last day to give notice: Borgerservice (K-1) (in 30 days)"
    link = f"https://kommune-it.example.dk/app/notifications/{notification.pk}/open/"
    assert link in email.body
    assert "Hello Karin," in email.body
    assert "Organisation: Nordby Kommune" in email.body
    assert (
        "You receive this because you are the contract manager of “Borgerservice (K-1)” in "
        "Nordby Kommune." in email.body
    )
    assert "https://kommune-it.example.dk/app/notifications/preferences/" in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert '<html lang="en">' in html


def test_danish_recipient_gets_danish_email(notice, manager_a):
    notifications_send_due()

    [email] = mail.outbox
    assert email.subject == "Sidste frist for opsigelse: Borgerservice (K-1) (om 30 dage)"
    assert "Hej Karin," in email.body
    assert "Du får denne besked, fordi du er kontraktansvarlig for" in email.body


def test_sending_twice_sends_once(notice):
    notifications_send_due()
    second = notifications_send_due()

    assert second.outcomes == {}
    assert len(mail.outbox) == 1


def test_a_deadline_handled_before_sending_is_not_emailed(notice, manager_a):
    with scopes_disabled():
        contract_give_notice(contract=notice, given_on=TODAY, effective=notice.term_end)

    result = notifications_send_due()

    assert result.outcomes == {"cancelled": 1}
    assert only_notification().status == EmailStatus.CANCELLED
    assert mail.outbox == []


def test_in_app_only_is_never_emailed(make_contract, manager_a):
    NotificationPreference.objects.create(
        user=manager_a, kind="contract.notice", delivery=Delivery.IN_APP
    )
    make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager_a)
    notifications_scan(today=TODAY)

    assert notifications_send_due().outcomes == {}
    assert only_notification().status == EmailStatus.NOT_EMAILED
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("error", "answer"),
    [
        (smtplib.SMTPDataError(451, b"4.3.0 Try again later"), "451 4.3.0 Try again later"),
        (
            smtplib.SMTPRecipientsRefused({"k@example.invalid": (450, b"Mailbox busy")}),
            "k@example.invalid: 450 Mailbox busy",
        ),
        (ConnectionRefusedError(111, "Connection refused"), "ConnectionRefusedError: "),
        (TimeoutError("timed out"), "TimeoutError: timed out"),
        (smtplib.SMTPServerDisconnected("gone"), "SMTPServerDisconnected: gone"),
    ],
)
def test_temporary_failures_retry_with_backoff(error, answer, scripted, notice):
    scripted.script = [error]
    before = timezone.now()

    result = notifications_send_due()

    notification = only_notification()
    assert result.outcomes == {"retry": 1}
    assert (notification.status, notification.attempts) == (EmailStatus.PENDING, 1)
    assert notification.last_error.startswith(answer)
    assert notification.next_attempt_at - before >= timedelta(seconds=60)
    assert notification.next_attempt_at - before < timedelta(seconds=65)
    # Not yet due: the frequent task leaves it alone until next_attempt_at.
    assert notifications_send_due().outcomes == {}


def test_backoff_doubles_and_the_retry_is_picked_up_when_due(scripted, notice):
    scripted.script = [smtplib.SMTPDataError(451, b"later")] * 2
    delays = []
    for _ in range(3):
        Notification.objects.with_scopes_disabled().update(next_attempt_at=timezone.now())
        before = timezone.now()
        notifications_send_due()
        notification = only_notification()
        delays.append(round((notification.next_attempt_at - before).total_seconds() / 60))

    assert (notification.status, notification.attempts) == (EmailStatus.SENT, 3)
    assert delays[:2] == [1, 2]
    assert len(scripted.sent) == 1


def test_permanent_failure_is_recorded_with_the_servers_answer(scripted, notice):
    scripted.script = [
        smtplib.SMTPRecipientsRefused({"k@example.invalid": (550, b"5.1.1 No such user")})
    ]

    result = notifications_send_due()

    notification = only_notification()
    assert result.outcomes == {"failed": 1}
    assert (notification.status, notification.attempts) == (EmailStatus.FAILED, 1)
    assert notification.last_error == "k@example.invalid: 550 5.1.1 No such user"
    assert notifications_send_due().outcomes == {}  # never retried by itself


def test_retries_give_up_after_the_maximum_and_stay_visible(settings, scripted, notice):
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    scripted.script = [smtplib.SMTPDataError(421, b"busy")] * 2

    for _ in range(2):
        Notification.objects.with_scopes_disabled().update(next_attempt_at=timezone.now())
        notifications_send_due()

    notification = only_notification()
    assert (notification.status, notification.attempts) == (EmailStatus.FAILED, 2)
    assert notification.last_error == "Opgav efter 2 forsøg. Seneste svar: 421 busy"


def test_a_recipient_without_address_fails_visibly(notice, manager_a):
    manager_a.email = ""
    manager_a.save()

    notifications_send_due()

    notification = only_notification()
    assert notification.status == EmailStatus.FAILED
    assert notification.last_error == "Modtageren har ingen e-mailadresse."


def test_retry_of_a_failed_notification_sends_it(scripted, notice):
    scripted.script = [smtplib.SMTPDataError(554, b"rejected")]
    notifications_send_due()

    notification_retry(notification=only_notification())
    notifications_send_due()

    notification = only_notification()
    assert (notification.status, notification.attempts, notification.last_error) == (
        EmailStatus.SENT,
        1,
        "",
    )
    assert len(scripted.sent) == 1


# --- digests ----------------------------------------------------------------------------------


@pytest.fixture
def digest_items(org_a, make_member, make_contract):
    """Three due items for a digest user (Danish), and one for an immediate user."""
    user = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Dorte", username="dorte")
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, delivery=Delivery.DIGEST)
            for kind in ("contract.notice", "contract.milestone")
        ]
    )
    first = make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=user)
    make_contract(notice_due=TODAY + timedelta(days=7), contract_manager=user, title="Anden")
    MilestoneFactory(contract=first, due_date=TODAY + timedelta(days=14), name="Driftsprøve")
    refresh(first)
    other = make_member(org_a, Role.CONTRACT_MANAGER, username="other")
    make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=other)
    notifications_scan(today=TODAY)
    return user


def test_digest_users_receive_one_digest_listing_all_their_items(digest_items):
    assert digests_build(today=TODAY) == 1
    assert digests_build(today=TODAY) == 0  # nothing left to collect

    result = notifications_send_due()

    assert result.outcomes == {"sent": 2}  # the other user's immediate email and the digest
    [digest_email] = [email for email in mail.outbox if email.to == [digest_items.email]]
    assert digest_email.subject == "Kommune-IT: 3 frister og opgaver at følge op på"
    with scopes_disabled():
        items = Notification.objects.filter(recipient=digest_items)
        assert sorted(items.values_list("status", flat=True)) == ["sent"] * 3
        for notification in items:
            assert f"/app/notifications/{notification.pk}/open/" in digest_email.body
    digest = Digest.objects.get()
    assert (digest.recipient, digest.digest_date, digest.status) == (
        digest_items,
        TODAY,
        EmailStatus.SENT,
    )
    assert "Driftsprøve" not in digest_email.body  # the contract is the object; kind says what
    assert digest_email.body.count("Milepæl: ") == 1
    assert digest_email.body.count("Sidste frist for opsigelse: ") == 2


def test_items_after_the_days_digest_wait_for_the_next(digest_items, make_contract):
    digests_build(today=TODAY)
    notifications_send_due()
    make_contract(notice_due=TODAY + timedelta(days=90), contract_manager=digest_items)
    notifications_scan(today=TODAY)

    assert digests_build(today=TODAY) == 1
    assert notifications_send_due().outcomes == {}  # today's digest is already sent
    assert digests_build(today=TODAY + timedelta(days=1)) == 1
    assert notifications_send_due().outcomes == {"sent": 1}
    assert Digest.objects.filter(status=EmailStatus.SENT).count() == 2


def test_a_failed_digest_marks_its_items_failed_and_can_be_retried(scripted, digest_items):
    notifications_send_due()  # the other user's immediate email
    digests_build(today=TODAY)
    scripted.script = [smtplib.SMTPDataError(552, b"too big")]
    assert notifications_send_due().outcomes == {"failed": 1}
    digest = Digest.objects.get()
    assert (digest.status, digest.last_error) == (EmailStatus.FAILED, "552 too big")
    with scopes_disabled():
        assert set(
            Notification.objects.filter(recipient=digest_items).values_list("status", "last_error")
        ) == {(EmailStatus.FAILED, "552 too big")}

    digest_retry(digest=digest)
    notifications_send_due()

    digest.refresh_from_db()
    assert digest.status == EmailStatus.SENT
    with scopes_disabled():
        assert set(
            Notification.objects.filter(recipient=digest_items).values_list("status", flat=True)
        ) == {EmailStatus.SENT}
