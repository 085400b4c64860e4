"""Writes of the contract register: contracts, their actions, and the stored deadlines."""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from organisations.models import Organisation, User

from .deadlines import (
    ContractTerms,
    DeadlineKind,
    MilestoneTerms,
    OptionState,
    OptionTerms,
    PeriodEnd,
    add_months,
    compute_deadlines,
    earliest_termination,
    next_period_end_on_or_after,
    notice_reaches,
)
from .models import (
    WITHOUT_TACIT_RENEWAL,
    Contract,
    ContractAttachment,
    ContractDeadline,
    ContractOption,
    ITSystem,
    Milestone,
    Supplier,
)

ENDED_STATUSES = {Contract.Status.EXPIRED, Contract.Status.TERMINATED}

logger = logging.getLogger(__name__)


TERM_FIELDS = (
    "pk", "organisation_id", "status", "is_deleted", "start_date", "term_end",
    "irrevocable_until", "notice_months", "notice_to_end_of", "tacit_renewal_months",
    "price_regulation_date", "dpa_concluded", "dpa_date", "dpa_oversight_interval_months",
    "dpa_next_inspection", "notice_given_on", "termination_effective",
    "reprocurement_lead_months",
)  # fmt: skip


def _terms(values: dict, options: Iterable[OptionTerms], milestones: Iterable[MilestoneTerms]):
    return ContractTerms(
        start=values["start_date"],
        term_end=values["term_end"],
        irrevocable_until=values["irrevocable_until"],
        notice_months=values["notice_months"],
        notice_to_end_of=PeriodEnd(values["notice_to_end_of"] or ""),
        tacit_renewal_months=values["tacit_renewal_months"],
        options=tuple(options),
        price_regulation_date=values["price_regulation_date"],
        dpa_next_inspection=values["dpa_next_inspection"] if values["dpa_concluded"] else None,
        dpa_date=values["dpa_date"] if values["dpa_concluded"] else None,
        dpa_oversight_interval_months=values["dpa_oversight_interval_months"],
        milestones=tuple(milestones),
        notice_given_on=values["notice_given_on"],
        termination_effective=values["termination_effective"],
        ended=values["status"] in ENDED_STATUSES,
        reprocurement_lead_months=values["reprocurement_lead_months"],
    )


def contract_terms(contract: Contract) -> ContractTerms:
    """The engine's view of a contract; options and milestones should be prefetched."""
    values = {name: getattr(contract, name) for name in TERM_FIELDS}
    return _terms(
        values,
        (
            OptionTerms(
                id=option.pk,
                length_months=option.length_months,
                exercise_by=option.exercise_by,
                state=OptionState(option.state),
            )
            for option in contract.options.all()
        ),
        (
            MilestoneTerms(
                id=milestone.pk,
                kind=milestone.kind,
                name=milestone.name,
                due=milestone.due_date,
                met_on=milestone.met_on,
            )
            for milestone in contract.milestones.all()
        ),
    )


# The columns of a stored deadline row, in the order _rows gives them.
DEADLINE_COLUMNS = (
    "organisation_id",
    "contract_id",
    "kind",
    "due_date",
    "source_id",
    "effective_date",
    "nominal_date",
    "done",
)
_DEADLINE_TYPES = ("bigint", "bigint", "text", "date", "bigint", "date", "date", "boolean")


def _rows(values: dict, terms: ContractTerms, *, today: date) -> list[tuple]:
    """The contract's deadline rows (see DEADLINE_COLUMNS); none for drafts and deleted ones."""
    if values["is_deleted"] or values["status"] == Contract.Status.DRAFT:
        return []
    organisation_id, contract_id = values["organisation_id"], values["pk"]
    return [
        (
            organisation_id,
            contract_id,
            deadline.kind.value,
            deadline.due,
            deadline.source_id,
            deadline.effective,
            deadline.nominal,
            deadline.done,
        )
        for deadline in compute_deadlines(terms, today=today)
    ]


