"""Demo guidance: phases, roles and topics, the guide index with published pages, the workflow.

Pages are found by slug and created only when missing, so a second run changes nothing (and
never overwrites what editors changed). Block ids are derived from the page slug, so the keys
that checklist runs refer to are the same in every installation.
"""

import uuid
from typing import Any

from django.db import transaction
from wagtail.models import Page, Site

from organisations.demo import DemoWorld
from organisations.models import User
from organisations.scoping import tenant

from .demo_content import CHECKLISTS, PHASES, QUICK_GUIDES, ROLE_DESCRIPTIONS, ROLES, TOPICS
from .models import (
    ChecklistPage,
    ChecklistRun,
    GuidanceRole,
    GuideIndexPage,
    HomePage,
    Phase,
    QuickGuidePage,
    RoleDescriptionPage,
    Topic,
)
from .services import (
    PointUpdate,
    checklist_run_start,
    checklist_run_update_points,
    guidance_moderation_setup,
)
from .sites import site_address

TOPIC_NAMES = {
    "contract": "Kontrakt",
    "invoice": "Faktura",
    "renewal": "Forlængelse og genudbud",
    "exit": "Exit",
    "requirements": "Krav",
    "architecture": "Arkitektur",
    "benefits": "Gevinster",
    "business_case": "Business case",
    "market": "Marked",
    "procurement_form": "Udbudsform",
    "roles": "Roller",
}
CHECKLIST_TOPICS = {
    "den-gode-anskaffelsesproces": ["roles"],
    "arkitekturafklaring": ["architecture", "requirements"],
}
INDEX_SLUG = "vejledninger"
INDEX_TITLE = "Vejledninger"
INDEX_INTRO = (
    "Korte vejledninger, tjeklister og rollebeskrivelser til hver fase af en it-anskaffelse. "
    "Find det, der passer til det, du står med nu."
)
HOME_INTRO = (
    "<p>Korte vejledninger, tjeklister og rollebeskrivelser til kommunens it-anskaffelser.</p>"
)
BLOCK_NAMESPACE = uuid.UUID("0b6c2f1e-5d1a-4c55-9a54-6b1f4a7e2c90")
DEMO_RUN = {
    "municipality": 0,
    "checklist": "den-gode-anskaffelsesproces",
    "title": "Nyt SMS-system",
    "subject": "Udbud af SMS-løsning til borgerkommunikation",
    "username_suffix": "kontrakt",
    "ticked": 3,
}


def _block_id(*parts: str) -> str:
    return str(uuid.uuid5(BLOCK_NAMESPACE, "/".join(parts)))


def _stream(slug: str, blocks: list[tuple[str, Any]]) -> list[dict]:
    return [
        {"type": block_type, "value": value, "id": _block_id(slug, str(number))}
        for number, (block_type, value) in enumerate(blocks)
    ]


def _list(slug: str, prefix: str, values: list[Any]) -> list[dict]:
    return [
        {"type": "item", "value": value, "id": _block_id(slug, prefix, str(number))}
        for number, value in enumerate(values)
    ]


def load_taxonomy() -> None:
    """The phases, roles and topics guidance is tagged with."""
    for order, slug, danish, _english in PHASES:
        Phase.objects.get_or_create(slug=slug, defaults={"order": order, "name": danish})
    for slug, danish, _english in ROLES:
        GuidanceRole.objects.get_or_create(slug=slug, defaults={"name": danish})
    for slug in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": TOPIC_NAMES[slug]})


def home_page() -> HomePage:
    """The guidance home page (made by migration 0002); created again only if it was removed."""
    home = HomePage.objects.order_by("path").first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Vejledning", slug="home", intro=HOME_INTRO)
        )
        hostname, port = site_address()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": hostname, "port": port, "root_page": home}
        )
    return home


