"""Bank import from CSV/XLSX: dry run, all-or-nothing, errors per row."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import Workbook

from organisations.roles import Role
from requirements.models import Requirement, RequirementVersion

pytestmark = pytest.mark.django_db

HEADER = "key,category,kind,title,text,purpose,sources,tags,change_note\n"
GOOD = (
    HEADER
    + 'SIK-010,SIK,minimum,Adgangskoder,"Løsningen skal kræve stærke adgangskoder.",'
    + 'Beskyt konti.,"ISO 27001",adgangsstyring,Første udgave.\n'
    + 'SIK-001,SIK-LOG,minimum,Logning af opslag og ændringer,"Løsningen skal logge opslag og '
    + 'ændringer.",,,logning,Også ændringer.\n'
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _post(client, content: bytes, name: str = "krav.csv", commit: bool = False):
    """Upload the file to be checked; with `commit`, confirm the import when it may be made."""
    url = reverse("requirements:import")
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    if not commit or response.context["token"] is None:
        return response
    return client.post(url, {"token": response.context["token"], "action": "confirm"})


def _state():
    with scopes_disabled():
        return (
            Requirement.objects.count(),
            RequirementVersion.objects.count(),
        )


def test_dry_run_reports_and_stores_nothing(bank, editor, client_for):
    before = _state()
    response = _post(client_for(editor), GOOD.encode())
    report = response.context["report"]
    assert (report.ok, report.rows, report.created, report.updated, report.committed) == (
        True,
        2,
        1,
        1,
        False,
    )
    assert _state() == before


def test_import_creates_and_updates_drafts_in_review(bank, editor, client_for):
    response = _post(client_for(editor), GOOD.encode(), commit=True)
    assert response.status_code == 302
    with scopes_disabled():
        new = Requirement.objects.get(key="SIK-010")
        version = new.versions.get()
        assert (version.status, version.sources, version.submitted_by) == (
            "review",
            ["ISO 27001"],
            editor,
        )
        assert list(new.tags.values_list("name", flat=True)) == ["adgangsstyring"]
        updated = bank.log.versions.get(number=2)
        assert (updated.status, updated.title) == ("review", "Logning af opslag og ændringer")
        bank.log.refresh_from_db()
        assert bank.log.current_version.number == 1


def test_bad_rows_are_reported_and_nothing_is_stored(bank, editor, client_for):
    content = (
        HEADER
        + "SIK-011,SIK,minimum,God,Løsningen skal noget.,,,,\n"
        + "sik 12,NOPE,maybe,,Tekst.,,,,\n"
        + "SIK-011,SIK,minimum,Dublet,Løsningen skal noget.,,,,\n"
    )
    before = _state()
    response = _post(client_for(editor), content.encode(), commit=True)
    assert response.status_code == 200
    errors = [(e.row, e.field) for e in response.context["report"].errors]
    assert errors == [
        (3, "title"),
        (3, "key"),
        (3, "category"),
        (3, "kind"),
        (4, "key"),
    ]
    assert _state() == before


def test_missing_columns(bank, editor, client_for):
    response = _post(client_for(editor), b"key,title\nSIK-1,X\n", commit=True)
    assert [(e.row, e.field) for e in response.context["report"].errors] == [
        (1, "category, kind, text")
    ]


def test_xlsx_import(bank, editor, client_for):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["key", "category", "kind", "title", "text"])
    sheet.append(["ARK-020", "ARK", "information", "Arkivformat", "Beskriv arkivformatet."])
    buffer = BytesIO()
    workbook.save(buffer)
    response = _post(client_for(editor), buffer.getvalue(), name="krav.xlsx", commit=True)
    assert response.status_code == 302
    with scopes_disabled():
        assert Requirement.objects.get(key="ARK-020").versions.get().kind == "information"


def test_wrong_file_type(bank, editor, client_for):
    response = _post(client_for(editor), b"hello", name="krav.txt", commit=True)
    assert [e.field for e in response.context["report"].errors] == ["file"]


def test_upload_size_limit(bank, editor, client_for, settings):
    settings.MAX_UPLOAD_SIZE = 20
    response = _post(client_for(editor), GOOD.encode(), commit=True)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert response.context["report"] is None


def test_an_unchanged_export_imports_as_nothing_to_review(bank, editor, client_for):
    client = client_for(editor)
    exported = client.get(reverse("requirements:export"), {"format": "xlsx"}).content
    before = _state()

    report = _post(client, exported, name="kravbank.xlsx").context["report"]
    assert (report.ok, report.created, report.updated) == (True, 0, 0)
    assert report.unchanged == report.rows > 0

    response = _post(client, exported, name="kravbank.xlsx", commit=True)
    assert response.context["token"] is None  # nothing to confirm
    assert "Intet at importere" in response.content.decode()
    assert _state() == before  # no new versions flooding the review queue


def test_the_checked_file_is_imported_on_confirmation_without_a_second_upload(
    bank, editor, client_for, media
):
    client = client_for(editor)
    checked = _post(client, GOOD.encode())
    assert len(list((media / "imports").iterdir())) == 1

    response = client.post(
        reverse("requirements:import"), {"token": checked.context["token"], "action": "confirm"}
    )

    assert response.url == reverse("requirements:review-queue")
    with scopes_disabled():
        assert Requirement.objects.filter(key="SIK-010").exists()
    assert [path.read_bytes() for path in (media / "imports").iterdir()] == [b""]  # no content
    again = client.post(
        reverse("requirements:import"), {"token": checked.context["token"], "action": "confirm"}
    )
    assert again.url == reverse("requirements:import")  # a confirmation is used once
    with scopes_disabled():
        assert Requirement.objects.filter(key="SIK-010").count() == 1


def test_confirming_twice_imports_once_and_says_so(bank, editorial, make_member, client_for):
    client = client_for(make_member(editorial, Role.BANK_EDITOR, language="en"))
    checked = _post(client, GOOD.encode())
    confirmation = {"token": checked.context["token"], "action": "confirm"}
    client.post(reverse("requirements:import"), confirmation)
    after_first = _state()

    # The same confirmation sent again: a double click, or back and send.
    again = client.post(reverse("requirements:import"), confirmation, follow=True)

    assert again.redirect_chain == [(reverse("requirements:import"), 302)]
    assert [str(message) for message in again.context["messages"]][-1] == (
        "That import was already confirmed or cancelled; the file was not imported again."
    )
    assert _state() == after_first


def test_a_cancelled_import_stores_nothing_and_forgets_the_file(bank, editor, client_for, media):
    client = client_for(editor)
    checked = _post(client, GOOD.encode())
    before = _state()

    response = client.post(
        reverse("requirements:import"),
        {"token": checked.context["token"], "action": "cancel"},
        follow=True,
    )

    assert "Importen blev annulleret" in response.content.decode()
    assert _state() == before
    assert [path.read_bytes() for path in (media / "imports").iterdir()] == [b""]  # no content


def test_another_editors_checked_file_cannot_be_confirmed(bank, editor, second_editor, client_for):
    checked = _post(client_for(editor), GOOD.encode())
    other = client_for(second_editor)
    before = _state()

    response = other.post(
        reverse("requirements:import"),
        {"token": checked.context["token"], "action": "confirm"},
        follow=True,
    )

    assert "venter ikke længere" in response.content.decode()
    assert _state() == before


def test_a_file_that_no_longer_passes_on_confirmation_imports_nothing(bank, editor, client_for):
    from requirements import services

    client = client_for(editor)
    checked = _post(client, GOOD.encode())
    with scopes_disabled():  # meanwhile an editor opens a draft of a requirement in the file
        services.requirement_save_draft(
            requirement=Requirement.objects.get(key="SIK-001"),
            content={"title": "Logning", "text": "Opbevar loggen.", "change_note": "Ny"},
            actor=editor,
        )
    before = _state()

    response = client.post(
        reverse("requirements:import"), {"token": checked.context["token"], "action": "confirm"}
    )

    assert response.status_code == 200
    assert "filen består ikke længere kontrollen" in response.content.decode()
    assert [(error.row, error.field) for error in response.context["report"].errors] == [(3, "key")]
    assert _state() == before


def test_an_editors_open_draft_is_not_overwritten_by_an_import(bank, editor, client_for):
    from requirements import services

    with scopes_disabled():
        draft = services.requirement_save_draft(
            requirement=Requirement.objects.get(key="SIK-001"),
            content={"title": "Logning", "text": "Opbevar loggen i 13 måneder.",
                     "change_note": "Opbevaringstid tilføjet"},
            actor=editor,
        )  # fmt: skip
    response = _post(client_for(editor), GOOD.encode(), commit=True)
    report = response.context["report"]
    assert [(error.row, error.field) for error in report.errors] == [(3, "key")]
    assert "kladde" in report.errors[0].message
    with scopes_disabled():
        draft.refresh_from_db()
        assert (draft.status, draft.text) == ("draft", "Opbevar loggen i 13 måneder.")
        assert not Requirement.objects.filter(key="SIK-010").exists()  # all or nothing


def test_a_too_long_tag_is_a_row_error_not_a_crash(bank, editor, client_for):
    content = HEADER + f"SIK-012,SIK,minimum,Mærker,Løsningen skal noget.,,,kort;{'x' * 61},\n"
    before = _state()
    response = _post(client_for(editor), content.encode(), commit=True)
    assert response.status_code == 200
    errors = [(e.row, e.field, e.message) for e in response.context["report"].errors]
    assert errors == [(2, "tags", f"Et mærke kan højst være 60 tegn: “{'x' * 61}” er 61.")]
    assert _state() == before


# --- Files as spreadsheets save them ------------------------------------------------------------


def test_a_windows_1252_file_from_danish_excel_imports_with_its_letters(bank, editor, client_for):
    # Danish Excel's "CSV (semikolonsepareret)": Windows-1252, semicolons, commas in the text.
    content = (
        "key;category;kind;title;text\r\n"
        "SIK-010;SIK;minimum;Adgangskoder på tværs;Løsningen skal kræve stærke koder, også "
        "for særlige konti (Æ, Ø, Å).\r\n"
    ).encode("cp1252")

    response = _post(client_for(editor), content, commit=True)

    assert response.status_code == 302
    with scopes_disabled():
        version = Requirement.objects.get(key="SIK-010").versions.get()
        assert (version.title, version.text) == (
            "Adgangskoder på tværs",
            "Løsningen skal kræve stærke koder, også for særlige konti (Æ, Ø, Å).",
        )


def test_a_comma_separated_utf8_file_with_bom_imports(bank, editor, client_for):
    response = _post(client_for(editor), GOOD.encode("utf-8-sig"), commit=True)

    assert response.status_code == 302
    with scopes_disabled():
        version = Requirement.objects.get(key="SIK-010").versions.get()
        assert (version.title, version.text, version.sources) == (
            "Adgangskoder",
            "Løsningen skal kræve stærke adgangskoder.",
            ["ISO 27001"],
        )
        assert bank.log.versions.get(number=2).title == "Logning af opslag og ændringer"


def test_a_tab_separated_file_imports(bank, editor, client_for):
    content = "key\tcategory\tkind\ttitle\ttext\nARK-030\tARK\taward\tFormat\tBeskriv det.\n"

    response = _post(client_for(editor), content.encode(), commit=True)

    assert response.status_code == 302
    with scopes_disabled():
        assert Requirement.objects.get(key="ARK-030").versions.get().kind == "award"


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa",
        GOOD.encode("utf-16-le"),
    ],
    ids=["binary", "utf-16 without BOM"],
)
def test_a_file_that_is_not_csv_text_is_refused_with_what_to_do(
    bank, editorial, make_member, client_for, content
):
    editor = make_member(editorial, Role.BANK_EDITOR, language="en")
    before = _state()

    response = _post(client_for(editor), content, commit=True)

    assert response.status_code == 200
    assert [(e.row, e.field, e.message) for e in response.context["report"].errors] == [
        (
            0,
            "file",
            "The file is not a CSV file in UTF-8 or Windows-1252. Save it from the spreadsheet "
            "as “CSV UTF-8” and upload it again.",
        )
    ]
    assert _state() == before
