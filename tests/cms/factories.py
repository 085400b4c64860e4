"""Builders for guidance pages and checklist runs in tests."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from wagtail.models import Locale, Page

from cms.demo import guide_index, home_page, load_taxonomy, publish_new_page
from cms.models import (
    ChecklistPage,
    GuidanceRole,
    GuideIndexPage,
    Phase,
    QuickGuidePage,
    RoleDescriptionPage,
    Topic,
)
from cms.services import EDITORS_GROUP, MODERATORS_GROUP, guidance_moderation_setup
from tests.factories import UserFactory


def ensure_page_tree() -> GuideIndexPage:
    """Locale, root, home page, taxonomy and guide index, also after a transactional flush."""
    Locale.objects.get_or_create(language_code="da")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.first()))
    load_taxonomy()
    return guide_index(home_page())


def set_up_moderation() -> tuple[Group, Group]:
    guidance_moderation_setup(home=home_page())
    return Group.objects.get(name=EDITORS_GROUP), Group.objects.get(name=MODERATORS_GROUP)


def wagtail_user(group_name: str, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def _tag(page, phases: Iterable[str], roles: Iterable[str], topics: Iterable[str]) -> None:
    page.phases = list(Phase.objects.filter(slug__in=list(phases)))
    page.roles = list(GuidanceRole.objects.filter(slug__in=list(roles)))
    page.topics = list(Topic.objects.filter(slug__in=list(topics)))


def _add(index: Page, page: Page, *, live: bool) -> Page:
    if live:
        return publish_new_page(index, page, user=None)
    page.live = False
    index.add_child(instance=page)
    page.save_revision()
    return page


def make_quick_guide(
    index: GuideIndexPage,
    *,
    title: str,
    slug: str | None = None,
    summary: str = "Et kort resumé.",
    phases: Iterable[str] = (),
    roles: Iterable[str] = (),
    topics: Iterable[str] = (),
    body: list | None = None,
    live: bool = True,
) -> QuickGuidePage:
    page = QuickGuidePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        summary=summary,
        body=body
        if body is not None
        else [{"type": "tip", "value": {"text": f"Et godt råd om {title}."}}],
    )
    _tag(page, phases, roles, topics)
    return _add(index, page, live=live)


def make_checklist(
    index: GuideIndexPage,
    *,
    title: str,
    slug: str | None = None,
    groups: list[tuple[str, list[tuple[str, str]]]] | None = None,
    phases: Iterable[str] = (),
    roles: Iterable[str] = (),
    topics: Iterable[str] = (),
    live: bool = True,
) -> ChecklistPage:
    groups = groups or [
        ("Før udbuddet", [("Behovet er beskrevet", "Uden produktnavne."), ("Budget", "")]),
        ("Efter udbuddet", [("Kontrakten er registreret", "Med frister.")]),
    ]
    page = ChecklistPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        summary=f"Tjekliste: {title}.",
        groups=[
            {
                "type": "group",
                "value": {
                    "title": group_title,
                    "items": [
                        {
                            "type": "item",
                            "value": {"text": text, "help_text": help_text},
                            "id": f"{slug or title}-{number}-{position}",
                        }
                        for position, (text, help_text) in enumerate(items)
                    ],
                },
            }
            for number, (group_title, items) in enumerate(groups)
        ],
    )
    _tag(page, phases, roles, topics)
    return _add(index, page, live=live)


def make_role_description(
    index: GuideIndexPage, *, role: str, title: str, live: bool = True
) -> RoleDescriptionPage:
    phase = Phase.objects.get(slug="operation")
    page = RoleDescriptionPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary=f"Hvad {title} gør.",
        role=GuidanceRole.objects.get(slug=role),
        responsibilities=[
            {"type": "phase", "value": {"phase": phase.pk, "duties": ["Følger op på fakturaer."]}}
        ],
    )
    return _add(index, page, live=live)