def _replace_deadlines(contract_ids: list[int], rows: list[tuple]) -> None:
    """Store `rows` as the deadlines of these contracts, and each contract's next open one.

    Only what changed is written: a stored row that is still computed stays as it is, stored
    rows no longer computed are deleted and the others inserted. The daily recompute finds
    nearly every deadline as it was; rewriting all of them each night would churn the table,
    its indexes and the write-ahead log for nothing. On PostgreSQL the new rows go in as arrays
    in one INSERT ... SELECT unnest(...) and the next dates in one UPDATE ... FROM unnest(...):
    no model instance or placeholder per value, which is what makes bulk_create slow.
    """
    deadlines = ContractDeadline.objects.with_scopes_disabled()
    missing = Counter(rows)
    stale = []
    for pk, *values in (
        deadlines.filter(contract_id__in=contract_ids)
        .order_by()
        .values_list("pk", *DEADLINE_COLUMNS)
    ):
        row = tuple(values)
        if missing[row]:
            missing[row] -= 1
        else:
            stale.append(pk)
    if stale:
        deadlines.filter(pk__in=stale).delete()
    new_rows = list(missing.elements())
    # Each contract's next open deadline and open last day to give notice, as lists show them.
    next_due: dict[int, date | None] = dict.fromkeys(contract_ids)
    next_notice: dict[int, date | None] = dict.fromkeys(contract_ids)
    for row in rows:
        contract_id, kind, due, done = row[1], row[2], row[3], row[7]
        if not done:
            next_due[contract_id] = min(due, next_due[contract_id] or due)
            if kind == DeadlineKind.NOTICE:
                next_notice[contract_id] = min(due, next_notice[contract_id] or due)
    if connection.vendor != "postgresql":
        deadlines.bulk_create(
            [ContractDeadline(**dict(zip(DEADLINE_COLUMNS, row, strict=True))) for row in new_rows],
            batch_size=500,
        )
        for contract_id, due in next_due.items():
            Contract.objects.with_scopes_disabled().filter(pk=contract_id).update(
                next_deadline_date=due, next_notice_date=next_notice[contract_id]
            )
        return
    deadline_table = ContractDeadline._meta.db_table
    contract_table = Contract._meta.db_table
    arrays = ", ".join(f"%s::{kind}[]" for kind in _DEADLINE_TYPES)
    with connection.cursor() as cursor:
        if new_rows:
            cursor.execute(
                f"INSERT INTO {deadline_table} ({', '.join(DEADLINE_COLUMNS)}) "  # noqa: S608
                f"SELECT * FROM unnest({arrays})",
                [list(column) for column in zip(*new_rows, strict=True)],
            )
        # Only the contracts whose next dates moved: the daily recompute would otherwise write
        # a new version of every contract row every night.
        cursor.execute(
            f"UPDATE {contract_table} AS contract "  # noqa: S608
            "SET next_deadline_date = next.due, next_notice_date = next.notice "
            "FROM unnest(%s::bigint[], %s::date[], %s::date[]) AS next(id, due, notice) "
            "WHERE contract.id = next.id AND (contract.next_deadline_date IS DISTINCT FROM "
            "next.due OR contract.next_notice_date IS DISTINCT FROM next.notice)",
            [list(next_due), list(next_due.values()), [next_notice[pk] for pk in next_due]],
        )


@transaction.atomic
def contract_deadlines_refresh(*, contract: Contract, today: date | None = None) -> None:
    """Recompute and store a contract's deadlines (called after every change to its terms).

    The terms are read from the database under the contract's lock, not from `contract`: the
    caller's instance may have been read before a concurrent change (a milestone's contract,
    say), and a daily recompute that holds the contract is waited for.
    """
    _refresh_locked([contract.pk], today=today or timezone.localdate())


def contract_statuses_refresh(*, today: date | None = None, batch_size: int = 500) -> int:
    """Bring statuses up to date with the calendar (part of the daily job); returns how many
    changed. A contract given notice is terminated once its termination has taken effect; an
    active contract whose term has ended with no tacit renewal has expired (options must be
    used before the term ends, so none is left). Each change is saved, so the history records
    it with everything else of the contract; a batch is one transaction."""
    today = today or timezone.localdate()
    with scopes_disabled():  # the daily job works across tenants
        contracts = Contract.objects.filter(is_deleted=False)
        ended = {
            Contract.Status.TERMINATED: contracts.filter(
                status=Contract.Status.NOTICE_GIVEN, termination_effective__lt=today
            ),
            Contract.Status.EXPIRED: contracts.filter(
                WITHOUT_TACIT_RENEWAL,
                status=Contract.Status.ACTIVE,
                term_end__lt=today,
            ),
        }
        changed = 0
        for status, queryset in ended.items():
            ids = list(queryset.order_by("pk").values_list("pk", flat=True))
            for batch in _chunks(ids, batch_size):
                with transaction.atomic():
                    # Locked and read again: one changed meanwhile is left as it now is.
                    locked = queryset.filter(pk__in=batch).order_by("pk")
                    for contract in locked.select_for_update(no_key=True):
                        contract.status = status
                        contract.save(update_fields=["status", "updated_at"])
                        changed += 1
                    _refresh_locked(batch, today=today)
    return changed


