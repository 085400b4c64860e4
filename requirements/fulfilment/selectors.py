"""Reads of requirement fulfilment: the matrix per contract, worklists, the municipality's
portfolio, requirements the bank has replaced, the dashboard and the follow-ups for the scan."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.paginator import Page
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from config.pagination import Paginator
from config.queries import count_of
from contracts.models import Contract, Milestone
from organisations.models import Organisation, User
from requirements import selectors as requirement_selectors
from requirements.models import (
    Requirement,
    RequirementRelation,
    RequirementVersion,
    SupplierAnswer,
)

from .models import ContractSpecification, FulfilmentItem
from .tally import STATUSES, Tally

Status = FulfilmentItem.Status
DASHBOARD_ROWS = 10
PAGE_SIZE = 50
# A contract that has ended needs no more follow-up.
ENDED = (Contract.Status.EXPIRED, Contract.Status.TERMINATED)


def not_assessed_days() -> int:
    """Days after go-live by which every requirement should have been assessed."""
    return getattr(settings, "FULFILMENT_NOT_ASSESSED_DAYS", 90)


# --- Categories --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Categories:
    labels: dict[int, str]  # category id -> "Parent – Child"
    order: dict[int, int]  # category id -> position in the bank's display order
    choices: list[tuple[int, str]]  # for filters, indented by depth


def categories() -> Categories:
    """The bank's category tree as labels, order and filter choices (one query)."""
    flat = requirement_selectors.flatten(requirement_selectors.category_tree())
    return Categories(
        labels=requirement_selectors.category_labels(flat),
        order={node.category.pk: index for index, node in enumerate(flat)},
        choices=[
            (node.category.pk, "\u2003" * node.depth + node.category.display_name) for node in flat
        ],
    )


def _in_category(items: QuerySet, category_id: int | None) -> QuerySet:
    if category_id is None:
        return items
    return items.filter(
        requirement__category_id__in=requirement_selectors.descendant_ids(category_id)
    )


def _tally(items: QuerySet) -> Tally:
    return Tally.of(items.aggregate(**{s: Count("pk", filter=Q(status=s)) for s in STATUSES}))


# --- One contract ------------------------------------------------------------------------------


def contract_for(*, organisation: Organisation, pk: int) -> Contract:
    """One of the organisation's (not deleted) contracts, or 404."""
    return get_object_or_404(
        Contract.objects.filter(organisation=organisation, is_deleted=False).select_related(
            "supplier", "system_owner", "contract_manager"
        ),
        pk=pk,
    )


def linked_specifications(*, contract: Contract) -> list[ContractSpecification]:
    return list(
        ContractSpecification.objects.filter(contract=contract).select_related(
            "specification", "linked_by"
        )
    )


def item_for(*, organisation: Organisation, pk: int) -> FulfilmentItem:
    return get_object_or_404(
        FulfilmentItem.objects.filter(
            organisation=organisation, contract__is_deleted=False
        ).select_related(
            "contract__supplier",
            "contract__system_owner",
            "requirement__category",
            "requirement__current_version",
            "version",
            "assessed_by",
            "specification_item__specification",
        ),
        pk=pk,
    )


def item_history(*, item: FulfilmentItem, limit: int = 50) -> list:
    """The newest records of the item's history, each with the fields that changed."""
    records = list(
        item.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    fields = {f.name: f for f in FulfilmentItem._meta.concrete_fields}
    shown = ("status", "comment", "evidence_text", "evidence_url", "evidence_file", "next_review")

    def display(name: str, value):
        choices = dict(fields[name].choices or ())
        return choices.get(value, value)

    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, included_fields=list(shown))
            changes = [
                (
                    fields[change.field].verbose_name,
                    display(change.field, change.old),
                    display(change.field, change.new),
                )
                for change in delta.changes
            ]
        entries.append({"record": newer, "changes": changes})
    return entries[:limit]


