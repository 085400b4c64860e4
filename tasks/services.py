"""Writes of the tasks app: the daily scan, digests, sending with retries, reads and preferences.

Reliability rules (see also tasks.leadtimes for which stage is due):
- Creating: every notification has a unique key (kind, object, item, due date, lead, recipient)
  enforced by the database; scans insert with ON CONFLICT DO NOTHING, so a scan that runs twice,
  concurrently or after a crash creates each notification once.
- Sending: one transaction per email locks the row (SELECT ... FOR UPDATE SKIP LOCKED on
  PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), sends it and records the
  outcome before COMMIT. The row lock is the claim: a second sender skips the row, and a crash
  before COMMIT releases it with the row still pending, so it is sent again later (at least once;
  a duplicate is possible only if the process dies between the server's "250" and COMMIT, and
  the stable Message-ID lets mail systems drop it). There is no "sending" state to get stuck in.
- Retrying: temporary failures (4xx, refused or dropped connections, timeouts) store attempts and
  next_attempt_at with exponential backoff; the frequent "send due" task picks them up (no
  countdowns in the broker). Permanent failures (5xx) and exhausted retries are stored as failed
  with the server's answer, shown in the admin and on the administrators' page.
"""

import logging
import smtplib
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from benefits.services import benefits_reassess_all
from contracts.services import contract_statuses_refresh, deadlines_refresh_all
from organisations.models import Organisation, User

from . import emails
from .models import (
    Delivery,
    Digest,
    EmailDeliveryState,
    EmailStatus,
    Notification,
    NotificationPreference,
)
from .sources import SOURCES, DueItem, ItemKey, active_kinds, all_kinds, source_for

logger = logging.getLogger(__name__)

_STATE_FIELDS = ["status", "attempts", "next_attempt_at", "last_error", "sent_at"]


# --- scanning ---------------------------------------------------------------------------------


@dataclass
class ScanResult:
    refreshed_contracts: int | None = None  # None: another scan was refreshing
    reassessed_benefits: int | None = None  # benefits whose stored status changed; None: as above
    due_items: int = 0
    notification_rows: int = 0  # new rows offered to the database (a concurrent scan may win)
    batches: int = 0


def notifications_daily_scan(*, today: date | None = None, batch_size: int = 2000) -> ScanResult:
    """The daily job: bring what moves with time alone up to date (contract terms roll over,
    benefits fall behind their targets), then notify."""
    today = today or timezone.localdate()
    refreshed = reassessed = None
    with _exclusive("tasks.daily_scan.refresh") as acquired:
        if acquired:
            contract_statuses_refresh(today=today)
            refreshed = deadlines_refresh_all(today=today)
            reassessed = benefits_reassess_all(today)
    result = notifications_scan(today=today, batch_size=batch_size)
    result.refreshed_contracts = refreshed
    result.reassessed_benefits = reassessed
    return result


def notifications_scan(*, today: date, batch_size: int = 2000) -> ScanResult:
    """Create the notifications due on `today` from every source, batch by batch.

    Per batch: the source's reads (a fetch from a streamed cursor, members, fallbacks), the
    keys already notified (on most days nearly all: stages last for weeks), preferences of users
    not seen before, and one insert of the new rows. Skipping known keys only saves work; the
    unique constraint (ON CONFLICT DO NOTHING) is what keeps concurrent scans from duplicating.
    """
    result = ScanResult()
    preferences = _PreferenceCache()
    now = timezone.now()
    with scopes_disabled():
        for source in SOURCES:
            for items in source.due_items(today=today, batch_size=batch_size):
                rows = _notification_rows(items, preferences=preferences, now=now)
                if rows:
                    Notification.objects.bulk_create(rows, ignore_conflicts=True)
                result.batches += 1
                result.due_items += len(items)
                result.notification_rows += len(rows)
    logger.info(
        "Notification scan for %s: %s due items, %s notifications offered in %s batches.",
        today,
        result.due_items,
        result.notification_rows,
        result.batches,
    )
    return result


