"""Notification source: invoices awaiting review with open deviations.

An invoice alerts once per check: its due date is the day its deviations were found (the
import, or the re-check when it was matched to a contract), so a re-check that still finds
deviations tells the (possibly new) contract manager again. It stops alerting once reviewed:
approved (its deviations are closed) or disputed (handled, though the deviations stay open
against the supplier), or when a re-check finds nothing. Recipients: the matched contract's
contract manager and deputy when active members of the organisation; otherwise, and for
unmatched invoices, the organisation's contract managers.
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts.invoicing.models import Invoice, InvoiceDeviation

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

OBJECT_TYPE = "contracts.invoice"
DEVIATION = "invoice.deviation"

KINDS: tuple[NotificationKind, ...] = (
    NotificationKind(
        code=DEVIATION,
        label=_("Invoice with deviations"),
        default_delivery=Delivery.DIGEST,
        default_lead_days=(0,),
    ),
)


def invoice_path(invoice_id: int) -> str:
    return reverse("invoicing:invoice-detail", kwargs={"pk": invoice_id})


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def invoices_with_open_deviations(
    *,
    checked_on_or_before: date,
    checked_on_or_after: date | None = None,
    invoice_ids: Iterable[int] | None = None,
):
    """Invoices awaiting review with open deviations found in the given days (local time), across
    organisations, as rows (organisation_id, invoice_id, checked_at, kind, number,
    supplier_name, contract_manager_id, deputy_contract_manager_id): one query."""
    checked_at = (
        InvoiceDeviation.objects.with_scopes_disabled()
        .filter(invoice=OuterRef("pk"), is_open=True)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    invoices = Invoice.objects.with_scopes_disabled().filter(
        status=Invoice.Status.RECEIVED,
        open_deviation_count__gt=0,
        organisation__is_active=True,
    )
    if invoice_ids is not None:
        invoices = invoices.filter(pk__in=set(invoice_ids))
    invoices = invoices.annotate(checked_at=Subquery(checked_at)).filter(
        checked_at__lt=_start_of(checked_on_or_before + timedelta(days=1))
    )
    if checked_on_or_after is not None:
        invoices = invoices.filter(checked_at__gte=_start_of(checked_on_or_after))
    return invoices.order_by().values_list(
        "organisation_id",
        "pk",
        "checked_at",
        "kind",
        "number",
        "supplier_name",
        "contract__contract_manager_id",
        "contract__deputy_contract_manager_id",
    )


def _label(kind: str, number: str, supplier_name: str) -> str:
    label = f"{Invoice.Kind(kind).label} {number}"
    return f"{label} ({supplier_name})" if supplier_name else label


def due_items(*, today: date, batch_size: int = 2000) -> Iterator[list[DueItem]]:
    [kind] = KINDS
    catch_up = catch_up_days()
    window = due_window(today=today, lead_days=kind.lead_days, catch_up_days=catch_up)
    if window is None:
        return
    earliest, latest = window
    rows = invoices_with_open_deviations(
        checked_on_or_before=latest, checked_on_or_after=earliest
    ).iterator(chunk_size=batch_size)
    directory = MemberDirectory()
    for batch in batched(rows, batch_size):
        staged = []
        for org, invoice, checked_at, doc_kind, number, supplier, manager, deputy in batch:
            due = timezone.localdate(checked_at)
            stage = current_stage(
                due_date=due, today=today, lead_days=kind.lead_days, catch_up_days=catch_up
            )
            if stage is not None:
                label = _label(doc_kind, number, supplier)
                staged.append((org, invoice, due, stage, label, manager, deputy))
        if staged:
            yield _with_recipients(staged, directory)


def _with_recipients(staged: list[tuple], directory: MemberDirectory) -> list[DueItem]:
    recipients = directory.contract_managers(
        (org, manager, deputy) for org, *_rest, manager, deputy in staged
    )
    return [
        DueItem(
            organisation_id=org,
            kind=DEVIATION,
            object_type=OBJECT_TYPE,
            object_id=invoice,
            due_date=due,
            lead_days=stage,
            label=label[:300],
            recipients=told,
        )
        for (org, invoice, due, stage, label, _m, _d), told in zip(staged, recipients, strict=True)
        if told
    ]


def still_due(keys: list[ItemKey]) -> set[ItemKey]:
    """The keys whose invoice still awaits review with deviations from that check: one query."""
    if not keys:
        return set()
    dates = [key.due_date for key in keys]
    rows = invoices_with_open_deviations(
        checked_on_or_before=max(dates),
        checked_on_or_after=min(dates),
        invoice_ids={key.object_id for key in keys},
    )
    open_now = {
        ItemKey(DEVIATION, OBJECT_TYPE, invoice, 0, timezone.localdate(checked_at))
        for _org, invoice, checked_at, *_rest in rows
    }
    return set(keys) & open_now


SOURCE = Source(
    name="invoices",
    kinds=KINDS,
    due_items=due_items,
    still_due=still_due,
    object_urls={OBJECT_TYPE: invoice_path},
)
