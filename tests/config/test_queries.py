"""union_of_slices: the rows of each sliced queryset, in one statement where the database can."""

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from config.queries import union_of_slices
from contracts.models import Supplier
from tests.contracts.factories import SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suppliers(org_a, org_b):
    for name in ("Bravo", "Echo", "Alfa", "Delta", "Charlie"):
        SupplierFactory(organisation=org_a, name=name)
    for name in ("Yankee", "Xray", "Zulu"):
        SupplierFactory(organisation=org_b, name=name)


def expected_queries(parts) -> int:
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        return 1
    return len(parts)


def parts_of(org_a, org_b) -> list:
    """Slices whose rows depend on each part's own ordering, limit and offset."""
    of_a = Supplier.objects.filter(organisation=org_a)
    return [
        of_a.annotate(part=Value(0)).order_by("name")[:2],
        of_a.annotate(part=Value(1)).order_by("-name")[:2],
        of_a.annotate(part=Value(2)).order_by("name")[1:3],
        Supplier.objects.filter(organisation=org_b).annotate(part=Value(3)).order_by("-name")[:1],
    ]


def test_returns_exactly_the_rows_of_each_slice(org_a, org_b, suppliers):
    with scopes_disabled():
        rows = union_of_slices(parts_of(org_a, org_b))
    assert sorted((row.part, row.name) for row in rows) == [
        (0, "Alfa"),
        (0, "Bravo"),
        (1, "Delta"),
        (1, "Echo"),
        (2, "Bravo"),
        (2, "Charlie"),
        (3, "Zulu"),
    ]
    assert all(isinstance(row, Supplier) for row in rows)


def test_same_rows_as_evaluating_each_part(org_a, org_b, suppliers):
    with scopes_disabled():
        parts = parts_of(org_a, org_b)
        expected = Counter(row.pk for part in parts for row in part.all())
        rows = union_of_slices(parts_of(org_a, org_b))
    # UNION ALL: a row in two slices is returned twice (Bravo is in parts 0 and 2).
    assert Counter(row.pk for row in rows) == expected
    assert len(rows) == 7


def test_one_statement_where_the_database_allows_it(
    org_a, org_b, suppliers, django_assert_num_queries
):
    with scopes_disabled():
        parts = parts_of(org_a, org_b)
        with django_assert_num_queries(expected_queries(parts)):
            rows = union_of_slices(parts)
    assert len(rows) == 7


@pytest.mark.skipif(
    not connection.features.supports_slicing_ordering_in_compound,
    reason="one query per part where a compound statement cannot slice its branches",
)
def test_postgresql_runs_a_single_union_all(org_a, org_b, suppliers):
    with scopes_disabled(), CaptureQueriesContext(connection) as captured:
        union_of_slices(parts_of(org_a, org_b))
    [query] = captured.captured_queries
    assert "UNION ALL" in query["sql"].upper()


def test_a_single_part_is_one_query(org_a, org_b, suppliers, django_assert_num_queries):
    with scopes_disabled():
        part = Supplier.objects.filter(organisation=org_a).order_by("-name")[:3]
        with django_assert_num_queries(1):
            rows = union_of_slices([part])
    assert [row.name for row in rows] == ["Echo", "Delta", "Charlie"]


def test_no_parts_no_rows(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert union_of_slices([]) == []


def test_a_part_without_rows_adds_nothing(org_a, org_b, suppliers):
    with scopes_disabled():
        of_a = Supplier.objects.filter(organisation=org_a)
        parts = [
            of_a.filter(name="Ingen").annotate(part=Value(0)).order_by("name")[:2],
            of_a.annotate(part=Value(1)).order_by("name")[:1],
            of_a.filter(name="Ingen").annotate(part=Value(2)).order_by("name")[:2],
        ]
        rows = union_of_slices(parts)
    assert [(row.part, row.name) for row in rows] == [(1, "Alfa")]
