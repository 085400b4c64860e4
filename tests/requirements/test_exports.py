"""Exports of a specification: PDF, DOCX, XLSX (and reading it back), ReqIF, JSON; bank export."""

import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from docx import Document
from lxml import etree
from openpyxl import load_workbook
from reportlab.pdfbase.pdfmetrics import stringWidth

from config.spreadsheets import escape_formula
from organisations.roles import Role
from requirements import services
from requirements.exports import build_document
from requirements.exports.pdf import TEXT_WIDTH, RowTable, compliance_tables, render_pdf
from requirements.models import SpecificationItem, SupplierAnswer, SupplierResponse
from tests.pdf_text import pdf_lines

pytestmark = pytest.mark.django_db
REQIF = "{http://www.omg.org/spec/ReqIF/20110401/reqif.xsd}"


@pytest.fixture
def decided(bank, specification_a):
    """SIK-001 modified, SIK-002 as is, ARK-001 excluded."""
    with scopes_disabled():
        items = {
            item.requirement.key: item
            for item in SpecificationItem.objects.filter(
                specification=specification_a
            ).select_related("requirement", "version", "specification")
        }
        services.item_decide(
            item=items["SIK-001"],
            decision="modified",
            modified_text="Løsningen skal logge alle opslag i 5 år.",
            justification="Lokal praksis.",
            kind="award",
            weight=20,
            priority="high",
            actor=None,
        )
        services.item_decide(item=items["SIK-002"], decision="as_is", kind="minimum", actor=None)
        services.item_decide(
            item=items["ARK-001"],
            decision="excluded",
            justification="Afleveres via ESDH.",
            kind="award",
            weight=5,
            actor=None,
        )
    return specification_a


@pytest.fixture
def final(decided):
    """`decided`, marked final: what is sent to suppliers."""
    with scopes_disabled():
        return services.specification_mark_final(specification=decided, actor=None)


def _export(client, specification, file_format):
    response = client.get(
        reverse("requirements:specification-export", args=[specification.pk, file_format])
    )
    assert response.status_code == 200
    return response


def test_document_numbers_included_requirements_per_category(decided):
    with scopes_disabled():
        document = build_document(decided)
    assert [(s.number, s.title) for s in document.sections] == [
        ("1", "Informationssikkerhed"),
        ("2", "Informationssikkerhed – Logning"),
    ]
    assert [(i.number, i.key, i.text) for i in document.included] == [
        ("1.1", "SIK-002", "Data skal krypteres under transport med TLS 1.2 eller nyere."),
        ("2.1", "SIK-001", "Løsningen skal logge alle opslag i 5 år."),
    ]
    assert [(i.key, i.justification) for i in document.left_out] == [
        ("ARK-001", "Afleveres via ESDH.")
    ]


def test_document_names_categories_in_the_language_it_is_made_in(decided):
    with scopes_disabled(), translation.override("en"):
        document = build_document(decided)
    assert [s.title for s in document.sections] == [
        "Information security",
        "Information security – Logging",
    ]


