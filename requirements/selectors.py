"""Reads: the bank (browse, search, history), releases, specifications and their progress."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django_scopes import scopes_disabled

from config.queries import count_of
from organisations.models import Organisation

from .models import (
    SEARCH_CONFIG,
    BankRelease,
    BankReleaseEntry,
    Category,
    Requirement,
    RequirementRelation,
    RequirementVersion,
    Specification,
    SpecificationItem,
    SupplierAnswer,
    SupplierResponse,
    Tag,
)

Status = RequirementVersion.Status
Decision = SpecificationItem.Decision

# PostgreSQL's Danish stemming finds "sikkerhedskopier" for "sikkerhedskopi", using the stored,
# GIN-indexed search_vector; SQLite (development and tests) falls back to substring matching.
KEY_QUERY = re.compile(r"^[A-Za-zÆØÅæøå]{2,6}-[0-9A-Za-z-]*\d$")


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Categories --------------------------------------------------------------------------------


@dataclass
class CategoryNode:
    category: Category
    depth: int
    children: list["CategoryNode"] = field(default_factory=list)


def category_tree() -> list[CategoryNode]:
    """The whole tree in display order, read in one query."""
    nodes: dict[int, CategoryNode] = {}
    roots: list[CategoryNode] = []
    for category in Category.objects.order_by("position", "key"):
        nodes[category.pk] = CategoryNode(category=category, depth=0)
    for node in nodes.values():
        parent = nodes.get(node.category.parent_id)
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)

    def set_depth(node: CategoryNode, depth: int) -> None:
        node.depth = depth
        for child in node.children:
            set_depth(child, depth + 1)

    for root in roots:
        set_depth(root, 0)
    return roots


def flatten(nodes: list[CategoryNode]) -> list[CategoryNode]:
    flat: list[CategoryNode] = []
    for node in nodes:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


def category_labels(flat: list[CategoryNode]) -> dict[int, str]:
    """Category id -> "Parent – Child" in the active language, for a flattened tree."""
    by_pk = {node.category.pk: node.category for node in flat}
    labels = {}
    for node in flat:
        category = node.category
        parent = by_pk.get(category.parent_id)
        name = category.display_name
        labels[category.pk] = f"{parent.display_name} – {name}" if parent else name
    return labels


def category_order() -> dict[int, int]:
    """Category id -> position in the tree's display order (parents before their children)."""
    return {node.category.pk: index for index, node in enumerate(flatten(category_tree()))}


def descendant_ids(category_id: int, *, tree: list[CategoryNode] | None = None) -> list[int]:
    """The category and every category below it (`tree`: the flattened tree, if read already)."""
    for node in tree if tree is not None else flatten(category_tree()):
        if node.category.pk == category_id:
            return [n.category.pk for n in flatten([node])]
    return [category_id]


# --- The bank ----------------------------------------------------------------------------------


def visible_requirements(*, organisation: Organisation | None) -> QuerySet[Requirement]:
    """The shared bank plus the organisation's own local requirements."""
    own = Q(organisation=organisation) if organisation is not None else Q(pk__in=[])
    return Requirement.objects.filter(Q(organisation__isnull=True) | own)


def _search(queryset: QuerySet[Requirement], query: str) -> QuerySet[Requirement]:
    query = query.strip()
    if not query:
        return queryset
    if KEY_QUERY.match(query):
        # A key such as SIK-012 (or its beginning, SIK-0) is looked up, not searched for.
        return queryset.filter(key__istartswith=query)
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.filter(current_version__search_vector=search)
            .annotate(rank=SearchRank(F("current_version__search_vector"), search))
            .order_by("-rank", "key")
        )
    words = query.split()
    for word in words:
        queryset = queryset.filter(
            Q(key__icontains=word)
            | Q(current_version__title__icontains=word)
            | Q(current_version__text__icontains=word)
            | Q(current_version__purpose__icontains=word)
        )
    return queryset


