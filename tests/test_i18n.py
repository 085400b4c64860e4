"""The interface is Danish by default and English on request; the choice is remembered."""

import pytest
from django.urls import reverse

from organisations.roles import Role

pytestmark = pytest.mark.django_db


def test_danish_by_default_even_for_english_browsers(org_a, admin_a, client_for):
    response = client_for(admin_a).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "da"
    assert "Log ud" in response.content.decode()


def test_switch_to_english_and_back(org_a, make_member, client_for):
    user = make_member(org_a, Role.READER)
    client = client_for(user)
    response = client.post(reverse("organisations:language"), {"language": "en", "next": "/app/"})
    assert response.status_code == 302
    page = client.get(reverse("dashboard"))
    assert page["Content-Language"] == "en"
    assert "Sign out" in page.content.decode()
    user.refresh_from_db()
    assert user.language == "en"

    client.post(reverse("organisations:language"), {"language": "da", "next": "/app/"})
    assert "Log ud" in client.get(reverse("dashboard")).content.decode()


def test_profile_language_applies_without_cookie(org_a, make_member, client_for):
    user = make_member(org_a, Role.READER, language="en")
    assert "Sign out" in client_for(user).get(reverse("dashboard")).content.decode()


def test_unknown_language_is_ignored(org_a, make_member, client_for):
    user = make_member(org_a, Role.READER)
    client = client_for(user)
    client.post(reverse("organisations:language"), {"language": "xx", "next": "/app/"})
    assert client.get(reverse("dashboard"))["Content-Language"] == "da"
