"""Browser test: a system owner assesses two requirements, one with evidence, and sees the
contract's percentage met change."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from organisations.roles import Role
from tests.fulfilment.factories import link, make_bank, make_contract, make_specification

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_system_owner_assesses_requirements(
    page, sign_in, org_a, editorial, make_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    owner = make_member(org_a, Role.SYSTEM_OWNER, username="soeren", first_name="Søren")
    bank = make_bank(
        make_member(editorial, Role.BANK_EDITOR), make_member(editorial, Role.BANK_EDITOR)
    )
    contract = make_contract(org_a, system_owner=owner)
    link(contract, make_specification(org_a, bank, owner))
    sign_in("soeren")

    page.get_by_role("link", name="Kravopfyldelse", exact=True).first.click()
    page.get_by_role("link", name="ESDH-løsning").first.click()
    assert page.get_by_test_id("percent-met").first.inner_text() == "—"
    assert Axe().run(page).violations_count == 0

    page.get_by_test_id("row-ARK-001").get_by_role("link", name="ARK-001").click()
    assert Axe().run(page).violations_count == 0
    page.get_by_label("Opfyldt", exact=True).check()
    page.get_by_label(re.compile(r"^Dokumentation:?$")).fill("Afleveringstest gennemført.")
    page.get_by_label("Dokumentationsfil").set_input_files(
        files=[{"name": "afleveringstest.txt", "mimeType": "text/plain", "buffer": b"OK"}]
    )
    page.get_by_role("button", name="Gem vurdering").click()
    assert "ARK-001 blev vurderet som “Opfyldt”." in page.locator(".messages").inner_text()
    assert page.get_by_test_id("percent-met").first.inner_text() == "100 %"

    page.get_by_test_id("row-SIK-001").get_by_role("link", name="SIK-001").click()
    page.get_by_label("Ikke opfyldt", exact=True).check()
    page.get_by_role("button", name="Gem vurdering").click()
    assert "Forklar, hvorfor kravet ikke er opfyldt" in page.locator(".errorlist").inner_text()
    page.get_by_label("Kommentar").fill("Opslag i eksporten logges ikke.")
    page.get_by_role("button", name="Gem vurdering").click()

    assert page.get_by_test_id("percent-met").first.inner_text() == "50 %"
    assert page.get_by_test_id("percent-assessed").first.inner_text() == "50 %"
    row = page.get_by_test_id("row-ARK-001")
    assert "Opfyldt" in row.inner_text()
    row.get_by_role("link", name="ARK-001").click()
    assert page.get_by_test_id("evidence-file").inner_text() == "afleveringstest.txt"
