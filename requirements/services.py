"""Writes: the bank's editorial workflow and releases, local requirements and specifications."""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from organisations.models import Organisation, User

from .models import (
    SEARCH_CONFIG,
    BankRelease,
    BankReleaseEntry,
    Category,
    Kind,
    Requirement,
    RequirementRelation,
    RequirementVersion,
    Specification,
    SpecificationItem,
    SupplierAnswer,
    SupplierResponse,
    Tag,
    VersionComment,
)

Status = RequirementVersion.Status
Decision = SpecificationItem.Decision

CONTENT_FIELDS = (*RequirementVersion.CONTENT_FIELDS, "change_note")


def version_content(values: Mapping) -> dict:
    content = {name: values.get(name, "") for name in CONTENT_FIELDS}
    sources = values.get("sources") or []
    if isinstance(sources, str):
        sources = sources.splitlines()
    content["sources"] = [source.strip() for source in sources if source.strip()]
    content["kind"] = content["kind"] or Kind.MINIMUM
    return content


def _next_number(requirement: Requirement) -> int:
    highest = (
        RequirementVersion.objects.filter(requirement=requirement)
        .aggregate(highest=Max("number"))
        .get("highest")
    )
    return (highest or 0) + 1


def index_for_search(version_ids: Iterable[int]) -> None:
    """Fill the Danish full-text document of these versions (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    RequirementVersion._base_manager.filter(pk__in=list(version_ids)).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("text", "purpose", weight="B", config=SEARCH_CONFIG)
    )


def _publish(version: RequirementVersion, *, actor: User | None) -> None:
    """Make `version` the requirement's current one; the previous published one is superseded."""
    requirement = version.requirement
    RequirementVersion.objects.filter(requirement=requirement, status=Status.PUBLISHED).exclude(
        pk=version.pk
    ).update(status=Status.SUPERSEDED)
    version.status = Status.PUBLISHED
    version.published_by = actor
    version.published_at = timezone.now()
    version.full_clean()
    version.save()
    requirement.current_version = version
    requirement.save(update_fields=["current_version"])
    index_for_search([version.pk])


def check_tag_names(names: Iterable[str]) -> None:
    """Refuses a tag name longer than a tag can hold, naming it."""
    limit = Tag._meta.get_field("name").max_length
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        raise ValidationError(
            {
                "tags": _("A tag can be at most %(limit)d characters: “%(tag)s” is %(length)d.")
                % {"limit": limit, "tag": too_long[0], "length": len(too_long[0])}
            }
        )


def _set_tags(requirement: Requirement, tags: Iterable[str | Tag]) -> None:
    wanted, names = [], []
    for tag in tags:
        if isinstance(tag, Tag):
            wanted.append(tag)
        elif name := str(tag).strip().lower():
            names.append(name)
    check_tag_names(names)
    wanted += [Tag.objects.get_or_create(name=name)[0] for name in names]
    requirement.tags.set(wanted)


@transaction.atomic
def requirement_create(
    *,
    organisation: Organisation | None,
    key: str,
    category: Category,
    tags: Iterable[str | Tag] = (),
    content: Mapping,
    actor: User | None,
) -> Requirement:
    """A new requirement with its first version: a draft in the shared bank (it needs review),
    published at once when it is a municipality's local requirement."""
    requirement = Requirement(organisation=organisation, key=key.strip().upper(), category=category)
    requirement.full_clean()
    requirement.save()
    _set_tags(requirement, tags)
    version = RequirementVersion(
        requirement=requirement,
        number=1,
        created_by=actor,
        edited_by=actor,
        edited_at=timezone.now(),
        **version_content(content),
    )
    version.full_clean()
    version.save()
    if organisation is not None:
        _publish(version, actor=actor)
    return requirement


@transaction.atomic
def requirement_update_identity(
    *, requirement: Requirement, key: str, category: Category, tags: Iterable[str | Tag]
) -> Requirement:
    """Rename the key, move the category or change tags; the stable id and versions stay."""
    requirement.key = key.strip().upper()
    requirement.category = category
    requirement.full_clean()
    requirement.save()
    _set_tags(requirement, tags)
    return requirement


def open_draft(requirement: Requirement) -> RequirementVersion | None:
    return (
        RequirementVersion.objects.filter(
            requirement=requirement, status__in=[Status.DRAFT, Status.REVIEW]
        )
        .order_by("-number")
        .first()
    )


def _lock(requirement: Requirement) -> Requirement:
    """The requirement's row, locked until the transaction ends: one edit at a time."""
    return Requirement.objects.select_for_update().get(pk=requirement.pk)


def _editable_draft(requirement: Requirement) -> RequirementVersion | None:
    """The open draft, if any; a version in review is not edited."""
    draft = open_draft(requirement)
    if draft is not None and draft.status == Status.REVIEW:
        raise ValidationError(
            _("Version %(number)s is in review; it must be sent back before it can be edited.")
            % {"number": draft.number}
        )
    return draft


