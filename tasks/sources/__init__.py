"""The registry of notification sources: what the daily scan asks for due items.

A source is a domain area's contribution (contract deadlines now; invoices, requirement
fulfilment and benefits when those land). The scan walks SOURCES in order, turns each DueItem
into one notification per recipient (unique key: kind, object, item, due date, lead, recipient)
and sends them by each recipient's preference. Sources live in tasks because tasks may call the
domain apps' selectors while domain apps never import tasks.

How another app plugs in its source (one module and one line here)::

    # tasks/sources/invoices.py
    from contracts.invoicing.selectors import invoices_with_open_deviations   # the app's read

    KINDS = (NotificationKind(code="invoice.deviation", label=_("Invoice with deviations"),
                              default_delivery=Delivery.DIGEST, default_lead_days=(0,)),)

    def due_items(*, today, batch_size):
        directory = MemberDirectory()          # active members, cached for the whole scan
        rows = ...selector rows..., streamed with .iterator(chunk_size=batch_size)
        for batch in batched(rows, batch_size):
            # resolve recipients for the whole batch in one or two queries, then
            yield [DueItem(organisation_id=..., kind="invoice.deviation",
                           object_type="contracts.invoice", object_id=invoice.pk,
                           due_date=<the date it became due, e.g. the invoice's check date>,
                           lead_days=<current_stage(...) or 0>, label=str(invoice),
                           recipients=(Recipient(user_id, Reason.CONTRACT_MANAGER), ...)), ...]

    def still_due(keys): ...one query: which of these invoices still have open deviations...

    SOURCE = Source(name="invoices", kinds=KINDS, due_items=due_items, still_due=still_due,
                    object_urls={"contracts.invoice": lambda pk: reverse(...)})

and append ``invoices.SOURCE`` to SOURCES below. Expected sources and their recipients:
invoices with open deviations (contract manager, as for deadlines); fulfilment items not
assessed in time and reviews due (the contract's system owner, falling back to the
organisation's system owners: Reason.SYSTEM_OWNER); benefit measurements due and benefits that
turned off track (the benefit owner: Reason.BENEFIT_OWNER; an off-track alert's due_date is the
date of the measurement that put it off track, so it alerts once per measurement). Lead times per
kind can be overridden in settings.NOTIFICATION_LEAD_DAYS by kind code; use
``tasks.leadtimes.current_stage`` so catch-up after a missed scan behaves the same everywhere.
"""

from django.urls import reverse

from . import benefits, contract_deadlines, fulfilment, invoices
from .base import DueItem, ItemKey, NotificationKind, Recipient, Source

SOURCES: tuple[Source, ...] = (
    contract_deadlines.SOURCE,
    fulfilment.SOURCE,
    invoices.SOURCE,
    benefits.SOURCE,
)


def all_kinds() -> list[NotificationKind]:
    return [kind for source in SOURCES for kind in source.kinds]


def active_kinds() -> list[NotificationKind]:
    """Kinds that can alert (they have lead times): the ones users choose a delivery for."""
    return [kind for kind in all_kinds() if kind.lead_days]


def kind_for(code: str) -> NotificationKind | None:
    return next((kind for kind in all_kinds() if kind.code == code), None)


def source_for(code: str) -> Source | None:
    return next((s for s in SOURCES if any(k.code == code for k in s.kinds)), None)


def object_path(object_type: str, object_id: int) -> str:
    for source in SOURCES:
        if object_type in source.object_urls:
            return source.object_urls[object_type](object_id)
    return reverse("tasks:list")


__all__ = [
    "SOURCES",
    "DueItem",
    "ItemKey",
    "NotificationKind",
    "Recipient",
    "Source",
    "active_kinds",
    "all_kinds",
    "kind_for",
    "object_path",
    "source_for",
]
