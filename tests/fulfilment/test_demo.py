"""Demo data: the ESDH contracts follow up their requirements; a second run changes nothing."""

import pytest
from django_scopes import scopes_disabled

from contracts.demo import load_demo as load_contracts_demo
from organisations.demo import load_demo_organisations
from requirements.demo import load_demo as load_requirements_demo
from requirements.fulfilment.demo import load_demo
from requirements.fulfilment.models import ContractSpecification, FulfilmentItem

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return sorted(
        FulfilmentItem.objects.values_list(
            "organisation__slug", "contract__title", "key", "status", "specification_item_id"
        )
    )


def test_demo_links_the_esdh_contracts_and_is_idempotent():
    with scopes_disabled():
        world = load_demo_organisations()
        load_contracts_demo(world)
        load_requirements_demo(world)
        load_demo(world)
        first = snapshot()
        load_demo(world)

        assert snapshot() == first
        by_org: dict[str, list[tuple]] = {}
        for slug, title, key, status, spec_item in first:
            assert title == "ESDH-løsning"
            by_org.setdefault(slug, []).append((key, status, spec_item is not None))
        # Nordby tendered with its ESDH specification; Sydhavn's specification is for another
        # procurement, so its contract follows up requirements picked from the bank.
        assert all(linked for _key, _status, linked in by_org["nordby"])
        assert not any(linked for _key, _status, linked in by_org["sydhavn"])
        assert len(by_org["sydhavn"]) == 10
        assert ContractSpecification.objects.filter(organisation__slug="nordby").count() == 1
        for slug in ("nordby", "sydhavn"):
            statuses = [status for _key, status, _linked in by_org[slug]]
            assessed = min(4, len(statuses) // 2)
            assert statuses.count("not_assessed") == len(statuses) - assessed
        assert [status for _key, status, _linked in by_org["nordby"]] == [
            "met",
            "not_met",
            "not_assessed",
            "not_assessed",
        ]
