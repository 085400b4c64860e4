"""Notification source: requirement fulfilment reviews due, and requirements still not assessed
some time after go-live (settings.FULFILMENT_NOT_ASSESSED_DAYS, default 90).

Reads requirements.fulfilment.selectors.fulfilment_followups (one row per contract and due
date). Recipients: the contract's system owner when an active member of the organisation;
otherwise the organisation's system owners.
"""

from collections.abc import Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.roles import Role
from requirements.fulfilment.selectors import FollowUp, FollowUpKind, fulfilment_followups

from ..leadtimes import current_stage, due_window
from ..models import Delivery, Reason
from .base import (
    DueItem,
    ItemKey,
    MemberDirectory,
    NotificationKind,
    Source,
    batched,
    catch_up_days,
)

OBJECT_TYPE = "fulfilment.contract"
PREFIX = "fulfilment."

KINDS: tuple[NotificationKind, ...] = (
    NotificationKind(
        code=PREFIX + FollowUpKind.REVIEW,
        label=_("Requirement fulfilment review due"),
        default_delivery=Delivery.DIGEST,
        default_lead_days=(7, 0),
    ),
    NotificationKind(
        code=PREFIX + FollowUpKind.NOT_ASSESSED,
        label=_("Requirements not assessed after go-live"),
        default_delivery=Delivery.DIGEST,
        # An overdue stage: it alerts once even when the requirements were linked long after
        # go-live (a stage before the due date would be skipped after the catch-up days).
        default_lead_days=(-1,),
    ),
)


def fulfilment_path(contract_id: int) -> str:
    return reverse("fulfilment:contract", kwargs={"pk": contract_id})


def _bounds(today: date) -> tuple[date | None, date] | None:
    """The due dates any fulfilment kind can have a stage for today."""
    windows = [
        due_window(today=today, lead_days=kind.lead_days, catch_up_days=catch_up_days())
        for kind in KINDS
    ]
    windows = [window for window in windows if window is not None]
    if not windows:
        return None
    earliest = [start for start, _end in windows]
    return (None if None in earliest else min(earliest)), max(end for _start, end in windows)


def due_items(*, today: date, batch_size: int = 2000) -> Iterator[list[DueItem]]:
    bounds = _bounds(today)
    if bounds is None:
        return
    earliest, latest = bounds
    leads = {kind.code: kind.lead_days for kind in KINDS}
    directory = MemberDirectory()
    followups = fulfilment_followups(on_or_before=latest, on_or_after=earliest)
    for batch in batched(followups, batch_size):
        staged = []
        for followup in batch:
            code = PREFIX + followup.kind
            if not leads.get(code):
                continue
            stage = current_stage(
                due_date=followup.due_date,
                today=today,
                lead_days=leads[code],
                catch_up_days=catch_up_days(),
            )
            if stage is not None:
                staged.append((followup, code, stage))
        if staged:
            yield _with_recipients(staged, directory)


def _with_recipients(
    staged: list[tuple[FollowUp, str, int]], directory: MemberDirectory
) -> list[DueItem]:
    recipients = directory.recipients(
        [(f.organisation_id, [(f.recipient_id, Reason.SYSTEM_OWNER)]) for f, _c, _s in staged],
        role=Role.SYSTEM_OWNER,
        fallback_reason=Reason.SYSTEM_OWNER,
    )
    return [
        DueItem(
            organisation_id=followup.organisation_id,
            kind=code,
            object_type=OBJECT_TYPE,
            object_id=followup.contract_id,
            due_date=followup.due_date,
            lead_days=stage,
            label=followup.label[:300],
            recipients=told,
        )
        for (followup, code, stage), told in zip(staged, recipients, strict=True)
        if told
    ]


def still_due(keys: list[ItemKey]) -> set[ItemKey]:
    """The keys whose follow-up is still open on the same date (two queries)."""
    if not keys:
        return set()
    dates = [key.due_date for key in keys]
    open_now = {
        ItemKey(PREFIX + f.kind, OBJECT_TYPE, f.contract_id, 0, f.due_date)
        for f in fulfilment_followups(
            on_or_before=max(dates),
            on_or_after=min(dates),
            contract_ids={key.object_id for key in keys},
        )
    }
    return set(keys) & open_now


SOURCE = Source(
    name="fulfilment",
    kinds=KINDS,
    due_items=due_items,
    still_due=still_due,
    object_urls={OBJECT_TYPE: fulfilment_path},
)
