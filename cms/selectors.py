"""Reads for guidance: relevant guides for a page or a role, search, and checklist runs."""

import importlib.util
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from wagtail.models import Page

from organisations.models import Organisation
from organisations.roles import Role

from .models import (
    ChecklistPage,
    ChecklistRun,
    ChecklistRunItem,
    GuideIndexPage,
    Phase,
    QuickGuidePage,
    RoleDescriptionPage,
)

# The guidance roles whose guides each role in the app sees first (e.g. on the dashboard).
GUIDANCE_ROLES_FOR_APP_ROLE: dict[str, tuple[str, ...]] = {
    Role.ADMINISTRATOR: ("business_owner",),
    Role.CONTRACT_MANAGER: ("contract_manager",),
    Role.SYSTEM_OWNER: ("system_owner",),
    Role.BENEFIT_OWNER: ("benefit_owner",),
    Role.READER: ("procurement_legal",),
    Role.BANK_EDITOR: ("it_architect", "security"),
}
MAX_GUIDES = 10
MAX_SEARCH_RESULTS = 100
GUIDANCE_PAGE_TYPES = (QuickGuidePage, ChecklistPage, RoleDescriptionPage)


def guidance_roles_for(app_roles: Iterable[str]) -> list[str]:
    """Guidance role slugs for the app roles a member holds, in the order of Role."""
    held = set(app_roles)
    slugs: list[str] = []
    for role in Role:
        if role in held:
            slugs.extend(s for s in GUIDANCE_ROLES_FOR_APP_ROLE[role] if s not in slugs)
    return slugs


def _ranked(model, *, phases: list[str], topics: list[str], limit: int) -> list[Page]:
    """Live pages of `model` tagged with any of the phases or topics, best match first."""
    wanted = Q()
    if phases:
        wanted |= Q(phases__slug__in=phases)
    if topics:
        wanted |= Q(topics__slug__in=topics)
    if not wanted:
        return []
    zero = Value(0, output_field=IntegerField())
    queryset = (
        model.objects.live()
        .filter(pk__in=model.objects.filter(wanted).values("pk"))
        .annotate(
            topic_hits=Count("topics", filter=Q(topics__slug__in=topics), distinct=True)
            if topics
            else zero,
            phase_hits=Count("phases", filter=Q(phases__slug__in=phases), distinct=True)
            if phases
            else zero,
        )
        .annotate(relevance=F("topic_hits") + F("phase_hits"))
        .order_by("-relevance", "-phase_hits", "path")
    )
    return list(queryset[:limit])


def guides_for_context(
    *, phases: Iterable[str] = (), topics: Iterable[str] = (), limit: int = 3
) -> list[Page]:
    """Quick guides and checklists for an app page, most relevant first (two queries).

    A page matches when it is tagged with one of `phases` or `topics`; pages matching more topics
    come first, then those in a wanted phase; quick guides before checklists on a tie.
    """
    phases, topics = list(phases), list(topics)
    limit = max(0, min(limit, MAX_GUIDES))
    if not limit:
        return []
    found = [
        (kind, page)
        for kind, model in enumerate((QuickGuidePage, ChecklistPage))
        for page in _ranked(model, phases=phases, topics=topics, limit=limit)
    ]
    found.sort(key=lambda pair: (-pair[1].relevance, -pair[1].phase_hits, pair[0], pair[1].path))
    return [page for _kind, page in found[:limit]]


def guides_for_roles(*, app_roles: Iterable[str], limit: int = 3) -> list[Page]:
    """The role descriptions of the member's roles, then quick guides for them (two queries)."""
    slugs = guidance_roles_for(app_roles)
    limit = max(0, min(limit, MAX_GUIDES))
    if not slugs or not limit:
        return []
    descriptions = list(
        RoleDescriptionPage.objects.live().filter(role__slug__in=slugs).order_by("path")[:limit]
    )
    guides = list(
        QuickGuidePage.objects.live()
        .filter(pk__in=QuickGuidePage.objects.filter(roles__slug__in=slugs).values("pk"))
        .annotate(role_hits=Count("roles", filter=Q(roles__slug__in=slugs), distinct=True))
        .order_by("-role_hits", "path")[: limit - len(descriptions)]
    )
    return [*descriptions, *guides]


@dataclass
class IndexSection:
    phase: Phase | None
    guides: list[QuickGuidePage] = field(default_factory=list)


@dataclass
class IndexSections:
    by_phase: list[IndexSection]
    checklists: list[ChecklistPage]
    role_descriptions: list[RoleDescriptionPage]


