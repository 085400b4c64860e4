"""In a browser: an editor submits a quick guide, a moderator approves it, members then see it."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from cms.services import EDITORS_GROUP, MODERATORS_GROUP
from organisations.roles import Role
from tests.cms.factories import (
    ensure_page_tree,
    make_checklist,
    make_quick_guide,
    set_up_moderation,
    wagtail_user,
)
from tests.contracts.factories import ContractFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Fakturakontrol i praksis"


def sign_out(page):
    page.context.clear_cookies()


def test_moderated_guide_appears_on_contract_page_dashboard_and_search(
    page, sign_in, org_a, make_member
):
    # A transactional test starts from an empty database: build the page tree and groups again.
    index = ensure_page_tree()
    set_up_moderation()
    wagtail_user(EDITORS_GROUP, username="emil", first_name="Emil")
    wagtail_user(MODERATORS_GROUP, username="mona", first_name="Mona")
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin", first_name="Karin")
    guide = make_quick_guide(
        index,
        title="Fakturakontrol (kladde)",
        slug="fakturakontrol-i-praksis",
        summary="Tjek hver faktura mod kontraktens priser.",
        roles=["contract_manager"],
        phases=["operation"],
        topics=["invoice"],
        live=False,
    )
    contract = ContractFactory(organisation=org_a, title="ESDH-løsning")

    sign_in("karin")
    assert "Fakturakontrol" not in page.locator("main").inner_text()
    sign_out(page)

    sign_in("emil")
    page.goto(f"/cms/pages/{guide.pk}/edit/")
    page.locator("#id_title").fill(TITLE)
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator('button[name="action-submit"]').click()
    page.wait_for_url(f"**/cms/pages/{index.pk}/")
    sign_out(page)

    sign_in("karin")
    assert "Fakturakontrol" not in page.locator("main").inner_text()
    sign_out(page)

    sign_in("mona")
    page.goto(f"/cms/pages/{guide.pk}/edit/")
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    page.wait_for_url(f"**/cms/pages/{index.pk}/")
    sign_out(page)

    sign_in("karin")
    # The contract page shows phase 5 guidance: the approved guide is there.
    page.goto(f"/app/contracts/{contract.pk}/")
    assert page.locator("aside.guidance-aside").get_by_role("link", name=TITLE).is_visible()
    page.goto("/app/")
    aside = page.locator("aside.guidance-aside")
    assert aside.get_by_role("heading").inner_text() == "Vejledning til din rolle"
    aside.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/vejledninger/fakturakontrol-i-praksis/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert Axe().run(page).violations_count == 0

    page.goto("/app/guidance/search/")
    page.get_by_label("Søg i vejledningerne").fill("faktura")
    page.get_by_role("button", name="Søg", exact=True).click()
    assert page.locator(".search-results").get_by_role("link", name=TITLE).is_visible()


def test_run_a_checklist_and_tick_a_point_without_javascript(
    browser, live_server, page, sign_in, org_a, make_member
):
    index = ensure_page_tree()
    checklist = make_checklist(index, title="Den gode proces", slug="den-gode-proces")
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin", first_name="Karin", last_name="K")
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    no_js = context.new_page()
    no_js.set_default_timeout(15_000)
    no_js.goto("/accounts/login/")
    no_js.get_by_label("Brugernavn").fill("karin")
    no_js.get_by_label("Adgangskode").fill("correct-horse-battery")
    no_js.get_by_role("button", name="Log ind").click()

    no_js.goto(checklist.url)
    no_js.get_by_role("link", name="Gennemgå tjeklisten").click()
    no_js.get_by_label("Bruges til").fill("Udbud af SMS-løsning")
    no_js.get_by_role("button", name="Start").click()
    assert no_js.get_by_role("heading", level=1).inner_text() == "Den gode proces"
    no_js.get_by_label("Behovet er beskrevet", exact=True).check()
    no_js.get_by_label("Kommentar – Budget").fill("Afventer økonomi")
    no_js.get_by_role("button", name="Gem").first.click()
    assert "1 af 3 punkter er afkrydset" in no_js.get_by_test_id("run-progress").inner_text()
    assert no_js.get_by_label("Behovet er beskrevet", exact=True).is_checked()
    assert no_js.get_by_label("Kommentar – Budget").input_value() == "Afventer økonomi"
    assert "Afkrydset af Karin K" in no_js.locator("main").inner_text()
    run_url = no_js.url
    context.close()

    # The same pages pass axe's accessibility rules (axe needs JavaScript).
    sign_in("karin")
    for url in (run_url, "/app/guidance/checklists/", checklist.url):
        page.goto(url)
        assert Axe().run(page).violations_count == 0, url
    assert page.get_by_role("cell", name="Udbud af SMS-løsning").count() == 0
    page.goto("/app/guidance/checklists/")
    assert page.get_by_role("cell", name="Udbud af SMS-løsning").is_visible()
