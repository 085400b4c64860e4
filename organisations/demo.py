"""Demo organisations and one user per role; used by the load_demo_data command."""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Organisation, User
from .roles import Role
from .services import membership_set_roles

MUNICIPALITIES = [("nordby", "Nordby Kommune", "901"), ("sydhavn", "Sydhavn Kommune", "902")]
EDITORIAL = ("kravsekretariatet", "Kravsekretariatet")
MUNICIPAL_ROLES = [
    (Role.ADMINISTRATOR, "admin", "Anne", "Administrator"),
    (Role.CONTRACT_MANAGER, "kontrakt", "Karin", "Kontraktansvarlig"),
    (Role.SYSTEM_OWNER, "system", "Søren", "Systemejer"),
    (Role.BENEFIT_OWNER, "gevinst", "Gitte", "Gevinstejer"),
    (Role.READER, "laeser", "Lars", "Læser"),
]


@dataclass
class DemoWorld:
    municipalities: list[Organisation] = field(default_factory=list)
    editorial: Organisation | None = None
    users: dict[str, User] = field(default_factory=dict)


def demo_password() -> str | None:
    """The shared demo password, or None in production, where each account gets a random one."""
    configured = getattr(settings, "DEMO_PASSWORD", "")
    if configured:
        return configured
    return "demo-kode-2026" if settings.DEBUG else None


def _user(world: DemoWorld, username: str, first: str, last: str, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@example.invalid",
            **extra,
        )
        user.set_password(demo_password() or secrets.token_urlsafe(24))
        user.save()
    world.users[username] = user
    return user


def _organisation(slug: str, name: str, kind: str, code: str = "") -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "municipality_code": code}
    )
    return organisation


@transaction.atomic
def load_demo_organisations() -> DemoWorld:
    world = DemoWorld()
    for slug, name, code in MUNICIPALITIES:
        organisation = _organisation(slug, name, Organisation.Kind.MUNICIPALITY, code)
        world.municipalities.append(organisation)
        for role, suffix, first, last in MUNICIPAL_ROLES:
            user = _user(world, f"{slug}.{suffix}", first, f"{last} ({name.split()[0]})")
            membership_set_roles(organisation=organisation, user=user, roles={role})

    editorial = _organisation(EDITORIAL[0], EDITORIAL[1], Organisation.Kind.EDITORIAL)
    world.editorial = editorial
    bank_editor = _user(world, "redaktion.krav", "Kirsten", "Kravredaktør")
    second_editor = _user(world, "redaktion.krav2", "Kasper", "Kravredaktør")
    for user in (bank_editor, second_editor):
        membership_set_roles(organisation=editorial, user=user, roles={Role.BANK_EDITOR})
    editors, _created = Group.objects.get_or_create(name="Editors")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    wagtail_editor = _user(world, "redaktion.editor", "Emil", "Redaktør")
    wagtail_moderator = _user(world, "redaktion.moderator", "Mona", "Moderator")
    wagtail_editor.groups.add(editors)
    wagtail_moderator.groups.add(moderators)
    for user in (wagtail_editor, wagtail_moderator):
        membership_set_roles(organisation=editorial, user=user, roles={Role.READER})

    # A consultant working for both municipalities shows the organisation switch.
    consultant = _user(world, "konsulent", "Klaus", "Konsulent")
    for organisation in world.municipalities:
        membership_set_roles(
            organisation=organisation, user=consultant, roles={Role.CONTRACT_MANAGER}
        )
    _user(world, "superbruger", "Super", "Bruger", is_superuser=True, is_staff=True)
    return world
