"""Reads of the contract register, scoped to one organisation and shaped for the pages."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.queries import union_of_slices
from organisations.models import Organisation, User

from .deadlines import DeadlineKind
from .models import (
    WITHOUT_TACIT_RENEWAL,
    Contract,
    ContractAttachment,
    ContractDeadline,
    ITSystem,
    Supplier,
)

DASHBOARD_HORIZONS = (30, 90, 180)
DASHBOARD_ROWS = 15


def suppliers(*, organisation: Organisation) -> QuerySet[Supplier]:
    return Supplier.objects.filter(organisation=organisation).annotate(
        contract_count=Count("contracts", filter=Q(contracts__is_deleted=False))
    )


# A supplier as the type-ahead names it: "Fjordsoft A/S (12345678)".
_SUPPLIER_LABEL = re.compile(r"(.*?)\s*\((?:DK)?\s*(\d{8})\)", re.IGNORECASE)


def supplier_label(supplier: Supplier) -> str:
    """The text that names one supplier: its name and CVR number."""
    return f"{supplier.name} ({supplier.cvr})"


def _cvr_digits(text: str) -> str:
    return text.upper().removeprefix("DK").replace(" ", "")


def supplier_named(text: str) -> Q:
    """The supplier `text` names: its label (supplier_label), its whole CVR number or name."""
    labelled = _SUPPLIER_LABEL.fullmatch(text)
    if labelled:  # the name as well: a label with another supplier's number is no label
        return Q(cvr=labelled[2], name__iexact=labelled[1])
    digits = _cvr_digits(text)
    if len(digits) == 8 and digits.isascii() and digits.isdigit():
        return Q(cvr=digits)
    return Q(name__iexact=text)


def supplier_match(query: str) -> Q:
    """Suppliers whose name contains `query`, or whose CVR number starts with it (a leading
    "DK" and spaces aside); a supplier's label (supplier_label) matches that supplier alone."""
    if _SUPPLIER_LABEL.fullmatch(query):
        return supplier_named(query)
    match = Q(name__icontains=query)
    digits = _cvr_digits(query)
    if digits.isascii() and digits.isdigit():
        match |= Q(cvr__startswith=digits)
    return match


def supplier_suggestions(*, organisation: Organisation, query: str, limit: int = 20) -> list[dict]:
    """The first suppliers by name matching `query`, as the type-ahead shows them: picking one
    puts its label (name and CVR number) in the field, which matches that supplier alone (a
    name may be part of another's). Nothing for an empty query."""
    if not query:
        return []
    return [
        {"value": supplier_label(supplier), "label": ""}
        for supplier in Supplier.objects.filter(supplier_match(query), organisation=organisation)
        .order_by("name", "pk")
        .only("name", "cvr")[:limit]
    ]


def contract_named(text: str) -> Q:
    """The contracts `text` names: by label (title and reference, as str() gives them), whole
    title or whole reference."""
    named = Q(title__iexact=text) | Q(reference__iexact=text)
    if text.endswith(")"):
        # "Title (Reference)", where the title or the reference may hold brackets too: every
        # " (" may be where the reference begins.
        start = text.find(" (")
        while start > 0:
            named |= Q(title__iexact=text[:start], reference__iexact=text[start + 2 : -1])
            start = text.find(" (", start + 1)
    return named


def contract_match(query: str) -> Q:
    """Contracts whose title or reference contains `query`, or that it names (contract_named)."""
    return Q(title__icontains=query) | Q(reference__icontains=query) | contract_named(query)


def contract_suggestions(
    *, organisation: Organisation, query: str, exclude: int | None = None, limit: int = 20
) -> list[dict]:
    """The first contracts by title matching `query` (not deleted, not `exclude`), labelled
    as the contract form's parent field takes them. Nothing for an empty query."""
    if not query:
        return []
    return [
        {"value": str(contract), "label": ""}
        for contract in Contract.objects.filter(
            contract_match(query), organisation=organisation, is_deleted=False
        )
        .exclude(pk=exclude)
        .order_by("title", "pk")
        .only("title", "reference")[:limit]
    ]


def it_systems(*, organisation: Organisation) -> QuerySet[ITSystem]:
    return ITSystem.objects.filter(organisation=organisation)


def contracts(*, organisation: Organisation) -> QuerySet[Contract]:
    """The organisation's contracts (not deleted), with what list rows show, in a fixed number of
    queries; the next open deadline and notice date are stored on the contract (indexed)."""
    return (
        Contract.objects.filter(organisation=organisation, is_deleted=False)
        .select_related("supplier", "contract_manager", "system_owner")
        .annotate(
            next_deadline_kind=Subquery(
                ContractDeadline.objects.filter(contract=OuterRef("pk"), done=False)
                .order_by("due_date", "kind")
                .values("kind")[:1]
            ),
        )
    )


