"""Demo notifications: today's scan over the demo contracts; the consultant prefers digests."""

from django.utils import timezone

from organisations.demo import DemoWorld

from .models import Delivery
from .services import notifications_scan, preferences_save


def load_demo(world: DemoWorld) -> None:
    """Idempotent: preferences are upserted and the scan creates each notification once."""
    consultant = world.users.get("konsulent")
    if consultant is not None:
        preferences_save(
            user=consultant,
            deliveries={"contract.notice": Delivery.DIGEST, "contract.milestone": Delivery.DIGEST},
        )
    notifications_scan(today=timezone.localdate())
