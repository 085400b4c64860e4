"""The interface is Danish by default and English on request; the choice is remembered."""

from datetime import date, datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from config.formats import short_date
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


@pytest.mark.parametrize(
    ("language", "shown", "short", "typed"),
    [
        ("da", "4. marts 2026", "04.03.2026", "04.03.2026"),
        # English as read in Denmark: day before month, never Django's American 03/04/2026.
        ("en", "4 Mar 2026", "04/03/2026", "04/03/2026"),
    ],
)
def test_dates_are_written_and_read_day_first_in_both_languages(language, shown, short, typed):
    with translation.override(language):
        assert date_format(date(2026, 3, 4)) == shown
        assert short_date(date(2026, 3, 4)) == short
        assert forms.DateField().clean(typed) == date(2026, 3, 4)
        assert forms.DateField().clean("2026-03-04") == date(2026, 3, 4)
        assert date_format(datetime(2026, 3, 4, 14, 5), "DATETIME_FORMAT").endswith("14:05")