def deadlines_refresh_all(
    *,
    today: date | None = None,
    batch_size: int = 2000,
    organisation: Organisation | None = None,
    contract_ids: Iterable[int] | None = None,
) -> int:
    """Recompute every contract's deadlines in batches (the daily job); returns contracts done.

    Terms move with time (tacit renewal rolls, options lapse), so stored deadlines are refreshed
    daily. Each batch is one transaction: a crash leaves every contract either old or new. Terms
    are read as plain values (no model instances), since reading dominates the cost.
    """
    today = today or timezone.localdate()
    contracts = Contract.objects.with_scopes_disabled().filter(is_deleted=False)
    if organisation is not None:
        contracts = contracts.filter(organisation=organisation)
    if contract_ids is not None:
        contracts = contracts.filter(pk__in=list(contract_ids))
    ids = list(contracts.order_by("pk").values_list("pk", flat=True))
    for batch in _chunks(ids, batch_size):
        with transaction.atomic():
            _refresh_locked(batch, today=today)
    return len(ids)


def _refresh_locked(contract_ids: list[int], *, today: date) -> None:
    """Lock these contracts, read their terms and store their deadlines (in a transaction).

    The contracts stay locked (in key order) until their deadlines are stored: a change in the
    meantime (which stores the contract's deadlines itself) waits, and is not then overwritten
    with deadlines of the terms read before it. NO KEY: rows that refer to a contract (an
    import's invoice lines) are not held up.
    """
    terms_of = list(
        Contract.objects.with_scopes_disabled()
        .filter(pk__in=contract_ids)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values(*TERM_FIELDS)
    )
    options: dict[int, list[OptionTerms]] = defaultdict(list)
    for contract_id, pk, length, exercise_by, state in (
        ContractOption.objects.with_scopes_disabled()
        .filter(contract_id__in=contract_ids)
        .values_list("contract_id", "pk", "length_months", "exercise_by", "state")
    ):
        options[contract_id].append(OptionTerms(pk, length, exercise_by, OptionState(state)))
    milestones: dict[int, list[MilestoneTerms]] = defaultdict(list)
    for contract_id, pk, kind, name, due, met_on in (
        Milestone.objects.with_scopes_disabled()
        .filter(contract_id__in=contract_ids)
        .values_list("contract_id", "pk", "kind", "name", "due_date", "met_on")
    ):
        milestones[contract_id].append(MilestoneTerms(pk, kind, name, due, met_on))
    rows = []
    for values in terms_of:
        terms = _terms(values, options[values["pk"]], milestones[values["pk"]])
        rows += _rows(values, terms, today=today)
    _replace_deadlines(contract_ids, rows)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _save(contract: Contract) -> Contract:
    contract.full_clean()
    contract.save()
    contract_deadlines_refresh(contract=contract)
    return contract


@transaction.atomic
def contract_create(*, organisation: Organisation, it_systems: Iterable = (), **fields) -> Contract:
    contract = Contract(organisation=organisation, **fields)
    contract.full_clean()
    contract.save()
    contract.it_systems.set(it_systems)
    contract_deadlines_refresh(contract=contract)
    return contract


@transaction.atomic
def contract_update(
    *, contract: Contract, it_systems: Iterable | None = None, **fields
) -> Contract:
    for name, value in fields.items():
        setattr(contract, name, value)
    _save(contract)
    if it_systems is not None:
        contract.it_systems.set(it_systems)
    return contract


@transaction.atomic
def contract_give_notice(
    *, contract: Contract, given_on: date, effective: date, reason: str = ""
) -> Contract:
    """Record that notice was given: notice deadlines stop, the term ends on `effective`."""
    if contract.status in ENDED_STATUSES or contract.notice_given_on:
        raise ValidationError(_("Notice has already been given or the contract has ended."))
    if effective < given_on:
        raise ValidationError(
            {"termination_effective": _("Termination cannot take effect before notice is given.")}
        )
    if contract.irrevocable_until and effective < contract.irrevocable_until:
        raise ValidationError(
            {
                "termination_effective": _(
                    "The contract is irrevocable until %(date)s; notice cannot take effect "
                    "before then."
                )
                % {"date": date_format(contract.irrevocable_until)}
            }
        )
    terms = contract_terms(contract)
    if not notice_reaches(terms, given_on=given_on, effective=effective):
        earliest = earliest_termination(terms, given_on=given_on)
        if effective < earliest:
            message = _(
                "With the contract's notice period, notice given on %(given)s takes effect "
                "on %(earliest)s at the earliest."
            ) % {"given": date_format(given_on), "earliest": date_format(earliest)}
        else:
            message = _(
                "Under the contract, notice takes effect at %(rule)s; the nearest such day is "
                "%(date)s."
            ) % {
                "rule": contract.get_notice_to_end_of_display().lower(),
                "date": date_format(next_period_end_on_or_after(effective, terms.notice_to_end_of)),
            }
        raise ValidationError({"termination_effective": message})
    contract.notice_given_on = given_on
    contract.termination_effective = effective
    contract.termination_reason = reason
    contract.status = Contract.Status.NOTICE_GIVEN
    return _save(contract)


