"""Load demo organisations, users and content; running it again changes nothing."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from benefits.demo import load_demo as load_benefits_demo
from cms.demo import load_demo as load_guidance_demo
from contracts.demo import load_demo as load_contracts_demo
from contracts.invoicing.demo import load_demo as load_invoices_demo
from organisations.demo import demo_password, load_demo_organisations
from organisations.models import Membership
from requirements.demo import load_demo as load_requirements_demo
from requirements.fulfilment.demo import load_demo as load_fulfilment_demo
from tasks.demo import load_demo as load_notifications_demo


class Command(BaseCommand):
    help = "Create demo municipalities, the editorial team, one user per role and demo content."

    def handle(self, *args, **options):
        # Wagtail logs every page created, edited and published (three lines per demo page).
        wagtail_log = logging.getLogger("wagtail")
        level = wagtail_log.level
        wagtail_log.setLevel(max(level, logging.WARNING))
        try:
            self._load()
        finally:
            wagtail_log.setLevel(level)

    def _load(self):
        with scopes_disabled():
            world = load_demo_organisations()
            load_guidance_demo(world)
            load_contracts_demo(world)
            load_invoices_demo(world)
            load_benefits_demo(world)
            load_requirements_demo(world)
            load_notifications_demo(world)
            load_fulfilment_demo(world)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            if not settings.DEBUG:
                self.stdout.write("Demo logins are not printed when DEBUG is off.")
                return
            self.stdout.write(f"Demo logins (password: {demo_password()}):")
            memberships = Membership.objects.select_related("organisation").order_by("role")
            for username, user in world.users.items():
                roles = ", ".join(
                    f"{m.get_role_display()} ({m.organisation.name})"
                    for m in memberships
                    if m.user_id == user.pk
                )
                extra = " + Wagtail " + "/".join(g.name for g in user.groups.all())
                extra = extra if user.groups.exists() else ""
                if user.is_superuser:
                    roles = "superuser"
                self.stdout.write(f"  {username:22} {roles}{extra}")
