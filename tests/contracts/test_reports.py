"""PDF reports: the contract fact sheet and the portfolio, read back as text."""

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from reportlab.pdfbase.pdfmetrics import stringWidth

from contracts.deadlines import OptionState
from contracts.reports import PORTFOLIO_FONT, PORTFOLIO_SIZE, fit
from contracts.services import contract_give_notice
from organisations.roles import Role
from tests.contracts.factories import (
    ContractFactory,
    ContractOptionFactory,
    ITSystemFactory,
    MilestoneFactory,
    SupplierFactory,
    make_cvr,
)
from tests.pdf_text import pdf_lines


@pytest.fixture(autouse=True)
def _printed_on_a_fixed_day(time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 12, 0), tick=False)


def page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", content))


@pytest.fixture
def contract(org_a, make_member):
    manager = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Mette", last_name="Holm")
    supplier = SupplierFactory(
        organisation=org_a, name="Netic A/S", cvr=make_cvr(20), contact_name="Lone Berg"
    )
    contract = ContractFactory(
        organisation=org_a,
        supplier=supplier,
        title="ESDH-drift og support",
        reference="K-2024-17",
        contract_manager=manager,
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        notice_months=3,
        notice_to_end_of="quarter",
        total_value=Decimal("1234567.50"),
        annual_value=Decimal("300000"),
        it_systems=[ITSystemFactory(organisation=org_a, name="Acadre")],
    )
    ContractOptionFactory(contract=contract, length_months=12, exercise_by=date(2027, 6, 30))
    ContractOptionFactory(
        contract=contract,
        length_months=6,
        exercise_by=date(2025, 6, 30),
        state=OptionState.LAPSED,
        note="Ikke brugt",
    )
    MilestoneFactory(
        contract=contract, name="Driftsprøve", due_date=date(2026, 5, 1), legal_effect="Bod"
    )
    return contract