def guide_index_sections(*, index_page: GuideIndexPage) -> IndexSections:
    """The live children of a guide index: quick guides by phase, checklists, role descriptions.

    A guide tagged with several phases is listed under each; untagged guides come last.
    """
    children = index_page.get_children().live()
    guides = list(
        QuickGuidePage.objects.filter(pk__in=children.values("pk"))
        .prefetch_related("phases")
        .defer("body")
        .order_by("path")
    )
    sections = [IndexSection(phase=phase) for phase in Phase.objects.order_by("order")]
    by_pk = {section.phase.pk: section for section in sections}
    untagged = IndexSection(phase=None)
    for guide in guides:
        phases = list(guide.phases.all())
        for phase in phases:
            by_pk[phase.pk].guides.append(guide)
        if not phases:
            untagged.guides.append(guide)
    checklists = list(
        ChecklistPage.objects.filter(pk__in=children.values("pk")).defer("groups").order_by("path")
    )
    descriptions = list(
        RoleDescriptionPage.objects.filter(pk__in=children.values("pk"))
        .select_related("role")
        .defer("responsibilities")
        .order_by("path")
    )
    return IndexSections(
        by_phase=[s for s in [*sections, untagged] if s.guides],
        checklists=checklists,
        role_descriptions=descriptions,
    )


def guidance_search(query: str, *, limit: int = MAX_SEARCH_RESULTS) -> list[Page]:
    """Live guidance pages matching `query` (Wagtail search), best match first.

    Whole-word matches come first, then pages with words that start with the query's words:
    Danish compounds mean "faktura" should also find "fakturakontrol" and "fakturaer".
    """
    # Only words: quotes and upper-case AND/OR/NEAR are query syntax to SQLite's FTS5.
    query = " ".join(re.sub(r"[^\w\s]", " ", query).lower().split())
    if not query:
        return []
    pages = Page.objects.live().type(*GUIDANCE_PAGE_TYPES).specific()
    found = list(pages.search(query)[:limit])
    seen = {page.pk for page in found}
    if len(found) < limit:
        found += [page for page in pages.autocomplete(query)[:limit] if page.pk not in seen]
    return found[:limit]


@dataclass(frozen=True)
class RequirementHit:
    title: str
    url: str
    summary: str


def published_requirements_search(query: str, limit: int) -> list[RequirementHit]:
    """Published bank requirements matching `query`, when the requirements app offers a search.

    The requirement bank is built separately: this calls
    `requirements.selectors.search_published_requirements(query, limit)` only if that function
    exists. Each result may be a mapping (title/url/summary) or an object with `title` (or
    `__str__`), `url` (or `get_absolute_url()`) and optionally `summary` (or `text`).
    """
    query = query.strip()
    if not query or importlib.util.find_spec("requirements.selectors") is None:
        return []
    module = importlib.import_module("requirements.selectors")
    if not hasattr(module, "search_published_requirements"):
        return []
    hits = []
    for result in module.search_published_requirements(query, limit):
        if isinstance(result, Mapping):
            title = result.get("title", "")
            url = result.get("url", "")
            summary = result.get("summary", "")
        else:
            title = getattr(result, "title", None) or str(result)
            get_url = getattr(result, "get_absolute_url", None)
            url = getattr(result, "url", None) or (get_url() if callable(get_url) else "")
            summary = getattr(result, "summary", None) or getattr(result, "text", "") or ""
        hits.append(RequirementHit(title=str(title), url=str(url), summary=str(summary)))
    return hits[:limit]


# --- Checklist runs -------------------------------------------------------------------------


def live_checklists() -> QuerySet[ChecklistPage]:
    return ChecklistPage.objects.live().defer("groups").order_by("path")


def live_checklist(*, pk: int) -> ChecklistPage | None:
    return ChecklistPage.objects.live().filter(pk=pk).first()


def checklist_runs_for(*, organisation: Organisation) -> QuerySet[ChecklistRun]:
    """An organisation's runs, newest first, with their progress (points and ticked points)."""
    return (
        ChecklistRun.objects.filter(organisation=organisation)
        .select_related("created_by", "checklist")
        .defer("checklist__groups")
        .annotate(
            point_count=Count("items"),
            checked_count=Count("items", filter=Q(items__checked=True)),
        )
        .order_by("-created_at", "-pk")
    )


def checklist_run_points(*, run: ChecklistRun) -> list[ChecklistRunItem]:
    return list(
        ChecklistRunItem.objects.filter(organisation=run.organisation_id, run=run)
        .select_related("checked_by")
        .order_by("position")
    )