# The contract list's orders (ContractFilterForm.sort); the default first.
CONTRACT_SORTS = {
    "next_deadline": [F("next_deadline_date").asc(nulls_last=True), "title", "pk"],
    "next_notice": [F("next_notice_date").asc(nulls_last=True), "title", "pk"],
    "title": ["title", "pk"],
    "supplier": ["supplier__name", "title", "pk"],
    "-total_value": [F("total_value").desc(nulls_last=True), "title", "pk"],
    "term_end": [F("term_end").asc(nulls_last=True), "title", "pk"],
}


def contract_rows(
    *,
    organisation: Organisation,
    q: str = "",
    status: str = "",
    supplier: str = "",
    template: str = "",
    procurement_form: str = "",
    contract_manager: int | None = None,
    system_owner: int | None = None,
    deadline_within: int | None = None,
    sort: str = "",
) -> QuerySet[Contract]:
    """The contract list: the organisation's contracts (not deleted) matching its filters (the
    arguments are ContractFilterForm's fields), in the chosen order, with only the columns the
    list shows (50 rows of the full model take 2.5 times as long to read); one query."""
    contracts = (
        Contract.objects.filter(organisation=organisation, is_deleted=False)
        .select_related("supplier", "contract_manager")
        .only(
            "title",
            "reference",
            "status",
            "next_deadline_date",
            "next_notice_date",
            "supplier__name",
            "contract_manager__username",
            "contract_manager__first_name",
            "contract_manager__last_name",
        )
    )
    if q:
        contracts = contracts.filter(
            Q(title__icontains=q) | Q(reference__icontains=q) | Q(supplier__name__icontains=q)
        )
    if supplier:
        # Matched among the organisation's suppliers, not through the join: the join would
        # have PostgreSQL compare the text with every supplier in the country.
        matching = Supplier.objects.filter(supplier_match(supplier), organisation=organisation)
        contracts = contracts.filter(supplier__in=matching.values("pk"))
    exact = {
        "status": status,
        "template": template,
        "procurement_form": procurement_form,
        "contract_manager": contract_manager,
        "system_owner": system_owner,
    }
    contracts = contracts.filter(**{name: value for name, value in exact.items() if value})
    if deadline_within is not None:
        contracts = contracts_with_deadline_within(contracts, days=deadline_within)
    return contracts.order_by(*CONTRACT_SORTS.get(sort, CONTRACT_SORTS["next_deadline"]))


def contracts_with_deadline_within(
    queryset: QuerySet[Contract], *, days: int, today: date | None = None
) -> QuerySet[Contract]:
    """Contracts with an open deadline due within `days` (overdue ones included)."""
    today = today or timezone.localdate()
    return queryset.filter(next_deadline_date__lte=today + timedelta(days=days))


# Figures other apps show on a contract's page (the fulfilment tally), read by the contract's own
# query rather than by a query of their own: name -> function giving an expression over Contract
# (subqueries refer to it as OuterRef("pk")). Apps register theirs in AppConfig.ready();
# contract_detail puts them in contract.figures.
CONTRACT_PAGE_FIGURES: dict[str, Callable[[], Expression]] = {}


def contract_detail(*, organisation: Organisation, pk: int) -> Contract:
    """One contract with everything its page shows; raises Contract.DoesNotExist when absent.

    Its supplementary contracts (`contract.supplementary`, by title) come from the same query
    as the contract itself, and each prefetch below is one query for them all: a handful of
    extra rows instead of a query of their own.
    """
    rows = list(
        Contract.objects.filter(organisation=organisation, is_deleted=False)
        .filter(Q(pk=pk) | Q(parent_id=pk))
        .select_related(
            "supplier", "contract_manager", "deputy_contract_manager", "system_owner", "parent"
        )
        .prefetch_related(
            "it_systems",
            "options",
            "milestones",
            Prefetch(
                "attachments",
                queryset=ContractAttachment.objects.select_related("uploaded_by", "removed_by"),
            ),
            Prefetch("deadlines", queryset=ContractDeadline.objects.order_by("due_date", "kind")),
        )
        .annotate(**{f"figure_{name}": make() for name, make in CONTRACT_PAGE_FIGURES.items()})
        .order_by("title", "pk")
    )
    contract = next((row for row in rows if row.pk == pk), None)
    if contract is None:
        raise Contract.DoesNotExist
    contract.supplementary = [row for row in rows if row.pk != pk]
    contract.figures = {name: getattr(contract, f"figure_{name}") for name in CONTRACT_PAGE_FIGURES}
    return contract


