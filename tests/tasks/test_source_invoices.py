"""The invoices notification source: invoices awaiting review with open deviations."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from contracts.invoicing.models import Invoice, InvoiceDeviation
from contracts.invoicing.services import invoice_review
from organisations.roles import Role
from tasks.models import Notification
from tasks.services import notifications_scan
from tasks.sources import SOURCES, kind_for, object_path
from tasks.sources import invoices as source
from tasks.sources.base import ItemKey
from tests.contracts.factories import ContractFactory
from tests.invoicing.factories import InvoiceFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def at(day, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=COPENHAGEN)


def checked_invoice(organisation, *, contract=None, found=None, deviations: int = 1) -> Invoice:
    """An invoice awaiting review with `deviations` open deviations found at `found`."""
    found = found or at(TODAY, 7)
    invoice = InvoiceFactory(
        organisation=organisation,
        contract=contract,
        number="F-100",
        supplier_name="Systemhuset A/S",
        created_at=found,
        open_deviation_count=deviations,
    )
    with scopes_disabled():
        for _ in range(deviations):
            InvoiceDeviation.objects.create(
                organisation=organisation,
                invoice=invoice,
                kind="duplicate_number",
                message={"en": "Duplicate"},
                created_at=found,
            )
    return invoice


@pytest.fixture
def contract_a(org_a, manager_a, make_member):
    deputy = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Dorte")
    return ContractFactory(
        organisation=org_a,
        contract_manager=manager_a,
        deputy_contract_manager=deputy,
        refresh_deadlines=False,
    )


def notifications() -> list[tuple]:
    with scopes_disabled():
        return list(
            Notification.objects.filter(kind="invoice.deviation")
            .order_by("pk")
            .values_list(
                "object_id", "due_date", "lead_days", "object_label", "recipient_id", "reason",
                "delivery",
            )
        )  # fmt: skip


def due(today=TODAY) -> list[tuple]:
    with scopes_disabled():
        return [
            (i.object_type, i.object_id, i.due_date, i.lead_days,
             [(r.user_id, r.reason) for r in i.recipients])
            for batch in source.due_items(today=today, batch_size=10)
            for i in batch
        ]  # fmt: skip


def test_the_source_is_registered():
    assert source.SOURCE in SOURCES
    assert kind_for("invoice.deviation").lead_days == (0,)
    assert kind_for("invoice.deviation").default_delivery == "digest"
    assert object_path("contracts.invoice", 5) == "/app/invoices/5/"


def test_the_daily_scan_tells_the_contract_manager_and_deputy_once(org_a, contract_a):
    invoice = checked_invoice(org_a, contract=contract_a)

    notifications_scan(today=TODAY)
    notifications_scan(today=TODAY)

    label = "Faktura F-100 (Systemhuset A/S)"
    assert notifications() == [
        (invoice.pk, TODAY, 0, label, contract_a.contract_manager_id, "contract_manager",
         "digest"),
        (invoice.pk, TODAY, 0, label, contract_a.deputy_contract_manager_id,
         "deputy_contract_manager", "digest"),
    ]  # fmt: skip


def test_an_unmatched_invoice_goes_to_the_organisations_contract_managers(
    org_a, manager_a, make_member
):
    other = make_member(org_a, Role.CONTRACT_MANAGER)
    make_member(org_a, Role.READER)
    invoice = checked_invoice(org_a)

    assert due() == [
        ("contracts.invoice", invoice.pk, TODAY, 0,
         [(manager_a.pk, "organisation_contract_manager"),
          (other.pk, "organisation_contract_manager")]),
    ]  # fmt: skip


def test_the_due_date_is_the_local_day_of_the_check(org_a, manager_a):
    # 23:30 UTC on the day before is 00:30 on TODAY in Copenhagen.
    found = datetime.combine(TODAY - timedelta(days=1), time(23, 30), tzinfo=ZoneInfo("UTC"))
    invoice = checked_invoice(org_a, found=found)

    assert [row[:3] for row in due()] == [("contracts.invoice", invoice.pk, TODAY)]
    # Found a week and a day before: past the catch-up days, no alert.
    assert due(TODAY + timedelta(days=8)) == []


def test_invoices_without_open_deviations_do_not_alert(org_a, manager_a):
    checked_invoice(org_a, deviations=0)
    approved = checked_invoice(org_a)
    with scopes_disabled():
        Invoice.objects.filter(pk=approved.pk).update(
            status=Invoice.Status.APPROVED, open_deviation_count=0
        )
        InvoiceDeviation.objects.filter(invoice=approved).update(is_open=False)

    assert due() == []


@pytest.mark.parametrize("decision", [Invoice.Status.APPROVED, Invoice.Status.DISPUTED])
def test_a_reviewed_invoice_stops_alerting(org_a, contract_a, manager_a, decision):
    invoice = checked_invoice(org_a, contract=contract_a)
    key = ItemKey("invoice.deviation", "contracts.invoice", invoice.pk, 0, TODAY)
    with scopes_disabled():
        assert source.still_due([key]) == {key}

        invoice_review(invoice=invoice, user=manager_a, decision=decision, comment="Tjekket")

        assert source.still_due([key]) == set()
    notifications_scan(today=TODAY)
    assert notifications() == []


def test_a_new_check_with_deviations_alerts_again(org_a, contract_a):
    invoice = checked_invoice(org_a, contract=contract_a, found=at(TODAY - timedelta(days=2)))
    notifications_scan(today=TODAY)
    old = ItemKey("invoice.deviation", "contracts.invoice", invoice.pk, 0, TODAY - timedelta(2))
    with scopes_disabled():
        InvoiceDeviation.objects.filter(invoice=invoice).update(created_at=at(TODAY))
        assert source.still_due([old]) == set()

    notifications_scan(today=TODAY)

    assert [row[1] for row in notifications()] == [TODAY - timedelta(days=2)] * 2 + [TODAY] * 2