def publish_new_page(parent: Page, page: Page, *, user: User | None) -> Page:
    """Add `page` under `parent` as a published revision."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def guide_index(home: HomePage, *, user: User | None = None) -> GuideIndexPage:
    index = GuideIndexPage.objects.child_of(home).filter(slug=INDEX_SLUG).first()
    if index is None:
        index = publish_new_page(
            home,
            GuideIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO),
            user=user,
        )
    return index


def _tags(model, slugs: list[str]) -> list:
    by_slug = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    return [by_slug[slug] for slug in slugs]


def _guide_body(guide: dict) -> list[dict]:
    slug = guide["slug"]
    blocks: list[tuple[str, Any]] = [
        (
            "steps",
            {"steps": _list(slug, "steps", [{"title": t, "text": x} for t, x in guide["steps"]])},
        ),
        *[("tip", {"text": tip}) for tip in guide["tips"]],
        *[("warning", {"text": warning}) for warning in guide["warnings"]],
    ]
    if guide["links"]:
        links = [{"label": label, "url": url} for label, url in guide["links"]]
        blocks.append(("links", {"heading": "", "links": _list(slug, "links", links)}))
    if guide["checklist"]:
        items = _list(slug, "checklist", guide["checklist"])
        blocks.append(("checklist", {"title": "", "items": items}))
    return _stream(slug, blocks)


def _checklist_groups(checklist: dict) -> list[dict]:
    slug = checklist["slug"]
    return _stream(
        slug,
        [
            (
                "group",
                {
                    "title": title,
                    "items": _list(
                        slug,
                        f"group-{number}",
                        [{"text": text, "help_text": help_text} for text, help_text in items],
                    ),
                },
            )
            for number, (title, items) in enumerate(checklist["groups"])
        ],
    )


def _responsibilities(description: dict) -> list[dict]:
    phases = {phase.slug: phase.pk for phase in Phase.objects.all()}
    return _stream(
        description["slug"],
        [
            (
                "phase",
                {
                    "phase": phases[phase],
                    "duties": _list(description["slug"], phase, duties),
                },
            )
            for phase, duties in description["responsibilities"].items()
        ],
    )


def load_guidance_pages(index: GuideIndexPage, *, user: User | None = None) -> None:
    """Every quick guide, checklist and role description of demo_content, published."""
    existing = set(index.get_children().values_list("slug", flat=True))
    for guide in QUICK_GUIDES:
        if guide["slug"] in existing:
            continue
        page = QuickGuidePage(
            title=guide["title"],
            slug=guide["slug"],
            summary=guide["summary"],
            body=_guide_body(guide),
        )
        page.phases = _tags(Phase, guide["phases"])
        page.roles = _tags(GuidanceRole, guide["roles"])
        page.topics = _tags(Topic, guide["topics"])
        publish_new_page(index, page, user=user)
    for checklist in CHECKLISTS:
        if checklist["slug"] in existing:
            continue
        page = ChecklistPage(
            title=checklist["title"],
            slug=checklist["slug"],
            summary=checklist["intro"],
            groups=_checklist_groups(checklist),
        )
        page.phases = _tags(Phase, checklist["phases"])
        page.topics = _tags(Topic, CHECKLIST_TOPICS.get(checklist["slug"], []))
        publish_new_page(index, page, user=user)
    roles = {role.slug: role for role in GuidanceRole.objects.all()}
    for description in ROLE_DESCRIPTIONS:
        if description["slug"] in existing:
            continue
        page = RoleDescriptionPage(
            title=description["title"],
            slug=description["slug"],
            summary=description["summary"],
            role=roles[description["role"]],
            responsibilities=_responsibilities(description),
        )
        publish_new_page(index, page, user=user)


def _demo_run(world: DemoWorld, index: GuideIndexPage) -> None:
    """One checklist run in the first municipality, a few points ticked."""
    if not world.municipalities:
        return
    organisation = world.municipalities[DEMO_RUN["municipality"]]
    user = world.users.get(f"{organisation.slug}.{DEMO_RUN['username_suffix']}")
    checklist = ChecklistPage.objects.child_of(index).filter(slug=DEMO_RUN["checklist"]).first()
    if user is None or checklist is None:
        return
    with tenant(organisation):
        if ChecklistRun.objects.filter(organisation=organisation, title=DEMO_RUN["title"]).exists():
            return
        run = checklist_run_start(
            organisation=organisation,
            checklist=checklist,
            title=DEMO_RUN["title"],
            subject=DEMO_RUN["subject"],
            user=user,
        )
        first = run.items.order_by("position")[: DEMO_RUN["ticked"]]
        checklist_run_update_points(
            run=run,
            user=user,
            updates=[PointUpdate(item_id=item.pk, checked=True, comment="") for item in first],
        )


@transaction.atomic
def load_demo(world: DemoWorld) -> None:
    """Taxonomy, guide index, all demo pages (published), the moderation workflow, a demo run."""
    load_taxonomy()
    home = home_page()
    publisher = world.users.get("redaktion.moderator")
    index = guide_index(home, user=publisher)
    load_guidance_pages(index, user=publisher)
    guidance_moderation_setup(home=home)
    _demo_run(world, index)
