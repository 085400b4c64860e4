"""Browser test: a municipality builds a specification from the bank and exports it."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from docx import Document

from organisations.models import Organisation
from organisations.roles import Role
from requirements import services
from tests.factories import OrganisationFactory
from tests.pdf_text import pdf_lines
from tests.requirements.factories import CategoryFactory, published_requirement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _bank(make_member):
    editorial = OrganisationFactory(
        name="Kravsekretariatet", slug="kravsekretariatet", kind=Organisation.Kind.EDITORIAL
    )
    author = make_member(editorial, Role.BANK_EDITOR)
    approver = make_member(editorial, Role.BANK_EDITOR)
    with scopes_disabled():
        security = CategoryFactory(key="SIK", name="Informationssikkerhed")
        for key, title, text in [
            ("SIK-001", "Logning af opslag", "Løsningen skal logge alle opslag."),
            ("SIK-002", "Kryptering under transport", "Data skal krypteres med TLS."),
            ("SIK-003", "Tofaktorlogin", "Administratorer skal logge ind med to faktorer."),
        ]:
            published_requirement(
                key=key, category=security, author=author, approver=approver, title=title, text=text
            )
        services.release_create(number="2026.1", released_on=date(2026, 1, 15), note="", actor=None)


def _decide(page, key: str, decision: str, justification: str, text: str | None = None):
    page.get_by_role("link", name=key, exact=True).click()
    page.get_by_label(decision).check()
    if text is not None:
        page.get_by_label("Ændret tekst").fill(text)
    page.get_by_label("Begrundelse").fill(justification)
    page.get_by_role("button", name="Gem beslutning").click()
    page.wait_for_load_state()


def test_build_specification_with_modified_and_excluded_requirement_and_export(
    page, sign_in, org_a, make_member
):
    _bank(make_member)
    make_member(org_a, Role.CONTRACT_MANAGER, username="karin")
    sign_in("karin")

    page.get_by_role("link", name="Krav", exact=True).click()
    page.get_by_role("link", name="Kravspecifikationer").first.click()
    page.get_by_role("link", name="Ny kravspecifikation").click()
    page.get_by_label("Titel").fill("Nyt ESDH-system")
    page.get_by_label("Informationssikkerhed").check()
    page.get_by_role("button", name="Opret kravspecifikation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nyt ESDH-system"
    assert "0 af 3 krav besluttet" in page.locator(".progress-card").inner_text()

    _decide(
        page,
        "SIK-001",
        "Medtag med ændringer",
        "Loggen skal gemmes i fem år efter vores politik.",
        text="Løsningen skal logge alle opslag og gemme loggen i fem år.",
    )
    # Saving moves on to the next undecided requirement in the category.
    assert "SIK-002" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Medtag uændret").check()
    page.get_by_role("button", name="Gem beslutning").click()
    page.wait_for_load_state()
    assert "SIK-003" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Fravælg").check()
    page.get_by_label("Begrundelse").fill("Løsningen har ingen administratorer hos kommunen.")
    page.get_by_role("button", name="Gem beslutning").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Nyt ESDH-system"
    assert "3 af 3 krav besluttet" in page.locator(".progress-card").inner_text()

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF").click()
    lines = pdf_lines(Path(pdf_download.value.path()).read_bytes())
    assert "Løsningen skal logge alle opslag og gemme loggen i fem år." in lines
    assert "1.2 SIK-002 Kryptering under transport" in lines
    assert not any("SIK-003" in line for line in lines)

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Word (DOCX)").click()
    word = Document(BytesIO(Path(docx_download.value.path()).read_bytes()))
    paragraphs = [p.text for p in word.paragraphs]
    assert "1.1 SIK-001 Logning af opslag" in paragraphs
    assert "Løsningen skal logge alle opslag og gemme loggen i fem år." in paragraphs
    assert [row.cells[1].text for row in word.tables[0].rows] == ["Nøgle", "SIK-001", "SIK-002"]
