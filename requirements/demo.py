"""Demo data: the editorial team's published bank with history, release 2026.1 and one
specification in progress per demo municipality. Running it twice changes nothing."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from organisations.demo import DemoWorld

from . import services
from .demo_content import CATEGORIES, RELATIONS, REQUIREMENTS, TAGS
from .models import (
    BankRelease,
    Category,
    Kind,
    Requirement,
    RequirementRelation,
    RequirementVersion,
    Specification,
    SpecificationItem,
    Tag,
)

RELEASE = "2026.1"
FIRST_PUBLISHED = datetime(2025, 3, 3, 10, 0)

# (municipality slug, title, procurement, top-level categories, decisions by key)
SPECIFICATIONS = [
    (
        "nordby",
        "Nyt ESDH-system",
        "Udbud 2026-014",
        ["ARK", "SIK", "INT"],
        {
            "ARK-001": ("as_is", "", ""),
            "ARK-002": (
                "modified",
                "Vi bruger allerede KLE-feltlisten fra vores nuværende ESDH-system.",
                "Løsningen skal for hvert journaliseret dokument registrere titel, dato, afsender "
                "eller modtager, sagsnummer, dokumenttype og KLE-emne. Metadata skal kunne "
                "eksporteres sammen med dokumentet.",
            ),
            "ARK-003": ("as_is", "", ""),
            "SIK-001": ("as_is", "", ""),
        },
    ),
    (
        "sydhavn",
        "Mobil hjemmepleje",
        "Udbud 2026-003",
        ["MOB", "SIK", "TIL"],
        {
            "MOB-001": ("as_is", "", ""),
            "MOB-004": (
                "excluded",
                "Hjemmeplejen arbejder altid med netforbindelse via kommunens mobilabonnement.",
                "",
            ),
            "TIL-001": ("as_is", "", ""),
        },
    ),
]


def _categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for position, (key, parent, name, name_en, description) in enumerate(CATEGORIES):
        category, _created = Category.objects.update_or_create(
            key=key,
            defaults={
                "parent": categories.get(parent) if parent else None,
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )
        categories[key] = category
    return categories


def _version(requirement, number, status, data, content, editor, approver, published_at):
    version = RequirementVersion(
        requirement=requirement,
        number=number,
        status=status,
        created_by=editor,
        submitted_by=editor,
        published_by=approver,
        published_at=published_at,
        **{**content, **data},
    )
    version.full_clean()
    version.save()
    return version


def _requirement(data: dict, categories, tags, editor, approver, index: int) -> None:
    if Requirement.objects.filter(organisation__isnull=True, key=data["key"]).exists():
        return
    requirement = Requirement(key=data["key"], category=categories[data["category"]])
    requirement.full_clean()
    requirement.save()
    requirement.tags.set(tags[name] for name in data["tags"])
    content = {
        "title": data["title"],
        "text": data["text"],
        "purpose": data["purpose"],
        "buyer_guidance": data["buyer_guidance"],
        "verification": data["verification"],
        "evidence": data["evidence"],
        "sources": list(data["sources"]),
        "kind": data["kind"] or Kind.MINIMUM,
        "cost_note": data["cost_note"],
        "change_note": data.get("change_note", "Første udgave."),
    }
    published_at = timezone.make_aware(FIRST_PUBLISHED + timedelta(hours=index))
    older = data.get("versions", [])
    for number, old in enumerate(older, start=1):
        _version(
            requirement,
            number,
            RequirementVersion.Status.SUPERSEDED,
            old,
            content,
            editor,
            approver,
            published_at - timedelta(days=120 * (len(older) - number + 1)),
        )
    current = _version(
        requirement,
        len(older) + 1,
        RequirementVersion.Status.PUBLISHED,
        {},
        content,
        editor,
        approver,
        published_at,
    )
    requirement.current_version = current
    requirement.save(update_fields=["current_version"])


def _specification(organisation, user, release, title, procurement, category_keys, decisions):
    if Specification.objects.filter(organisation=organisation, title=title).exists():
        return
    specification = services.specification_create(
        organisation=organisation,
        title=title,
        procurement=procurement,
        release=release,
        categories=Category.objects.filter(key__in=category_keys),
        description="Kravspecifikation under udarbejdelse på grundlag af den fælles kravbank.",
        actor=user,
    )
    items = SpecificationItem.objects.filter(specification=specification).select_related(
        "requirement", "version", "specification"
    )
    for item in items:
        if item.requirement.key not in decisions:
            continue
        decision, justification, text = decisions[item.requirement.key]
        services.item_decide(
            item=item,
            decision=decision,
            justification=justification,
            modified_text=text,
            kind=item.kind,
            actor=user,
        )


@transaction.atomic
def load_demo(world: DemoWorld) -> None:
    with scopes_disabled():
        editor = world.users["redaktion.krav"]
        approver = world.users["redaktion.krav2"]
        categories = _categories()
        tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAGS}
        for index, data in enumerate(REQUIREMENTS):
            _requirement(data, categories, tags, editor, approver, index)
        services.index_for_search(
            RequirementVersion.objects.filter(
                requirement__organisation__isnull=True,
                status=RequirementVersion.Status.PUBLISHED,
                search_vector__isnull=True,
            ).values_list("pk", flat=True)
        )
        by_key = {r.key: r for r in Requirement.objects.filter(organisation__isnull=True)}
        for source, relation_type, target in RELATIONS:
            RequirementRelation.objects.get_or_create(
                source=by_key[source], type=relation_type, target=by_key[target]
            )
        release = BankRelease.objects.filter(number=RELEASE).first()
        if release is None:
            release = services.release_create(
                number=RELEASE,
                released_on=date(2026, 1, 15),
                note="Første samlede udgivelse af den fælles kravbank.",
                actor=approver,
            )
        for slug, title, procurement, category_keys, decisions in SPECIFICATIONS:
            organisation = next((m for m in world.municipalities if m.slug == slug), None)
            if organisation is None:
                continue
            user = world.users.get(f"{slug}.kontrakt")
            _specification(
                organisation, user, release, title, procurement, category_keys, decisions
            )
