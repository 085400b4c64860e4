"""The project's paginator: a first page with room to spare is counted from its own rows."""

import pytest
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from config.pagination import Paginator
from contracts.models import Supplier
from organisations.roles import Role
from tests.contracts.factories import ContractFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def read(paginator, number):
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(number)
        seen = (
            [supplier.name for supplier in page],
            paginator.count,
            paginator.num_pages,
            page.has_next(),
            page.start_index(),
            page.end_index(),
        )
    return seen, counted(queries), len(queries.captured_queries)


def counted(queries: CaptureQueriesContext) -> bool:
    """Whether the paginator's COUNT ran (QuerySet.count() names its column __count)."""
    return any('"__count"' in query["sql"] for query in queries.captured_queries)


@pytest.fixture
def suppliers(org_a):
    with scopes_disabled():
        for letter in "ABCDE":
            SupplierFactory(organisation=org_a, name=f"{letter} A/S")
        return Supplier.objects.filter(organisation=org_a).order_by("name")


@pytest.mark.parametrize("number", [None, "", "1", 1])
def test_a_first_page_with_room_to_spare_needs_no_count(suppliers, number):
    with scopes_disabled():
        ours, has_count, queries = read(Paginator(suppliers, 10), number)
        django, _has_count, django_queries = read(DjangoPaginator(suppliers, 10), number)
    assert ours == django == (["A A/S", "B A/S", "C A/S", "D A/S", "E A/S"], 5, 1, False, 1, 5)
    assert not has_count
    assert (queries, django_queries) == (1, 2)


@pytest.mark.parametrize("number", ["1", "2", "3", "9", "x"])
def test_other_pages_and_full_first_pages_are_as_djangos(suppliers, number):
    with scopes_disabled():
        ours, has_count, queries = read(Paginator(suppliers, 2), number)
        django, _has_count, django_queries = read(DjangoPaginator(suppliers, 2), number)
    assert ours == django
    assert has_count
    assert queries == django_queries == 2


def test_an_empty_list_is_one_empty_page(org_a):
    with scopes_disabled():
        page = Paginator(Supplier.objects.filter(organisation=org_a).order_by("pk"), 10).get_page(1)
    assert (list(page), page.paginator.count, page.paginator.num_pages) == ([], 0, 1)


def test_a_filtered_contract_list_on_one_page_reads_its_rows_once(org_a, make_member, client_for):
    client = client_for(make_member(org_a, Role.CONTRACT_MANAGER))
    ContractFactory(organisation=org_a, title="Alfa")
    ContractFactory(organisation=org_a, title="Beta")
    url = reverse("contracts:contract-list")
    client.get(url)  # the session and the guidance aside settle
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "alfa"})
    assert [contract.title for contract in response.context["page"]] == ["Alfa"]
    assert "1 kontrakt" in response.content.decode()
    assert not counted(queries)