def bank_requirements(
    *,
    organisation: Organisation | None,
    query: str = "",
    category_ids: list[int] | None = None,
    tag: str = "",
    kind: str = "",
    status: str = "",
    include_unpublished: bool = False,
) -> QuerySet[Requirement]:
    """Requirements for the bank's list pages, with what a row shows joined.

    Readers see requirements with a published (or withdrawn) version; bank editors also see
    requirements that only have a draft. `status` filters on the current version's status, or
    on an open draft ("draft", "review").
    """
    queryset = visible_requirements(organisation=organisation)
    open_drafts = RequirementVersion.objects.filter(
        requirement=OuterRef("pk"), status__in=[Status.DRAFT, Status.REVIEW]
    )
    queryset = queryset.annotate(open_status=open_drafts.values("status")[:1])
    if not include_unpublished:
        queryset = queryset.filter(current_version__isnull=False)
    if category_ids is not None:
        queryset = queryset.filter(category_id__in=category_ids)
    if tag:
        queryset = queryset.filter(tags__name=tag)
    if kind:
        queryset = queryset.filter(current_version__kind=kind)
    if status in (Status.PUBLISHED, Status.WITHDRAWN):
        queryset = queryset.filter(current_version__status=status)
    elif status in (Status.DRAFT, Status.REVIEW) and include_unpublished:
        queryset = queryset.filter(Exists(open_drafts.filter(status=status)))
    elif status == "local":
        queryset = queryset.filter(organisation__isnull=False)
    queryset = queryset.select_related("current_version", "category").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )
    queryset = _search(queryset, query)
    if not query.strip():
        queryset = queryset.order_by("key")
    return queryset


def tags(*, organisation: Organisation | None) -> QuerySet[Tag]:
    """The tags on requirements the organisation can see: another municipality's local tags
    are its own business."""
    return (
        Tag.objects.filter(requirement__in=visible_requirements(organisation=organisation))
        .distinct()
        .order_by("name")
    )


def requirement_for(*, organisation: Organisation | None, uuid) -> Requirement:
    """One visible requirement or 404; another municipality's local requirement is 404 too."""
    return get_object_or_404(
        visible_requirements(organisation=organisation).select_related(
            "category", "current_version", "organisation"
        ),
        uuid=uuid,
    )


def versions_of(requirement: Requirement, *, include_unpublished: bool) -> list[RequirementVersion]:
    versions = RequirementVersion.objects.filter(requirement=requirement).select_related(
        "created_by", "published_by", "submitted_by"
    )
    if not include_unpublished:
        versions = versions.exclude(status__in=[Status.DRAFT, Status.REVIEW])
    return list(versions.order_by("-number"))


def _versions(requirement: Requirement, *, include_unpublished: bool):
    versions = RequirementVersion.objects.filter(requirement=requirement)
    if not include_unpublished:
        versions = versions.exclude(status__in=[Status.DRAFT, Status.REVIEW])
    return versions


def version_of(
    requirement: Requirement, number: int, *, include_unpublished: bool
) -> RequirementVersion:
    versions = _versions(requirement, include_unpublished=include_unpublished)
    version = get_object_or_404(
        versions.select_related("created_by", "published_by", "submitted_by"), number=number
    )
    version.requirement = requirement
    return version


def previous_version(
    requirement: Requirement, number: int, *, include_unpublished: bool
) -> RequirementVersion | None:
    """The version before `number` that the reader may see (to compare with), if any."""
    versions = _versions(requirement, include_unpublished=include_unpublished)
    return versions.filter(number__lt=number).order_by("-number").first()


def relation_of(requirement: Requirement, pk: int) -> RequirementRelation:
    """One of the requirement's relations, either way round; 404 if it has no such relation."""
    return get_object_or_404(
        RequirementRelation.objects.filter(Q(source=requirement) | Q(target=requirement)), pk=pk
    )


@dataclass(frozen=True)
class RelationView:
    relation: RequirementRelation
    label: str
    other: Requirement


def relations_of(requirement: Requirement) -> list[RelationView]:
    """Typed relations both ways: "depends on X" here is "is needed by" on X's page."""
    relations = RequirementRelation.objects.filter(
        Q(source=requirement) | Q(target=requirement)
    ).select_related("source__current_version", "target__current_version")
    views = []
    for relation in relations:
        if relation.source_id == requirement.pk:
            views.append(RelationView(relation, relation.get_type_display(), relation.target))
        else:
            views.append(RelationView(relation, relation.inverse_label(), relation.source))
    return sorted(views, key=lambda view: (str(view.label), view.other.key))


