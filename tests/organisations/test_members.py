"""Members and roles: administrators manage their own organisation; nobody else can."""

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from organisations.models import Membership, User
from organisations.roles import Role
from organisations.selectors import danish_sort_key, people_by_role

pytestmark = pytest.mark.django_db


def roles_of(user, organisation):
    with scopes_disabled():
        return set(
            Membership.objects.filter(user=user, organisation=organisation).values_list(
                "role", flat=True
            )
        )


def test_administrator_sees_members_with_roles(org_a, admin_a, make_member, client_for):
    colleague = make_member(org_a, Role.CONTRACT_MANAGER, Role.SYSTEM_OWNER, first_name="Karin")
    response = client_for(admin_a).get(reverse("organisations:member-list"))
    assert response.status_code == 200
    members = {m.user.pk: m.roles for m in response.context["members"]}
    assert members == {
        admin_a.pk: ["administrator"],
        colleague.pk: ["contract_manager", "system_owner"],
    }


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMINISTRATOR])
def test_other_roles_cannot_manage_members(org_a, make_member, client_for, role):
    user = make_member(org_a, role)
    client = client_for(user)
    assert client.get(reverse("organisations:member-list")).status_code == 403
    response = client.post(
        reverse("organisations:member-list"),
        {"email": "x@example.invalid", "first_name": "X", "last_name": "Y", "roles": ["reader"]},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.invalid").exists()


def test_administrator_adds_new_person_who_gets_invitation(
    org_a, admin_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_a).post(
            reverse("organisations:member-list"),
            {
                "email": "Ny.Person@Example.invalid",
                "first_name": "Ny",
                "last_name": "Person",
                "roles": ["contract_manager", "reader"],
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="ny.person@example.invalid")
    assert not user.has_usable_password()
    assert roles_of(user, org_a) == {"contract_manager", "reader"}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Ny.Person@example.invalid"]
    assert "/accounts/reset/" in mail.outbox[0].body


def test_adding_existing_person_adds_roles_without_invitation(
    org_a, org_b, admin_a, make_member, client_for
):
    outsider = make_member(org_b, Role.READER, email="kari@example.invalid")
    client_for(admin_a).post(
        reverse("organisations:member-list"),
        {"email": "kari@example.invalid", "first_name": "K", "last_name": "N", "roles": ["reader"]},
    )
    assert roles_of(outsider, org_a) == {"reader"}
    assert roles_of(outsider, org_b) == {"reader"}
    assert mail.outbox == []


def test_add_member_requires_a_role(org_a, admin_a, client_for):
    response = client_for(admin_a).post(
        reverse("organisations:member-list"),
        {"email": "a@example.invalid", "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["roles"] == ["Vælg mindst én rolle."]
    assert not User.objects.filter(email="a@example.invalid").exists()


def test_administrator_changes_roles(org_a, admin_a, make_member, client_for):
    colleague = make_member(org_a, Role.READER)
    url = reverse("organisations:member-edit", args=[colleague.pk])
    response = client_for(admin_a).post(url, {"roles": ["benefit_owner", "system_owner"]})
    assert response.status_code == 302
    assert roles_of(colleague, org_a) == {"benefit_owner", "system_owner"}


def test_removing_all_roles_removes_member(org_a, admin_a, make_member, client_for):
    colleague = make_member(org_a, Role.READER)
    client_for(admin_a).post(reverse("organisations:member-edit", args=[colleague.pk]), {})
    assert roles_of(colleague, org_a) == set()


def test_last_administrator_cannot_remove_own_role(org_a, admin_a, client_for):
    url = reverse("organisations:member-edit", args=[admin_a.pk])
    response = client_for(admin_a).post(url, {"roles": ["reader"]})
    assert response.status_code == 200
    assert "skal have mindst én administrator" in response.content.decode()
    assert roles_of(admin_a, org_a) == {"administrator"}


def test_second_administrator_may_step_down(org_a, admin_a, make_member, client_for):
    make_member(org_a, Role.ADMINISTRATOR)
    client_for(admin_a).post(
        reverse("organisations:member-edit", args=[admin_a.pk]), {"roles": ["reader"]}
    )
    assert roles_of(admin_a, org_a) == {"reader"}


def test_administrator_of_other_municipality_cannot_edit_member(
    org_a, org_b, make_member, client_for
):
    member_a = make_member(org_a, Role.READER)
    admin_b = make_member(org_b, Role.ADMINISTRATOR)
    url = reverse("organisations:member-edit", args=[member_a.pk])
    client = client_for(admin_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"roles": ["administrator"]}).status_code == 404
    assert roles_of(member_a, org_a) == {"reader"}
    assert roles_of(member_a, org_b) == set()


def test_people_by_role_names_each_roles_active_holders_in_one_query(
    org_a, org_b, make_member, django_assert_num_queries
):
    both = make_member(org_a, Role.CONTRACT_MANAGER, Role.SYSTEM_OWNER, first_name="Åse")
    named = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Bo", last_name="Berg")
    oe = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Øster", last_name="")
    ae = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Ærø", last_name="")
    unnamed = make_member(org_a, Role.CONTRACT_MANAGER, username="cm3", first_name="", last_name="")
    make_member(org_a, Role.CONTRACT_MANAGER, first_name="Gone", is_active=False)
    make_member(org_a, Role.READER, first_name="Læser")
    make_member(org_b, Role.CONTRACT_MANAGER, first_name="Anden")

    with django_assert_num_queries(1):
        people = people_by_role(
            organisation=org_a, roles=[Role.CONTRACT_MANAGER, Role.SYSTEM_OWNER]
        )

    assert people == {
        Role.CONTRACT_MANAGER: [
            (named.pk, "Bo Berg"),
            (unnamed.pk, "cm3"),  # no name: the username, as str() of the user
            (ae.pk, "Ærø"),  # æ, ø, å after the other letters, as in Danish
            (oe.pk, "Øster"),
            (both.pk, str(both)),
        ],
        Role.SYSTEM_OWNER: [(both.pk, str(both))],
    }


def test_names_sort_in_danish_order():
    names = ["Åse", "Øster", "Aage", "Zenia", "Ærø", "Anders"]
    assert sorted(names, key=danish_sort_key) == ["Anders", "Zenia", "Ærø", "Øster", "Aage", "Åse"]
