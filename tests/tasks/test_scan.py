"""The scan: which notifications it creates, for whom, once, and in bounded batches."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from contracts.services import contract_give_notice, contract_update
from organisations.roles import Role
from tasks.models import Delivery, EmailStatus, Notification, NotificationPreference, Reason
from tasks.services import notifications_daily_scan, notifications_scan
from tasks.sources import contract_deadlines
from tasks.sources.base import MemberDirectory, Recipient
from tests.contracts.factories import MilestoneFactory

from .conftest import TODAY, refresh

pytestmark = pytest.mark.django_db


def notifications() -> list[tuple]:
    with scopes_disabled():
        return list(
            Notification.objects.order_by("due_date", "lead_days", "recipient_id").values_list(
                "kind", "due_date", "lead_days", "recipient__username", "reason"
            )
        )


def test_notice_30_days_away_notifies_the_contract_manager_once(make_contract, manager_a):
    contract = make_contract(
        notice_due=TODAY + timedelta(days=30),
        contract_manager=manager_a,
        title="Borgerservice",
        reference="K-1",
    )

    result = notifications_scan(today=TODAY)

    with scopes_disabled():
        notification = Notification.objects.get()
    assert (result.due_items, result.notification_rows, result.batches) == (1, 1, 1)
    assert notification.organisation_id == contract.organisation_id
    assert notification.recipient == manager_a
    assert notification.kind == "contract.notice"
    assert (notification.object_type, notification.object_id, notification.item_id) == (
        "contracts.contract",
        contract.pk,
        0,
    )
    assert (notification.due_date, notification.lead_days) == (date(2026, 4, 1), 30)
    assert notification.object_label == "Borgerservice (K-1)"
    assert notification.reason == Reason.CONTRACT_MANAGER
    assert notification.delivery == Delivery.IMMEDIATE
    assert notification.status == EmailStatus.PENDING
    assert notification.attempts == 0
    assert notification.read_at is None


def test_scanning_again_creates_nothing_new(make_contract, manager_a):
    make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager_a)

    notifications_scan(today=TODAY)
    notifications_scan(today=TODAY)
    notifications_daily_scan(today=TODAY)

    assert notifications() == [
        ("contract.notice", date(2026, 4, 1), 30, manager_a.username, "contract_manager")
    ]


def test_stages_follow_one_another_and_overdue_is_sent_once(make_contract, manager_a):
    contract = make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager_a)
    due = TODAY + timedelta(days=30)

    for offset in range(0, 45):  # the daily scan every day for six weeks
        day = TODAY + timedelta(days=offset)
        if day <= due:  # the term ends in July: the engine keeps the deadline, overdue
            refresh(contract, today=day)
        notifications_scan(today=day)

    assert [(lead, d) for _kind, d, lead, _user, _reason in notifications()] == [
        (-1, due),
        (7, due),
        (30, due),
    ]


def test_a_missed_scan_sends_only_the_most_urgent_stage(make_contract, manager_a):
    make_contract(notice_due=TODAY + timedelta(days=5), contract_manager=manager_a)

    notifications_scan(today=TODAY)

    # Not 180, 90 and 30 as well: those stages were missed, the 7-day one is current.
    assert [lead for _k, _d, lead, _u, _r in notifications()] == [7]


def test_milestone_missed_by_a_down_scan_is_caught_up_but_old_ones_stay_quiet(
    org_a, make_contract, manager_a
):
    recent = make_contract(contract_manager=manager_a, title="Recent")
    old = make_contract(contract_manager=manager_a, title="Old")
    MilestoneFactory(contract=recent, due_date=TODAY - timedelta(days=3), refresh_deadlines=False)
    MilestoneFactory(contract=old, due_date=TODAY - timedelta(days=30), refresh_deadlines=False)
    refresh(recent)
    refresh(old)

    notifications_scan(today=TODAY)

    with scopes_disabled():
        assert list(Notification.objects.values_list("object_id", "lead_days")) == [(recent.pk, 0)]


def test_deputy_is_notified_too_but_a_person_only_once(make_contract, org_a, make_member):
    manager = make_member(org_a, Role.CONTRACT_MANAGER, username="manager")
    deputy = make_member(org_a, Role.READER, username="deputy")
    make_contract(
        notice_due=TODAY + timedelta(days=30),
        contract_manager=manager,
        deputy_contract_manager=deputy,
    )
    make_contract(
        notice_due=TODAY + timedelta(days=7),
        contract_manager=manager,
        deputy_contract_manager=manager,
    )

    notifications_scan(today=TODAY)

    assert notifications() == [
        ("contract.notice", TODAY + timedelta(days=7), 7, "manager", "contract_manager"),
        ("contract.notice", TODAY + timedelta(days=30), 30, "manager", "contract_manager"),
        ("contract.notice", TODAY + timedelta(days=30), 30, "deputy", "deputy_contract_manager"),
    ]


def test_without_a_manager_the_organisations_contract_managers_are_told(
    org_a, org_b, make_member, make_contract
):
    first = make_member(org_a, Role.CONTRACT_MANAGER, username="first")
    second = make_member(org_a, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR, username="second")
    make_member(org_a, Role.ADMINISTRATOR, username="admin-only")
    make_member(org_b, Role.CONTRACT_MANAGER, username="other-municipality")
    make_member(org_a, Role.CONTRACT_MANAGER, username="inactive", is_active=False)
    make_contract(notice_due=TODAY + timedelta(days=30))

    notifications_scan(today=TODAY)

    reason = Reason.ORGANISATION_CONTRACT_MANAGER
    due = TODAY + timedelta(days=30)
    assert notifications() == [
        ("contract.notice", due, 30, first.username, reason),
        ("contract.notice", due, 30, second.username, reason),
    ]


@pytest.mark.parametrize("how", ["left the organisation", "deactivated"])
def test_a_manager_who_left_falls_back_to_the_organisations_managers(
    how, org_a, org_b, make_member, make_contract
):
    colleague = make_member(org_a, Role.CONTRACT_MANAGER, username="colleague")
    if how == "deactivated":
        gone = make_member(org_a, Role.CONTRACT_MANAGER, username="gone", is_active=False)
    else:
        gone = make_member(org_b, Role.CONTRACT_MANAGER, username="gone")
    make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=gone)

    notifications_scan(today=TODAY)

    assert [(user, reason) for *_rest, user, reason in notifications()] == [
        (colleague.username, Reason.ORGANISATION_CONTRACT_MANAGER)
    ]


def test_handled_deadline_stops_alerting(make_contract, manager_a):
    contract = make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager_a)
    notifications_scan(today=TODAY)

    with scopes_disabled():
        contract_give_notice(
            contract=contract, given_on=TODAY + timedelta(days=25), effective=contract.term_end
        )
    refresh(contract, today=TODAY + timedelta(days=25))
    notifications_scan(today=TODAY + timedelta(days=25))  # would be the 7-day stage

    assert [lead for _k, _d, lead, _u, _r in notifications()] == [30]


def test_moved_deadline_alerts_on_its_new_date(make_contract, manager_a):
    contract = make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager_a)
    notifications_scan(today=TODAY)

    with scopes_disabled():  # extended by a year: the notice deadline moves to April 2027
        contract_update(contract=contract, term_end=date(2027, 7, 1))
    refresh(contract, today=TODAY + timedelta(days=1))
    notifications_scan(today=TODAY + timedelta(days=1))
    later = date(2027, 4, 1) - timedelta(days=180)
    refresh(contract, today=later)
    notifications_scan(today=later)

    assert [(d, lead) for _k, d, lead, _u, _r in notifications()] == [
        (date(2026, 4, 1), 30),
        (date(2027, 4, 1), 180),
    ]


def test_the_daily_scan_expires_a_lapsed_contract_and_stops_its_alerts(make_contract, manager_a):
    contract = make_contract(
        start_date=TODAY - timedelta(days=800), term_end=TODAY - timedelta(days=1),
        dpa_concluded=True, dpa_date=TODAY - timedelta(days=700),
        dpa_next_inspection=TODAY + timedelta(days=10),
    )  # fmt: skip
    notifications_daily_scan(today=TODAY)
    with scopes_disabled():
        contract.refresh_from_db()
        assert contract.status == "expired"
        assert not contract.deadlines.filter(done=False).exists()
        assert not Notification.objects.exists()


def test_deleted_contracts_and_inactive_organisations_are_skipped(
    org_a, org_b, make_member, make_contract
):
    manager_b = make_member(org_b, Role.CONTRACT_MANAGER)
    manager = make_member(org_a, Role.CONTRACT_MANAGER)
    deleted = make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager)
    make_contract(
        organisation=org_b, notice_due=TODAY + timedelta(days=30), contract_manager=manager_b
    )
    with scopes_disabled():
        type(deleted).objects.filter(pk=deleted.pk).update(is_deleted=True)
    org_b.is_active = False
    org_b.save()

    notifications_scan(today=TODAY)

    assert notifications() == []


def test_kinds_without_lead_times_are_silent_unless_configured(settings, make_contract, manager_a):
    make_contract(term_end=TODAY + timedelta(days=20), contract_manager=manager_a)
    notifications_scan(today=TODAY)
    assert notifications() == []

    settings.NOTIFICATION_LEAD_DAYS = {**settings.NOTIFICATION_LEAD_DAYS, "contract.term_end": [30]}
    notifications_scan(today=TODAY)

    assert [(k, lead) for k, _d, lead, _u, _r in notifications()] == [("contract.term_end", 30)]


@pytest.mark.parametrize(
    ("choice", "status"),
    [
        (Delivery.IMMEDIATE, EmailStatus.PENDING),
        (Delivery.DIGEST, EmailStatus.PENDING),
        (Delivery.IN_APP, EmailStatus.NOT_EMAILED),
    ],
)
def test_the_recipients_preference_decides_delivery(choice, status, make_contract, manager_a):
    NotificationPreference.objects.create(user=manager_a, kind="contract.notice", delivery=choice)
    make_contract(notice_due=TODAY + timedelta(days=30), contract_manager=manager_a)

    notifications_scan(today=TODAY)

    with scopes_disabled():
        assert list(Notification.objects.values_list("delivery", "status")) == [(choice, status)]


def test_defaults_send_price_regulation_and_inspections_in_the_digest(make_contract, manager_a):
    make_contract(
        contract_manager=manager_a,
        price_regulation_date=TODAY + timedelta(days=20),
        dpa_concluded=True,
        dpa_date=date(2025, 1, 1),
        dpa_next_inspection=TODAY + timedelta(days=10),
    )

    notifications_scan(today=TODAY)

    with scopes_disabled():
        rows = Notification.objects.order_by("kind").values_list("kind", "lead_days", "delivery")
        assert list(rows) == [
            ("contract.dpa_inspection", 30, Delivery.DIGEST),
            ("contract.price_regulation", 30, Delivery.DIGEST),
        ]


def test_options_and_milestones_are_told_apart_by_item(make_contract, manager_a):
    contract = make_contract(contract_manager=manager_a, term_end=date(2027, 12, 31))
    first = MilestoneFactory(contract=contract, due_date=TODAY + timedelta(days=14))
    second = MilestoneFactory(contract=contract, due_date=TODAY + timedelta(days=14))
    refresh(contract)

    notifications_scan(today=TODAY)

    with scopes_disabled():
        items = Notification.objects.order_by("item_id").values_list("kind", "item_id")
        assert list(items) == [("contract.milestone", first.pk), ("contract.milestone", second.pk)]


def test_queries_grow_with_batches_not_rows(org_a, make_member, make_contract, monkeypatch):
    monkeypatch.setattr("tasks.services.SOURCES", (contract_deadlines.SOURCE,))
    managers = [make_member(org_a, Role.CONTRACT_MANAGER) for _ in range(3)]
    for index in range(24):
        make_contract(
            notice_due=TODAY + timedelta(days=30 + index % 3 * 60),
            contract_manager=managers[index % 3] if index % 4 else None,
        )

    def count(batch_size: int, *, clear: bool = True) -> tuple[int, int]:
        if clear:
            with scopes_disabled():
                Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = notifications_scan(today=TODAY, batch_size=batch_size)
        return result.batches, len(queries)

    one_batch = count(100)
    three_batches = count(8)
    again = count(100, clear=False)

    # Reading the deadlines once; per batch: members, fallbacks (new organisations only), the
    # keys already notified, preferences (new users only) and the insert of the new rows.
    assert one_batch == (1, 6)
    assert three_batches[0] == 3
    assert three_batches[1] <= 1 + 5 * 3
    assert again == (1, 4)  # everything notified already: no preferences, no insert
    with scopes_disabled():
        assert Notification.objects.count() == 24 + 6 * 2  # six contracts fall back to three


def test_member_directory_tells_named_members_once_else_the_role(
    org_a, org_b, make_member, django_assert_num_queries
):
    manager = make_member(org_a, Role.CONTRACT_MANAGER)
    deputy = make_member(org_a, Role.READER)
    gone = make_member(org_b, Role.CONTRACT_MANAGER)  # named in org_a, a member only of org_b
    directory = MemberDirectory()
    named = [
        (org_a.pk, [(manager.pk, "first"), (manager.pk, "second")]),
        (org_a.pk, [(gone.pk, "first"), (deputy.pk, "second")]),
        (org_a.pk, [(gone.pk, "first"), (None, "second")]),
        (org_b.pk, [(None, "first")]),
        (org_b.pk, [(manager.pk, "first")]),  # not a member of org_b
    ]
    with django_assert_num_queries(2):
        told = directory.recipients(named, role=Role.CONTRACT_MANAGER, fallback_reason="role")
    assert told == [
        (Recipient(manager.pk, "first"),),
        (Recipient(deputy.pk, "second"),),
        (Recipient(manager.pk, "role"),),
        (Recipient(gone.pk, "role"),),
        (Recipient(gone.pk, "role"),),
    ]
    no_holders = directory.recipients(
        [(org_b.pk, [])], role=Role.BENEFIT_OWNER, fallback_reason="x"
    )
    assert no_holders == [()]