def supplier_answers(*, contract: Contract) -> dict[int, SupplierAnswer]:
    """Fulfilment item id -> the contract supplier's compliance-list answer, when imported.

    Answers belong to the specification items the fulfilment items came from; the supplier's
    response is matched by the contract's supplier name (case-insensitive), as the compliance
    list records the name the supplier wrote.
    """
    rows = list(
        FulfilmentItem.objects.filter(contract=contract, specification_item__isnull=False)
        .values_list("pk", "specification_item_id")
        .order_by()
    )
    if not rows:
        return {}
    answers = SupplierAnswer.objects.filter(
        organisation_id=contract.organisation_id,
        item_id__in=FulfilmentItem.objects.filter(contract=contract).values(
            "specification_item_id"
        ),
        response__supplier_name__iexact=contract.supplier.name.strip(),
    ).order_by("pk")
    by_spec_item = {}
    for answer in answers:
        by_spec_item.setdefault(answer.item_id, answer)
    return {pk: by_spec_item[spec] for pk, spec in rows if spec in by_spec_item}


@dataclass
class MatrixGroup:
    category_id: int
    label: str
    tally: Tally
    items: list[FulfilmentItem] = field(default_factory=list)  # the rows the filter shows


@dataclass
class Matrix:
    groups: list[MatrixGroup]  # every category with requirements (within the category filter)
    tally: Tally  # all statuses within the category filter: the status filter only hides rows
    shown: int

    @property
    def groups_with_rows(self) -> list[MatrixGroup]:
        return [group for group in self.groups if group.items]


def contract_matrix(
    *, contract: Contract, status: str = "", category_id: int | None = None
) -> Matrix:
    """The contract's requirements grouped by category in the bank's order, with counts.

    Counts cover every status within the category filter, so percentages stay meaningful when
    the list is filtered by status; each shown item carries `supplier_answer` (or None).
    """
    items = list(
        _in_category(FulfilmentItem.objects.filter(contract=contract), category_id)
        .select_related("requirement", "version", "assessed_by")
        .order_by("key", "pk")
    )
    answers = supplier_answers(contract=contract) if items else {}
    cats = categories()
    statuses: dict[int, list[str]] = {}
    groups: dict[int, MatrixGroup] = {}
    for item in items:
        category_id_ = item.requirement.category_id
        statuses.setdefault(category_id_, []).append(item.status)
        group = groups.setdefault(
            category_id_,
            MatrixGroup(category_id_, cats.labels.get(category_id_, ""), Tally()),
        )
        if not status or item.status == status:
            item.supplier_answer = answers.get(item.pk)
            group.items.append(item)
    for category_id_, group in groups.items():
        group.tally = Tally.from_statuses(statuses[category_id_])
    ordered = sorted(groups.values(), key=lambda g: (cats.order.get(g.category_id, 0), g.label))
    return Matrix(
        groups=ordered,
        tally=Tally.from_statuses(item.status for item in items),
        shown=sum(len(group.items) for group in ordered),
    )


@dataclass
class ContractSummary:
    tally: Tally
    specifications: list[ContractSpecification]


def contract_summary(*, contract: Contract) -> ContractSummary:
    """What the contract page shows about fulfilment: counts and linked specifications.

    The counts come with the contract when contracts.selectors.contract_detail read it (see
    tally_figures), else from a query here.
    """
    figures = getattr(contract, "figures", {})
    if all(f"{FIGURE_PREFIX}{status}" in figures for status in STATUSES):
        tally = Tally.of({status: figures[f"{FIGURE_PREFIX}{status}"] for status in STATUSES})
    else:
        tally = _tally(FulfilmentItem.objects.filter(contract=contract))
    return ContractSummary(tally=tally, specifications=linked_specifications(contract=contract))


FIGURE_PREFIX = "fulfilment_"


def tally_figures() -> dict[str, Callable[[], Expression]]:
    """The contract's items per status, as subqueries for the contract page's query."""
    return {f"{FIGURE_PREFIX}{status}": partial(_items_with, status) for status in STATUSES}


