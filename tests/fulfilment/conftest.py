"""Fixtures for fulfilment: a published bank, municipality A's specification, contract, people."""

import pytest

from organisations.roles import Role

from .factories import link, make_bank, make_contract, make_specification


@pytest.fixture
def bank(editorial, make_member):
    return make_bank(
        make_member(editorial, Role.BANK_EDITOR, username="kirsten"),
        make_member(editorial, Role.BANK_EDITOR, username="kasper"),
    )


@pytest.fixture
def owner_a(org_a, make_member):
    """The system owner of contract_a."""
    return make_member(org_a, Role.SYSTEM_OWNER, username="soeren", first_name="Søren")


@pytest.fixture
def manager_a(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, username="karin")


@pytest.fixture
def reader_a(org_a, make_member):
    return make_member(org_a, Role.READER, username="lars")


@pytest.fixture
def specification_a(org_a, bank, manager_a):
    return make_specification(org_a, bank, manager_a)


@pytest.fixture
def contract_a(org_a, owner_a, manager_a):
    return make_contract(org_a, system_owner=owner_a, contract_manager=manager_a)


@pytest.fixture
def linked_a(contract_a, specification_a, manager_a):
    """contract_a linked to specification_a: ARK-001, ARK-002, SIK-001, SIK-003."""
    link(contract_a, specification_a, manager_a)
    return contract_a
