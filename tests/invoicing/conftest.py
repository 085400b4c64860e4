"""Fixtures for invoice tests: members, a supplier with a contract, and an upload helper."""

from datetime import date

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from organisations.roles import Role
from organisations.scoping import tenant
from tests.contracts.factories import ContractFactory, SupplierFactory
from tests.invoicing.factories import SUPPLIER_CVR


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager_a(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, username="mette", first_name="Mette")


@pytest.fixture
def reader_a(org_a, make_member):
    return make_member(org_a, Role.READER, username="lars", first_name="Lars")


@pytest.fixture
def supplier_a(org_a):
    return SupplierFactory(organisation=org_a, name="Systemhuset A/S", cvr=SUPPLIER_CVR)


@pytest.fixture
def contract_a(org_a, supplier_a):
    """ESDH contract 2024-2027: 1,000,000 kr. in total, 250,000 kr. a year."""
    return ContractFactory(
        organisation=org_a,
        supplier=supplier_a,
        title="ESDH-løsning",
        reference="K-2024-001",
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        total_value=1_000_000,
        annual_value=250_000,
    )


@pytest.fixture
def in_a(org_a):
    """Run ORM code as inside a request of municipality A."""
    with tenant(org_a):
        yield


@pytest.fixture
def unscoped():
    with scopes_disabled():
        yield


def upload(client, *files):
    """POST invoice files to the upload page; returns the response after the redirect."""
    return client.post(reverse("invoicing:upload"), {"files": list(files)}, follow=True)
