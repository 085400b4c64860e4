"""Wagtail serves the guidance home page to signed-in users; the admin answers."""

import pytest

from organisations.roles import Role

pytestmark = pytest.mark.django_db


def test_home_page_for_signed_in_user(org_a, make_member, client_for):
    response = client_for(make_member(org_a, Role.READER)).get("/")
    assert response.status_code == 200
    assert "<h1>Vejledning</h1>" in response.content.decode()


def test_home_page_asks_anonymous_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_wagtail_admin_login_page(client):
    assert client.get("/cms/login/").status_code == 200