def review_queue() -> QuerySet[RequirementVersion]:
    return (
        RequirementVersion.objects.filter(
            requirement__organisation__isnull=True, status__in=[Status.REVIEW, Status.DRAFT]
        )
        .select_related("requirement", "created_by", "submitted_by")
        .order_by("status", "requirement__key")
    )


def releases() -> QuerySet[BankRelease]:
    return BankRelease.objects.annotate(size=Count("entries")).order_by("-released_on", "-pk")


def release_or_404(pk: int) -> BankRelease:
    return get_object_or_404(BankRelease, pk=pk)


def latest_release() -> BankRelease | None:
    return BankRelease.objects.order_by("-released_on", "-pk").first()


def release_entries(release: BankRelease) -> QuerySet[BankReleaseEntry]:
    return (
        BankReleaseEntry.objects.filter(release=release)
        .select_related("requirement", "version")
        .order_by("requirement__key")
    )


def local_requirements(*, organisation: Organisation) -> QuerySet[Requirement]:
    return (
        Requirement.objects.filter(organisation=organisation)
        .select_related("current_version", "category")
        .order_by("key")
    )


@dataclass(frozen=True)
class SearchHit:
    """What the guidance search shows for a requirement."""

    title: str
    url: str
    summary: str
    key: str


def search_published_requirements(query: str, limit: int) -> list[SearchHit]:
    """Published requirements of the shared bank matching `query` (for the guidance search)."""
    if not query.strip() or limit <= 0:
        return []
    with scopes_disabled():
        queryset = bank_requirements(organisation=None, query=query, status=Status.PUBLISHED)
        hits = []
        for requirement in queryset[:limit]:
            version = requirement.current_version
            hits.append(
                SearchHit(
                    title=f"{requirement.key} {version.title}",
                    url=requirement.get_absolute_url(),
                    summary=Truncator(version.text).words(30),
                    key=requirement.key,
                )
            )
        return hits


# --- Specifications ----------------------------------------------------------------------------


def specifications_for(*, organisation: Organisation) -> QuerySet[Specification]:
    return (
        Specification.objects.filter(organisation=organisation)
        .select_related("release")
        .annotate(
            item_count=Count("items"),
            decided_count=Count("items", filter=~Q(items__decision=Decision.UNDECIDED)),
        )
        .order_by("-created_at", "-pk")
    )


def specification_for(*, organisation: Organisation, pk: int) -> Specification:
    return get_object_or_404(
        Specification.objects.filter(organisation=organisation).select_related("release"), pk=pk
    )


@dataclass(frozen=True)
class Progress:
    total: int
    decided: int
    included: int
    flagged: int

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.total) if self.total else 100

    @property
    def complete(self) -> bool:
        return self.decided == self.total


def _newer_version_exists() -> Q:
    """Items whose requirement has a newer published version they neither use nor kept out."""
    return (
        Q(requirement__current_version__status=Status.PUBLISHED)
        & Q(requirement__current_version__number__gt=F("version__number"))
        & (
            Q(kept_over_version__isnull=True)
            | ~Q(kept_over_version=F("requirement__current_version"))
        )
    )


def specification_progress(specification: Specification) -> Progress:
    counts = SpecificationItem.objects.filter(specification=specification).aggregate(
        total=Count("pk"),
        decided=Count("pk", filter=~Q(decision=Decision.UNDECIDED)),
        included=Count("pk", filter=Q(decision__in=SpecificationItem.INCLUDED)),
        flagged=Count("pk", filter=_newer_version_exists()),
    )
    return Progress(**counts)