def test_fact_sheet_shows_terms_parties_values_deadlines_options_and_milestones(
    org_a, contract, make_member, client_for
):
    reader = make_member(org_a, Role.READER)

    response = client_for(reader).get(
        reverse("contracts:contract-factsheet", kwargs={"pk": contract.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="faktaark-k-2024-17.pdf"'
    assert page_count(response.content) == 1
    lines = pdf_lines(response.content)
    for expected in [
        "ESDH-drift og support",
        "K-2024-17 · Aktiv · Faktaark udskrevet 02.03.2026",
        "Nordby Kommune",
        f"Netic A/S (CVR {contract.supplier.cvr})",
        "Mette Holm",
        "Acadre",
        "31.12.2027",
        "3 måneder, udgangen af et kvartal",
        "1.234.567,50 kr.",
        "300.000,00 kr.",
        "31.12.2028",  # final end with the unused option
        "Sidste frist for opsigelse",
        "har virkning 31.12.2027",
        "12 måneder",
        "30.06.2027",
        "Bortfaldet",
        "Ikke brugt",
        "Driftsprøve",
        "01.05.2026",
        "Bod",
    ]:
        assert expected in lines, expected


def test_fact_sheet_stays_on_one_page_with_long_lists(org_a, contract, make_member, client_for):
    for day in range(1, 20):
        MilestoneFactory(contract=contract, name=f"Leverance {day}", due_date=date(2026, 6, day))

    response = client_for(make_member(org_a)).get(
        reverse("contracts:contract-factsheet", kwargs={"pk": contract.pk})
    )

    assert page_count(response.content) == 1
    assert "… og 12 mere (se kontraktens side)." in pdf_lines(response.content)


def test_fact_sheet_in_english(org_a, contract, make_member, client_for):
    client = client_for(make_member(org_a))
    client.post(reverse("organisations:language"), {"language": "en"})

    response = client.get(reverse("contracts:contract-factsheet", kwargs={"pk": contract.pk}))

    lines = pdf_lines(response.content)
    assert "Last day to give notice" in lines
    assert "3 months, end of a quarter" in lines


def test_fact_sheet_of_another_municipality_is_404(org_a, org_b, contract, make_member, client_for):
    outsider = make_member(org_b, *Role.values)

    response = client_for(outsider).get(
        reverse("contracts:contract-factsheet", kwargs={"pk": contract.pk})
    )

    assert response.status_code == 404


def test_portfolio_lists_every_contract_one_table_per_page(
    org_a, org_b, contract, make_member, client_for
):
    for number in range(64):
        ContractFactory(
            organisation=org_a,
            supplier=contract.supplier,
            title=f"Aftale {number:03d}",
            start_date=date(2025, 1, 1),
            term_end=date(2028, 6, 30),
        )
    ContractFactory(organisation=org_b, title="Sydhavns hemmelighed")

    response = client_for(make_member(org_a)).get(reverse("contracts:portfolio-report"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="portefoelje-nordby.pdf"'
    lines = pdf_lines(response.content)
    assert page_count(response.content) == 3
    assert "Kontraktportefølje · Nordby Kommune" in lines
    assert "65 kontrakter · udskrevet 02.03.2026" in lines
    assert lines.count("Kontrakt") == 3  # the header row on each page
    assert "Side 3" in lines
    assert "Aftale 000" in lines and "Aftale 063" in lines
    row = lines[lines.index("ESDH-drift og support") :][:10]
    assert row == [
        "ESDH-drift og support",
        "K-2024-17",
        "Netic A/S",
        "Aktiv",
        "Mette Holm",
        "31.12.2027",
        "31.12.2028",
        "30.09.2027",
        "01.05.2026 Milepæl",
        "300.000,00 kr.",
    ]
    assert not any("Sydhavn" in line for line in lines)


def test_a_tacitly_renewed_term_shows_where_it_ends_now(org_a, make_member, client_for):
    # Printed 2 March 2026: the term agreed to end 31 Dec 2025 has renewed to 31 Dec 2026.
    renewed = ContractFactory(
        organisation=org_a, title="SMS-udsendelse", start_date=date(2023, 1, 1),
        term_end=date(2025, 12, 31), tacit_renewal_months=12, notice_months=3,
    )  # fmt: skip
    client = client_for(make_member(org_a))

    lines = pdf_lines(client.get(reverse("contracts:portfolio-report")).content)
    row = lines[lines.index("SMS-udsendelse") :][:8]
    assert "31.12.2026" in row and "31.12.2025" not in row

    sheet = pdf_lines(
        client.get(reverse("contracts:contract-factsheet", args=[renewed.pk])).content
    )
    assert "31.12.2025, fornyet til 31.12.2026" in sheet

    detail = client.get(reverse("contracts:contract-detail", args=[renewed.pk])).content.decode()
    assert "fornyet til 31. december 2026" in detail


def test_fact_sheet_tells_when_notice_was_given_and_takes_effect(org_a, make_member, client_for):
    contract = ContractFactory(
        organisation=org_a, title="Løn", start_date=date(2024, 1, 1), term_end=date(2027, 12, 31),
        notice_months=3, irrevocable_until=None,
    )  # fmt: skip
    with scopes_disabled():
        contract_give_notice(
            contract=contract, given_on=date(2026, 2, 2), effective=date(2027, 12, 31)
        )
    client = client_for(make_member(org_a))
    sheet = pdf_lines(
        client.get(reverse("contracts:contract-factsheet", args=[contract.pk])).content
    )
    assert sheet[sheet.index("Opsagt den") + 1] == "02.02.2026"
    assert not any("fornyet" in line for line in sheet)
    # The label wraps in its column.
    assert sheet[sheet.index("Ophør har virkning") :][:3] == [
        "Ophør har virkning",
        "fra",
        "31.12.2027",
    ]


def test_portfolio_of_an_empty_register(org_a, make_member, client_for):
    response = client_for(make_member(org_a)).get(reverse("contracts:portfolio-report"))

    assert page_count(response.content) == 1
    assert "Registret har endnu ingen kontrakter." in pdf_lines(response.content)


def test_reports_need_a_member(client, contract):
    response = client.get(reverse("contracts:portfolio-report"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "text", ["NORDBY-2024-007", "Kontraktansvarlig med et meget langt navn", "A"]
)
def test_portfolio_cells_are_cut_to_the_width_of_their_column(text):
    width = stringWidth("NORDBY-2024-007", PORTFOLIO_FONT, PORTFOLIO_SIZE)

    shown = fit(text, width)

    assert stringWidth(shown, PORTFOLIO_FONT, PORTFOLIO_SIZE) <= width
    if stringWidth(text, PORTFOLIO_FONT, PORTFOLIO_SIZE) <= width:
        assert shown == text
    else:
        assert shown.endswith("…")
        assert text.startswith(shown[:-1])
        assert len(shown) > 10  # cut at the width, not far short of it
