"""The demo bank: loads the published bank with history, relations, a release and specifications."""

import pytest
from django_scopes import scopes_disabled

from organisations.demo import load_demo_organisations
from requirements.demo import load_demo
from requirements.demo_content import RELATIONS, REQUIREMENTS
from requirements.models import (
    BankRelease,
    Requirement,
    RequirementRelation,
    RequirementVersion,
    Specification,
    SpecificationItem,
)

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Requirement.objects.count(),
        RequirementVersion.objects.count(),
        RequirementRelation.objects.count(),
        BankRelease.objects.count(),
        Specification.objects.count(),
        SpecificationItem.objects.exclude(decision="undecided").count(),
    )


def test_load_demo_is_complete_and_idempotent():
    with scopes_disabled():
        world = load_demo_organisations()
        load_demo(world)
        first = _counts()
        load_demo(world)
        assert _counts() == first
        older = sum(len(r.get("versions", [])) for r in REQUIREMENTS)
        assert first[:4] == (len(REQUIREMENTS), len(REQUIREMENTS) + older, len(RELATIONS), 1)
        assert RequirementVersion.objects.filter(status="superseded").count() == older
        release = BankRelease.objects.get()
        assert release.number == "2026.1"
        assert release.entries.count() == len(REQUIREMENTS)
        specifications = Specification.objects.order_by("organisation__slug")
        assert [(s.organisation.slug, s.title, s.status) for s in specifications] == [
            ("nordby", "Nyt ESDH-system", "draft"),
            ("sydhavn", "Mobil hjemmepleje", "draft"),
        ]
        modified = SpecificationItem.objects.get(decision="modified")
        assert modified.requirement.key == "ARK-002"
        assert modified.justification
        assert SpecificationItem.objects.filter(decision="undecided").exists()