@transaction.atomic
def requirement_save_draft(
    *, requirement: Requirement, content: Mapping, actor: User | None
) -> RequirementVersion:
    """Write a new version. Published versions are never edited: the shared bank gets (or
    updates) an open draft for review; a local requirement publishes the new version at once."""
    _lock(requirement)
    draft = _editable_draft(requirement)
    if draft is None:
        draft = RequirementVersion(
            requirement=requirement, number=_next_number(requirement), created_by=actor
        )
    for name, value in version_content(content).items():
        setattr(draft, name, value)
    draft.edited_by = actor
    draft.edited_at = timezone.now()
    draft.full_clean()
    draft.save()
    if requirement.is_local:
        _publish(draft, actor=actor)
    return draft


class Conflict(ValidationError):
    """The requirement was saved by someone else after the user opened the edit form; `current`
    is the version the form would start from now."""

    def __init__(self, current: RequirementVersion) -> None:
        by = current.edited_by or current.created_by
        who = str(by) if by is not None else _("Someone")
        when = date_format(
            timezone.localtime(current.edited_at or current.created_at), "SHORT_DATETIME_FORMAT"
        )
        super().__init__(
            _(
                "%(who)s changed this requirement at %(when)s, after you opened it. Your changes "
                "are still in the form, and how they differ from theirs is shown below it: save "
                "again to replace theirs."
            )
            % {"who": who, "when": when}
        )
        self.current = current


@transaction.atomic
def requirement_edit(
    *,
    requirement: Requirement,
    key: str,
    category: Category,
    tags: Iterable[str | Tag],
    content: Mapping,
    actor: User,
    seen: str | None = None,
) -> RequirementVersion:
    """Save the edit form: the key, category and tags, and the content as a draft
    (requirement_save_draft), all or nothing.

    `seen` is the edit_key of the version the form was opened from (the open draft, else the
    current version): if someone else has saved the requirement since, nothing is saved
    (Conflict). Without `seen` nothing is checked.
    """
    locked = _lock(requirement)
    basis = _editable_draft(locked) or locked.current_version
    if (
        seen is not None
        and basis is not None
        and seen != basis.edit_key
        and basis.edited_by_id != actor.pk
    ):
        raise Conflict(basis)
    requirement_update_identity(requirement=requirement, key=key, category=category, tags=tags)
    return requirement_save_draft(requirement=requirement, content=content, actor=actor)


def _require_status(version: RequirementVersion, *statuses: str) -> None:
    if version.status not in statuses:
        raise ValidationError(
            _("Version %(number)s is %(status)s; this step is not possible now.")
            % {"number": version.number, "status": version.get_status_display().lower()}
        )


@transaction.atomic
def version_submit(*, version: RequirementVersion, actor: User) -> RequirementVersion:
    """Send a draft for review by another bank editor."""
    _require_status(version, Status.DRAFT)
    version.status = Status.REVIEW
    version.submitted_by = actor
    version.full_clean()
    version.save()
    return version


def version_writers(version: RequirementVersion) -> set[int]:
    """The users who wrote the version: who drafted it, submitted it and every editor who saved
    it (the version's history keeps each save's editor)."""
    writers = {version.created_by_id, version.submitted_by_id, version.edited_by_id}
    writers.update(version.history.values_list("edited_by_id", flat=True).distinct())
    writers.discard(None)
    return writers


@transaction.atomic
def version_approve(*, version: RequirementVersion, actor: User) -> RequirementVersion:
    """Publish a version in review; no one who wrote it (version_writers) may approve it."""
    _require_status(version, Status.REVIEW)
    if actor.pk in version_writers(version):
        raise ValidationError(_("Another bank editor must approve this version."))
    _publish(version, actor=actor)
    return version


@transaction.atomic
def version_send_back(
    *, version: RequirementVersion, actor: User, comment: str
) -> RequirementVersion:
    """Return a version in review to draft, saying what must change."""
    _require_status(version, Status.REVIEW)
    if not comment.strip():
        raise ValidationError({"text": _("Say what must change.")})
    version.status = Status.DRAFT
    version.full_clean()
    version.save()
    version_comment(version=version, author=actor, text=comment)
    return version