class _PreferenceCache:
    """Users' chosen deliveries, loaded once per user per scan (users repeat across batches)."""

    def __init__(self) -> None:
        self.defaults = {kind.code: kind.default_delivery for kind in all_kinds()}
        self.chosen: dict[tuple[int, str], str] = {}
        self.loaded: set[int] = set()

    def load(self, user_ids: set[int]) -> None:
        missing = user_ids - self.loaded
        if not missing:
            return
        rows = NotificationPreference.objects.filter(user_id__in=missing).values_list(
            "user_id", "kind", "delivery"
        )
        for user_id, kind, delivery in rows:
            self.chosen[(user_id, kind)] = delivery
        self.loaded |= missing

    def delivery(self, user_id: int, kind: str) -> str:
        return self.chosen.get((user_id, kind), self.defaults.get(kind, Delivery.IMMEDIATE))


def _notification_rows(
    items: list[DueItem], *, preferences: _PreferenceCache, now
) -> list[Notification]:
    notified = _notified_keys(items)
    new = [
        (item, recipient)
        for item in items
        for recipient in item.recipients
        if (item.key, item.lead_days, recipient.user_id) not in notified
    ]
    preferences.load({recipient.user_id for _item, recipient in new})
    rows = []
    for item, recipient in new:
        delivery = preferences.delivery(recipient.user_id, item.kind)
        rows.append(
            Notification(
                organisation_id=item.organisation_id,
                recipient_id=recipient.user_id,
                kind=item.kind,
                object_type=item.object_type,
                object_id=item.object_id,
                item_id=item.item_id,
                due_date=item.due_date,
                lead_days=item.lead_days,
                object_label=item.label,
                reason=recipient.reason,
                delivery=delivery,
                status=EmailStatus.NOT_EMAILED
                if delivery == Delivery.IN_APP
                else EmailStatus.PENDING,
                next_attempt_at=now,
            )
        )
    return rows


def _notified_keys(items: list[DueItem]) -> set[tuple[ItemKey, int, int]]:
    """(item key, lead, recipient) of the batch's items that already have a notification."""
    if not items:
        return set()
    dates = [item.due_date for item in items]
    rows = Notification.objects.filter(
        kind__in={item.kind for item in items},
        object_type__in={item.object_type for item in items},
        object_id__in={item.object_id for item in items},
        due_date__gte=min(dates),
        due_date__lte=max(dates),
    ).values_list(
        "kind", "object_type", "object_id", "item_id", "due_date", "lead_days", "recipient_id"
    )
    return {
        (ItemKey(kind, object_type, object_id, item_id, due), lead, recipient)
        for kind, object_type, object_id, item_id, due, lead, recipient in rows.order_by()
    }


@contextmanager
def _exclusive(name: str) -> Iterator[bool]:
    """A PostgreSQL advisory lock held for the block; True when this process got it.

    Two refreshes of the same contracts at once could each delete and re-insert deadlines; the
    second scan skips the refresh instead (the first one is doing it). SQLite serialises writing
    transactions, so there the block always runs.
    """
    if db_connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(name.encode())
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with db_connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


# --- digests ----------------------------------------------------------------------------------


def digests_build(*, today: date | None = None, batch_size: int = 500) -> int:
    """Put every pending digest notification into its recipient's digest of `today`.

    Idempotent: one digest per recipient and day (unique), and only notifications not yet in a
    digest move. Items arriving after today's digest went out wait for tomorrow's.
    """
    today = today or timezone.localdate()
    with scopes_disabled():
        waiting = Notification.objects.filter(
            delivery=Delivery.DIGEST, status=EmailStatus.PENDING, digest__isnull=True
        )
        recipients = sorted(set(waiting.order_by().values_list("recipient_id", flat=True)))
        for start in range(0, len(recipients), batch_size):
            batch = recipients[start : start + batch_size]
            Digest.objects.bulk_create(
                [Digest(recipient_id=user_id, digest_date=today) for user_id in batch],
                ignore_conflicts=True,
            )
            todays_open_digest = Digest.objects.filter(
                recipient_id=OuterRef("recipient_id"),
                digest_date=today,
                status=EmailStatus.PENDING,
            ).values("pk")[:1]
            waiting.filter(recipient_id__in=batch).update(digest_id=Subquery(todays_open_digest))
    return len(recipients)