def current_term_end_of(contract: Contract, deadlines: Iterable[ContractDeadline]) -> date | None:
    """The end of the contract's current term: its stored TERM_END deadline (a tacit renewal
    moves it on; notice given makes it the termination), else the agreed term end."""
    stored = (d.due_date for d in deadlines if d.kind == DeadlineKind.TERM_END)
    return next(stored, contract.term_end)


def label_deadlines(contract: Contract, deadlines: Iterable[ContractDeadline]) -> None:
    """Give each deadline its .label: its kind, and for a milestone which one ("Milestone
    (Acceptance test)"), as the calendar feed names it. Reads the contract's (prefetched)
    milestones."""
    milestones = {milestone.pk: milestone for milestone in contract.milestones.all()}
    for deadline in deadlines:
        label = deadline.kind_label
        milestone = milestones.get(deadline.source_id)
        named = deadline.kind == DeadlineKind.MILESTONE or (
            deadline.kind == DeadlineKind.WARRANTY_END and milestone and milestone.name
        )
        if milestone is not None and named:
            label = f"{label} ({milestone})"
        deadline.label = label


def renewed_to(contract: Contract, current_term_end: date | None) -> date | None:
    """The end a tacit renewal has moved the term on to, when it has and no notice is given."""
    if not contract.tacit_renewal_months or contract.notice_given_on:
        return None
    return current_term_end if current_term_end != contract.term_end else None


@dataclass
class DashboardBucket:
    key: str
    label: str
    count: int = 0
    rows: list = field(default_factory=list)


@dataclass
class Dashboard:
    buckets: list[DashboardBucket]
    without_manager_count: int
    without_manager: list[Contract]
    ended_without_action_count: int
    ended_without_action: list[Contract]


def _open_deadlines(organisation: Organisation) -> QuerySet[ContractDeadline]:
    # Deleting a contract deletes its deadlines, so no join to the contract is needed here.
    return ContractDeadline.objects.filter(organisation=organisation, done=False)


def dashboard(*, organisation: Organisation, user: User, today: date | None = None) -> Dashboard:
    """Deadlines overdue and within 30/90/180 days (the user's own contracts first), contracts
    without a contract manager, and contracts whose term ended with nobody acting.

    Four queries on PostgreSQL whatever the number of contracts (SQLite runs each part of a
    UNION on its own): the deadlines per bucket are counted in one; the first rows of each
    bucket, the user's own and then the others', come from one UNION (see _bucket_rows); the
    contract counts are one aggregate and the two contract lists one UNION.
    """
    today = today or timezone.localdate()
    limits = [today - timedelta(days=1)] + [today + timedelta(days=d) for d in DASHBOARD_HORIZONS]
    labels = [_("Overdue")] + [_("Within %(days)s days") % {"days": d} for d in DASHBOARD_HORIZONS]
    keys = ["overdue"] + [f"within_{d}" for d in DASHBOARD_HORIZONS]

    open_deadlines = _open_deadlines(organisation).filter(due_date__lte=limits[-1])
    bucket = Case(
        *[When(due_date__lte=limit, then=Value(index)) for index, limit in enumerate(limits)],
        output_field=IntegerField(),
    )
    counts = dict(
        open_deadlines.annotate(bucket=bucket)
        .values("bucket")
        .annotate(total=Count("pk"))
        .values_list("bucket", "total")
    )
    buckets = [
        DashboardBucket(key=key, label=label, count=counts.get(index, 0))
        for index, (key, label) in enumerate(zip(keys, labels, strict=True))
    ]
    for row in _bucket_rows(open_deadlines, limits=limits, user=user):
        rows = buckets[row.bucket].rows
        if len(rows) < DASHBOARD_ROWS:
            rows.append(row)

    current = Contract.objects.filter(
        organisation=organisation,
        is_deleted=False,
        status__in=[Contract.Status.ACTIVE, Contract.Status.EXPIRED],
    )
    without_manager = Q(contract_manager__isnull=True, status=Contract.Status.ACTIVE)
    # Ended without notice in the last half year: still active (the daily job has not run
    # yet) or expired by it. Older lapses are history, found by the list's status filter.
    ended = Q(
        WITHOUT_TACIT_RENEWAL,
        term_end__lt=today,
        term_end__gte=today - timedelta(days=DASHBOARD_HORIZONS[-1]),
        notice_given_on__isnull=True,
    )
    totals = current.aggregate(
        without_manager=Count("pk", filter=without_manager), ended=Count("pk", filter=ended)
    )
    listed: dict[int, list[Contract]] = {0: [], 1: []}
    # The supplier's name as a subquery of the few rows listed: a join would have PostgreSQL
    # hash every supplier of every municipality before the first rows are picked.
    supplier_name = Subquery(Supplier.objects.filter(pk=OuterRef("supplier_id")).values("name"))
    for contract in _first_of_each(
        current.only("title", "term_end").annotate(supplier_name=supplier_name),
        [(without_manager, "title"), (ended, "term_end")],
    ):
        listed[contract.section].append(contract)
    return Dashboard(
        buckets=buckets,
        without_manager_count=totals["without_manager"],
        without_manager=listed[0],
        ended_without_action_count=totals["ended"],
        ended_without_action=listed[1],
    )


