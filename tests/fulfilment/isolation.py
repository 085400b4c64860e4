"""Isolation-test builders for requirement fulfilment's id-taking routes (tests/isolation.py)."""

from django_scopes import scopes_disabled

from requirements.fulfilment import services
from requirements.fulfilment.models import FulfilmentItem
from tests.contracts.factories import ContractFactory
from tests.requirements.factories import CategoryFactory, local_requirement


def _contract(world):
    return world.once(
        "fulfilment-contract", lambda: ContractFactory(organisation=world.organisation)
    )


def contract_in(world) -> dict:
    return {"pk": _contract(world).pk}


def _item(world) -> FulfilmentItem:
    def build():
        contract = _contract(world)
        with scopes_disabled():
            requirement = local_requirement(
                organisation=world.organisation,
                key="ISO-001",
                category=CategoryFactory(key="ISO"),
                actor=None,
            )
            requirement.refresh_from_db()
            services.contract_add_requirements(
                contract=contract, requirements=[requirement], actor=None
            )
            return FulfilmentItem.objects.get(contract=contract)

    return world.once("fulfilment-item", build)


def item_in(world) -> dict:
    return {"pk": _item(world).pk}


ROUTES = {
    "fulfilment:contract": contract_in,
    "fulfilment:contract-link": contract_in,
    "fulfilment:contract-pick": contract_in,
    "fulfilment:contract-xlsx": contract_in,
    "fulfilment:contract-pdf": contract_in,
    "fulfilment:item": item_in,
    "fulfilment:item-evidence": item_in,
}
