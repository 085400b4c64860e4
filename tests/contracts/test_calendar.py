"""The personal iCalendar feed of deadlines: settings page, secret address, events."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from icalendar import Calendar

from contracts.deadlines import DeadlineKind
from contracts.models import Contract, ContractDeadline, DeadlineFeed
from contracts.services import contract_deadlines_refresh
from organisations.models import Membership
from organisations.roles import Role
from tests.contracts.factories import ContractFactory, MilestoneFactory
from tests.factories import MembershipFactory


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 12, 0), tick=False)


@pytest.fixture
def manager(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, first_name="Mette", last_name="Holm")


def feed_for(client) -> str:
    client.post(reverse("contracts:feed-regenerate"))
    with scopes_disabled():
        return DeadlineFeed.objects.get().token


def fetch(client, token: str) -> Calendar:
    response = client.get(reverse("contracts:feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list[tuple[str, date]]:
    return [(str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")]


def test_settings_page_creates_and_regenerates_the_secret_address(
    org_a, manager, client_for, client, settings
):
    settings.SITE_URL = "https://kontrakter.example.dk"
    signed_in = client_for(manager)

    empty = signed_in.get(reverse("contracts:feed-settings"))
    assert empty.status_code == 200
    assert "Opret min kalenderadresse" in empty.content.decode()

    first = feed_for(signed_in)
    page = signed_in.get(reverse("contracts:feed-settings")).content.decode()
    assert f'value="https://kontrakter.example.dk/app/contracts/calendar/feed/{first}.ics"' in page
    assert client.get(f"/app/contracts/calendar/feed/{first}.ics").status_code == 200

    signed_in.post(reverse("contracts:feed-regenerate"))
    with scopes_disabled():
        second = DeadlineFeed.objects.get().token
    assert second != first
    assert client.get(f"/app/contracts/calendar/feed/{first}.ics").status_code == 404
    assert client.get(f"/app/contracts/calendar/feed/{second}.ics").status_code == 200


def test_regenerate_needs_post_and_a_member(org_a, manager, client_for, client):
    assert client_for(manager).get(reverse("contracts:feed-regenerate")).status_code == 405
    response = client.post(reverse("contracts:feed-regenerate"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    with scopes_disabled():
        assert not DeadlineFeed.objects.exists()


def test_feed_lists_the_users_open_deadlines_as_all_day_events(
    org_a, manager, make_member, client_for, client, settings
):
    settings.SITE_URL = "https://kontrakter.example.dk"
    other_manager = make_member(org_a, Role.CONTRACT_MANAGER)
    mine = ContractFactory(
        organisation=org_a,
        title="ESDH-drift",
        contract_manager=manager,
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        notice_months=3,
        reprocurement_lead_months=0,
    )
    MilestoneFactory(contract=mine, name="Driftsprøve", due_date=date(2026, 5, 1))
    deputy = ContractFactory(
        organisation=org_a,
        title="SMS-platform",
        contract_manager=other_manager,
        deputy_contract_manager=manager,
        start_date=date(2025, 1, 1),
        term_end=date(2026, 12, 31),
        notice_months=1,
        reprocurement_lead_months=0,
    )
    ContractFactory(organisation=org_a, title="Andres kontrakt", contract_manager=other_manager)
    unmanaged = ContractFactory(
        organisation=org_a,
        title="Uden ansvarlig",
        start_date=date(2025, 1, 1),
        term_end=date(2026, 6, 30),
        notice_months=None,
        reprocurement_lead_months=0,
    )

    calendar = fetch(client, feed_for(client_for(manager)))

    assert events(calendar) == [
        ("Milepæl (Driftsprøve): ESDH-drift", date(2026, 5, 1)),
        ("Start genudbud: Uden ansvarlig", date(2026, 6, 30)),
        ("Kontraktperioden udløber: Uden ansvarlig", date(2026, 6, 30)),
        ("Opsigelsesfrist: SMS-platform", date(2026, 11, 30)),
        ("Start genudbud: SMS-platform", date(2026, 12, 31)),
        ("Kontraktperioden udløber: SMS-platform", date(2026, 12, 31)),
        ("Opsigelsesfrist: ESDH-drift", date(2027, 9, 30)),
        ("Start genudbud: ESDH-drift", date(2027, 12, 31)),
        ("Kontraktperioden udløber: ESDH-drift", date(2027, 12, 31)),
    ]
    notice = next(
        e
        for e in calendar.walk("VEVENT")
        if str(e["summary"]).endswith("ESDH-drift") and "Opsigelsesfrist" in str(e["summary"])
    )
    assert str(notice["uid"]) == f"contract-{mine.pk}-notice-0-20270930@kontrakter.example.dk"
    assert notice.decoded("dtend") == date(2027, 10, 1)
    assert str(notice["url"]) == f"https://kontrakter.example.dk/app/contracts/{mine.pk}/"
    assert "Har virkning: 31.12.2027" in str(notice["description"])
    (alarm,) = notice.walk("VALARM")
    assert alarm.to_ical().decode().count("TRIGGER:-P7D") == 1
    assert str(calendar["x-wr-calname"]) == "Kontraktfrister · Nordby Kommune"
    term_end = next(e for e in calendar.walk("VEVENT") if "Kontraktperioden" in str(e["summary"]))
    assert term_end.walk("VALARM") == []
    assert deputy and unmanaged


def test_uids_are_stable_between_fetches(org_a, manager, client_for, client):
    ContractFactory(organisation=org_a, contract_manager=manager)
    token = feed_for(client_for(manager))

    first, second = fetch(client, token), fetch(client, token)

    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in second.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 3


def test_system_owners_do_not_get_unmanaged_contracts(org_a, make_member, client_for, client):
    owner = make_member(org_a, Role.SYSTEM_OWNER)
    ContractFactory(organisation=org_a, title="Uden ansvarlig")
    ContractFactory(
        organisation=org_a,
        title="Ejet",
        system_owner=owner,
        start_date=date(2025, 1, 1),
        term_end=date(2026, 6, 30),
        notice_months=None,
        reprocurement_lead_months=0,
    )

    calendar = fetch(client, feed_for(client_for(owner)))

    assert events(calendar) == [
        ("Start genudbud: Ejet", date(2026, 6, 30)),
        ("Kontraktperioden udløber: Ejet", date(2026, 6, 30)),
    ]


def test_done_deleted_and_other_municipalities_deadlines_are_left_out(
    org_a, org_b, manager, client_for, client
):
    with scopes_disabled():
        MembershipFactory(organisation=org_b, user=manager, role=Role.CONTRACT_MANAGER)
    ContractFactory(organisation=org_b, title="Sydhavn", contract_manager=manager)
    deleted = ContractFactory(organisation=org_a, title="Slettet", contract_manager=manager)
    ended = ContractFactory(
        organisation=org_a,
        title="Ophørt",
        contract_manager=manager,
        status=Contract.Status.TERMINATED,
    )
    with scopes_disabled():
        Contract.objects.filter(pk=deleted.pk).update(is_deleted=True)
        assert ContractDeadline.objects.filter(contract=ended, done=True).exists()
    signed_in = client_for(manager)
    signed_in.post(reverse("organisations:switch"), {"organisation": org_a.pk})

    calendar = fetch(client, feed_for(signed_in))

    assert events(calendar) == []
    assert str(calendar["x-wr-calname"]) == "Kontraktfrister · Nordby Kommune"


def test_feed_follows_the_users_language(org_a, manager, client_for, client):
    manager.language = "en"
    manager.save()
    ContractFactory(
        organisation=org_a,
        title="ESDH",
        contract_manager=manager,
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        reprocurement_lead_months=0,
    )

    calendar = fetch(client, feed_for(client_for(manager)))

    assert events(calendar)[0] == ("Notice deadline: ESDH", date(2027, 9, 30))


def test_unknown_tokens_and_former_members_get_404(org_a, manager, client_for, client):
    token = feed_for(client_for(manager))

    assert client.get(reverse("contracts:feed", kwargs={"token": "x" * 43})).status_code == 404
    with scopes_disabled():
        Membership.objects.filter(user=manager).delete()
    assert client.get(reverse("contracts:feed", kwargs={"token": token})).status_code == 404


def test_feed_changes_when_deadlines_change(org_a, manager, client_for, client):
    contract = ContractFactory(
        organisation=org_a,
        title="ESDH",
        contract_manager=manager,
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        reprocurement_lead_months=0,
    )
    token = feed_for(client_for(manager))
    with scopes_disabled():
        Contract.objects.filter(pk=contract.pk).update(term_end=date(2028, 12, 31))
        contract_deadlines_refresh(contract=Contract.objects.get(pk=contract.pk))

    assert events(fetch(client, token)) == [
        ("Opsigelsesfrist: ESDH", date(2028, 9, 29)),
        ("Start genudbud: ESDH", date(2028, 12, 31)),
        ("Kontraktperioden udløber: ESDH", date(2028, 12, 31)),
    ]
    with scopes_disabled():
        kinds = set(ContractDeadline.objects.values_list("kind", flat=True))
    assert kinds == {
        DeadlineKind.NOTICE,
        DeadlineKind.REPROCUREMENT_START,
        DeadlineKind.TERM_END,
    }
