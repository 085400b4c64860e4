"""Notification source: benefit measurements due, and benefits that turned off track.

Reads benefits.selectors.benefits_measurement_due and benefits_off_track. A measurement due is
keyed on the benefit's next measurement date (7 days before, and on the day); an off-track alert
on the date of the latest measurement, so it alerts once per measurement that leaves the benefit
off track. Recipients: the benefit owner when an active member of the organisation; otherwise
the organisation's benefit owners.
"""

from collections.abc import Iterable, Iterator
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from benefits.selectors import benefits_measurement_due, benefits_off_track
from organisations.roles import Role

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

OBJECT_TYPE = "benefits.benefit"
MEASUREMENT_DUE = "benefit.measurement_due"
OFF_TRACK = "benefit.off_track"

KINDS: tuple[NotificationKind, ...] = (
    NotificationKind(
        code=MEASUREMENT_DUE,
        label=_("Benefit measurement due"),
        default_delivery=Delivery.DIGEST,
        default_lead_days=(7, 0),
    ),
    NotificationKind(
        code=OFF_TRACK,
        label=_("Benefit off track"),
        default_delivery=Delivery.IMMEDIATE,
        default_lead_days=(0,),
    ),
)

# (organisation_id, benefit_id, due_date, title, owner_id)
_COLUMNS = ("organisation_id", "pk", "{date}", "title", "owner_id")


def benefit_path(benefit_id: int) -> str:
    return reverse("benefits:benefit-detail", kwargs={"pk": benefit_id})


def _rows(code: str, earliest: date | None, latest: date, benefit_ids: Iterable[int] | None = None):
    """The benefits of one kind with a due date in [earliest, latest], as plain rows (one query)."""
    if code == MEASUREMENT_DUE:
        field = "next_measurement_due"
        benefits = benefits_measurement_due(on_or_before=latest)
    else:
        field = "latest_measured_on"
        benefits = benefits_off_track().filter(latest_measured_on__lte=latest)
    if earliest is not None:
        benefits = benefits.filter(**{f"{field}__gte": earliest})
    if benefit_ids is not None:
        benefits = benefits.filter(pk__in=set(benefit_ids))
    columns = [column.format(date=field) for column in _COLUMNS]
    return (
        benefits.filter(organisation__is_active=True)
        .select_related(None)
        .order_by()
        .values_list(*columns)
    )


def due_items(*, today: date, batch_size: int = 2000) -> Iterator[list[DueItem]]:
    directory = MemberDirectory()
    catch_up = catch_up_days()
    for kind in KINDS:
        window = due_window(today=today, lead_days=kind.lead_days, catch_up_days=catch_up)
        if window is None:
            continue
        earliest, latest = window
        rows = _rows(kind.code, earliest, latest).iterator(chunk_size=batch_size)
        for batch in batched(rows, batch_size):
            staged = []
            for org, benefit, due, title, owner in batch:
                stage = current_stage(
                    due_date=due, today=today, lead_days=kind.lead_days, catch_up_days=catch_up
                )
                if stage is not None:
                    staged.append((org, benefit, kind.code, due, stage, title, owner))
            if staged:
                yield _with_recipients(staged, directory)


def _with_recipients(staged: list[tuple], directory: MemberDirectory) -> list[DueItem]:
    recipients = directory.recipients(
        [(org, [(owner, Reason.BENEFIT_OWNER)]) for org, *_rest, owner in staged],
        role=Role.BENEFIT_OWNER,
        fallback_reason=Reason.BENEFIT_OWNER,
    )
    return [
        DueItem(
            organisation_id=org,
            kind=code,
            object_type=OBJECT_TYPE,
            object_id=benefit,
            due_date=due,
            lead_days=stage,
            label=title[:300],
            recipients=told,
        )
        for (org, benefit, code, due, stage, title, _owner), told in zip(
            staged, recipients, strict=True
        )
        if told
    ]


def still_due(keys: list[ItemKey]) -> set[ItemKey]:
    """The keys whose benefit is still due for that measurement / still off track since that
    measurement (one query per kind asked about)."""
    open_now: set[ItemKey] = set()
    for code in {key.kind for key in keys}:
        asked = [key for key in keys if key.kind == code]
        dates = [key.due_date for key in asked]
        rows = _rows(code, min(dates), max(dates), {key.object_id for key in asked})
        open_now |= {ItemKey(code, OBJECT_TYPE, benefit, 0, due) for _o, benefit, due, *_ in rows}
    return set(keys) & open_now


SOURCE = Source(
    name="benefits",
    kinds=KINDS,
    due_items=due_items,
    still_due=still_due,
    object_urls={OBJECT_TYPE: benefit_path},
)
