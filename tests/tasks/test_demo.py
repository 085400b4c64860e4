"""Demo notifications: created from the demo contracts, and loading twice changes nothing."""

import pytest
from django_scopes import scopes_disabled

from contracts.demo import load_demo as load_contracts_demo
from organisations.demo import load_demo_organisations
from tasks.demo import load_demo
from tasks.models import Delivery, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_demo_notifications_are_created_once():
    with scopes_disabled():
        world = load_demo_organisations()
        load_contracts_demo(world)
        load_demo(world)
        first = list(Notification.objects.order_by("pk").values_list("pk", "kind", "recipient"))
        load_demo(world)
        second = list(Notification.objects.order_by("pk").values_list("pk", "kind", "recipient"))

    assert first == second
    assert {kind for _pk, kind, _user in first} >= {"contract.notice"}
    assert dict(
        NotificationPreference.objects.filter(user=world.users["konsulent"]).values_list(
            "kind", "delivery"
        )
    ) == {"contract.notice": Delivery.DIGEST, "contract.milestone": Delivery.DIGEST}
