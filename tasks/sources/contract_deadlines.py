"""Notification source: the contracts' stored deadlines (notice, options, milestones, ...).

Reads contracts.ContractDeadline, the indexed table the deadline engine's service keeps up to
date (the daily scan refreshes it first). Recipients: the contract manager and the deputy, when
they are active members of the organisation; otherwise the organisation's contract managers.
"""

from collections.abc import Iterator
from datetime import date

from django.db.models import Q
from django.urls import reverse

from contracts.deadlines import DeadlineKind
from contracts.models import ContractDeadline

from ..leadtimes import current_stage, due_window
from ..models import Delivery
from .base import (
    DueItem,
    ItemKey,
    MemberDirectory,
    NotificationKind,
    Source,
    batched,
    catch_up_days,
)

OBJECT_TYPE = "contracts.contract"
PREFIX = "contract."

# Legal deadlines (giving notice, exercising an option) are urgent: email at once by default;
# the others are planning items and go into the daily digest unless the user chooses otherwise.
# Default lead times live in settings.NOTIFICATION_LEAD_DAYS.
_IMMEDIATE = {DeadlineKind.NOTICE, DeadlineKind.OPTION_EXERCISE, DeadlineKind.MILESTONE}
KINDS: tuple[NotificationKind, ...] = tuple(
    NotificationKind(
        code=PREFIX + kind.value,
        label=kind.label,
        default_delivery=Delivery.IMMEDIATE if kind in _IMMEDIATE else Delivery.DIGEST,
    )
    for kind in DeadlineKind
)


def contract_path(contract_id: int) -> str:
    return reverse("contracts:contract-detail", kwargs={"pk": contract_id})


def _window(today: date) -> Q | None:
    """Open deadlines that can have a current stage today, kind by kind (uses the due index)."""
    window = None
    for kind in KINDS:
        bounds = due_window(today=today, lead_days=kind.lead_days, catch_up_days=catch_up_days())
        if bounds is None:
            continue
        earliest, latest = bounds
        condition = Q(kind=kind.code.removeprefix(PREFIX), due_date__lte=latest)
        if earliest is not None:
            condition &= Q(due_date__gte=earliest)
        window = condition if window is None else window | condition
    return window


def due_deadlines(*, today: date):
    """Open deadlines that may have a stage due today, as rows for the scan (None: no kind alerts).

    One query; the bench measures its floor with exactly this statement.
    """
    window = _window(today)
    if window is None:
        return None
    return (
        ContractDeadline.objects.with_scopes_disabled()
        .filter(window, done=False, contract__is_deleted=False, organisation__is_active=True)
        .order_by()
        .values_list(
            "organisation_id",
            "contract_id",
            "kind",
            "source_id",
            "due_date",
            "contract__title",
            "contract__reference",
            "contract__contract_manager_id",
            "contract__deputy_contract_manager_id",
        )
    )


def due_items(*, today: date, batch_size: int = 2000) -> Iterator[list[DueItem]]:
    deadlines = due_deadlines(today=today)
    if deadlines is None:
        return
    leads = {kind.code: kind.lead_days for kind in KINDS}
    catch_up = catch_up_days()
    # A server-side cursor on PostgreSQL: memory stays bounded by the batch size.
    rows = deadlines.iterator(chunk_size=batch_size)
    directory = MemberDirectory()
    for batch in batched(rows, batch_size):
        staged = []
        for org, contract, kind, source, due, title, reference, manager, deputy in batch:
            code = PREFIX + kind
            stage = current_stage(
                due_date=due, today=today, lead_days=leads[code], catch_up_days=catch_up
            )
            if stage is not None:
                label = f"{title} ({reference})" if reference else title
                item = source or 0
                staged.append((org, contract, code, item, due, stage, label, manager, deputy))
        if staged:
            yield _with_recipients(staged, directory)


def _with_recipients(staged: list[tuple], directory: MemberDirectory) -> list[DueItem]:
    recipients = directory.contract_managers(
        (org, manager, deputy) for org, *_rest, manager, deputy in staged
    )
    return [
        DueItem(
            organisation_id=org,
            kind=code,
            object_type=OBJECT_TYPE,
            object_id=contract,
            item_id=item,
            due_date=due,
            lead_days=stage,
            label=label[:300],
            recipients=told,
        )
        for (org, contract, code, item, due, stage, label, _m, _d), told in zip(
            staged, recipients, strict=True
        )
        if told
    ]


def still_due(keys: list[ItemKey]) -> set[ItemKey]:
    """The keys whose deadline is still stored, open, on the same date: one query."""
    if not keys:
        return set()
    dates = [key.due_date for key in keys]
    rows = (
        ContractDeadline.objects.with_scopes_disabled()
        .filter(
            done=False,
            contract__is_deleted=False,
            contract_id__in={key.object_id for key in keys},
            kind__in={key.kind.removeprefix(PREFIX) for key in keys},
            due_date__gte=min(dates),
            due_date__lte=max(dates),
        )
        .values_list("contract_id", "kind", "source_id", "due_date")
    )
    open_now = {
        ItemKey(PREFIX + kind, OBJECT_TYPE, contract, source or 0, due)
        for contract, kind, source, due in rows
    }
    return set(keys) & open_now


SOURCE = Source(
    name="contract_deadlines",
    kinds=KINDS,
    due_items=due_items,
    still_due=still_due,
    object_urls={OBJECT_TYPE: contract_path},
)
