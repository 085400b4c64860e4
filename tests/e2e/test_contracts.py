"""Browser test: a contract manager registers a contract, sees its notice deadline, gives notice."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from organisations.roles import Role
from tests.contracts.factories import ContractFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_contract_manager_registers_contract_and_gives_notice(page, sign_in, org_a, make_member):
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin", first_name="Karin")
    SupplierFactory(organisation=org_a, name="Fjordsoft A/S")
    today = timezone.localdate()
    term_end = today + timedelta(days=120)
    sign_in("karin")

    page.get_by_role("link", name="Kontrakter").first.click()
    page.get_by_role("link", name="Ny kontrakt").click()
    page.get_by_label("Titel").fill("ESDH-løsning")
    page.wait_for_load_state()  # the type-ahead script runs once the page has loaded
    supplier = page.get_by_label("Leverandør")
    supplier.press_sequentially("fjord")
    suggestion = page.locator(f"#{supplier.get_attribute('list')} option").first
    suggestion.wait_for(state="attached")
    supplier.fill(suggestion.get_attribute("value"))  # picked from the suggestions
    page.get_by_label("Startdato").fill((today - timedelta(days=365)).isoformat())
    page.get_by_label("Udløbsdato").fill(term_end.isoformat())
    page.get_by_label("Opsigelsesvarsel (måneder)").fill("3")
    page.get_by_role("button", name="Gem kontrakt").click()
    assert page.get_by_role("heading", level=1).inner_text() == "ESDH-løsning"

    page.get_by_role("link", name="Overblik").first.click()
    deadlines = page.locator("#bucket-within_30")
    assert "Sidste frist for opsigelse" in deadlines.inner_text()
    deadlines.get_by_role("link", name="ESDH-løsning").click()

    page.get_by_role("link", name="Opsig").click()
    page.get_by_label("Begrundelse").fill("Genudbud")
    page.get_by_role("button", name="Bekræft opsigelse").click()
    assert page.get_by_test_id("contract-status").inner_text() == "Opsagt"
    assert "Opsigelsen er registreret" in page.locator(".messages").inner_text()


def test_the_supplier_filter_suggests_names_as_the_user_types(page, sign_in, org_a, make_member):
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin")
    ContractFactory(
        organisation=org_a,
        title="ESDH",
        supplier=SupplierFactory(organisation=org_a, name="Fjordsoft A/S"),
    )
    ContractFactory(
        organisation=org_a,
        title="Løn",
        supplier=SupplierFactory(organisation=org_a, name="Lønsoft ApS"),
    )
    sign_in("karin")

    page.get_by_role("link", name="Kontrakter").first.click()
    page.wait_for_load_state()  # the type-ahead script runs once the page has loaded
    page.get_by_label("Leverandør").press_sequentially("fjo")
    suggestions = page.locator("#supplier-suggestions option")
    suggestions.first.wait_for(state="attached")
    picked = [option.get_attribute("value") for option in suggestions.all()]
    assert len(picked) == 1
    assert picked[0].startswith("Fjordsoft A/S (")

    page.get_by_label("Leverandør").fill(suggestions.first.get_attribute("value"))  # picked
    page.get_by_role("button", name="Vis").click()
    rows = page.locator("table tbody")
    assert "ESDH" in rows.inner_text()
    assert "Løn" not in rows.inner_text()


def test_the_main_contract_is_typed_with_suggestions_of_other_contracts(
    page, sign_in, org_a, make_member
):
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin")
    main = ContractFactory(organisation=org_a, title="ESDH drift", reference="K-1")
    addition = ContractFactory(organisation=org_a, title="ESDH tillæg", reference="K-2")
    sign_in("karin")

    page.get_by_role("link", name="Kontrakter").first.click()
    page.get_by_role("link", name="ESDH tillæg").click()
    page.get_by_role("link", name="Redigér").click()
    page.wait_for_load_state()  # the type-ahead script runs once the page has loaded
    parent = page.get_by_label("Hovedkontrakt")
    parent.press_sequentially("esdh")
    suggestions = page.locator(f"#{parent.get_attribute('list')} option")
    suggestions.first.wait_for(state="attached")
    # The contract being edited cannot be its own main contract, so it is not offered.
    assert [option.get_attribute("value") for option in suggestions.all()] == [str(main)]

    parent.fill(suggestions.first.get_attribute("value"))  # picked
    page.get_by_role("button", name="Gem kontrakt").click()
    assert page.get_by_role("heading", level=1).inner_text() == "ESDH tillæg"
    addition.refresh_from_db()
    assert addition.parent_id == main.pk


def test_a_contract_gets_several_options_in_one_go(page, sign_in, org_a, make_member):
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin")
    contract = ContractFactory(
        organisation=org_a,
        title="ESDH",
        start_date=timezone.localdate() - timedelta(days=100),
        term_end=timezone.localdate() + timedelta(days=1000),
    )
    sign_in("karin")
    page.get_by_role("link", name="Kontrakter").first.click()
    page.get_by_role("link", name="ESDH").click()
    page.get_by_role("link", name="Redigér").click()

    options = page.locator("fieldset", has_text="Optioner")
    options.get_by_role("button", name="Tilføj en til").click()
    options.get_by_role("button", name="Tilføj en til").click()
    lengths = options.get_by_label("Længde (måneder)")
    deadlines = options.get_by_label("Sidste frist for udnyttelse")
    assert lengths.count() == 3
    for index, months in enumerate(("12", "12", "6")):
        lengths.nth(index).fill(months)
        deadlines.nth(index).fill((timezone.localdate() + timedelta(days=200 + index)).isoformat())
    page.get_by_role("button", name="Gem kontrakt").click()

    assert page.get_by_role("heading", level=1).inner_text() == "ESDH"
    with scopes_disabled():
        assert sorted(contract.options.values_list("length_months", flat=True)) == [6, 12, 12]
