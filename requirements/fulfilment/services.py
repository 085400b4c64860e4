"""Writes of requirement fulfilment: link a contract to its requirements, record assessments."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from config.uploads import validate_document
from contracts.models import Contract
from organisations.models import User
from requirements.models import (
    Requirement,
    RequirementVersion,
    Specification,
    SpecificationItem,
)

from .models import ContractSpecification, FulfilmentItem

Status = FulfilmentItem.Status


@dataclass(frozen=True)
class LinkResult:
    added: int  # new fulfilment items
    already: int  # requirements the contract already had


def _existing_requirement_ids(contract: Contract) -> set[int]:
    return set(
        FulfilmentItem.objects.filter(contract=contract).values_list("requirement_id", flat=True)
    )


def _same_organisation(contract: Contract, organisation_id: int | None) -> None:
    if organisation_id != contract.organisation_id:
        raise ValidationError(_("The specification belongs to another organisation."))


@transaction.atomic
def contract_link_specification(
    *, contract: Contract, specification: Specification, actor: User | None
) -> LinkResult:
    """Make every included requirement of `specification` (as is or modified) a fulfilment item
    of `contract`, copying the pinned version and the tendered text. Linking again adds only
    requirements included since; it never duplicates or changes existing items."""
    _same_organisation(contract, specification.organisation_id)
    if contract.is_deleted:
        raise ValidationError(_("The contract is deleted."))
    link, _created = ContractSpecification.objects.get_or_create(
        organisation_id=contract.organisation_id,
        contract=contract,
        specification=specification,
        defaults={"linked_by": actor},
    )
    existing = _existing_requirement_ids(contract)
    included = (
        SpecificationItem.objects.filter(
            specification=specification, decision__in=SpecificationItem.INCLUDED
        )
        .select_related("requirement", "version")
        .order_by("requirement__key")
    )
    items = []
    already = 0
    for spec_item in included:
        if spec_item.requirement_id in existing:
            already += 1
            continue
        items.append(
            FulfilmentItem(
                organisation_id=contract.organisation_id,
                contract=contract,
                requirement_id=spec_item.requirement_id,
                version=spec_item.version,
                specification_item=spec_item,
                key=spec_item.requirement.key,
                title=spec_item.version.title,
                text=spec_item.effective_text,
                modified=spec_item.decision == SpecificationItem.Decision.MODIFIED,
                kind=spec_item.kind,
                weight=spec_item.weight,
                created_by=actor,
            )
        )
    _create(items, actor)
    return LinkResult(added=len(items), already=already)


@transaction.atomic
def contract_add_requirements(
    *, contract: Contract, requirements: Iterable[Requirement], actor: User | None
) -> LinkResult:
    """Add requirements picked from the bank directly, with their current published version.

    Only the shared bank and the contract's organisation's own requirements may be added.
    """
    if contract.is_deleted:
        raise ValidationError(_("The contract is deleted."))
    existing = _existing_requirement_ids(contract)
    items = []
    already = 0
    for requirement in requirements:
        if requirement.organisation_id not in (None, contract.organisation_id):
            raise ValidationError(_("The requirement belongs to another organisation."))
        version = requirement.current_version
        if version is None or version.status != RequirementVersion.Status.PUBLISHED:
            raise ValidationError(_("%(key)s has no published version.") % {"key": requirement.key})
        if requirement.pk in existing:
            already += 1
            continue
        existing.add(requirement.pk)
        items.append(
            FulfilmentItem(
                organisation_id=contract.organisation_id,
                contract=contract,
                requirement=requirement,
                version=version,
                key=requirement.key,
                title=version.title,
                text=version.text,
                kind=version.kind,
                created_by=actor,
            )
        )
    _create(items, actor)
    return LinkResult(added=len(items), already=already)


# Foreign keys come from rows just read; checking each again would cost a query per field.
_LINKS = ("organisation", "contract", "requirement", "version", "specification_item", "created_by")


def _create(items: list[FulfilmentItem], actor: User | None) -> None:
    for item in items:
        item.full_clean(exclude=_LINKS, validate_unique=False, validate_constraints=False)
    # The unique constraint (contract, requirement) still guards against a parallel link.
    bulk_create_with_history(items, FulfilmentItem, batch_size=500, default_user=actor)


@transaction.atomic
def fulfilment_item_assess(
    *,
    item: FulfilmentItem,
    status: str,
    comment: str = "",
    evidence_text: str = "",
    evidence_url: str = "",
    evidence_file=None,
    remove_evidence_file: bool = False,
    next_review: date | None = None,
    actor: User | None,
    today: date | None = None,
    seen: str | None = None,
) -> FulfilmentItem:
    """Record the assessment of one requirement. Not met and waived need a comment, met needs
    evidence (a text, a link or a file; FulfilmentItem.clean). A new file replaces the old one;
    the old one stays in the item's history and in storage.

    `seen` is the item's seen_key when the user opened it: an assessment saved by someone else
    since is not overwritten (Conflict). A next review date that passed unchanged is kept.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        current = FulfilmentItem.objects.select_for_update().get(pk=item.pk)
        # An item never assessed has no one's assessment to overwrite.
        if seen is not None and current.assessed_at is not None and seen != current.seen_key:
            raise Conflict(current)
        return _assess(
            item,
            status=status,
            comment=comment,
            evidence_text=evidence_text,
            evidence_url=evidence_url,
            evidence_file=evidence_file,
            remove_evidence_file=remove_evidence_file,
            next_review=next_review,
            actor=actor,
            today=today,
            kept_review=current.next_review,
        )


class Conflict(ValidationError):
    """The item was assessed by someone else after the user opened it; `current` is it now."""

    def __init__(self, current: FulfilmentItem) -> None:
        by = current.assessed_by
        who = (by.get_full_name() or by.username) if by is not None else _("Someone")
        when = date_format(timezone.localtime(current.assessed_at), "SHORT_DATETIME_FORMAT")
        super().__init__(
            _(
                "%(who)s assessed this requirement at %(when)s, after you opened it. Their "
                "assessment is shown on the page; your changes are still in the form: save "
                "again to replace theirs."
            )
            % {"who": who, "when": when}
        )
        self.current = current


def _assess(
    item: FulfilmentItem,
    *,
    status: str,
    comment: str,
    evidence_text: str,
    evidence_url: str,
    evidence_file,
    remove_evidence_file: bool,
    next_review: date | None,
    actor: User | None,
    today: date,
    kept_review: date | None,
) -> FulfilmentItem:
    errors: dict[str, list] = {}
    if status not in Status.values:
        errors.setdefault("status", []).append(_("Choose a status."))
    if next_review is not None and next_review < today and next_review != kept_review:
        errors.setdefault("next_review", []).append(_("The next review cannot be in the past."))
    if evidence_file is not None:
        try:
            validate_document(evidence_file)
        except ValidationError as error:
            errors.setdefault("evidence_file", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    item.status = status
    item.comment = comment.strip()
    item.evidence_text = evidence_text.strip()
    item.evidence_url = evidence_url.strip()
    if evidence_file is not None:
        item.evidence_file = evidence_file
    elif remove_evidence_file:
        item.evidence_file = ""
    item.next_review = next_review
    item.assessed_by = actor
    item.assessed_at = timezone.now()
    item.full_clean()
    # History names the assessor also outside a request (imports, demo data, the shell).
    item._history_user = actor
    item.save()
    return item
