"""The benefits notification source: measurements due and benefits that turned off track."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from benefits.models import Benefit
from benefits.rules import BenefitStatus
from benefits.services import measurement_record
from organisations.roles import Role
from tasks.models import Notification
from tasks.services import notifications_daily_scan, notifications_scan
from tasks.sources import SOURCES, kind_for, object_path
from tasks.sources import benefits as source
from tasks.sources.base import ItemKey
from tests.benefits.factories import BenefitFactory, BusinessCaseFactory, MeasurementFactory
from tests.factories import OrganisationFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(org_a):
    return BusinessCaseFactory(organisation=org_a, title="Digital post")


def due_benefit(case, **fields) -> Benefit:
    """A benefit on track whose next measurement is due in a week."""
    fields.setdefault("status", BenefitStatus.ON_TRACK.value)
    fields.setdefault("status_since", date(2025, 7, 1))
    fields.setdefault("latest_measured_on", date(2025, 7, 1))
    fields.setdefault("next_measurement_due", TODAY + timedelta(days=7))
    return BenefitFactory(business_case=case, title="Færre minutter pr. sag", **fields)


def notifications() -> list[tuple]:
    with scopes_disabled():
        return list(
            Notification.objects.filter(kind__startswith="benefit.")
            .order_by("pk")
            .values_list(
                "kind", "object_id", "due_date", "lead_days", "recipient_id", "reason", "delivery"
            )
        )


def due(today: date = TODAY) -> list[tuple]:
    with scopes_disabled():
        return [
            (i.kind, i.object_type, i.object_id, i.due_date, i.lead_days, i.label,
             [(r.user_id, r.reason) for r in i.recipients])
            for batch in source.due_items(today=today, batch_size=10)
            for i in batch
        ]  # fmt: skip


def test_the_source_is_registered():
    assert source.SOURCE in SOURCES
    assert kind_for("benefit.measurement_due").lead_days == (7, 0)
    assert kind_for("benefit.measurement_due").default_delivery == "digest"
    assert kind_for("benefit.off_track").lead_days == (0,)
    assert kind_for("benefit.off_track").default_delivery == "immediate"
    assert object_path("benefits.benefit", 5) == "/app/benefits/5/"


def test_a_measurement_due_tells_the_benefit_owner(case_a):
    benefit = due_benefit(case_a)

    assert due() == [
        ("benefit.measurement_due", "benefits.benefit", benefit.pk, TODAY + timedelta(days=7), 7,
         "Færre minutter pr. sag", [(benefit.owner_id, "benefit_owner")]),
    ]  # fmt: skip


def test_the_daily_scan_notifies_a_measurement_due_once(case_a):
    benefit = due_benefit(case_a)

    notifications_scan(today=TODAY)
    notifications_scan(today=TODAY)

    assert notifications() == [
        ("benefit.measurement_due", benefit.pk, TODAY + timedelta(days=7), 7,
         benefit.owner_id, "benefit_owner", "digest"),
    ]  # fmt: skip


def test_a_recorded_measurement_stops_the_measurement_due(case_a):
    benefit = due_benefit(case_a)
    notifications_scan(today=TODAY)
    key = ItemKey(
        "benefit.measurement_due", "benefits.benefit", benefit.pk, 0, TODAY + timedelta(days=7)
    )
    with scopes_disabled():
        assert source.still_due([key]) == {key}

    with scopes_disabled():
        measurement_record(
            benefit=Benefit.objects.get(pk=benefit.pk),
            recorded_by=benefit.owner,
            measured_on=TODAY,
            value=Decimal("80"),
            today=TODAY,
        )
        benefit.refresh_from_db()

    assert benefit.next_measurement_due > TODAY + timedelta(days=14)
    with scopes_disabled():
        assert source.still_due([key]) == set()
    notifications_scan(today=TODAY + timedelta(days=7))
    assert len(notifications()) == 1


def test_nothing_outside_the_lead_times(case_a):
    due_benefit(case_a, next_measurement_due=TODAY + timedelta(days=8))
    due_benefit(case_a, next_measurement_due=TODAY - timedelta(days=8))  # long overdue
    due_benefit(case_a, next_measurement_due=None, status=BenefitStatus.REALISED.value)
    due_benefit(case_a, is_deleted=True)

    assert due() == []


def test_an_owner_who_left_falls_back_to_the_organisations_benefit_owners(
    org_a, case_a, make_member
):
    first = make_member(org_a, Role.BENEFIT_OWNER)
    second = make_member(org_a, Role.BENEFIT_OWNER)
    gone = make_member(OrganisationFactory(), Role.BENEFIT_OWNER)
    due_benefit(case_a, owner=gone)
    due_benefit(case_a, owner=None)

    recipients = [sorted(item[6]) for item in due()]

    expected = sorted([(first.pk, "benefit_owner"), (second.pk, "benefit_owner")])
    assert recipients == [expected, expected]


def test_a_benefit_turned_off_track_alerts_once_per_measurement(case_a):
    benefit = due_benefit(case_a, next_measurement_due=TODAY + timedelta(days=60))
    with scopes_disabled():
        measurement_record(
            benefit=Benefit.objects.get(pk=benefit.pk),
            recorded_by=None,
            measured_on=TODAY - timedelta(days=1),
            value=Decimal("130"),
            today=TODAY,
        )
        benefit.refresh_from_db()
    assert benefit.status == BenefitStatus.OFF_TRACK.value

    notifications_scan(today=TODAY)
    notifications_scan(today=TODAY)

    first = ("benefit.off_track", benefit.pk, TODAY - timedelta(days=1), 0,
             benefit.owner_id, "benefit_owner", "immediate")  # fmt: skip
    assert notifications() == [first]

    # Another measurement that leaves it off track: one new alert, keyed on its date.
    with scopes_disabled():
        measurement_record(
            benefit=Benefit.objects.get(pk=benefit.pk),
            recorded_by=None,
            measured_on=TODAY + timedelta(days=2),
            value=Decimal("125"),
            today=TODAY + timedelta(days=2),
        )
    notifications_scan(today=TODAY + timedelta(days=2))
    notifications_scan(today=TODAY + timedelta(days=3))

    second = ("benefit.off_track", benefit.pk, TODAY + timedelta(days=2), 0,
              benefit.owner_id, "benefit_owner", "immediate")  # fmt: skip
    assert notifications() == [first, second]


def test_a_benefit_back_on_track_stops_alerting(case_a):
    benefit = due_benefit(
        case_a,
        status=BenefitStatus.OFF_TRACK.value,
        status_since=TODAY,
        latest_measured_on=TODAY,
        next_measurement_due=TODAY + timedelta(days=60),
    )
    key = ItemKey("benefit.off_track", "benefits.benefit", benefit.pk, 0, TODAY)
    with scopes_disabled():
        assert source.still_due([key]) == {key}
        Benefit.objects.filter(pk=benefit.pk).update(
            status=BenefitStatus.ON_TRACK.value, status_since=TODAY + timedelta(days=1)
        )
        assert source.still_due([key]) == set()

    notifications_scan(today=TODAY + timedelta(days=1))
    assert notifications() == []


def test_the_daily_scan_reassesses_benefits_that_fell_behind_with_time_alone(org_a):
    benefit = BenefitFactory(business_case__organisation=org_a)
    MeasurementFactory(benefit=benefit, measured_on=date(2026, 12, 1), value=Decimal("70"))
    notifications_daily_scan(today=date(2026, 12, 2))
    with scopes_disabled():
        assert Benefit.objects.get(pk=benefit.pk).status == BenefitStatus.AT_RISK.value

    # No new measurement; the target date passes.
    result = notifications_daily_scan(today=date(2027, 1, 2))

    with scopes_disabled():
        stored = Benefit.objects.get(pk=benefit.pk)
    assert (stored.status, stored.status_since) == ("not_realised", date(2027, 1, 2))
    assert result.reassessed_benefits == 1
    assert notifications_daily_scan(today=date(2027, 1, 2)).reassessed_benefits == 0
