"""Organisations: the superuser manages them; switching between one's organisations."""

import pytest
from django.urls import reverse

from organisations.models import Organisation
from organisations.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def test_superuser_creates_organisation(superuser, client_for):
    response = client_for(superuser).post(
        reverse("organisations:organisation-list"),
        {
            "name": "Vestby Kommune",
            "kind": "municipality",
            "municipality_code": "903",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Vestby Kommune")
    assert (organisation.slug, organisation.municipality_code) == ("vestby-kommune", "903")


def test_invalid_municipality_code_is_explained(superuser, client_for):
    response = client_for(superuser).post(
        reverse("organisations:organisation-list"),
        {"name": "Vestby Kommune", "kind": "municipality", "municipality_code": "9a"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["municipality_code"] == [
        "En kommunekode har tre cifre, fx 101."
    ]
    assert not Organisation.objects.filter(name="Vestby Kommune").exists()


def test_municipality_administrator_cannot_manage_organisations(org_a, admin_a, client_for):
    client = client_for(admin_a)
    assert client.get(reverse("organisations:organisation-list")).status_code == 404
    edit = reverse("organisations:organisation-edit", args=[org_a.pk])
    assert client.post(edit, {"name": "Hacked", "kind": "municipality"}).status_code == 404
    org_a.refresh_from_db()
    assert org_a.name == "Nordby Kommune"


def test_user_switches_between_own_organisations(org_a, org_b, make_member, client_for):
    user = make_member(org_a, Role.READER)
    from django_scopes import scopes_disabled

    from organisations.models import Membership

    with scopes_disabled():
        Membership.objects.create(user=user, organisation=org_b, role=Role.CONTRACT_MANAGER)
    client = client_for(user)
    page = client.get(reverse("dashboard"))
    assert page.context["current_organisation"] == org_a
    assert "Nordby Kommune" in page.content.decode()

    response = client.post(reverse("organisations:switch"), {"organisation": org_b.pk})
    assert response.status_code == 302
    page = client.get(reverse("dashboard"))
    assert page.context["current_organisation"] == org_b
    assert page.context["current_roles"] == frozenset({"contract_manager"})


def test_cannot_switch_to_foreign_organisation(org_a, org_b, make_member, client_for):
    user = make_member(org_a, Role.READER)
    client = client_for(user)
    assert (
        client.post(reverse("organisations:switch"), {"organisation": org_b.pk}).status_code == 404
    )
    assert client.get(reverse("dashboard")).context["current_organisation"] == org_a


def test_signed_in_user_without_organisation_is_refused(client_for):
    assert client_for(UserFactory()).get(reverse("dashboard")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Vestby-Kommune",
            "Vestby Kommune har et navn, der ligner dette for meget; vælg et andet.",
        ),
        ("!!!", "Navnet skal have bogstaver eller cifre."),
    ],
)
def test_a_name_that_gives_no_address_of_its_own_is_explained(name, message, superuser, client_for):
    Organisation.objects.create(name="Vestby Kommune", slug="vestby-kommune")

    response = client_for(superuser).post(
        reverse("organisations:organisation-list"), {"name": name, "kind": "municipality"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [message]
    assert list(Organisation.objects.values_list("name", flat=True).order_by("name")) == [
        "Vestby Kommune"
    ]
