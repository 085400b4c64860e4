"""The follow-up selector (reviews due, not assessed after go-live) and the notification source."""

from datetime import date, timedelta

import pytest
from django_scopes import scopes_disabled

from contracts.models import Contract, Milestone
from organisations.roles import Role
from requirements.fulfilment.models import FulfilmentItem
from requirements.fulfilment.selectors import FollowUp, fulfilment_followups
from tasks.sources import fulfilment as source
from tasks.sources.base import ItemKey
from tests.contracts.factories import MilestoneFactory

from .factories import assess, items_by_key, link, make_contract

pytestmark = pytest.mark.django_db
Status = FulfilmentItem.Status
TODAY = date(2026, 6, 1)


def go_live(contract, *, due: date, met: date | None = None):
    return MilestoneFactory(
        contract=contract,
        organisation=contract.organisation,
        kind=Milestone.Kind.GO_LIVE,
        name="Idriftsættelse",
        due_date=due,
        met_on=met,
        refresh_deadlines=False,
    )


def rows(followups: list[FollowUp]) -> list[tuple]:
    return [(f.kind, f.contract_id, f.due_date, f.count, f.recipient_id) for f in followups]


def test_not_assessed_90_days_after_the_met_go_live(linked_a, owner_a):
    go_live(linked_a, due=date(2026, 2, 1), met=date(2026, 3, 1))
    assess(items_by_key(linked_a)["ARK-001"], Status.MET)

    assert fulfilment_followups(on_or_before=date(2026, 5, 29)) == []
    assert rows(fulfilment_followups(on_or_before=date(2026, 5, 30))) == [
        ("not_assessed", linked_a.pk, date(2026, 5, 30), 3, owner_a.pk)
    ]


def test_an_unmet_go_live_counts_from_its_due_date(linked_a, owner_a):
    go_live(linked_a, due=date(2026, 1, 10))

    assert rows(fulfilment_followups(on_or_before=TODAY)) == [
        ("not_assessed", linked_a.pk, date(2026, 4, 10), 4, owner_a.pk)
    ]
    assert rows(fulfilment_followups(on_or_before=TODAY, days_after_go_live=200)) == []


def test_everything_assessed_or_no_go_live_needs_no_follow_up(org_a, linked_a, specification_a):
    go_live(linked_a, due=date(2025, 1, 1))
    for item in items_by_key(linked_a).values():
        assess(item, Status.WAIVED)
    link(make_contract(org_a, title="Uden idriftsættelse"), specification_a)

    assert fulfilment_followups(on_or_before=TODAY) == []


def test_reviews_due_one_per_contract_and_date(linked_a, owner_a):
    items = items_by_key(linked_a)
    for key in ("ARK-001", "ARK-002"):
        assess(items[key], Status.MET, next_review=TODAY + timedelta(days=3), today=TODAY)
    assess(items["SIK-001"], Status.MET, next_review=TODAY + timedelta(days=10), today=TODAY)

    assert fulfilment_followups(on_or_before=TODAY + timedelta(days=2)) == []
    assert rows(fulfilment_followups(on_or_before=TODAY + timedelta(days=10))) == [
        ("review", linked_a.pk, TODAY + timedelta(days=3), 2, owner_a.pk),
        ("review", linked_a.pk, TODAY + timedelta(days=10), 1, owner_a.pk),
    ]
    assert rows(
        fulfilment_followups(
            on_or_before=TODAY + timedelta(days=10), on_or_after=TODAY + timedelta(days=4)
        )
    ) == [("review", linked_a.pk, TODAY + timedelta(days=10), 1, owner_a.pk)]


