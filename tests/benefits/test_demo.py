"""The benefits demo: business cases with varied statuses in each municipality, loaded once."""

import pytest
from django_scopes import scopes_disabled

from benefits.demo import load_demo
from benefits.models import Benefit, BusinessCase, InterimTarget, Measurement
from contracts.demo import load_demo as load_contracts_demo
from organisations.demo import load_demo_organisations

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(
            BusinessCase.objects.values_list(
                "organisation__slug", "title", "version", "investment_cost"
            )
        ),
        sorted(
            Benefit.objects.values_list(
                "organisation__slug", "business_case__title", "title", "status", "owner__username"
            )
        ),
        sorted(Measurement.objects.values_list("benefit__title", "measured_on", "value")),
        InterimTarget.objects.count(),
        BusinessCase.history.count(),
        Benefit.history.count(),
        Measurement.history.count(),
    )


def test_demo_is_varied_linked_and_idempotent(today):
    with scopes_disabled():
        world = load_demo_organisations()
        load_contracts_demo(world)
        load_demo(world)
        first = snapshot()
        load_demo(world)
        assert snapshot() == first

        cases, benefits, measurements, interim, *_ = first
        assert [(slug, title, version) for slug, title, version, _cost in cases] == [
            ("nordby", "Fælles SMS-platform", 1),
            ("nordby", "Nyt ESDH-system", 2),
            ("sydhavn", "Fælles SMS-platform", 1),
            ("sydhavn", "Nyt ESDH-system", 2),
        ]
        statuses = {
            title: status for slug, _case, title, status, _owner in benefits if slug == "nordby"
        }
        assert statuses == {
            "Kortere sagsbehandlingstid på aktindsigt": "on_track",
            "Færre licenser til gamle fagsystemer": "off_track",
            "Automatisk journalisering af e-mails": "realised",
            "Ekstra tid til oplæring": "at_risk",
            "Én SMS-løsning i stedet for ni": "on_track",
            "Færre udeblivelser i tandplejen": "not_started",
            "Lavere SMS-udgift": "realised",
        }
        assert {owner for *_rest, owner in benefits} == {"nordby.gevinst", "sydhavn.gevinst"}
        esdh = BusinessCase.objects.get(organisation__slug="nordby", title="Nyt ESDH-system")
        assert esdh.contracts.filter(title__icontains="ESDH").exists()
        sms = BusinessCase.objects.get(organisation__slug="nordby", title="Fælles SMS-platform")
        assert sms.contracts.filter(title__icontains="SMS").exists()
        assert interim == 2
        assert len(measurements) == 2 * 15


def test_demo_links_contracts_that_arrive_later(today):
    with scopes_disabled():
        world = load_demo_organisations()
        load_demo(world)
        esdh = BusinessCase.objects.get(organisation__slug="nordby", title="Nyt ESDH-system")
        assert not esdh.contracts.exists()

        load_contracts_demo(world)
        load_demo(world)
        esdh.refresh_from_db()

        assert esdh.contracts.filter(title__icontains="ESDH").exists()
        assert esdh.version == 3