def _items_with(status: str) -> Expression:
    return count_of(
        FulfilmentItem.objects.with_scopes_disabled().filter(contract=OuterRef("pk"), status=status)
    )


def pickable_requirements(
    *, organisation: Organisation, query: str = "", category_id: int | None = None
) -> QuerySet[Requirement]:
    """Published requirements of the shared bank and the organisation's own, for picking."""
    category_ids = (
        requirement_selectors.descendant_ids(category_id) if category_id is not None else None
    )
    return requirement_selectors.bank_requirements(
        organisation=organisation,
        query=query,
        category_ids=category_ids,
        status=RequirementVersion.Status.PUBLISHED,
    )


def requirement_ids_of(*, contract: Contract) -> set[int]:
    return set(
        FulfilmentItem.objects.filter(contract=contract).values_list("requirement_id", flat=True)
    )


# --- A person's work ---------------------------------------------------------------------------


class Show:
    TODO = "todo"  # not assessed, or review due
    REVIEW = "review"  # review due
    ALL = "all"


def worklist(
    *, organisation: Organisation, user: User, show: str = Show.TODO, today: date
) -> QuerySet[FulfilmentItem]:
    """Items on the contracts where `user` is system owner; by default those needing work."""
    items = FulfilmentItem.objects.filter(
        organisation=organisation, contract__is_deleted=False, contract__system_owner=user
    ).exclude(contract__status__in=ENDED)
    review_due = Q(next_review__isnull=False, next_review__lte=today)
    if show == Show.TODO:
        items = items.filter(Q(status=Status.NOT_ASSESSED) | review_due)
    elif show == Show.REVIEW:
        items = items.filter(review_due)
    return items.select_related("contract__supplier", "requirement__category").order_by(
        F("next_review").asc(nulls_last=True), "contract__title", "contract_id", "key", "pk"
    )


@dataclass
class Dashboard:
    to_assess: int
    reviews_due: int
    rows: list[FulfilmentItem]
    today: date


def dashboard(*, organisation: Organisation, user: User, today: date) -> Dashboard:
    """The user's fulfilment work: counts and the first rows of their worklist (3 queries)."""
    items = worklist(organisation=organisation, user=user, show=Show.ALL, today=today)
    counts = items.aggregate(
        to_assess=Count("pk", filter=Q(status=Status.NOT_ASSESSED)),
        reviews_due=Count("pk", filter=Q(next_review__isnull=False, next_review__lte=today)),
    )
    rows = list(
        worklist(organisation=organisation, user=user, show=Show.TODO, today=today)[:DASHBOARD_ROWS]
    )
    return Dashboard(
        to_assess=counts["to_assess"], reviews_due=counts["reviews_due"], rows=rows, today=today
    )


# --- The municipality's portfolio --------------------------------------------------------------


class Only:
    ALL = ""
    SHORTFALL = "shortfall"  # has requirements not met or partly met
    NOT_ASSESSED = "not_assessed"  # has requirements not assessed


@dataclass
class PortfolioRow:
    contract_id: int
    title: str
    reference: str
    supplier: str
    tally: Tally


@dataclass
class Portfolio:
    page: Page
    rows: list[PortfolioRow]
    total: Tally  # every contract within the category filter