def specification_items(
    specification: Specification,
    *,
    category_ids: list[int] | None = None,
    only: str = "",
    order: dict[int, int] | None = None,
) -> list[SpecificationItem]:
    """Items with their pinned and current versions, in the bank's category order."""
    items = SpecificationItem.objects.filter(specification=specification).select_related(
        "version", "requirement__category", "requirement__current_version"
    )
    if category_ids is not None:
        items = items.filter(requirement__category_id__in=category_ids)
    if only == "undecided":
        items = items.filter(decision=Decision.UNDECIDED)
    elif only == "flagged":
        items = items.filter(_newer_version_exists())
    order = order if order is not None else category_order()
    return sorted(
        items,
        key=lambda item: (order.get(item.requirement.category_id, 0), item.requirement.key),
    )


def next_undecided(
    specification: Specification, *, after: SpecificationItem
) -> SpecificationItem | None:
    """The next undecided item in the same category, to keep walking the bank."""
    return (
        SpecificationItem.objects.filter(
            specification=specification,
            decision=Decision.UNDECIDED,
            requirement__category_id=after.requirement.category_id,
        )
        .exclude(pk=after.pk)
        .order_by("requirement__key")
        .first()
    )


def category_counts(specification: Specification) -> dict[int, tuple[int, int]]:
    """Category id -> (items, decided items) for the specification's walk by category."""
    rows = (
        SpecificationItem.objects.filter(specification=specification)
        .values("requirement__category_id")
        .annotate(total=Count("pk"), decided=Count("pk", filter=~Q(decision=Decision.UNDECIDED)))
    )
    return {row["requirement__category_id"]: (row["total"], row["decided"]) for row in rows}


def item_for(*, specification: Specification, item_pk: int) -> SpecificationItem:
    item = get_object_or_404(
        SpecificationItem.objects.filter(specification=specification).select_related(
            "version", "requirement__category", "requirement__current_version", "kept_over_version"
        ),
        pk=item_pk,
    )
    item.specification = specification
    return item


def addable_local_requirements(
    specification: Specification, *, organisation: Organisation
) -> QuerySet[Requirement]:
    used = SpecificationItem.objects.filter(specification=specification).values("requirement_id")
    return (
        local_requirements(organisation=organisation)
        .filter(current_version__status=Status.PUBLISHED)
        .exclude(pk__in=used)
    )


@dataclass
class ResponseTable:
    suppliers: list[SupplierResponse]
    rows: list[tuple[SpecificationItem, list[SupplierAnswer | None]]]


def supplier_responses(specification: Specification) -> ResponseTable:
    """Included items against each supplier's answers, for the comparison page."""
    suppliers = list(
        SupplierResponse.objects.filter(specification=specification).order_by("supplier_name")
    )
    answers = {
        (answer.response_id, answer.item_id): answer
        for answer in SupplierAnswer.objects.filter(response__specification=specification)
    }
    items = [item for item in specification_items(specification) if item.is_included]
    rows = [
        (item, [answers.get((supplier.pk, item.pk)) for supplier in suppliers]) for item in items
    ]
    return ResponseTable(suppliers=suppliers, rows=rows)


def shared_requirement_by_key(key: str) -> Requirement | None:
    return Requirement.objects.filter(organisation__isnull=True, key=key).first()


@dataclass(frozen=True)
class DashboardSummary:
    """What the dashboard shows about requirements for the current organisation."""

    specifications: list[Specification]
    flagged: int
    waiting_for_review: int


def dashboard_summary(*, organisation: Organisation, limit: int = 5) -> DashboardSummary:
    """Specifications in progress (with progress), items with a newer bank version, and for the
    editorial organisation the versions waiting for review; one query (two for the editors).

    The flagged items of all drafts are counted by a subquery on the same statement: with no
    draft in progress, no item is flagged either.
    """
    flagged_items = SpecificationItem.objects.filter(
        organisation=organisation, specification__status=Specification.Status.DRAFT
    ).filter(_newer_version_exists())
    in_progress = list(
        specifications_for(organisation=organisation)
        .filter(status=Specification.Status.DRAFT)
        .annotate(flagged_in_all_drafts=count_of(flagged_items))[:limit]
    )
    flagged = in_progress[0].flagged_in_all_drafts if in_progress else 0
    waiting = 0
    if organisation.kind == Organisation.Kind.EDITORIAL:
        waiting = review_queue().filter(status=Status.REVIEW).count()
    return DashboardSummary(specifications=in_progress, flagged=flagged, waiting_for_review=waiting)