def test_organisation_filter_and_ended_or_deleted_contracts(
    org_a, org_b, linked_a, specification_a, bank, make_member
):
    from .factories import make_specification

    go_live(linked_a, due=date(2026, 1, 1))
    ended = make_contract(org_a, title="Udløbet", status=Contract.Status.EXPIRED)
    link(ended, specification_a)
    go_live(ended, due=date(2026, 1, 1))
    contract_b = make_contract(org_b, title="Sydhavn ESDH")
    link(contract_b, make_specification(org_b, bank, make_member(org_b)))
    go_live(contract_b, due=date(2026, 1, 1))

    everyone = {f.contract_id for f in fulfilment_followups(on_or_before=TODAY)}
    only_a = {f.contract_id for f in fulfilment_followups(on_or_before=TODAY, organisation=org_a)}
    with scopes_disabled():
        Contract.objects.filter(pk=linked_a.pk).update(is_deleted=True)
    after_delete = {f.contract_id for f in fulfilment_followups(on_or_before=TODAY)}

    assert everyone == {linked_a.pk, contract_b.pk}
    assert only_a == {linked_a.pk}
    assert after_delete == {contract_b.pk}


def due(today: date) -> list[tuple]:
    with scopes_disabled():
        return [
            (i.kind, i.object_type, i.object_id, i.due_date, i.lead_days, i.label,
             [(r.user_id, r.reason) for r in i.recipients])
            for batch in source.due_items(today=today, batch_size=10)
            for i in batch
        ]  # fmt: skip


def test_source_tells_the_system_owner(linked_a, owner_a):
    go_live(linked_a, due=date(2026, 1, 1))
    assess(
        items_by_key(linked_a)["ARK-001"],
        Status.MET,
        next_review=TODAY + timedelta(days=7),
        today=TODAY,
    )
    label = f"ESDH-løsning ({linked_a.reference})"

    assert due(TODAY) == [
        ("fulfilment.not_assessed", "fulfilment.contract", linked_a.pk, date(2026, 4, 1), -1,
         label, [(owner_a.pk, "system_owner")]),
        ("fulfilment.review", "fulfilment.contract", linked_a.pk, TODAY + timedelta(days=7), 7,
         label, [(owner_a.pk, "system_owner")]),
    ]  # fmt: skip


def test_source_falls_back_to_the_organisations_system_owners(org_a, specification_a, make_member):
    contract = make_contract(org_a, system_owner=None)
    link(contract, specification_a)
    go_live(contract, due=date(2026, 1, 1))
    first = make_member(org_a, Role.SYSTEM_OWNER)
    second = make_member(org_a, Role.SYSTEM_OWNER)

    [item] = due(TODAY)

    assert sorted(item[6]) == [(first.pk, "system_owner"), (second.pk, "system_owner")]


def test_source_still_due_until_assessed(linked_a):
    go_live(linked_a, due=date(2026, 1, 1))
    day = date(2026, 4, 1)
    key = ItemKey("fulfilment.not_assessed", "fulfilment.contract", linked_a.pk, 0, day)
    other = ItemKey("fulfilment.review", "fulfilment.contract", linked_a.pk, 0, day)

    with scopes_disabled():
        assert source.still_due([key, other]) == {key}
    for item in items_by_key(linked_a).values():
        assess(item, Status.MET)
    with scopes_disabled():
        assert source.still_due([key]) == set()


def test_source_is_registered():
    from tasks.sources import SOURCES, kind_for, object_path

    assert source.SOURCE in SOURCES
    assert kind_for("fulfilment.review").lead_days == (7, 0)
    assert object_path("fulfilment.contract", 5) == "/app/fulfilment/contracts/5/"


def test_the_daily_scan_notifies_once(linked_a, owner_a):
    from tasks.models import Notification
    from tasks.services import notifications_scan

    go_live(linked_a, due=date(2026, 1, 1))

    notifications_scan(today=TODAY)
    notifications_scan(today=TODAY)

    with scopes_disabled():
        rows = list(
            Notification.objects.filter(kind__startswith="fulfilment.").values_list(
                "kind", "object_type", "object_id", "due_date", "recipient_id", "reason"
            )
        )
    assert rows == [
        (
            "fulfilment.not_assessed",
            "fulfilment.contract",
            linked_a.pk,
            date(2026, 4, 1),
            owner_a.pk,
            "system_owner",
        )
    ]
