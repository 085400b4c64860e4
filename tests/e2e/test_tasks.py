"""Notifications in a real browser: the header count, the list, marking read, the settings."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from organisations.roles import Role
from tasks.services import notifications_scan
from tests.contracts.factories import ContractFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_header_count_list_mark_read_and_settings(page, sign_in, org_a, make_member):
    karin = make_member(org_a, Role.CONTRACT_MANAGER, username="karin", first_name="Karin")
    today = timezone.localdate()
    ContractFactory(
        organisation=org_a,
        title="Borgerservice",
        contract_manager=karin,
        start_date=today - timedelta(days=400),
        term_end=None,
        notice_months=None,
        dpa_concluded=True,
        dpa_date=today - timedelta(days=400),
        dpa_next_inspection=today + timedelta(days=20),
    )
    notifications_scan(today=today)

    sign_in("karin")
    page.get_by_role("link", name="Notifikationer (1)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Notifikationer"
    row = page.get_by_role("row").filter(has_text="Tilsyn med databehandler: Borgerservice")
    assert "om 20 dage" in row.inner_text()
    assert Axe().run(page).violations_count == 0

    row.get_by_role("button", name="Markér som læst").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Notifikationer (0)").is_visible()

    page.get_by_role("link", name="Notifikationsindstillinger").click()
    assert Axe().run(page).violations_count == 0
    group = page.get_by_role("group", name="Tilsyn med databehandler")
    group.get_by_label("Kun i systemet").check()
    page.get_by_role("button", name="Gem").click()
    page.wait_for_load_state()
    assert "Dine notifikationsindstillinger er gemt." in page.locator(".messages").inner_text()
    assert (
        page.get_by_role("group", name="Tilsyn med databehandler")
        .get_by_label("Kun i systemet")
        .is_checked()
    )
