"""The stored deadlines: the daily recompute of every contract and the single-contract refresh."""

from datetime import UTC, date, datetime
from importlib import import_module

import pytest
import time_machine
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_scopes import scopes_disabled

from contracts.deadlines import DeadlineKind
from contracts.models import Contract, ContractDeadline, Milestone
from contracts.services import (
    contract_deadlines_refresh,
    contract_delete,
    contract_give_notice,
    contract_statuses_refresh,
    deadlines_refresh_all,
    milestone_mark_met,
)
from tests.contracts.factories import ContractFactory, ITSystemFactory, MilestoneFactory
from tests.locks import in_thread, other_connection

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def clock():
    """The services read the real clock: keep it at TODAY (ticking, for the lock tests'
    timeouts), so the contracts below keep their future deadlines whenever the tests run."""
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=UTC), tick=True):
        yield


def stored(contract: Contract) -> list[tuple]:
    with scopes_disabled():
        return list(
            ContractDeadline.objects.filter(contract=contract)
            .order_by("due_date", "kind", "source_id")
            .values_list("organisation_id", "kind", "due_date", "effective_date", "done")
        )


def notice_contract(organisation, **fields) -> Contract:
    """A contract running 2025-2028 with three months' notice (notice by 29 September 2028)."""
    terms = {"start_date": date(2025, 1, 1), "term_end": date(2028, 12, 31), "notice_months": 3}
    return ContractFactory(organisation=organisation, **{**terms, **fields})


def test_recompute_all_rewrites_rows_and_next_deadline(org_a, org_b):
    with scopes_disabled():
        active = ContractFactory(
            organisation=org_a,
            start_date=date(2025, 1, 1),
            term_end=date(2028, 12, 31),
            notice_months=3,
            refresh_deadlines=False,
        )
        draft = ContractFactory(
            organisation=org_b, status=Contract.Status.DRAFT, refresh_deadlines=False
        )
        ContractDeadline.objects.create(
            organisation=org_a, contract=active, kind=DeadlineKind.NOTICE, due_date=TODAY
        )  # stale: the recompute replaces it

        assert deadlines_refresh_all(today=TODAY, batch_size=1) == 2

        rows = stored(active)
        assert (
            org_a.pk,
            DeadlineKind.NOTICE.value,
            date(2028, 9, 29),  # 30 September 2028 is a Saturday
            date(2028, 12, 31),
            False,
        ) in rows
        assert (org_a.pk, DeadlineKind.NOTICE.value, TODAY, None, False) not in rows
        assert all(row[0] == org_a.pk for row in rows)
        active.refresh_from_db()
        assert active.next_deadline_date == min(row[2] for row in rows if not row[4])
        assert active.next_notice_date == date(2028, 9, 29)
        assert stored(draft) == []
        draft.refresh_from_db()
        assert draft.next_deadline_date is None

        deadlines_refresh_all(today=TODAY)  # idempotent
        assert stored(active) == rows


def test_refresh_of_a_contract_that_loses_its_deadlines_clears_the_next_dates(org_a):
    with scopes_disabled():
        contract = notice_contract(org_a)
        contract.refresh_from_db()
        assert contract.next_deadline_date and contract.next_notice_date
        contract.status = Contract.Status.DRAFT
        contract.save()
        contract_deadlines_refresh(contract=contract, today=TODAY)
        contract.refresh_from_db()
        assert stored(contract) == []
        assert contract.next_deadline_date is None
        assert contract.next_notice_date is None


def test_a_deleted_contract_keeps_no_deadlines_or_next_dates(org_a):
    with scopes_disabled():
        contract = notice_contract(org_a)
        contract_delete(contract=contract)
        contract.refresh_from_db()
        assert contract.is_deleted
        assert stored(contract) == []
        assert (contract.next_deadline_date, contract.next_notice_date) == (None, None)


def test_deadlines_are_deleted_without_loading_them(org_a, django_assert_num_queries):
    """One DELETE statement: a post_delete receiver for every model (not per sender) would make
    Django load each row first, which once halved the daily recompute's speed."""
    with scopes_disabled():
        contract = ContractFactory(organisation=org_a)
        assert stored(contract)
        with django_assert_num_queries(1):
            ContractDeadline.objects.filter(contract=contract).delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the array statements are PostgreSQL's"
)
def test_recompute_writes_a_batch_in_a_fixed_number_of_statements(
    org_a, django_assert_max_num_queries
):
    with scopes_disabled():
        for _ in range(5):
            ContractFactory(organisation=org_a, refresh_deadlines=False)
        # ids, options, milestones, terms; in a savepoint: delete, insert, next dates
        with django_assert_max_num_queries(9):
            deadlines_refresh_all(today=TODAY, batch_size=100)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ctid, a row version's place, is PostgreSQL's"
)
def test_recompute_rewrites_only_contracts_whose_next_deadline_moved(org_a):
    def places() -> dict[int, str]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, ctid::text FROM {Contract._meta.db_table}")  # noqa: S608
            return dict(cursor.fetchall())

    with scopes_disabled():
        moved, kept = (notice_contract(org_a) for _n in range(2))
        deadlines_refresh_all(today=TODAY)
        before = places()
        deadlines_refresh_all(today=TODAY)
        assert places() == before  # nothing moved: no contract row written again

        # A stored next deadline that is wrong (as after a change of terms) is put right.
        Contract.objects.filter(pk=moved.pk).update(next_deadline_date=date(2030, 1, 1))
        before = places()
        deadlines_refresh_all(today=TODAY)
        after = places()
        assert after[moved.pk] != before[moved.pk]
        assert after[kept.pk] == before[kept.pk]
        moved.refresh_from_db()
        kept.refresh_from_db()
        assert moved.next_deadline_date == kept.next_deadline_date != date(2030, 1, 1)
        assert kept.next_deadline_date == min(row[2] for row in stored(kept) if not row[4])