# --- sending ----------------------------------------------------------------------------------


@dataclass
class SendResult:
    outcomes: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str | None) -> None:
        if outcome:
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


SENT, RETRY, FAILED, CANCELLED = "sent", "retry", "failed", "cancelled"


def notifications_send_due(*, batch_size: int = 100, time_limit: float = 50.0) -> SendResult:
    """Send every immediate notification and digest whose attempt is due.

    Each row is tried at most once per run; rows another sender holds are skipped. The run stops
    after `time_limit` seconds; the next run (every minute) continues.
    """
    result = SendResult()
    started = timezone.now()
    stop_at = time.monotonic() + time_limit
    today = timezone.localdate()
    smtp = get_connection(fail_silently=False)
    try:
        with scopes_disabled():
            due = Notification.objects.filter(
                delivery=Delivery.IMMEDIATE,
                status=EmailStatus.PENDING,
                next_attempt_at__lte=started,
            )
            for ids in _id_batches(due, batch_size, stop_at):
                still = _still_due(Notification.objects.filter(pk__in=ids))
                for pk in ids:
                    result.add(_send_notification(pk, smtp=smtp, still_due=still, today=today))
            due_digests = Digest.objects.filter(
                status=EmailStatus.PENDING, next_attempt_at__lte=started
            )
            for ids in _id_batches(due_digests, batch_size, stop_at):
                for pk in ids:
                    result.add(_send_digest(pk, smtp=smtp, today=today))
    finally:
        _close(smtp)
    if result.outcomes:
        logger.info("Notification emails: %s", result.outcomes)
    return result


def _id_batches(queryset, batch_size: int, stop_at: float) -> Iterator[list[int]]:
    last = 0
    while time.monotonic() < stop_at:
        ids = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        last = ids[-1]
        yield ids


def _key(notification: Notification) -> ItemKey:
    return ItemKey(
        notification.kind,
        notification.object_type,
        notification.object_id,
        notification.item_id,
        notification.due_date,
    )


def _still_due(notifications) -> set[ItemKey]:
    """The keys whose item still needs action, asked of each source in one query per source."""
    by_source: dict[str, list[ItemKey]] = {}
    unknown: set[ItemKey] = set()
    for notification in notifications:
        source = source_for(notification.kind)
        if source is None:
            unknown.add(_key(notification))  # a source that was removed: do not drop silently
        else:
            by_source.setdefault(source.name, []).append(_key(notification))
    still = set(unknown)
    for source in SOURCES:
        if source.name in by_source:
            still |= source.still_due(by_source[source.name])
    return still


def _send_notification(
    pk: int, *, smtp: BaseEmailBackend, still_due: set[ItemKey], today: date
) -> str | None:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "organisation")
            .filter(pk=pk, status=EmailStatus.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if notification is None:
            return None  # sent, failed or held by another sender meanwhile
        if _key(notification) not in still_due:
            notification.status = EmailStatus.CANCELLED
            notification.save(update_fields=["status"])
            return CANCELLED
        outcome = _attempt(
            notification,
            lambda: emails.notification_message(notification, today=today),
            smtp=smtp,
        )
        notification.save(update_fields=_STATE_FIELDS)
        return outcome


def _send_digest(pk: int, *, smtp: BaseEmailBackend, today: date) -> str | None:
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=pk, status=EmailStatus.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if digest is None:
            return None
        items = list(
            Notification.objects.filter(digest=digest, status=EmailStatus.PENDING)
            .select_related("organisation")
            .order_by("due_date", "pk")
        )
        still = _still_due(items)
        handled = [n.pk for n in items if _key(n) not in still]
        if handled:
            Notification.objects.filter(pk__in=handled).update(status=EmailStatus.CANCELLED)
        items = [n for n in items if _key(n) in still]
        if not items:
            digest.status = EmailStatus.CANCELLED
            digest.save(update_fields=["status"])
            return CANCELLED
        outcome = _attempt(
            digest, lambda: emails.digest_message(digest, items, today=today), smtp=smtp
        )
        digest.save(update_fields=_STATE_FIELDS)
        if outcome in (SENT, FAILED):
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                status=digest.status, sent_at=digest.sent_at, last_error=digest.last_error
            )
        return outcome