def _bucket_rows(
    open_deadlines: QuerySet[ContractDeadline], *, limits: list[date], user: User
) -> list[ContractDeadline]:
    """The first DASHBOARD_ROWS deadlines of each bucket on the user's own contracts and as many
    on the others', ordered bucket by bucket with the user's own first (one query).

    The others' rows are a LIMIT query per bucket, each walking the (organisation, due date)
    index. The user's own rows are one query numbered per bucket: their contracts are found
    through the contract's people, and reading the deadlines of those contracts once costs less
    than joining them to every bucket.
    """
    own = (
        Q(contract__contract_manager=user)
        | Q(contract__deputy_contract_manager=user)
        | Q(contract__system_owner=user)
    )
    shown = open_deadlines.select_related("contract__supplier").only(
        "kind", "due_date", "contract__title", "contract__supplier__name"
    )
    order = [F("due_date").asc(), F("kind").asc(), F("pk").asc()]
    bucket = Case(
        *[When(due_date__lte=limit, then=Value(index)) for index, limit in enumerate(limits)],
        output_field=IntegerField(),
    )
    parts = [
        shown.filter(own, due_date__lte=limits[-1])
        .order_by()  # the window orders; a sort of the whole set first would be wasted
        .annotate(
            bucket=bucket,
            is_own=Value(True),
            position=Window(RowNumber(), partition_by=[bucket], order_by=order),
        )
        .filter(position__lte=DASHBOARD_ROWS)
    ]
    for index, limit in enumerate(limits):
        in_bucket = shown.filter(due_date__lte=limit)
        if index:
            in_bucket = in_bucket.filter(due_date__gt=limits[index - 1])
        parts.append(
            in_bucket.exclude(own)
            .annotate(bucket=Value(index), is_own=Value(False), position=Value(0))
            .order_by(*order)[:DASHBOARD_ROWS]
        )
    rows = union_of_slices(parts)
    rows.sort(key=lambda row: (row.bucket, not row.is_own, row.due_date, row.kind, row.pk))
    return rows


def _first_of_each(queryset: QuerySet, sections: list[tuple[Q, str]]) -> list:
    """The first DASHBOARD_ROWS rows of `queryset` matching each (condition, ordering), in one
    query; each row has .section (its index in `sections`), rows in order within a section."""
    parts = [
        queryset.filter(condition)
        .annotate(
            section=Value(index),
            position=Window(RowNumber(), order_by=[F(ordering).asc(), F("pk").asc()]),
        )
        .order_by(ordering, "pk")[:DASHBOARD_ROWS]
        for index, (condition, ordering) in enumerate(sections)
    ]
    rows = union_of_slices(parts)
    rows.sort(key=lambda row: (row.section, row.position))
    return rows


CAPABILITY_CONTRACTS_SHOWN = 5


def duplicate_capabilities(*, organisation: Organisation) -> list[dict]:
    """Capabilities served by more than one active IT system: the municipality pays twice."""
    duplicated = (
        ITSystem.objects.filter(organisation=organisation, is_active=True)
        .exclude(capability="")
        .values("capability")
        .annotate(systems=Count("pk"))
        .filter(systems__gt=1)
        .order_by("-systems", "capability")
    )
    capabilities = {row["capability"]: row["systems"] for row in duplicated}
    in_force = Q(contracts__is_deleted=False)
    systems = (
        ITSystem.objects.filter(
            organisation=organisation, is_active=True, capability__in=capabilities
        )
        .annotate(
            contract_count=Count("contracts", filter=in_force),
            annual_value=Sum("contracts__annual_value", filter=in_force),
        )
        .prefetch_related(
            # The first few contracts of each system: a system bought under many contracts
            # must not make the page list them all.
            Prefetch(
                "contracts",
                queryset=Contract.objects.filter(is_deleted=False)
                .select_related("supplier")
                .order_by("title", "pk")[:CAPABILITY_CONTRACTS_SHOWN],
                to_attr="contracts_shown",
            )
        )
        .order_by("capability", "name")
    )
    grouped: dict[str, list[ITSystem]] = {}
    for system in systems:
        grouped.setdefault(system.capability, []).append(system)
    return [
        {"capability": capability, "count": count, "systems": grouped.get(capability, [])}
        for capability, count in capabilities.items()
    ]