def ids_of(contract: Contract) -> dict[tuple, int]:
    with scopes_disabled():
        return {
            (kind, due, source): pk
            for pk, kind, due, source in ContractDeadline.objects.filter(
                contract=contract
            ).values_list("pk", "kind", "due_date", "source_id")
        }


def test_recompute_writes_only_the_deadlines_that_changed(org_a):
    with scopes_disabled():
        changed, unchanged = (
            notice_contract(org_a, price_regulation_date=date(2027, 1, 1), refresh_deadlines=False)
            for _n in range(2)
        )
        deadlines_refresh_all(today=TODAY)
        first = {contract.pk: ids_of(contract) for contract in (changed, unchanged)}
        assert len(first[changed.pk]) > 2

        deadlines_refresh_all(today=TODAY)
        assert {contract.pk: ids_of(contract) for contract in (changed, unchanged)} == first

        # A longer notice period moves the notice deadline only (as an edit that bypassed the
        # services would): that row is replaced, every other row stays as it was.
        Contract.objects.filter(pk=changed.pk).update(notice_months=6)
        deadlines_refresh_all(today=TODAY)
        after = ids_of(changed)
        old_notice = (DeadlineKind.NOTICE.value, date(2028, 9, 29), None)
        new_notice = (DeadlineKind.NOTICE.value, date(2028, 6, 30), None)
        assert old_notice in first[changed.pk] and old_notice not in after
        assert after[new_notice] not in first[changed.pk].values()
        del after[new_notice], first[changed.pk][old_notice]
        assert after == first[changed.pk]
        assert ids_of(unchanged) == first[unchanged.pk]

        # What is stored is what a recompute from nothing stores.
        kept = stored(changed)
        ContractDeadline.objects.filter(contract=changed).delete()
        deadlines_refresh_all(today=TODAY)
        assert stored(changed) == kept


def test_a_deadline_that_is_no_longer_computed_is_deleted(org_a):
    with scopes_disabled():
        contract = ContractFactory(organisation=org_a, price_regulation_date=date(2027, 1, 1))
        kinds = {kind for kind, _due, _source in ids_of(contract)}
        assert DeadlineKind.PRICE_REGULATION.value in kinds

        contract.price_regulation_date = None
        contract.save()
        contract_deadlines_refresh(contract=contract, today=TODAY)

        kinds_after = {kind for kind, _due, _source in ids_of(contract)}
        assert kinds_after == kinds - {DeadlineKind.PRICE_REGULATION.value}


def test_a_refresh_reads_the_terms_stored_not_the_callers_copy(org_a):
    """Marking a milestone met refreshes its contract, read with the milestone: terms changed
    since (by another user) are the ones the stored deadlines follow."""
    with scopes_disabled():
        contract = notice_contract(org_a)
        milestone = MilestoneFactory(contract=contract, due_date=date(2027, 3, 1))
        read_earlier = Milestone.objects.select_related("contract").get(pk=milestone.pk)
        Contract.objects.filter(pk=contract.pk).update(notice_months=6)

        milestone_mark_met(milestone=read_earlier, met_on=date(2027, 2, 25))

        notices = [row[2] for row in stored(contract) if row[1] == DeadlineKind.NOTICE.value]
    assert notices == [date(2028, 6, 30)]  # six months' notice, not three (29 September)


