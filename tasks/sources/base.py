"""The parts every notification source is built from: kinds, due items, recipients, members."""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.functional import Promise

from organisations.models import Membership
from organisations.roles import Role

from ..models import Delivery, Reason


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification: stored in Notification.kind and NotificationPreference.kind.

    Lead times come from ``settings.NOTIFICATION_LEAD_DAYS[code]`` when set there, otherwise
    from ``default_lead_days``; a kind without lead times never alerts and is not offered on
    the preferences page.
    """

    code: str  # "<source>.<what>", e.g. "contract.notice"
    label: Promise
    default_delivery: str = Delivery.IMMEDIATE
    default_lead_days: tuple[int, ...] = ()

    @property
    def lead_days(self) -> tuple[int, ...]:
        configured = getattr(settings, "NOTIFICATION_LEAD_DAYS", {}).get(self.code)
        leads = self.default_lead_days if configured is None else configured
        return tuple(sorted({int(lead) for lead in leads}, reverse=True))


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    reason: str  # a tasks.models.Reason value


@dataclass(frozen=True, slots=True)
class ItemKey:
    """What identifies a due item across scans (a notification's key without lead/recipient)."""

    kind: str
    object_type: str
    object_id: int
    item_id: int
    due_date: date


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something that has reached a lead-time stage today, with the people to tell."""

    organisation_id: int
    kind: str
    object_type: str
    object_id: int
    due_date: date
    lead_days: int
    label: str
    recipients: tuple[Recipient, ...]
    item_id: int = 0

    @property
    def key(self) -> ItemKey:
        return ItemKey(self.kind, self.object_type, self.object_id, self.item_id, self.due_date)


@dataclass(frozen=True)
class Source:
    """A domain app's contribution to the daily scan.

    due_items(today=, batch_size=) yields lists of DueItem, at most about batch_size items each,
        with a bounded number of queries per list (stream the rows, resolve recipients per list).
    still_due(keys) answers which of the given items still need action, in a bounded number of
        queries; notifications for the others are cancelled before their email goes out.
    object_urls maps an object_type to a function giving the path of that object's page.
    """

    name: str
    kinds: tuple[NotificationKind, ...]
    due_items: Callable[..., Iterator[list[DueItem]]]
    still_due: Callable[[list[ItemKey]], set[ItemKey]]
    object_urls: dict[str, Callable[[int], str]] = field(default_factory=dict)


def catch_up_days() -> int:
    return getattr(settings, "NOTIFICATION_CATCH_UP_DAYS", 7)


class MemberDirectory:
    """Who may receive an organisation's notifications, looked up per batch and cached per scan.

    Only active users who are still members of the organisation are told about its objects; a
    person named on an object who has left the organisation falls back like an empty field.
    """

    def __init__(self) -> None:
        self._with_role: dict[tuple[int, str], tuple[int, ...]] = {}

    @staticmethod
    def members(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """The (organisation_id, user_id) pairs whose user is an active member: one query."""
        pairs = set(pairs)
        if not pairs:
            return set()
        found = (
            Membership.objects.with_scopes_disabled()
            .filter(
                organisation_id__in={org for org, _user in pairs},
                user_id__in={user for _org, user in pairs},
                user__is_active=True,
            )
            .values_list("organisation_id", "user_id")
            .distinct()
        )
        return pairs & set(found)

    def with_role(self, organisation_ids: Iterable[int], role: str) -> dict[int, tuple[int, ...]]:
        """Active users holding `role` per organisation (the bulk form of users_with_role)."""
        wanted = set(organisation_ids)
        missing = {org for org in wanted if (org, role) not in self._with_role}
        if missing:
            found: dict[int, list[int]] = {org: [] for org in missing}
            rows = (
                Membership.objects.with_scopes_disabled()
                .filter(organisation_id__in=missing, role=role, user__is_active=True)
                .values_list("organisation_id", "user_id")
                .order_by("organisation_id", "user_id")
            )
            for org, user in rows:
                found[org].append(user)
            for org, users in found.items():
                self._with_role[(org, role)] = tuple(users)
        return {org: self._with_role[(org, role)] for org in wanted}

    def recipients(
        self,
        named: Sequence[tuple[int, Sequence[tuple[int | None, str]]]],
        *,
        role: str,
        fallback_reason: str,
    ) -> list[tuple[Recipient, ...]]:
        """Who is told about each object of a batch: for each (organisation_id, [(user_id,
        reason), ...]) the users named on the object who are active members of the organisation
        (each once, with the first reason naming them); where none is, the organisation's active
        users with `role`, for `fallback_reason` (none if it has none). Two queries a batch."""
        members = self.members(
            (org, user) for org, people in named for user, _reason in people if user is not None
        )
        found = [
            (org, [(user, reason) for user, reason in people if (org, user) in members])
            for org, people in named
        ]
        fallback = self.with_role({org for org, people in found if not people}, role)
        result = []
        for org, people in found:
            if not people:
                result.append(tuple(Recipient(user, fallback_reason) for user in fallback[org]))
                continue
            told: dict[int, Recipient] = {}
            for user, reason in people:
                told.setdefault(user, Recipient(user, reason))
            result.append(tuple(told.values()))
        return result

    def contract_managers(
        self, people: Iterable[tuple[int, int | None, int | None]]
    ) -> list[tuple[Recipient, ...]]:
        """recipients() of objects a contract's managers answer for: for each (organisation_id,
        contract manager, deputy) those two, else the organisation's contract managers."""
        return self.recipients(
            [
                (
                    org,
                    [(manager, Reason.CONTRACT_MANAGER), (deputy, Reason.DEPUTY_CONTRACT_MANAGER)],
                )
                for org, manager, deputy in people
            ],
            role=Role.CONTRACT_MANAGER,
            fallback_reason=Reason.ORGANISATION_CONTRACT_MANAGER,
        )


def batched(rows: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
