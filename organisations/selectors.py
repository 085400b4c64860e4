"""Reads about organisations, memberships and members."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Expression, QuerySet

from .models import Membership, Organisation, User
from .roles import Role

# Figures other apps show on every page for the current organisation (the unread notifications
# in the page header), read by the memberships query every request makes rather than by a query
# of their own: name -> function(user) giving an expression over Membership, in which
# OuterRef("organisation") is the organisation. Apps register theirs in AppConfig.ready().
PER_ORGANISATION_FIGURES: dict[str, Callable[[User], Expression]] = {}


def memberships_by_organisation(user: User) -> dict[Organisation, frozenset[str]]:
    """The user's active organisations (by name) with the roles held in each, in one query.

    Each organisation has .figures: the registered PER_ORGANISATION_FIGURES for this user.
    """
    if not user.is_authenticated:
        return {}
    roles: dict[Organisation, set[str]] = {}
    memberships = (
        Membership.objects.with_scopes_disabled()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation")
        .annotate(**{name: make(user) for name, make in PER_ORGANISATION_FIGURES.items()})
        .order_by("organisation__name", "role")
    )
    for membership in memberships:
        organisation = membership.organisation
        if organisation not in roles:
            organisation.figures = {
                name: getattr(membership, name) for name in PER_ORGANISATION_FIGURES
            }
            roles[organisation] = set()
        roles[organisation].add(membership.role)
    return {organisation: frozenset(held) for organisation, held in roles.items()}


def roles_in(*, user: User, organisation: Organisation | None) -> frozenset[str]:
    if organisation is None or not user.is_authenticated:
        return frozenset()
    return frozenset(
        Membership.objects.with_scopes_disabled()
        .filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
    )


@dataclass
class Member:
    user: User
    roles: list[str] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]


def members_of(*, organisation: Organisation) -> list[Member]:
    """Every member of an organisation with their roles, in one query."""
    members: dict[int, Member] = {}
    roles_by_user: dict[int, list[str]] = defaultdict(list)
    memberships = (
        Membership.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )
    for membership in memberships:
        members.setdefault(membership.user_id, Member(user=membership.user))
        roles_by_user[membership.user_id].append(membership.role)
    for user_id, member in members.items():
        member.roles = roles_by_user[user_id]
    return list(members.values())


def member_of(*, organisation: Organisation, user_id: int) -> Member | None:
    """One member of `organisation`, or None when the user is not a member of it."""
    memberships = list(
        Membership.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, user_id=user_id)
        .select_related("user")
        .order_by("role")
    )
    if not memberships:
        return None
    return Member(user=memberships[0].user, roles=[m.role for m in memberships])


def people_by_role(*, organisation: Organisation, roles: Iterable[str]) -> dict[str, list]:
    """The organisation's active users holding each of `roles`, as (id, name) pairs in order
    of name, from one query: choices for a filter, with no model instance per person."""
    people: dict[str, list] = {role: [] for role in roles}
    rows = (
        Membership.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, role__in=list(people), user__is_active=True)
        .values_list("role", "user_id", "user__first_name", "user__last_name", "user__username")
    )
    for role, user_id, first_name, last_name, username in rows:
        people[role].append((user_id, User.display_name(first_name, last_name, username)))
    for pairs in people.values():
        pairs.sort(key=lambda pair: (danish_sort_key(pair[1]), pair[0]))
    return people


# Danish alphabetical order: æ, ø, å after z (in that order), "aa" as å, ä and ö as æ and ø.
_DANISH_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def danish_sort_key(text: str) -> str:
    """A key that sorts names as a Danish reader expects, the same on every database."""
    return text.casefold().replace("aa", "å").translate(_DANISH_LETTERS)


def users_with_role(*, organisation: Organisation, role: str) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__in=Membership.objects.with_scope(organisation=organisation).filter(
            organisation=organisation, role=role
        ),
    ).distinct()
