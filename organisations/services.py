"""Writes about organisations and their members."""

from collections.abc import Iterable

from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Membership, Organisation, User
from .roles import Role


def organisation_create(
    *, name: str, kind: str, municipality_code: str = "", is_active: bool = True
) -> Organisation:
    """A new organisation, its slug made from its name; ValidationError if it cannot be."""
    slug = slugify(name)[:60]
    if not slug:
        raise ValidationError({"name": _("The name needs letters or digits.")})
    taken = Organisation.objects.filter(slug=slug).values_list("name", flat=True).first()
    if taken is not None:
        raise ValidationError(
            {"name": _("%(name)s has a name too like this one; choose another.") % {"name": taken}}
        )
    organisation = Organisation(
        name=name,
        slug=slug,
        kind=kind,
        municipality_code=municipality_code,
        is_active=is_active,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def _administrators_left(organisation: Organisation, *, without_user: User) -> bool:
    return (
        Membership.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, role=Role.ADMINISTRATOR, user__is_active=True)
        .exclude(user=without_user)
        .exists()
    )


@transaction.atomic
def membership_set_roles(*, organisation: Organisation, user: User, roles: Iterable[str]) -> None:
    """Give `user` exactly `roles` in `organisation`; it always keeps an administrator."""
    wanted = {Role(role) for role in roles}
    memberships = Membership.objects.with_scope(organisation=organisation).filter(
        organisation=organisation, user=user
    )
    current = set(memberships.values_list("role", flat=True))
    if (
        Role.ADMINISTRATOR in current
        and Role.ADMINISTRATOR not in wanted
        and not _administrators_left(organisation, without_user=user)
    ):
        raise ValidationError(
            _("%(organisation)s must keep at least one administrator.")
            % {"organisation": organisation.name}
        )
    memberships.exclude(role__in=wanted).delete()
    for role in wanted - current:
        membership = Membership(organisation=organisation, user=user, role=role)
        membership.full_clean(validate_unique=False)
        membership.save()


@transaction.atomic
def member_add(
    *,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    request: HttpRequest | None = None,
) -> User:
    """Add a person to an organisation, creating their account (and inviting them) if needed."""
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email.lower(), email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    roles = set(roles) | set(
        Membership.objects.with_scope(organisation=organisation)
        .filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
    )
    membership_set_roles(organisation=organisation, user=user, roles=roles)
    if created and request is not None:
        transaction.on_commit(lambda: _send_invitation(user, request))
    return user


class _InvitationForm(PasswordResetForm):
    """Django's reset email, sent to a new account that has no password yet."""

    def __init__(self, user: User):
        super().__init__(data={"email": user.email})
        self.invited_user = user

    def get_users(self, email: str) -> list[User]:
        # The stock form skips accounts without a usable password: exactly the invited ones.
        return [self.invited_user]


def _send_invitation(user: User, request: HttpRequest) -> None:
    form = _InvitationForm(user)
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/invitation_subject.txt",
            email_template_name="registration/invitation_email.txt",
        )
