"""The XLSX export of the matrix and the PDF fulfilment report."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from requirements.fulfilment import reports, selectors
from requirements.fulfilment.models import FulfilmentItem
from tests.pdf_text import pdf_text

from .factories import assess, items_by_key

pytestmark = pytest.mark.django_db
Status = FulfilmentItem.Status


@pytest.fixture
def reported_a(linked_a, owner_a):
    """ARK-001 met with a formula-like evidence text, ARK-002 not met with a formula-like
    comment, SIK-001 partly met, SIK-003 not assessed."""
    items = items_by_key(linked_a)
    assess(items["ARK-001"], Status.MET, owner_a, evidence_text='=HYPERLINK("x")')
    assess(items["ARK-002"], Status.NOT_MET, owner_a, comment="-Metadata mangler for KLE")
    assess(items["SIK-001"], Status.PARTLY, owner_a, comment="@Eksport logges ikke")
    return linked_a


def test_xlsx_has_one_row_per_requirement_and_escapes_formulas(reported_a, reader_a, client_for):
    url = reverse("fulfilment:contract-xlsx", kwargs={"pk": reported_a.pk})

    response = client_for(reader_a).get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="fulfilment-esdh-lsning.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert (header[0], header[1], header[4], header[7], header[8], header[12]) == (
        "Kategori",
        "Nøgle",
        "Aftalt tekst",
        "Status",
        "Kommentar",
        "Leverandørens svar",
    )
    assert [(r[0], r[1], r[7], r[8], r[9]) for r in rows[1:]] == [
        ("Arkivering", "ARK-001", "Opfyldt", None, "'=HYPERLINK(\"x\")"),
        ("Arkivering", "ARK-002", "Ikke opfyldt", "'-Metadata mangler for KLE", None),
        ("Informationssikkerhed", "SIK-003", "Ikke vurderet", None, None),
        ("Informationssikkerhed – Logning", "SIK-001", "Delvist opfyldt", "'@Eksport logges ikke",
         None),
    ]  # fmt: skip
    assert rows[2][4] == "Løsningen skal aflevere metadata med KLE-emne og sagsnummer."
    assert rows[2][5] == "Ja"
    summary = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert summary[0] == (
        "Kategori",
        "Opfyldt",
        "Delvist opfyldt",
        "Ikke opfyldt",
        "Frafaldet",
        "Ikke vurderet",
        "I alt",
        "Opfyldt (%)",
        "Vurderet (%)",
    )
    assert summary[1:5] == [
        ("Arkivering", 1, 0, 1, 0, 0, 2, 50, 100),
        ("Informationssikkerhed", 0, 0, 0, 0, 1, 1, None, 0),
        ("Informationssikkerhed – Logning", 0, 1, 0, 0, 0, 1, 0, 100),
        ("I alt", 1, 1, 1, 0, 1, 4, 33, 75),
    ]


def test_xlsx_follows_the_status_filter(reported_a, reader_a, client_for):
    url = reverse("fulfilment:contract-xlsx", kwargs={"pk": reported_a.pk})

    response = client_for(reader_a).get(url + "?status=met")

    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["ARK-001"]


def test_pdf_report_text(reported_a, org_a):
    with scopes_disabled(), translation.override("en"):
        matrix = selectors.contract_matrix(contract=reported_a)
        content = reports.render_report(
            contract=reported_a, matrix=matrix, today=timezone.localdate(), invariant=True
        )

    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    assert "Fulfilment report" in text
    assert "ESDH-løsning" in text
    assert "Supplier: Fjordsoft A/S" in text
    assert "Percentage met: 33 % of 3 assessed requirements." in text
    assert "Assessed: 75 % of 4 applicable requirements (waived excluded)." in text
    assert "Not met and partly met" in text
    assert "-Metadata mangler for KLE" in text
    assert "Information security – Logging" in text
    assert text.index("Not met and partly met") < text.index("All requirements")
    shortfalls = text[text.index("Not met and partly met") : text.index("All requirements")]
    assert "ARK-002" in shortfalls and "SIK-001" in shortfalls
    assert "ARK-001" not in shortfalls and "SIK-003" not in shortfalls


def test_pdf_report_is_byte_stable_when_invariant(reported_a):
    with scopes_disabled():
        matrix = selectors.contract_matrix(contract=reported_a)
        today = timezone.localdate()
        first, second = (
            reports.render_report(contract=reported_a, matrix=matrix, today=today, invariant=True)
            for _ in range(2)
        )

    assert first == second


def test_pdf_view_is_danish_by_default(reported_a, reader_a, client_for):
    response = client_for(reader_a).get(
        reverse("fulfilment:contract-pdf", kwargs={"pk": reported_a.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_report_in_danish(reported_a):
    with scopes_disabled(), translation.override("da"):
        matrix = selectors.contract_matrix(contract=reported_a)
        text = pdf_text(
            reports.render_report(
                contract=reported_a, matrix=matrix, today=timezone.localdate(), invariant=True
            )
        )

    assert "Rapport om kravopfyldelse" in text
    assert "Leverandør: Fjordsoft A/S" in text


@pytest.mark.parametrize("length", [3_000, 540_000])
def test_a_long_comment_is_cut_in_the_pdf_instead_of_failing_the_report(linked_a, owner_a, length):
    """A table row cannot break across pages: 3,000 characters made reportlab refuse the
    report, and 540,000 exhausted the server's memory."""
    items = items_by_key(linked_a)
    comment = ("Leverandøren mangler logning af eksport. " * 20_000)[:length]
    assess(items["SIK-001"], Status.PARTLY, owner_a, comment=comment)
    with scopes_disabled(), translation.override("da"):
        matrix = selectors.contract_matrix(contract=linked_a)
        content = reports.render_report(
            contract=linked_a, matrix=matrix, today=timezone.localdate(), invariant=True
        )
    text = pdf_text(content)
    assert "Leverandøren mangler logning" in text
    assert "[…] (afkortet)" in text