class _Undeliverable(Exception):
    """A message that no retry can deliver (e.g. the recipient has no address)."""


def _attempt(row: Notification | Digest, build: Callable, *, smtp: BaseEmailBackend) -> str:
    """Try to send one email and record the outcome on `row` (the caller saves it)."""
    now = timezone.now()
    row.attempts += 1
    try:
        if not row.recipient.email:
            raise _Undeliverable(_("The recipient has no email address."))
        if not smtp.send_messages([build()]):
            raise _Undeliverable(_("The email backend sent nothing."))
    except Exception as error:  # noqa: BLE001 - every failure is recorded, none is dropped
        _close(smtp)  # a fresh connection for the next message
        if isinstance(error, _Undeliverable):
            return _failed(row, str(error))
        description = emails.describe(error)
        if not isinstance(error, smtplib.SMTPException | OSError):
            logger.exception("Building or sending %r failed", row)  # a bug, shown as failed
            return _failed(row, description)
        if not emails.is_temporary(error):
            return _failed(row, description)
        if row.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            return _failed(
                row,
                _("Gave up after %(attempts)s attempts. Last answer: %(answer)s")
                % {"attempts": row.attempts, "answer": description},
            )
        delay = min(
            settings.NOTIFICATION_RETRY_SECONDS * 2 ** (row.attempts - 1),
            settings.NOTIFICATION_RETRY_MAX_SECONDS,
        )
        row.next_attempt_at = now + timedelta(seconds=delay)
        row.last_error = description
        logger.warning("Temporary failure sending %r, retry in %ss: %s", row, delay, description)
        return RETRY
    row.status = EmailStatus.SENT
    row.sent_at = now
    row.last_error = ""
    return SENT


def _failed(row: EmailDeliveryState, description: str) -> str:
    row.status = EmailStatus.FAILED
    row.last_error = description
    logger.error("Could not send %r: %s", row, description)
    return FAILED


def _close(smtp: BaseEmailBackend) -> None:
    with suppress(Exception):
        smtp.close()


# --- a user's notifications -------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User, organisation: Organisation) -> int:
    return (
        Notification.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, recipient=user, read_at=None)
        .update(read_at=timezone.now())
    )


@transaction.atomic
def notification_retry(*, notification: Notification) -> Notification:
    """Send a failed notification again (after fixing an address or the mail server)."""
    if notification.status != EmailStatus.FAILED:
        raise ValidationError(_("Only a failed notification can be sent again."))
    notification.status = EmailStatus.PENDING
    notification.attempts = 0
    notification.next_attempt_at = timezone.now()
    notification.last_error = ""
    notification.digest = None  # a digest item goes into the next digest
    notification.save(update_fields=[*_STATE_FIELDS, "digest"])
    return notification


@transaction.atomic
def digest_retry(*, digest: Digest) -> Digest:
    if digest.status != EmailStatus.FAILED:
        raise ValidationError(_("Only a failed digest can be sent again."))
    with scopes_disabled():
        digest.notifications.filter(status=EmailStatus.FAILED).update(
            status=EmailStatus.PENDING, last_error=""
        )
    digest.status = EmailStatus.PENDING
    digest.attempts = 0
    digest.next_attempt_at = timezone.now()
    digest.last_error = ""
    digest.save(update_fields=_STATE_FIELDS)
    return digest


@transaction.atomic
def preferences_save(*, user: User, deliveries: dict[str, str]) -> None:
    """Store the user's delivery per kind (only kinds that can alert)."""
    known = {kind.code for kind in active_kinds()}
    rows = []
    for kind, delivery in deliveries.items():
        if kind not in known:
            raise ValidationError(_("Unknown kind of notification: %(kind)s") % {"kind": kind})
        row = NotificationPreference(user=user, kind=kind, delivery=delivery)
        row.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        rows.append(row)
    NotificationPreference.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "kind"], update_fields=["delivery"]
    )
