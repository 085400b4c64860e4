"""The stored deadlines: the daily recompute of every contract and the single-contract refresh."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from contracts.deadlines import DeadlineKind
from contracts.models import Contract, ContractDeadline
from contracts.services import contract_deadlines_refresh, deadlines_refresh_all
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def stored(contract: Contract) -> list[tuple]:
    with scopes_disabled():
        return list(
            ContractDeadline.objects.filter(contract=contract)
            .order_by("due_date", "kind", "source_id")
            .values_list("organisation_id", "kind", "due_date", "effective_date", "done")
        )


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
        assert stored(draft) == []
        draft.refresh_from_db()
        assert draft.next_deadline_date is None

        deadlines_refresh_all(today=TODAY)  # idempotent
        assert stored(active) == rows


def test_refresh_of_a_contract_that_loses_its_deadlines_clears_the_next_date(org_a):
    with scopes_disabled():
        contract = ContractFactory(organisation=org_a, term_end=TODAY + timedelta(days=400))
        assert contract.next_deadline_date is not None or stored(contract)
        contract.status = Contract.Status.DRAFT
        contract.save()
        contract_deadlines_refresh(contract=contract, today=TODAY)
        contract.refresh_from_db()
        assert stored(contract) == []
        assert contract.next_deadline_date is None


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
        moved, kept = (
            ContractFactory(
                organisation=org_a,
                start_date=date(2025, 1, 1),
                term_end=date(2028, 12, 31),
                notice_months=3,
            )  # fmt: skip
            for _n in range(2)
        )
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