def option_exercise_refusal(
    *, option: ContractOption, contract: Contract, on: date | None = None
) -> str | None:
    """Why `option` of `contract` cannot be exercised on `on` (today), or None when it can."""
    on = on or timezone.localdate()
    if option.state != OptionState.UNUSED:
        return _("Only an unused option can be exercised.")
    if on > option.exercise_by:
        return _("The last day to exercise the option was %(date)s; the right has lapsed.") % {
            "date": date_format(option.exercise_by)
        }
    if contract.notice_given_on or contract.status == Contract.Status.TERMINATED:
        return _("Notice has been given on the contract; its options can no longer be exercised.")
    if contract.term_end is None:
        return _("An open-ended contract has no term to extend.")
    return None


@transaction.atomic
def option_exercise(*, option: ContractOption, exercised_on: date) -> ContractOption:
    """Use an option: the contract's term end moves out by the option's length."""
    contract = Contract.objects.select_for_update().get(pk=option.contract_id)
    refusal = option_exercise_refusal(option=option, contract=contract, on=exercised_on)
    if refusal:
        raise ValidationError(refusal)
    option.state = OptionState.USED
    option.exercised_on = exercised_on
    option.full_clean()
    option.save()
    contract.term_end = add_months(contract.term_end, option.length_months)
    if contract.status == Contract.Status.EXPIRED:
        contract.status = Contract.Status.ACTIVE
    _save(contract)
    return option


@transaction.atomic
def milestone_mark_met(*, milestone: Milestone, met_on: date) -> Milestone:
    if milestone.met_on:
        raise ValidationError(_("The milestone is already recorded as met."))
    start_date = milestone.contract.start_date
    if start_date and met_on < start_date:
        raise ValidationError(
            _("The milestone cannot be met before the contract starts (%(date)s).")
            % {"date": date_format(start_date)}
        )
    milestone.met_on = met_on
    milestone.full_clean()
    milestone.save()
    contract_deadlines_refresh(contract=milestone.contract)
    return milestone


@transaction.atomic
def contract_save_terms(
    *, contract: Contract, changed: Iterable = (), deleted: Iterable = ()
) -> None:
    """Save a contract's changed options/milestones and delete removed ones; refresh deadlines."""
    for child in changed:
        child.organisation_id = contract.organisation_id
        child.contract = contract
        child.full_clean()
        child.save()
    for child in deleted:
        child.delete()
    contract_deadlines_refresh(contract=contract)


@transaction.atomic
def contract_delete(*, contract: Contract) -> None:
    """Soft delete: the contract leaves lists and scans but keeps its history and invoices."""
    contract.is_deleted = True
    contract.save(update_fields=["is_deleted", "updated_at"])
    # A deleted contract has no deadlines: they are deleted and its next dates cleared.
    contract_deadlines_refresh(contract=contract)


def supplier_save(*, supplier: Supplier) -> Supplier:
    supplier.full_clean()
    supplier.save()
    return supplier


def it_system_save(*, system: ITSystem) -> ITSystem:
    system.full_clean()
    system.save()
    return system


@transaction.atomic
def attachment_remove(*, attachment: ContractAttachment, removed_by: User | None) -> None:
    """Remove an attachment uploaded by mistake (or no longer to be kept): its file is deleted
    from storage once the removal is committed; the contract's history keeps its title, who
    uploaded it and who removed it."""
    attachment = ContractAttachment.objects.select_for_update().get(pk=attachment.pk)
    if attachment.removed_at is not None:
        return  # removed already (a repeated request)
    stored = attachment.file.name
    attachment.removed_at = timezone.now()
    attachment.removed_by = removed_by
    attachment.file = ""  # the name is free for a later upload; the title stays in the history
    attachment.save(update_fields=["removed_at", "removed_by", "file"])
    storage = attachment.file.storage
    transaction.on_commit(lambda: _delete_stored_file(storage, stored))


def _delete_stored_file(storage, name: str) -> None:
    """Delete a file whose row no longer points to it; a failure is logged, not raised: the
    removal is saved and the user is told so."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not delete the removed attachment %s", name)


def attachment_add(*, contract: Contract, title: str, file, uploaded_by) -> ContractAttachment:
    attachment = ContractAttachment(
        organisation_id=contract.organisation_id,
        contract=contract,
        title=title,
        file=file,
        uploaded_by=uploaded_by,
    )
    attachment.full_clean()
    attachment.save()
    return attachment