def test_the_stored_notice_date_follows_the_notice_deadline(org_a):
    """The list shows and sorts by the contract's stored notice date: a changed notice period
    moves it, and notice given clears it."""
    with scopes_disabled():
        contract = notice_contract(org_a)
        contract.refresh_from_db()
        assert contract.next_notice_date == date(2028, 9, 29)

        contract.notice_months = 6
        contract.save()
        contract_deadlines_refresh(contract=contract, today=TODAY)
        contract.refresh_from_db()
        assert contract.next_notice_date == date(2028, 6, 30)

        contract_give_notice(
            contract=contract, given_on=date(2027, 1, 4), effective=date(2027, 7, 31)
        )
        contract.refresh_from_db()
        assert contract.next_notice_date is None
        assert contract.next_deadline_date is not None  # the term end is still ahead


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_daily_recompute_reads_terms_after_an_edit_in_progress(org_a):
    with scopes_disabled():
        contract = notice_contract(org_a)
    table = Contract._meta.db_table
    with other_connection() as other:
        # An edit that has changed the terms and not yet committed.
        other.execute(f"UPDATE {table} SET notice_months = 6 WHERE id = %s", [contract.pk])  # noqa: S608
        recompute = in_thread(lambda: deadlines_refresh_all(today=TODAY))
        other.commit()
        recompute.join(30)

    with scopes_disabled():
        notices = [row[2] for row in stored(contract) if row[1] == DeadlineKind.NOTICE.value]
    assert notices == [date(2028, 6, 30)]  # six months' notice, not three (29 September)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_contracts_refresh_waits_for_the_daily_recompute_holding_it(org_a):
    with scopes_disabled():
        contract = ContractFactory(organisation=org_a, price_regulation_date=date(2027, 1, 1))
        expected = stored(contract)
    table, deadline_table = Contract._meta.db_table, ContractDeadline._meta.db_table
    with other_connection() as other:
        # A recompute holding the contract, storing a deadline computed from older terms.
        other.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [contract.pk])  # noqa: S608
        other.execute(
            f"UPDATE {deadline_table} SET due_date = '2026-12-01' "  # noqa: S608
            "WHERE contract_id = %s AND kind = 'price_regulation'",
            [contract.pk],
        )
        refresh = in_thread(lambda: contract_deadlines_refresh(contract=contract, today=TODAY))
        other.commit()
        refresh.join(30)

    with scopes_disabled():
        assert stored(contract) == expected  # as the contract's terms say, each once


def test_the_migration_fills_the_notice_date_from_stored_deadlines(org_a):
    """contracts 0004 copies each contract's open notice deadline onto it, on data as it stands
    before the migration (the column empty)."""
    migration = import_module("contracts.migrations.0004_next_notice_date")
    state = MigrationLoader(connection).project_state(("contracts", "0004_next_notice_date"))
    with scopes_disabled():
        open_notice = notice_contract(org_a)
        notice_given = notice_contract(org_a)
        contract_give_notice(
            contract=notice_given, given_on=date(2027, 1, 4), effective=date(2027, 7, 31)
        )
        without_notice = notice_contract(org_a, notice_months=None)
        draft = notice_contract(org_a, status=Contract.Status.DRAFT)
        Contract.objects.update(next_notice_date=None)

        migration.copy_notice_dates(state.apps, None)  # it needs no schema editor

        filled = dict(Contract.objects.values_list("pk", "next_notice_date"))
    assert filled == {
        open_notice.pk: date(2028, 9, 29),
        notice_given.pk: None,  # its notice deadline is done
        without_notice.pk: None,
        draft.pk: None,
    }


def test_statuses_follow_the_calendar_and_the_history_records_it(org_a, org_b):
    with scopes_disabled():
        lapsed = notice_contract(org_a, term_end=date(2026, 11, 26))
        system = ITSystemFactory(organisation=org_a)
        lapsed.it_systems.add(system)
        renewing = notice_contract(org_a, term_end=date(2026, 6, 30), tacit_renewal_months=12)
        last_day = notice_contract(org_b, term_end=TODAY)
        terminated = notice_contract(org_b, term_end=date(2027, 12, 31))
        contract_give_notice(
            contract=terminated, given_on=date(2026, 1, 5), effective=date(2026, 11, 26)
        )
        still_running = notice_contract(org_a, term_end=date(2028, 12, 31))
        contract_give_notice(
            contract=still_running, given_on=date(2026, 1, 5), effective=date(2026, 12, 31)
        )

        assert contract_statuses_refresh(today=TODAY) == 2

        statuses = dict(
            Contract.objects.filter(
                pk__in=[c.pk for c in (lapsed, renewing, last_day, terminated, still_running)]
            ).values_list("pk", "status")
        )
        assert statuses == {
            lapsed.pk: "expired",
            renewing.pk: "active",  # rolled on to 30 June 2027
            last_day.pk: "active",  # ends today, not yet
            terminated.pk: "terminated",
            still_running.pk: "notice_given",
        }
        latest = lapsed.history.order_by("-history_id").first()
        assert (latest.status, latest.history_user) == ("expired", None)
        # The history's version keeps what else the contract had, its IT systems included.
        assert [row.itsystem_id for row in latest.it_systems.all()] == [system.pk]
        # An ended contract keeps only what is done.
        assert all(done for *_rest, done in stored(lapsed))
        # The next day's job has nothing left to do.
        assert contract_statuses_refresh(today=TODAY) == 0
