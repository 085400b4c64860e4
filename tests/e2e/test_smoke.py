"""Smoke test in a real browser: sign in, see the dashboard, switch language, sign out."""

import pytest

from organisations.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_dashboard_and_language_switch(page, sign_in, org_a, make_member):
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin", first_name="Karin")
    sign_in("karin")
    assert page.get_by_role("heading", level=1).inner_text() == "Overblik"
    assert "Nordby Kommune" in page.locator(".org-banner").inner_text()

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    page.goto("/app/")
    assert "/accounts/login/" in page.url