def portfolio(
    *,
    organisation: Organisation,
    category_id: int | None = None,
    only: str = Only.ALL,
    page_number=1,
    per_page: int = PAGE_SIZE,
) -> Portfolio:
    """Fulfilment per contract across the organisation, counted within the category filter
    (e.g. "archive"); `only` keeps contracts with shortfalls or with unassessed requirements."""
    items = _in_category(
        FulfilmentItem.objects.filter(organisation=organisation, contract__is_deleted=False),
        category_id,
    )
    rows = (
        items.values("contract_id", "contract__title", "contract__reference")
        .annotate(
            supplier=F("contract__supplier__name"),
            **{f"n_{s}": Count("pk", filter=Q(status=s)) for s in STATUSES},
        )
        .order_by("contract__title", "contract_id")
    )
    if only == Only.SHORTFALL:
        rows = rows.filter(Q(n_not_met__gt=0) | Q(n_partly__gt=0))
    elif only == Only.NOT_ASSESSED:
        rows = rows.filter(n_not_assessed__gt=0)
    page = Paginator(rows, per_page).get_page(page_number)
    return Portfolio(
        page=page,
        rows=[
            PortfolioRow(
                contract_id=row["contract_id"],
                title=row["contract__title"],
                reference=row["contract__reference"],
                supplier=row["supplier"],
                tally=Tally.of({s: row[f"n_{s}"] for s in STATUSES}),
            )
            for row in page.object_list
        ],
        total=_tally(items),
    )


@dataclass
class ReplacedItem:
    item: FulfilmentItem
    newer_version: RequirementVersion | None  # the bank's newer published version
    replaced_by: list[Requirement]  # requirements with a "replaces" relation to this one


def _outdated() -> tuple[ExpressionWrapper, Exists]:
    newer = ExpressionWrapper(
        Q(requirement__current_version__status=RequirementVersion.Status.PUBLISHED)
        & Q(requirement__current_version__number__gt=F("version__number")),
        output_field=BooleanField(),
    )
    replaced = Exists(
        RequirementRelation.objects.filter(
            type=RequirementRelation.Type.REPLACES, target_id=OuterRef("requirement_id")
        )
    )
    return newer, replaced


def replaced_requirements(
    *, organisation: Organisation, page_number=1, per_page: int = PAGE_SIZE
) -> tuple[Page, list[ReplacedItem]]:
    """Contracts' requirements the bank has moved on from: a newer published version exists, or
    another requirement replaces it. Sorted by contract."""
    newer, replaced = _outdated()
    items = (
        FulfilmentItem.objects.filter(organisation=organisation, contract__is_deleted=False)
        .annotate(has_newer=newer, is_replaced=replaced)
        .filter(Q(has_newer=True) | Q(is_replaced=True))
        .select_related("contract", "requirement__current_version", "version")
        .order_by("contract__title", "contract_id", "key", "pk")
    )
    page = Paginator(items, per_page).get_page(page_number)
    targets = {item.requirement_id for item in page.object_list if item.is_replaced}
    replacing: dict[int, list[Requirement]] = {}
    if targets:
        relations = (
            RequirementRelation.objects.filter(
                type=RequirementRelation.Type.REPLACES, target_id__in=targets
            )
            .filter(Q(source__organisation__isnull=True) | Q(source__organisation=organisation))
            .select_related("source")
            .order_by("source__key")
        )
        for relation in relations:
            replacing.setdefault(relation.target_id, []).append(relation.source)
    rows = [
        ReplacedItem(
            item=item,
            newer_version=item.requirement.current_version if item.has_newer else None,
            replaced_by=replacing.get(item.requirement_id, []),
        )
        for item in page.object_list
    ]
    return page, rows


# --- Follow-ups for the notification scan ------------------------------------------------------


class FollowUpKind:
    REVIEW = "review"  # a next review date has come
    NOT_ASSESSED = "not_assessed"  # requirements still not assessed N days after go-live


@dataclass(frozen=True)
class FollowUp:
    """One contract's fulfilment work falling due on one date, for the contract's system owner.

    `recipient_id` is the contract's system owner (None when it has none: the caller decides on
    a fallback, e.g. the organisation's system owners). `count` is how many requirements it
    concerns: the items reviewed on that date, or the items still not assessed.
    """

    kind: str
    organisation_id: int
    contract_id: int
    contract_title: str
    contract_reference: str
    due_date: date
    count: int
    recipient_id: int | None

    @property
    def label(self) -> str:
        if self.contract_reference:
            return f"{self.contract_title} ({self.contract_reference})"
        return self.contract_title