def version_comment(*, version: RequirementVersion, author: User, text: str) -> VersionComment:
    comment = VersionComment(version=version, author=author, text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def requirement_withdraw(*, requirement: Requirement, actor: User) -> RequirementVersion:
    """Withdraw the current published version; specifications using it are flagged by status."""
    version = requirement.current_version
    if version is None or version.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published requirement can be withdrawn."))
    version.status = Status.WITHDRAWN
    version.full_clean()
    version.save()
    return version


def relation_add(*, source: Requirement, type: str, target: Requirement) -> RequirementRelation:
    if source.is_local or target.is_local:
        raise ValidationError(_("Relations link requirements of the shared bank."))
    opposite = RequirementRelation.objects.filter(source=target, target=source).exists()
    if opposite:
        raise ValidationError(_("These requirements are already related the other way."))
    relation = RequirementRelation(source=source, type=type, target=target)
    relation.full_clean()
    relation.save()
    return relation


def relation_remove(*, relation: RequirementRelation) -> None:
    relation.delete()


@transaction.atomic
def release_create(*, number: str, released_on: date, note: str, actor: User | None) -> BankRelease:
    """Pin every shared requirement's published version as it is right now."""
    release = BankRelease(
        number=number.strip(), released_on=released_on, note=note, created_by=actor
    )
    release.full_clean()
    _check_release_order(release)
    release.save()
    pinned = RequirementVersion.objects.filter(
        requirement__organisation__isnull=True, status=Status.PUBLISHED
    ).values_list("pk", "requirement_id")
    BankReleaseEntry.objects.bulk_create(
        BankReleaseEntry(release=release, requirement_id=requirement_id, version_id=version_id)
        for version_id, requirement_id in pinned.iterator()
    )
    return release


def _release_key(number: str) -> tuple[int, int]:
    year, serial = number.split(".")
    return int(year), int(serial)


def _check_release_order(release: BankRelease) -> None:
    """A release pins the bank as it is now: it comes after every earlier release, in number
    and in date (a release dated 2020 must not hold versions approved in 2026)."""
    earlier = list(BankRelease.objects.values_list("number", "released_on"))
    if not earlier:
        return
    latest_number = max((number for number, _day in earlier), key=_release_key)
    latest_day = max(day for _number, day in earlier)
    errors = {}
    if _release_key(release.number) <= _release_key(latest_number):
        errors["number"] = _("The number must come after the latest release, %(number)s.") % {
            "number": latest_number
        }
    if release.released_on < latest_day:
        errors["released_on"] = _("The date cannot be before the latest release's, %(date)s.") % {
            "date": date_format(latest_day)
        }
    if errors:
        raise ValidationError(errors)


# --- Specifications ----------------------------------------------------------------------------


def _descendant_ids(categories: Iterable[Category]) -> set[int]:
    """The chosen categories and everything below them (the tree is small: read it once)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = [category.pk for category in categories]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def _items_for(
    specification: Specification, category_ids: set[int], existing: set[int]
) -> list[SpecificationItem]:
    entries = (
        BankReleaseEntry.objects.filter(
            release=specification.release, requirement__category_id__in=category_ids
        )
        .exclude(requirement_id__in=existing)
        .select_related("version")
        .order_by("requirement__key")
    )
    return [
        SpecificationItem(
            organisation=specification.organisation,
            specification=specification,
            requirement_id=entry.requirement_id,
            version=entry.version,
            kind=entry.version.kind,
        )
        for entry in entries
    ]


@transaction.atomic
def specification_create(
    *,
    organisation: Organisation,
    title: str,
    release: BankRelease,
    categories: Iterable[Category],
    procurement: str = "",
    description: str = "",
    actor: User | None,
) -> Specification:
    """A specification pinned to `release`, with one undecided item per pinned requirement in
    the chosen categories (and their subcategories)."""
    categories = list(categories)
    if not categories:
        raise ValidationError({"categories": _("Choose at least one category.")})
    specification = Specification(
        organisation=organisation,
        title=title,
        procurement=procurement,
        description=description,
        release=release,
        created_by=actor,
    )
    specification.full_clean()
    specification.save()
    specification.categories.set(categories)
    items = _items_for(specification, _descendant_ids(categories), existing=set())
    bulk_create_with_history(items, SpecificationItem, batch_size=500, default_user=actor)
    return specification


def _require_draft(specification: Specification) -> None:
    if specification.is_final:
        raise ValidationError(_("The specification is final; reopen it before changing it."))


@transaction.atomic
def specification_update(
    *,
    specification: Specification,
    title: str,
    procurement: str,
    description: str,
    categories: Iterable[Category],
    actor: User | None,
) -> Specification:
    """Change the description and the categories: new categories bring their requirements in;
    undecided items of categories no longer chosen go, decided ones stay."""
    _require_draft(specification)
    categories = list(categories)
    if not categories:
        raise ValidationError({"categories": _("Choose at least one category.")})
    specification.title = title
    specification.procurement = procurement
    specification.description = description
    specification.full_clean()
    specification.save()
    specification.categories.set(categories)
    category_ids = _descendant_ids(categories)
    items = SpecificationItem.objects.filter(specification=specification)
    items.filter(decision=Decision.UNDECIDED, requirement__organisation__isnull=True).exclude(
        requirement__category_id__in=category_ids
    ).delete()
    existing = set(items.values_list("requirement_id", flat=True))
    new_items = _items_for(specification, category_ids, existing)
    bulk_create_with_history(new_items, SpecificationItem, batch_size=500, default_user=actor)
    return specification


@transaction.atomic
def item_decide(
    *,
    item: SpecificationItem,
    decision: str,
    justification: str = "",
    modified_text: str = "",
    kind: str,
    weight: int | None = None,
    priority: str = SpecificationItem.Priority.MEDIUM,
    actor: User | None,
) -> SpecificationItem:
    """Record the stance on one requirement; anything but "as is" needs a justification."""
    _require_draft(item.specification)
    errors: dict[str, str] = {}
    justification = justification.strip()
    modified_text = modified_text.strip() if decision == Decision.MODIFIED else ""
    if decision == Decision.UNDECIDED:
        errors["decision"] = _("Choose a decision.")
    if decision not in (Decision.AS_IS, Decision.UNDECIDED) and not justification:
        errors["justification"] = _('Justify the decision: only "as is" needs no reason.')
    if decision == Decision.MODIFIED and (
        not modified_text or modified_text == item.version.text.strip()
    ):
        errors["modified_text"] = _("Write the modified text; it must differ from the bank's.")
    if kind == Kind.AWARD and not weight:
        errors["weight"] = _("An award criterion needs a weight.")
    if errors:
        raise ValidationError(errors)
    item.decision = decision
    item.justification = justification
    item.modified_text = modified_text
    item.kind = kind
    item.weight = weight if kind == Kind.AWARD else None
    item.priority = priority
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_adopt_newer_version(*, item: SpecificationItem, actor: User | None) -> SpecificationItem:
    """Use the bank's newer version; a modified text stays, to be checked against the new one."""
    _require_draft(item.specification)
    newer = item.newer_version
    if newer is None:
        raise ValidationError(_("There is no newer version to adopt."))
    item.version = newer
    item.kept_over_version = None
    item.kept_note = ""
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_keep_version(
    *, item: SpecificationItem, note: str, actor: User | None
) -> SpecificationItem:
    """Keep the pinned version although the bank has a newer one, saying why."""
    _require_draft(item.specification)
    newer = item.newer_version
    if newer is None:
        raise ValidationError(_("There is no newer version to keep out."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the pinned version is kept.")})
    item.kept_over_version = newer
    item.kept_note = note.strip()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def specification_add_local_requirement(
    *, specification: Specification, requirement: Requirement, actor: User | None
) -> SpecificationItem:
    """Add the municipality's own requirement; writing it was the decision to include it."""
    _require_draft(specification)
    if requirement.organisation_id != specification.organisation_id:
        raise ValidationError(_("Only the municipality's own local requirements can be added."))
    version = requirement.current_version
    if version is None or version.status != Status.PUBLISHED:
        raise ValidationError(_("The local requirement has no published version."))
    if SpecificationItem.objects.filter(
        specification=specification, requirement=requirement
    ).exists():
        raise ValidationError(_("The requirement is already in the specification."))
    item = SpecificationItem(
        organisation=specification.organisation,
        specification=specification,
        requirement=requirement,
        version=version,
        kind=version.kind,
        decision=Decision.AS_IS,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def specification_mark_final(*, specification: Specification, actor: User | None) -> Specification:
    _require_draft(specification)
    undecided = SpecificationItem.objects.filter(
        specification=specification, decision=Decision.UNDECIDED
    ).count()
    if undecided:
        raise ValidationError(
            _("%(count)s requirements are not decided yet.") % {"count": undecided}
        )
    specification.status = Specification.Status.FINAL
    specification.finalised_at = timezone.now()
    specification.full_clean()
    specification.save()
    return specification


@transaction.atomic
def specification_reopen(*, specification: Specification, actor: User | None) -> Specification:
    specification.status = Specification.Status.DRAFT
    specification.finalised_at = None
    specification.full_clean()
    specification.save()
    return specification


@transaction.atomic
def supplier_response_save(
    *,
    specification: Specification,
    supplier_name: str,
    answers: Mapping[int, tuple[str, str]],
    actor: User | None,
) -> SupplierResponse:
    """Store a supplier's answers (item id -> (answer, comment)), replacing an earlier upload."""
    response, _created = SupplierResponse.objects.update_or_create(
        organisation=specification.organisation,
        specification=specification,
        supplier_name=supplier_name.strip(),
        defaults={"imported_by": actor},
    )
    SupplierAnswer.objects.filter(response=response).delete()
    SupplierAnswer.objects.bulk_create(
        SupplierAnswer(
            organisation=specification.organisation,
            response=response,
            item_id=item_id,
            answer=answer,
            comment=comment,
        )
        for item_id, (answer, comment) in answers.items()
    )
    return response
