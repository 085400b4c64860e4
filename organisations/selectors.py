"""Reads about organisations, memberships and members."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from .models import Membership, Organisation, User
from .roles import Role


def memberships_by_organisation(user: User) -> dict[Organisation, frozenset[str]]:
    """The user's active organisations (by name) with the roles held in each, in one query."""
    if not user.is_authenticated:
        return {}
    roles: dict[Organisation, set[str]] = {}
    memberships = (
        Membership.objects.with_scopes_disabled()
        .filter(user=user, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    for membership in memberships:
        roles.setdefault(membership.organisation, set()).add(membership.role)
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


def users_with_role(*, organisation: Organisation, role: str) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__in=Membership.objects.with_scope(organisation=organisation).filter(
            organisation=organisation, role=role
        ),
    ).distinct()