def test_pdf_has_numbered_list_and_compliance_table(decided, planner_a, client_for):
    response = _export(client_for(planner_a), decided, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="nyt-esdh-system.pdf"'
    lines = pdf_lines(response.content)
    assert "Nyt ESDH-system" in lines
    assert "1.1 SIK-002 Kryptering under transport" in lines
    assert "2.1 SIK-001 Logning af opslag" in lines
    assert "Løsningen skal logge alle opslag i 5 år." in lines
    assert "Tildelingskriterium (vægt 20 %) · Prioritet: Høj" in lines
    # The excluded requirement is not put out to tender.
    assert not any("ARK-001" in line for line in lines)
    table_start = lines.index("Overensstemmelsestabel")
    table = lines[table_start:]
    header = table.index("Nr.")
    # The answer column is narrow: its heading wraps over three lines.
    assert table[header : header + 8] == [
        "Nr.",
        "Nøgle",
        "Krav",
        "Art",
        "Opfyldt /",
        "delvist / ikke",
        "opfyldt",
        "Kommentar",
    ]
    assert table[header + 8 : header + 12] == [
        "1.1",
        "SIK-002",
        "Kryptering under transport",
        "Mindstekrav",
    ]
    assert {"SIK-001", "SIK-002"} <= set(lines[table_start:])


# A Danish compound without a break, written out to 200 characters.
LONG_WORD = ("Kommunekontaktrådsformandsmødeforberedelsesudvalgssekretariatsmedarbejder" * 3)[:200]


def test_a_word_longer_than_a_line_wraps_in_the_pdf(bank, decided, planner_a, client_for):
    with scopes_disabled():
        item = SpecificationItem.objects.get(specification=decided, requirement=bank.log)
        services.item_decide(
            item=item,
            decision="modified",
            modified_text=f"Se {LONG_WORD} og normal tekst.",
            justification="Lokal praksis.",
            kind="minimum",
            actor=None,
        )

    lines = pdf_lines(_export(client_for(planner_a), decided, "pdf").content)

    pieces = lines[lines.index("Se") + 1 : lines.index("og normal tekst.")]
    assert "".join(pieces) == LONG_WORD
    assert len(pieces) == 3  # a line holds about 90 characters of it
    assert all(stringWidth(piece, "Helvetica", 10) <= TEXT_WIDTH for piece in pieces)


def _pieces(lines: list[str], word: str) -> list[str]:
    """The lines that write `word` one after the other, from the first that begins it."""
    first = next(index for index, line in enumerate(lines) if line and word.startswith(line))
    pieces: list[str] = []
    while "".join(pieces) != word:
        line = lines[first + len(pieces)]
        assert word.startswith("".join(pieces) + line)
        pieces.append(line)
    return pieces


def test_a_word_longer_than_a_cell_wraps_in_the_compliance_table(decided):
    with scopes_disabled():
        document = build_document(decided)
    link = "https://www.example.dk/" + "dokumenter/" * 12 + "bilag.pdf"
    document.sections[0].items[0].title = LONG_WORD
    document.sections[1].items[0].title = link

    lines = pdf_lines(render_pdf(document, invariant=True))

    table = lines[lines.index("Overensstemmelsestabel") :]
    cell_width = compliance_tables(document)[0].widths[2] - 2 * RowTable.PAD
    compound, link_lines = _pieces(table, LONG_WORD), _pieces(table, link)
    assert (len(compound), len(link_lines)) == (6, 5)
    assert all(stringWidth(line, "Helvetica", 8) <= cell_width for line in compound + link_lines)
    # A link breaks after its slashes.
    assert all(line.endswith("/") for line in link_lines[:-1])


def test_text_that_fits_is_not_broken_in_the_pdf(decided):
    with scopes_disabled():
        document = build_document(decided)

    lines = pdf_lines(render_pdf(document, invariant=True))

    assert "Data skal krypteres under transport med TLS 1.2 eller nyere." in lines
    assert "Kryptering under transport" in lines


def test_pdf_is_reproducible_with_invariant(decided):
    with scopes_disabled():
        document = build_document(decided)
    assert render_pdf(document, invariant=True) == render_pdf(document, invariant=True)


def test_docx_has_numbered_headings_and_compliance_table(decided, planner_a, client_for):
    response = _export(client_for(planner_a), decided, "docx")
    word = Document(BytesIO(response.content))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "Nyt ESDH-system"
    assert "1.1 SIK-002 Kryptering under transport" in paragraphs
    assert "2.1 SIK-001 Logning af opslag" in paragraphs
    assert "Løsningen skal logge alle opslag i 5 år." in paragraphs
    assert not any("ARK-001" in text for text in paragraphs)
    table = word.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Nr.", "Nøgle", "Krav", "Art", "Opfyldt / delvist / ikke opfyldt", "Kommentar"],
        ["1.1", "SIK-002", "Kryptering under transport", "Mindstekrav", "", ""],
        ["2.1", "SIK-001", "Logning af opslag", "Tildelingskriterium (vægt 20 %)", "", ""],
    ]


