"""Spreadsheet import (preview, all-or-nothing commit, row report) and export of the register."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from openpyxl import Workbook, load_workbook

from config.spreadsheets import escape_formula
from contracts import exchange
from contracts.deadlines import DeadlineKind
from contracts.models import Contract, ContractDeadline, Supplier
from contracts.resources import AmountWidget, DateWidget, SupplierResource
from organisations.roles import Role
from tests.contracts.factories import ContractFactory, SupplierFactory, make_cvr

TODAY = date(2026, 3, 2)
IMPORT_URLS = {"suppliers": "contracts:supplier-import", "contracts": "contracts:contract-import"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def manager_a(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, username="mette", email="mette@nordby.dk")


def csv_file(rows: list[list], name: str = "data.csv", delimiter: str = ";") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "data.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, kind: str, file) -> object:
    return client.post(reverse(IMPORT_URLS[kind]), {"file": file})


def confirm(client, kind: str, response, action: str = "confirm"):
    token = response.context["token"]
    assert token
    return client.post(reverse(IMPORT_URLS[kind]), {"token": token, "action": action})


def messages_of(report) -> list[tuple[int, str, str]]:
    return [(row.line, m.column, m.message) for row in report.error_rows for m in row.messages]


def suppliers_of(organisation) -> list[tuple[str, str, str]]:
    with scopes_disabled():
        return list(
            Supplier.objects.filter(organisation=organisation)
            .order_by("cvr")
            .values_list("cvr", "name", "contact_email")
        )


# --- widgets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-31", date(2026, 3, 31)),
        ("31-03-2026", date(2026, 3, 31)),
        ("31.03.2026", date(2026, 3, 31)),
        ("1/4/2026", date(2026, 4, 1)),
        (datetime(2026, 3, 31, 0, 0), date(2026, 3, 31)),
        ("2026-03-31 00:00:00", date(2026, 3, 31)),
        ("  ", None),
    ],
)
def test_dates_in_iso_or_danish_form(value, expected):
    assert DateWidget().clean(value) == expected


def test_a_bad_date_is_explained_in_danish():
    with translation.override("da"), pytest.raises(ValueError) as error:
        DateWidget().clean("31/02/2026")
    assert (
        str(error.value)
        == "“31/02/2026” er ikke en dato: skriv den som 2026-03-31 eller 31-03-2026."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234.567,50", Decimal("1234567.50")),
        ("1234567,5", Decimal("1234567.5")),
        ("1 234 567,50 kr.", Decimal("1234567.50")),
        ("1,234,567.50", Decimal("1234567.50")),
        ("1234.50", Decimal("1234.50")),
        ("1.500", Decimal("1500")),
        (2500.5, Decimal("2500.5")),
        (750000, Decimal("750000")),
        ("", None),
    ],
)
def test_amounts_with_danish_decimal_comma(value, expected):
    assert AmountWidget().clean(value) == expected


def test_a_bad_amount_is_explained():
    with translation.override("en"), pytest.raises(ValueError) as error:
        AmountWidget().clean("mange penge")
    assert str(error.value) == (
        "“mange penge” is not an amount: write it as 1234567,50 or 1.234.567,50."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+45 1234", "'+45 1234"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Nordby = god", "Nordby = god"),
        (Decimal("5"), Decimal("5")),
        (None, None),
    ],
)
def test_formula_escaping(value, expected):
    assert escape_formula(value) == expected


# --- supplier import --------------------------------------------------------------------------


def test_supplier_import_previews_then_commits_with_history(org_a, manager_a, client_for, _media):
    existing = SupplierFactory(organisation=org_a, cvr=make_cvr(1), name="Gammel A/S")
    client = client_for(manager_a)
    new_cvr = make_cvr(2)
    file = csv_file(
        [
            ["cvr", "name", "contact_email"],
            [f"DK {existing.cvr}", "Ny Navn A/S", "salg@ny.dk"],
            [new_cvr, "Helt Ny ApS", ""],
        ]
    )

    preview = upload(client, "suppliers", file)

    assert preview.status_code == 200
    report = preview.context["report"]
    assert [(r.line, r.action, r.label) for r in report.rows] == [
        (2, "update", f"Ny Navn A/S (DK {existing.cvr})"),
        (3, "new", f"Helt Ny ApS ({new_cvr})"),
    ]
    assert suppliers_of(org_a) == [(existing.cvr, "Gammel A/S", existing.contact_email)]
    assert len(list((_media / "imports").iterdir())) == 1

    done = confirm(client, "suppliers", preview)

    assert done.status_code == 302
    assert done.url == reverse("contracts:supplier-list")
    assert suppliers_of(org_a) == sorted(
        [(existing.cvr, "Ny Navn A/S", "salg@ny.dk"), (new_cvr, "Helt Ny ApS", "")]
    )
    with scopes_disabled():
        created = Supplier.objects.get(cvr=new_cvr)
        assert [
            (h.history_type, h.history_user, h.history_change_reason) for h in created.history.all()
        ] == [("+", manager_a, "import")]
        assert existing.history.latest().history_type == "~"
        assert existing.history.latest().history_user == manager_a
    assert [path.read_bytes() for path in (_media / "imports").iterdir()] == [b""]  # no content


def test_supplier_rows_with_errors_are_reported_per_row_and_nothing_is_saved(
    org_a, manager_a, client_for, _media
):
    client = client_for(manager_a)
    good = make_cvr(3)
    file = csv_file(
        [
            ["CVR-nummer", "Navn", "Kontakt-e-mail", "farve"],
            [good, "God A/S", ""],
            ["12345679", "Forkert Tjek A/S", ""],
            ["1234", "Kort A/S", ""],
            [good, "Dobbelt A/S", "ikke-en-mail"],
            ["", "", ""],
            [make_cvr(4), "", ""],
        ]
    )

    response = upload(client, "suppliers", file)

    report = response.context["report"]
    assert messages_of(report) == [
        (3, "cvr", "“12345679” er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke)."),
        (4, "cvr", "Et CVR-nummer har 8 cifre (et indledende “DK” er tilladt), ikke “1234”."),
        (5, "cvr", f"“{good}” står også i række 2 i filen."),
        (5, "contact_email", "Angiv en gyldig e-mailadresse."),
        (7, "name", "Dette felt kan ikke være tomt."),
    ]
    assert report.ignored_columns == ["farve"]
    assert response.context["token"] is None
    assert "Intet er gemt" in response.content.decode()
    assert suppliers_of(org_a) == []
    assert not (_media / "imports").exists()


def test_supplier_import_updates_only_the_own_municipality(org_a, org_b, manager_a, client_for):
    theirs = SupplierFactory(organisation=org_b, cvr=make_cvr(5), name="Deres A/S")
    client = client_for(manager_a)

    preview = upload(client, "suppliers", csv_file([["cvr", "name"], [theirs.cvr, "Vores A/S"]]))
    assert [r.action for r in preview.context["report"].rows] == ["new"]
    confirm(client, "suppliers", preview)

    assert suppliers_of(org_a) == [(theirs.cvr, "Vores A/S", "")]
    assert suppliers_of(org_b) == [(theirs.cvr, "Deres A/S", theirs.contact_email)]


def test_cancel_discards_the_pending_file(org_a, manager_a, client_for, _media):
    client = client_for(manager_a)
    preview = upload(client, "suppliers", csv_file([["cvr", "name"], [make_cvr(6), "X A/S"]]))

    response = confirm(client, "suppliers", preview, action="cancel")

    assert response.status_code == 302
    assert [path.read_bytes() for path in (_media / "imports").iterdir()] == [b""]  # no content
    assert suppliers_of(org_a) == []


def test_confirming_twice_imports_once(org_a, make_member, client_for):
    client = client_for(make_member(org_a, Role.CONTRACT_MANAGER, language="en"))
    cvr = make_cvr(9)
    preview = upload(client, "suppliers", csv_file([["cvr", "name"], [cvr, "Ny A/S"]]))
    confirm(client, "suppliers", preview)
    with scopes_disabled():
        Supplier.objects.filter(cvr=cvr).update(name="Rettet bagefter A/S")

    # The same confirmation sent again: a double click, or back and send.
    again = confirm(client, "suppliers", preview)

    assert again.url == reverse("contracts:supplier-import")
    assert [str(message) for message in get_messages(again.wsgi_request)][-1] == (
        "That import was already confirmed or cancelled; the file was not imported again."
    )
    assert suppliers_of(org_a) == [(cvr, "Rettet bagefter A/S", "")]


def test_a_token_not_in_the_session_is_refused(org_a, manager_a, make_member, client_for):
    client = client_for(manager_a)
    preview = upload(client, "suppliers", csv_file([["cvr", "name"], [make_cvr(7), "X A/S"]]))
    other = client_for(make_member(org_a, Role.CONTRACT_MANAGER))

    response = other.post(
        reverse("contracts:supplier-import"),
        {"token": preview.context["token"], "action": "confirm"},
        follow=True,
    )

    assert "venter ikke længere" in response.content.decode()
    assert suppliers_of(org_a) == []


def test_a_pending_import_cannot_be_confirmed_in_another_organisation(
    org_a, org_b, make_member, client_for
):
    user = make_member(org_a, Role.CONTRACT_MANAGER)
    with scopes_disabled():
        from tests.factories import MembershipFactory

        MembershipFactory(organisation=org_b, user=user, role=Role.CONTRACT_MANAGER)
    client = client_for(user)
    client.post(reverse("organisations:switch"), {"organisation": org_a.pk})
    preview = upload(client, "suppliers", csv_file([["cvr", "name"], [make_cvr(8), "X A/S"]]))
    client.post(reverse("organisations:switch"), {"organisation": org_b.pk})

    confirm(client, "suppliers", preview)

    assert suppliers_of(org_a) == []
    assert suppliers_of(org_b) == []


def test_a_csv_file_from_danish_excel_imports_and_a_binary_file_is_refused_by_name(
    org_a, manager_a, client_for
):
    client = client_for(manager_a)
    cp1252 = "navn,cvr\r\nBørnehuset Ærø ApS,13585628\r\n".encode("cp1252")
    binary = upload(client, "suppliers", SimpleUploadedFile("data.csv", b"\x00\x01PK\x03"))
    assert binary.context["report"].file_errors == [
        "Filen er ikke en CSV-fil i UTF-8 eller Windows-1252. Gem den fra regnearket som "
        "“CSV UTF-8”, og upload den igen."
    ]
    assert suppliers_of(org_a) == []
    preview = upload(client, "suppliers", SimpleUploadedFile("data.csv", cp1252))
    confirm(client, "suppliers", preview)
    assert suppliers_of(org_a) == [("13585628", "Børnehuset Ærø ApS", "")]


def test_upload_limits(org_a, manager_a, client_for, settings):
    client = client_for(manager_a)
    settings.MAX_UPLOAD_SIZE = 1024 * 1024

    too_big = upload(client, "suppliers", SimpleUploadedFile("big.csv", b"x" * (1024 * 1024 + 1)))
    wrong_type = upload(client, "suppliers", SimpleUploadedFile("data.ods", b"x"))
    not_xlsx = upload(client, "suppliers", SimpleUploadedFile("data.xlsx", b"not a zip"))

    assert too_big.context["form"].errors["file"] == [
        "Filen er for stor (1,1 MB); den må højst fylde 1 MB."
    ]
    assert wrong_type.context["form"].errors["file"] == [
        "Upload en CSV-fil (.csv) eller Excel-fil (.xlsx), ikke “data.ods”."
    ]
    assert not_xlsx.context["report"].file_errors == [
        "Filen kunne ikke læses som en Excel-projektmappe (.xlsx)."
    ]
    assert suppliers_of(org_a) == []


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("da", "Filen er for stor (3 MB); den må højst fylde 2,5 MB."),
        ("en", "The file is too large (3 MB); the maximum is 2.5 MB."),
    ],
)
def test_the_upload_limit_is_written_as_the_language_writes_numbers(
    org_a, make_member, client_for, settings, language, refusal
):
    client = client_for(make_member(org_a, Role.CONTRACT_MANAGER, language=language))
    settings.MAX_UPLOAD_SIZE = 5 * 1024 * 1024 // 2

    too_big = upload(client, "suppliers", SimpleUploadedFile("big.csv", b"x" * (3 * 1024 * 1024)))

    assert too_big.context["form"].errors["file"] == [refusal]


def test_missing_required_columns_are_named(org_a, manager_a, client_for):
    response = upload(client_for(manager_a), "suppliers", csv_file([["navn"], ["X A/S"]]))

    assert response.context["report"].file_errors == [
        "Filen mangler disse kolonner: cvr (CVR-nummer)."
    ]


def test_readers_may_not_import_but_may_export(org_a, make_member, client_for):
    reader = client_for(make_member(org_a, Role.READER))

    assert reader.get(reverse("contracts:supplier-import")).status_code == 403
    assert reader.get(reverse("contracts:contract-import")).status_code == 403
    assert reader.get(reverse("contracts:supplier-export")).status_code == 200
    assert reader.get(reverse("contracts:contract-export") + "?format=csv").status_code == 200


def test_import_page_documents_the_columns(org_a, manager_a, client_for):
    response = client_for(manager_a).get(reverse("contracts:contract-import"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<code>supplier_cvr</code>" in page
    assert "<code>notice_to_end_of</code>" in page
    assert "<code>quarter</code> – Udgangen af et kvartal" in page
    assert "Brugernavn eller e-mail på et medlem med rollen “Kontraktansvarlig”" in page


def test_import_page_documents_the_columns_in_english_too(org_a, manager_a, client_for):
    client = client_for(manager_a)
    client.post(reverse("organisations:language"), {"language": "en"})
    page = client.get(reverse("contracts:contract-import")).content.decode()
    # Every note in the reader's language, those that name a role included.
    assert "Username or email of a member with the role “Contract manager”" in page
    assert "Brugernavn" not in page


# --- contract import --------------------------------------------------------------------------

CONTRACT_HEADER = [
    "reference",
    "title",
    "supplier_cvr",
    "contract_manager",
    "system_owner",
    "status",
    "start_date",
    "term_end",
    "notice_months",
    "notice_to_end_of",
    "total_value",
    "annual_value",
    "dpa_concluded",
    "dpa_date",
]


@pytest.fixture
def supplier_a(org_a):
    return SupplierFactory(organisation=org_a, cvr=make_cvr(10), name="Netic A/S")


def contracts_of(organisation) -> list[Contract]:
    with scopes_disabled():
        return list(
            Contract.objects.filter(organisation=organisation)
            .select_related("supplier", "contract_manager", "system_owner")
            .order_by("reference")
        )


@pytest.mark.django_db
def test_contract_import_resolves_references_and_computes_deadlines(
    org_a, manager_a, supplier_a, make_member, client_for, time_machine
):
    time_machine.move_to(datetime(2026, 3, 2, 12, 0), tick=False)
    owner = make_member(org_a, Role.SYSTEM_OWNER, username="sofie")
    client = client_for(manager_a)
    file = xlsx_file(
        [
            CONTRACT_HEADER,
            [
                "K-1",
                "ESDH-drift",
                f"DK{supplier_a.cvr}",
                "METTE@nordby.dk",
                "sofie",
                "Aktiv",
                "01-01-2024",
                date(2027, 12, 31),
                3,
                "Udgangen af et kvartal",
                "1.200.000,00",
                300000,
                "ja",
                "15.01.2024",
            ],
            ["", "SMS-platform", supplier_a.cvr, "", "", "", "2025-06-01"] + [""] * 7,
        ]
    )

    preview = upload(client, "contracts", file)

    assert [r.action for r in preview.context["report"].rows] == ["new", "new"]
    assert contracts_of(org_a) == []
    assert confirm(client, "contracts", preview).status_code == 302

    sms, esdh = contracts_of(org_a)
    assert (esdh.reference, esdh.title, esdh.supplier, esdh.contract_manager) == (
        "K-1",
        "ESDH-drift",
        supplier_a,
        manager_a,
    )
    assert (esdh.system_owner, esdh.status, esdh.start_date, esdh.term_end) == (
        owner,
        Contract.Status.ACTIVE,
        date(2024, 1, 1),
        date(2027, 12, 31),
    )
    assert (esdh.notice_months, esdh.notice_to_end_of) == (3, "quarter")
    assert (esdh.total_value, esdh.annual_value, esdh.dpa_concluded) == (
        Decimal("1200000.00"),
        Decimal("300000.00"),
        True,
    )
    assert (sms.reference, sms.contract_manager, sms.status, sms.term_end) == (
        "",
        None,
        Contract.Status.ACTIVE,
        None,
    )
    assert sms.reprocurement_lead_months == 12
    with scopes_disabled():
        notice = ContractDeadline.objects.get(contract=esdh, kind=DeadlineKind.NOTICE)
        assert (notice.due_date, notice.effective_date) == (date(2027, 9, 30), date(2027, 12, 31))
        assert esdh.history.get().history_change_reason == "import"


def test_contract_rows_report_unknown_suppliers_people_and_bad_values(
    org_a, org_b, manager_a, supplier_a, make_member, client_for
):
    theirs = SupplierFactory(organisation=org_b, cvr=make_cvr(11))
    reader = make_member(org_a, Role.READER, username="rasmus")
    outsider = make_member(org_b, Role.CONTRACT_MANAGER, username="bo")
    client = client_for(manager_a)
    file = csv_file(
        [
            CONTRACT_HEADER,
            ["K-1", "A", theirs.cvr] + [""] * 11,
            ["K-2", "B", supplier_a.cvr, "rasmus", "bo"] + [""] * 9,
            [
                "K-3",
                "C",
                supplier_a.cvr,
                "",
                "",
                "levende",
                "1-1-2026",
                "31-12-2025",
                "1,5",
                "",
                "mange",
                "",
                "måske",
            ],
            ["K-4", "", "", "", "", "", "", "", "", "", "", "", ""],
        ]
    )

    report = upload(client, "contracts", file).context["report"]

    assert messages_of(report) == [
        (
            2,
            "supplier_cvr",
            f"Nordby Kommune har ingen leverandør med CVR-nummer {theirs.cvr}: "
            "importér eller opret leverandøren først.",
        ),
        (
            3,
            "contract_manager",
            "“rasmus” er ikke medlem af Nordby Kommune med rollen "
            "“Kontraktansvarlig” (angiv et brugernavn eller en e-mail).",
        ),
        (
            3,
            "system_owner",
            "“bo” er ikke medlem af Nordby Kommune med rollen “Systemejer” "
            "(angiv et brugernavn eller en e-mail).",
        ),
        (
            4,
            "status",
            "“levende” er ikke et af valgene: draft (Kladde), active (Aktiv), "
            "notice_given (Opsagt), expired (Udløbet), terminated (Ophørt).",
        ),
        (4, "notice_months", "“1,5” er ikke et helt tal."),
        (
            4,
            "total_value",
            "“mange” er ikke et beløb: skriv det som 1234567,50 eller 1.234.567,50.",
        ),
        (4, "dpa_concluded", "“måske” er hverken ja eller nej."),
        (4, "term_end", "Perioden slutter, før den begynder."),
        (5, "supplier_cvr", "Angiv leverandørens CVR-nummer."),
        (5, "title", "Dette felt kan ikke være tomt."),
    ]
    assert reader and outsider
    assert contracts_of(org_a) == []


def test_contract_import_updates_by_reference_and_reports_unchanged_rows(
    org_a, manager_a, supplier_a, client_for
):
    contract = ContractFactory(
        organisation=org_a, supplier=supplier_a, reference="K-9", title="Gammel titel"
    )
    same = ContractFactory(organisation=org_a, supplier=supplier_a, reference="K-8")
    client = client_for(manager_a)
    exported = client.get(reverse("contracts:contract-export") + "?format=xlsx").content
    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("reference")].value == "K-9":
            row[headers.index("title")].value = "Ny titel"
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = upload(client, "contracts", SimpleUploadedFile("k.xlsx", buffer.getvalue()))

    report = preview.context["report"]
    assert [(r.label, r.action) for r in report.rows] == [
        ("Ny titel (K-9)", "update"),
        (f"{same.title} (K-8)", "unchanged"),
    ]
    confirm(client, "contracts", preview)
    contract.refresh_from_db()
    assert contract.title == "Ny titel"
    with scopes_disabled():
        assert contract.history.latest().history_change_reason == "import"
        assert same.history.count() == 1


def test_a_commit_checks_again_and_saves_nothing_when_a_row_no_longer_passes(
    org_a, manager_a, supplier_a, client_for
):
    other = SupplierFactory(organisation=org_a, cvr=make_cvr(12))
    client = client_for(manager_a)
    file = csv_file([["title", "supplier_cvr"], ["Første", supplier_a.cvr], ["Anden", other.cvr]])
    preview = upload(client, "contracts", file)
    with scopes_disabled():
        other.delete()

    response = confirm(client, "contracts", preview)

    assert response.status_code == 200
    assert messages_of(response.context["report"]) == [
        (
            3,
            "supplier_cvr",
            f"Nordby Kommune har ingen leverandør med CVR-nummer {other.cvr}: "
            "importér eller opret leverandøren først.",
        ),
    ]
    assert contracts_of(org_a) == []


def test_duplicate_references_are_refused(org_a, manager_a, supplier_a, client_for):
    file = csv_file(
        [
            ["reference", "title", "supplier_cvr"],
            ["K-1", "A", supplier_a.cvr],
            ["K-1", "B", supplier_a.cvr],
        ]
    )

    report = upload(client_for(manager_a), "contracts", file).context["report"]

    assert messages_of(report) == [(3, "reference", "“K-1” står også i række 2 i filen.")]


def test_error_messages_follow_the_users_language(org_a, manager_a, client_for):
    client = client_for(manager_a)
    client.post(reverse("organisations:language"), {"language": "en"})

    report = upload(client, "suppliers", csv_file([["cvr", "name"], ["0123", "X"]])).context[
        "report"
    ]

    assert messages_of(report) == [
        (2, "cvr", "A CVR number has 8 digits (a leading “DK” is allowed), not “0123”.")
    ]


# --- export -----------------------------------------------------------------------------------


@pytest.fixture
def exported_world(org_a, org_b, manager_a, supplier_a, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 12, 0), tick=False)
    contract = ContractFactory(
        organisation=org_a,
        supplier=supplier_a,
        reference="=cmd|' /C calc'!A0",
        title="@SUM(1+1)",
        contract_manager=manager_a,
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        notice_months=3,
        total_value=Decimal("1234567.50"),
        annual_value=Decimal("300000"),
    )
    from tests.contracts.factories import ContractOptionFactory

    ContractOptionFactory(contract=contract, length_months=12, exercise_by=date(2027, 6, 30))
    ContractFactory(organisation=org_b, title="Sydhavns hemmelighed")
    return contract


def test_csv_export_escapes_formulas_and_adds_computed_deadlines(
    org_a, manager_a, supplier_a, client_for, exported_world
):
    response = client_for(manager_a).get(reverse("contracts:contract-export") + "?format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="kontrakter-nordby-2026-03-02.csv"'
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["reference"] == "'=cmd|' /C calc'!A0"
    assert row["title"] == "'@SUM(1+1)"
    assert row["supplier_cvr"] == supplier_a.cvr
    assert row["supplier_name"] == "Netic A/S"
    assert row["contract_manager"] == "mette@nordby.dk"
    assert row["total_value"] == "1234567,50"
    assert row["start_date"] == "2024-01-01"
    assert row["next_notice_deadline"] == "2027-09-30"
    assert row["final_end"] == "2028-12-31"
    assert row["dpa_concluded"] == "nej"
    assert "Sydhavns hemmelighed" not in text


def test_xlsx_export_has_typed_cells_and_escapes_formulas(
    org_a, manager_a, client_for, exported_world
):
    response = client_for(manager_a).get(reverse("contracts:contract-export"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    values = dict(zip(headers, [cell.value for cell in sheet[2]], strict=True))
    assert sheet.max_row == 2
    assert values["reference"] == "'=cmd|' /C calc'!A0"
    assert values["title"] == "'@SUM(1+1)"
    assert sheet[2][headers.index("title")].data_type == "s"
    assert values["total_value"] == 1234567.5
    assert values["term_end"] == datetime(2027, 12, 31)
    assert values["next_notice_deadline"] == datetime(2027, 9, 30)
    assert values["final_end"] == datetime(2028, 12, 31)


def test_supplier_export_escapes_every_text_cell(org_a, manager_a, client_for):
    SupplierFactory(organisation=org_a, name="-2+3", cvr=make_cvr(13), contact_phone="+4512345678")

    response = client_for(manager_a).get(reverse("contracts:supplier-export") + "?format=csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["name"], r["contact_phone"]) for r in rows] == [("'-2+3", "'+4512345678")]


def test_an_exported_sheet_imports_back_unchanged(org_a, manager_a, supplier_a, client_for):
    ContractFactory(organisation=org_a, supplier=supplier_a, reference="K-1", title="=1+1")
    client = client_for(manager_a)
    for file_format in ("csv", "xlsx"):
        exported = client.get(reverse("contracts:contract-export") + f"?format={file_format}")
        file = SimpleUploadedFile(f"k.{file_format}", exported.content)

        report = upload(client, "contracts", file).context["report"]

        assert [(r.label, r.action) for r in report.rows] == [("=1+1 (K-1)", "unchanged")]


def test_unknown_export_format_is_404(org_a, manager_a, client_for):
    response = client_for(manager_a).get(reverse("contracts:contract-export") + "?format=pdf")

    assert response.status_code == 404


def test_import_reads_rows_without_a_query_per_row(org_a, manager_a, supplier_a):
    def reads(count: int) -> list[str]:
        rows = [["reference", "title", "supplier_cvr", "contract_manager"]] + [
            [f"K-{count}-{n}", f"Kontrakt {n}", supplier_a.cvr, "mette"] for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            report = exchange.import_preview(
                kind=exchange.ImportKind.CONTRACTS,
                organisation=org_a,
                user=manager_a,
                content=csv_file(rows).read(),
                file_format=exchange.FileFormat.CSV,
            )
        assert report.counts == {"new": count, "update": 0, "unchanged": 0, "invalid": 0}
        return [q["sql"] for q in queries.captured_queries]

    few, many = reads(5), reads(80)
    assert len(few) == len(many) <= 12
    assert not [sql for sql in many if sql.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_contract_references_match_whatever_their_case(org_a, manager_a, supplier_a, client_for):
    existing = ContractFactory(organisation=org_a, supplier=supplier_a, reference="K-9")
    client = client_for(manager_a)
    header = ["reference", "title", "supplier_cvr"]

    same_file = upload(
        client, "contracts",
        csv_file([header, ["K-1", "Ny", supplier_a.cvr], ["k-1 ", "Ny igen", supplier_a.cvr]]),
    )  # fmt: skip
    update = upload(client, "contracts", csv_file([header, ["k-9", "Nyt navn", supplier_a.cvr]]))

    assert messages_of(same_file.context["report"]) == [
        (3, "reference", "“k-1” står også i række 2 i filen.")
    ]
    assert [row.action for row in update.context["report"].rows] == ["update"]
    confirm(client, "contracts", update)
    existing.refresh_from_db()
    assert existing.title == "Nyt navn"


def test_resource_columns_are_the_documented_ones():
    assert [c.column_name for c in SupplierResource.columns()] == [
        "cvr",
        "name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "notes",
    ]