def go_live_date() -> Coalesce:
    """A contract's go-live: its first go-live milestone's met date, else its due date."""
    milestones = (
        Milestone.objects.with_scopes_disabled()
        .filter(contract=OuterRef("pk"), kind=Milestone.Kind.GO_LIVE)
        .annotate(day=Coalesce("met_on", "due_date"))
        .order_by("day", "pk")
    )
    return Subquery(milestones.values("day")[:1])


def fulfilment_followups(
    *,
    on_or_before: date,
    organisation: Organisation | None = None,
    on_or_after: date | None = None,
    contract_ids: Iterable[int] | None = None,
    days_after_go_live: int | None = None,
) -> list[FollowUp]:
    """Fulfilment work due on or before `on_or_before` (and on or after `on_or_after`), across
    all active organisations unless one is given; contracts deleted or ended are left out.

    - reviews: items whose next review date is due, one FollowUp per contract and date;
    - not assessed: contracts whose go-live (the go-live milestone's met date, else its due date)
      plus `days_after_go_live` (default settings.FULFILMENT_NOT_ASSESSED_DAYS, 90) is due while
      requirements are still not assessed; due date = go-live + days.

    Reads across tenants on purpose (the scan): scopes are disabled, filters are explicit.
    """
    days = not_assessed_days() if days_after_go_live is None else days_after_go_live
    items = FulfilmentItem.objects.with_scopes_disabled().filter(
        contract__is_deleted=False, next_review__isnull=False, next_review__lte=on_or_before
    )
    contracts = Contract.objects.with_scopes_disabled().filter(is_deleted=False)
    if organisation is not None:
        items = items.filter(organisation=organisation)
        contracts = contracts.filter(organisation=organisation)
    else:
        items = items.filter(organisation__is_active=True)
        contracts = contracts.filter(organisation__is_active=True)
    if on_or_after is not None:
        items = items.filter(next_review__gte=on_or_after)
    if contract_ids is not None:
        contract_ids = set(contract_ids)
        items = items.filter(contract_id__in=contract_ids)
        contracts = contracts.filter(pk__in=contract_ids)
    reviews = (
        items.exclude(contract__status__in=ENDED)
        .values(
            "organisation_id",
            "contract_id",
            "contract__title",
            "contract__reference",
            "contract__system_owner_id",
            "next_review",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    followups = [
        FollowUp(
            kind=FollowUpKind.REVIEW,
            organisation_id=row["organisation_id"],
            contract_id=row["contract_id"],
            contract_title=row["contract__title"],
            contract_reference=row["contract__reference"],
            due_date=row["next_review"],
            count=row["count"],
            recipient_id=row["contract__system_owner_id"],
        )
        for row in reviews
    ]
    open_items = (
        FulfilmentItem.objects.with_scopes_disabled()
        .filter(contract=OuterRef("pk"), status=Status.NOT_ASSESSED)
        .order_by()
        .values("contract")
        .annotate(n=Count("pk"))
        .values("n")
    )
    late = (
        contracts.exclude(status__in=ENDED)
        .annotate(
            go_live=go_live_date(),
            not_assessed=Subquery(open_items, output_field=IntegerField()),
        )
        .filter(go_live__isnull=False, go_live__lte=on_or_before - timedelta(days=days))
        .filter(not_assessed__gt=0)
    )
    if on_or_after is not None:
        late = late.filter(go_live__gte=on_or_after - timedelta(days=days))
    for row in late.values(
        "organisation_id", "pk", "title", "reference", "system_owner_id", "go_live", "not_assessed"
    ):
        followups.append(
            FollowUp(
                kind=FollowUpKind.NOT_ASSESSED,
                organisation_id=row["organisation_id"],
                contract_id=row["pk"],
                contract_title=row["title"],
                contract_reference=row["reference"],
                due_date=row["go_live"] + timedelta(days=days),
                count=row["not_assessed"],
                recipient_id=row["system_owner_id"],
            )
        )
    return sorted(followups, key=lambda f: (f.due_date, f.organisation_id, f.contract_id, f.kind))