def _filled_workbook(content: bytes, answers: dict[str, tuple[str, str]]) -> bytes:
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        key = row[2].value
        if key in answers:
            row[6].value, row[7].value = answers[key]
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_compliance_list_round_trip(bank, final, planner_a, client_for):
    client = client_for(planner_a)
    content = _export(client, final, "xlsx").content
    workbook = load_workbook(BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.column_dimensions["A"].hidden is True
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][1:4] == ["Nr.", "Nøgle", "Krav"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (str(bank.encrypt.uuid), "1.1", "SIK-002"),
        (str(bank.log.uuid), "2.1", "SIK-001"),
    ]
    assert workbook["kommune-it"].sheet_state == "hidden"

    filled = _filled_workbook(
        content, {"SIK-001": ("Delvist opfyldt", "Logger i 3 år"), "SIK-002": ("Opfyldt", None)}
    )
    upload = SimpleUploadedFile("svar.xlsx", filled)
    response = client.post(
        reverse("requirements:responses", args=[final.pk]),
        {"supplier_name": "Leverandør A/S", "file": upload},
    )
    assert response.status_code == 302
    page = client.get(reverse("requirements:responses", args=[final.pk]))
    table = page.context["table"]
    assert [s.supplier_name for s in table.suppliers] == ["Leverandør A/S"]
    assert [
        (item.requirement.key, answers[0].answer, answers[0].comment)
        for item, answers in table.rows
    ] == [("SIK-002", "met", ""), ("SIK-001", "partly", "Logger i 3 år")]


def test_xlsx_import_with_bad_rows_stores_nothing(final, planner_a, client_for):
    client = client_for(planner_a)
    content = _export(client, final, "xlsx").content
    filled = _filled_workbook(content, {"SIK-001": ("Måske", ""), "SIK-002": ("Opfyldt", "")})
    response = client.post(
        reverse("requirements:responses", args=[final.pk]),
        {"supplier_name": "Leverandør B", "file": SimpleUploadedFile("svar.xlsx", filled)},
    )
    assert response.status_code == 200
    assert [(e.row, e.field) for e in response.context["report"].errors] == [(3, "answer")]
    with scopes_disabled():
        assert SupplierResponse.objects.count() == 0
        assert SupplierAnswer.objects.count() == 0


DRAFT_NOTICE = "Draft: this specification is not final and must not be sent to suppliers."


@pytest.fixture
def english_planner(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, language="en")


def test_a_draft_pdf_is_marked_on_every_page_and_a_final_one_is_not(
    decided, english_planner, client_for
):
    client = client_for(english_planner)
    draft = pdf_lines(_export(client, decided, "pdf").content)
    with scopes_disabled():
        services.specification_mark_final(specification=decided, actor=None)

    final = pdf_lines(_export(client, decided, "pdf").content)

    assert draft.count("DRAFT") == 2  # the requirements and the compliance table's page
    assert DRAFT_NOTICE in draft
    assert draft.index(DRAFT_NOTICE) == draft.index("Nyt ESDH-system") + 1  # under the title
    assert "DRAFT" not in final and DRAFT_NOTICE not in final
    assert [line for line in draft if line not in ("DRAFT", DRAFT_NOTICE)] == final


def test_a_draft_docx_is_marked_in_its_page_header_and_a_final_one_is_not(
    decided, english_planner, client_for
):
    client = client_for(english_planner)
    draft = Document(BytesIO(_export(client, decided, "docx").content))
    with scopes_disabled():
        services.specification_mark_final(specification=decided, actor=None)

    final = Document(BytesIO(_export(client, decided, "docx").content))

    assert [p.text for p in draft.sections[0].header.paragraphs] == ["DRAFT"]
    assert [p.text for p in draft.paragraphs][:2] == ["Nyt ESDH-system", DRAFT_NOTICE]
    assert [p.text for p in final.sections[0].header.paragraphs] == [""]
    assert DRAFT_NOTICE not in [p.text for p in final.paragraphs]


