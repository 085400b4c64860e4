"""Browser test: a contract manager uploads an invoice and sees its deviation on the invoice page
and on the contract's page (which includes "invoicing/_contract_invoices.html")."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.invoicing.samples import SampleLine, invoice_xml
from organisations.roles import Role
from tests.contracts.factories import ContractFactory, SupplierFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_uploaded_invoice_shows_its_deviation(page, sign_in, org_a, make_member, tmp_path):
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin", first_name="Karin")
    supplier = SupplierFactory(organisation=org_a, name="Fjordsoft A/S", cvr="29403473")
    contract = ContractFactory(
        organisation=org_a,
        supplier=supplier,
        title="ESDH-løsning",
        reference="K-2025-007",
        start_date=date(2025, 1, 1),
        term_end=date(2028, 12, 31),
        total_value=1_000_000,
        annual_value=250_000,
    )
    invoice = tmp_path / "faktura-4711.xml"
    invoice.write_bytes(
        invoice_xml(
            number="4711",
            supplier_cvr="29403473",
            supplier_name="Fjordsoft A/S",
            issue_date=date(2025, 3, 1),
            contract_reference="K-2025-007",
            lines=[SampleLine("LIC-ESDH", "Licenser 2025", Decimal("300000.00"))],
        )
    )
    sign_in("karin")

    page.get_by_role("link", name="Fakturaer").first.click()
    page.get_by_role("link", name="Indlæs fakturaer").click()
    page.get_by_label("Fakturafiler:", exact=True).set_input_files(str(invoice))
    page.get_by_role("button", name="Indlæs filer").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Resultat af indlæsning"
    result = page.get_by_test_id("file-result")
    assert "faktura-4711.xml" in result.inner_text()
    assert "Indlæst" in result.inner_text()
    result.get_by_role("link", name="Åbn faktura").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Faktura 4711"
    deviations = page.get_by_test_id("deviations").inner_text()
    assert "Årsværdien er overskredet" in deviations
    assert "300.000,00" in deviations

    page.goto(f"/app/contracts/{contract.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "ESDH-løsning"
    summary = page.get_by_test_id("contract-invoices")
    assert page.get_by_test_id("total-invoiced").inner_text() == "300.000,00 kr."
    assert page.get_by_test_id("remaining").inner_text().startswith("700.000,00 kr.")
    assert "4711" in summary.inner_text()
    assert "overskredet" in summary.inner_text()
    assert summary.locator("svg[role=img]").count() == 1