def test_a_draft_xlsx_is_marked_above_its_table_and_still_reads_back(
    bank, decided, english_planner, client_for
):
    client = client_for(english_planner)
    content = _export(client, decided, "xlsx").content
    sheet = load_workbook(BytesIO(content)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert [row[1] for row in rows[:3]] == ["DRAFT", DRAFT_NOTICE, None]
    assert rows[3][1:4] == ["No.", "Key", "Requirement"]
    assert [(row[0], row[2]) for row in rows[4:]] == [
        (str(bank.encrypt.uuid), "SIK-002"),
        (str(bank.log.uuid), "SIK-001"),
    ]
    assert sheet.freeze_panes == "B5"
    # Its answers come back, and a wrong one is named by its row in the sheet.
    filled = _filled_workbook(content, {"SIK-001": ("Maybe", ""), "SIK-002": ("Met", "")})
    response = client.post(
        reverse("requirements:responses", args=[decided.pk]),
        {"supplier_name": "Leverandør C", "file": SimpleUploadedFile("svar.xlsx", filled)},
    )
    assert [(e.row, e.field) for e in response.context["report"].errors] == [(6, "answer")]


def test_a_final_xlsx_has_no_draft_mark(final, english_planner, client_for):
    content = _export(client_for(english_planner), final, "xlsx").content
    sheet = load_workbook(BytesIO(content)).worksheets[0]

    assert next(sheet.iter_rows(max_row=1, values_only=True))[1:4] == ("No.", "Key", "Requirement")
    assert not any(
        value in ("DRAFT", DRAFT_NOTICE)
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )


def test_a_list_exported_before_drafts_were_marked_reads_from_its_first_row(
    final, planner_a, client_for
):
    workbook = load_workbook(BytesIO(_export(client_for(planner_a), final, "xlsx").content))
    workbook["kommune-it"].delete_rows(2)  # no "header_row": the table starts in row 1
    buffer = BytesIO()
    workbook.save(buffer)
    filled = _filled_workbook(buffer.getvalue(), {"SIK-001": ("Måske", "")})

    response = client_for(planner_a).post(
        reverse("requirements:responses", args=[final.pk]),
        {"supplier_name": "Leverandør D", "file": SimpleUploadedFile("svar.xlsx", filled)},
    )

    assert [(e.row, e.field) for e in response.context["report"].errors] == [(3, "answer")]


def test_the_reqif_and_json_of_a_draft_say_so_and_of_a_final_one_do_not(
    decided, english_planner, client_for
):
    client = client_for(english_planner)
    comment = f"{REQIF}THE-HEADER/{REQIF}REQ-IF-HEADER/{REQIF}COMMENT"
    draft_reqif = etree.fromstring(_export(client, decided, "reqif").content)
    draft_json = json.loads(_export(client, decided, "json").content)
    with scopes_disabled():
        services.specification_mark_final(specification=decided, actor=None)

    final_reqif = etree.fromstring(_export(client, decided, "reqif").content)
    final_json = json.loads(_export(client, decided, "json").content)

    assert draft_reqif.findtext(comment) == f"Nordby Kommune · bank release 2026.1 · {DRAFT_NOTICE}"
    assert final_reqif.findtext(comment) == "Nordby Kommune · bank release 2026.1"
    assert (draft_json["draft"], final_json["draft"]) == (True, False)


def test_xlsx_of_another_specification_is_refused(bank, decided, org_a, planner_a, client_for):
    client = client_for(planner_a)
    content = _export(client, decided, "xlsx").content
    with scopes_disabled():
        other = services.specification_create(
            organisation=org_a,
            title="Andet",
            release=bank.release,
            categories=[bank.security],
            actor=None,
        )
    response = client.post(
        reverse("requirements:responses", args=[other.pk]),
        {"supplier_name": "X", "file": SimpleUploadedFile("svar.xlsx", content)},
    )
    assert response.status_code == 200
    assert [e.field for e in response.context["report"].errors] == ["file"]


def test_upload_size_is_limited(decided, planner_a, client_for, settings):
    settings.MAX_UPLOAD_SIZE = 10
    response = client_for(planner_a).post(
        reverse("requirements:responses", args=[decided.pk]),
        {"supplier_name": "X", "file": SimpleUploadedFile("svar.xlsx", b"x" * 11)},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


@pytest.mark.parametrize(
    ("language", "limit", "refusal"),
    [
        ("da", 5 * 1024 * 1024 // 2, "Filen er for stor (3 MB); den må højst fylde 2,5 MB."),
        ("en", 5 * 1024 * 1024 // 2, "The file is too large (3 MB); the maximum is 2.5 MB."),
        ("da", 2 * 1024 * 1024, "Filen er for stor (3 MB); den må højst fylde 2 MB."),  # not 2,0
    ],
)
def test_the_upload_limit_is_written_as_the_language_writes_numbers(
    decided, org_a, make_member, client_for, settings, language, limit, refusal
):
    settings.MAX_UPLOAD_SIZE = limit
    planner = make_member(org_a, Role.CONTRACT_MANAGER, language=language)

    response = client_for(planner).post(
        reverse("requirements:responses", args=[decided.pk]),
        {"supplier_name": "X", "file": SimpleUploadedFile("svar.xlsx", b"x" * (3 * 1024 * 1024))},
    )

    assert response.context["form"].errors["file"] == [refusal]


def test_reqif_lists_included_requirements(bank, decided, planner_a, client_for):
    response = _export(client_for(planner_a), decided, "reqif")
    root = etree.fromstring(response.content)
    assert root.tag == f"{REQIF}REQ-IF"
    header = root.find(f"{REQIF}THE-HEADER/{REQIF}REQ-IF-HEADER")
    assert header.findtext(f"{REQIF}TITLE") == "Nyt ESDH-system"
    content = root.find(f"{REQIF}CORE-CONTENT/{REQIF}REQ-IF-CONTENT")
    assert [child.tag.removeprefix(REQIF) for child in content] == [
        "DATATYPES",
        "SPEC-TYPES",
        "SPEC-OBJECTS",
        "SPECIFICATIONS",
    ]
    objects = content.findall(f"{REQIF}SPEC-OBJECTS/{REQIF}SPEC-OBJECT")
    assert [o.get("IDENTIFIER") for o in objects] == [
        f"requirement-{bank.encrypt.uuid}",
        f"requirement-{bank.log.uuid}",
    ]
    values = {
        v.find(f"{REQIF}DEFINITION/{REQIF}ATTRIBUTE-DEFINITION-STRING-REF").text: v.get("THE-VALUE")
        for v in objects[1].iter(f"{REQIF}ATTRIBUTE-VALUE-STRING")
    }
    assert values["attribute-text"] == "Løsningen skal logge alle opslag i 5 år."
    assert values["attribute-key"] == "SIK-001"
    refs = [r.text for r in content.iter(f"{REQIF}SPEC-OBJECT-REF")]
    assert refs == [o.get("IDENTIFIER") for o in objects]


def test_json_export(bank, decided, planner_a, client_for):
    data = json.loads(_export(client_for(planner_a), decided, "json").content)
    assert data["title"] == "Nyt ESDH-system"
    assert data["release"] == "2026.1"
    assert [(i["number"], i["key"], i["weight"]) for s in data["sections"] for i in s["items"]] == [
        ("1.1", "SIK-002", None),
        ("2.1", "SIK-001", 20),
    ]
    assert [(i["key"], i["decision"]) for i in data["left_out"]] == [("ARK-001", "excluded")]


def test_unknown_export_format_is_404(decided, planner_a, client_for):
    url = reverse("requirements:specification-export", args=[decided.pk, "exe"])
    assert client_for(planner_a).get(url).status_code == 404


def test_other_municipality_cannot_export(decided, org_b, make_member, client_for):
    client = client_for(make_member(org_b, *Role.values))
    url = reverse("requirements:specification-export", args=[decided.pk, "pdf"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+45 1234", "'+45 1234"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Almindelig tekst", "Almindelig tekst"),
        (3, 3),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected


def test_bank_export_escapes_formulas(bank, editor, second_editor, client_for):
    with scopes_disabled():
        from .factories import publish_new_version

        publish_new_version(
            bank.log, author=editor, approver=second_editor, title='=HYPERLINK("x")'
        )
    response = client_for(editor).get(reverse("requirements:export"), {"format": "csv"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "'=HYPERLINK" in text
    xlsx = client_for(editor).get(reverse("requirements:export"), {"format": "xlsx"})
    sheet = load_workbook(BytesIO(xlsx.content)).worksheets[0]
    titles = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in titles
