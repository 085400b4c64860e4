"""Spreadsheet imports (CSV and XLSX from the finance system): upload, column mapping with a
preview, all-or-nothing import with a report per row; and the value parsers."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from config.spreadsheets import parse_decimal
from contracts.invoicing import selectors, services, spreadsheet
from contracts.invoicing.models import (
    Invoice,
    InvoiceFile,
    InvoiceLine,
    InvoiceUpload,
    SpreadsheetLayout,
)
from contracts.invoicing.spreadsheet import SpreadsheetError, guess_mapping, open_table, parse_date
from contracts.models import Supplier
from organisations.roles import Role
from tests.invoicing.factories import SUPPLIER_CVR
from tests.locks import in_thread, other_connection

HEADER = [
    "Fakturanummer",
    "Bilagstype",
    "Fakturadato",
    "CVR",
    "Leverandør",
    "Kontrakt",
    "Varenummer",
    "Tekst",
    "Antal",
    "Beløb",
    "Moms",
]


def rows() -> list[list]:
    return [
        ["F-100", "Faktura", "15-01-2025", SUPPLIER_CVR, "Systemhuset", "K-2024-001", "LIC-1",
         "Licenser januar", "10", "12.500,00", "3.125,00"],
        ["F-100", "Faktura", "15-01-2025", SUPPLIER_CVR, "Systemhuset", "K-2024-001", "SUP-1",
         "Support", "1", "2.500,50", "625,13"],
        ["K-7", "Kreditnota", "2025-02-01", SUPPLIER_CVR, "Systemhuset", "K-2024-001", "SUP-1",
         "Support retur", "1", "500", "125"],
    ]  # fmt: skip


def csv_upload(data: list[list], name: str = "eksport.csv", encoding: str = "utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(data)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def xlsx_upload(data: list[list], name: str = "eksport.xlsx"):
    workbook = Workbook()
    for row in data:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def post_spreadsheet(client, file):
    return client.post(reverse("invoicing:spreadsheet-upload"), {"file": file})


def mapping_post(response) -> dict[str, str]:
    """The mapping form's initial (guessed) choices, as the browser would post them."""
    form = response.context["form"]
    return {name: form.initial.get(name, "") for name in form.fields}


@pytest.mark.django_db
def test_csv_is_previewed_mapped_and_imported(org_a, manager_a, contract_a, client_for, unscoped):
    client = client_for(manager_a)

    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))

    assert response.status_code == 302
    upload = InvoiceUpload.objects.get()
    assert upload.status == "pending"
    page = client.get(response["Location"])
    assert page.context["header"] == HEADER
    assert page.context["rows"][0][0] == "F-100"
    guessed = mapping_post(page)
    assert (guessed["number"], guessed["supplier_cvr"], guessed["line_amount"]) == ("0", "3", "9")
    assert guessed["contract_reference"] == "5"

    done = client.post(response["Location"], guessed, follow=True)

    assert done.status_code == 200
    invoices = Invoice.objects.order_by("number")
    assert [
        (i.number, i.kind, i.issue_date, i.net_amount, i.tax_amount, i.payable_amount,
         i.line_count, i.contract_id, i.format)
        for i in invoices
    ] == [
        ("F-100", "invoice", date(2025, 1, 15), Decimal("15000.50"), Decimal("3750.13"),
         Decimal("18750.63"), 2, contract_a.pk, "spreadsheet"),
        ("K-7", "credit_note", date(2025, 2, 1), Decimal("500"), Decimal("125"),
         Decimal("625"), 1, contract_a.pk, "spreadsheet"),
    ]  # fmt: skip
    assert list(
        InvoiceLine.objects.order_by("invoice__number", "position").values_list(
            "item_key", "quantity", "line_amount"
        )
    ) == [
        ("LIC-1", Decimal("10"), Decimal("12500.00")),
        ("SUP-1", Decimal("1"), Decimal("2500.50")),
        ("SUP-1", Decimal("1"), Decimal("500")),
    ]
    upload.refresh_from_db()
    assert (upload.status, bool(upload.spreadsheet)) == ("done", False)
    source = InvoiceFile.objects.get()
    assert (source.outcome, source.invoice_count, source.line_count) == ("imported", 2, 3)


@pytest.mark.django_db
def test_xlsx_with_typed_cells_imports(org_a, manager_a, contract_a, client_for, unscoped):
    client = client_for(manager_a)
    data = [
        HEADER,
        ["F-1", None, datetime(2025, 3, 1), int(SUPPLIER_CVR), "Systemhuset", "K-2024-001",
         "LIC-1", "Licens", 2, 1234.5, 308.63],
    ]  # fmt: skip

    response = post_spreadsheet(client, xlsx_upload(data))
    page = client.get(response["Location"])
    client.post(response["Location"], mapping_post(page))

    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.issue_date, invoice.net_amount, invoice.contract_id) == (
        "F-1",
        date(2025, 3, 1),
        Decimal("1234.5"),
        contract_a.pk,
    )


@pytest.mark.django_db
def test_rows_with_errors_import_nothing_and_are_listed(
    org_a, manager_a, contract_a, client_for, unscoped
):
    client = client_for(manager_a)
    bad = rows()
    bad[1][9] = "mange penge"
    bad[2][2] = "31-02-2025"
    bad[2][3] = "123"
    response = post_spreadsheet(client, csv_upload([HEADER, *bad]))
    page = client.get(response["Location"])

    done = client.post(response["Location"], mapping_post(page), follow=True)

    assert Invoice.objects.count() == 0 and InvoiceLine.objects.count() == 0
    source = InvoiceFile.objects.get()
    assert source.outcome == "rejected"
    assert [(e["row"], e["column"], e["message"]["en"]) for e in source.row_errors] == [
        (3, "Beløb", "“mange penge” is not a number."),
        (4, "CVR", "“123” is not a CVR number."),
        (4, "Fakturadato", "“31-02-2025” is not a date (write YYYY-MM-DD or DD-MM-YYYY)."),
    ]
    assert source.message["en"] == "3 rows have errors; nothing was imported from the file."
    html = done.content.decode()
    assert "mange penge" in html and "eksport.csv" in html


@pytest.mark.django_db
def test_a_required_field_needs_a_column(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([["Nr", "Dato"], ["1", "2025-01-01"]]))
    page = client.get(response["Location"])
    assert page.status_code == 200

    answer = client.post(response["Location"], mapping_post(page))

    assert answer.status_code == 400
    assert set(answer.context["form"].errors) == {"number", "supplier_cvr", "line_amount"}
    assert Invoice.objects.count() == 0


@pytest.mark.django_db
def test_the_same_spreadsheet_twice_is_refused(org_a, manager_a, contract_a, client_for, unscoped):
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))
    client.post(response["Location"], mapping_post(client.get(response["Location"])))

    again = post_spreadsheet(client, csv_upload([HEADER, *rows()], name="igen.csv"))

    assert again.status_code == 400
    assert "igen.csv blev allerede indlæst " in str(again.context["spreadsheet_form"].errors)
    assert Invoice.objects.count() == 2


@pytest.mark.django_db
def test_confirming_twice_imports_the_spreadsheet_once(
    org_a, manager_a, contract_a, client_for, unscoped
):
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))
    chosen = mapping_post(client.get(response["Location"]))
    first = client.post(response["Location"], chosen)

    # The same form sent again: a double click, or back and send.
    again = client.post(response["Location"], chosen, follow=True)

    upload = InvoiceUpload.objects.get()
    assert first["Location"] == reverse("invoicing:upload-detail", args=[upload.pk])
    assert again.redirect_chain == [(first["Location"], 302)]
    assert [str(m) for m in again.context["messages"]] == [
        "2 fakturaer indlæst fra eksport.csv.",  # the first's, not yet shown
        "Dette regneark er allerede indlæst.",
    ]
    assert Invoice.objects.count() == 2
    assert list(InvoiceFile.objects.values_list("outcome", flat=True)) == ["imported"]


@pytest.mark.django_db
def test_an_import_checks_the_stored_upload_not_the_callers_copy(
    org_a, manager_a, contract_a, client_for, unscoped
):
    """A confirmation that read the upload before another one imported it (two at once) is
    refused by what is stored, and imports nothing."""
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))
    chosen = mapping_post(client.get(response["Location"]))
    read_before = InvoiceUpload.objects.get()
    client.post(response["Location"], chosen)
    mapping = {name: int(index) if index else None for name, index in chosen.items()}

    with pytest.raises(ValidationError) as refused:
        services.invoice_spreadsheet_import(
            upload=read_before, user=manager_a, mapping=mapping, header=HEADER
        )

    assert refused.value.code == services.ALREADY_IMPORTED
    assert Invoice.objects.count() == 2
    assert InvoiceFile.objects.count() == 1


@pytest.mark.django_db
def test_a_confirmation_overtaken_before_it_reads_the_file_imports_nothing(
    org_a, manager_a, contract_a, client_for, unscoped, monkeypatch
):
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))
    chosen = mapping_post(client.get(response["Location"]))
    mapping = {name: int(index) if index else None for name, index in chosen.items()}
    upload_detail = selectors.upload_detail

    def overtaken(**lookup):
        upload = upload_detail(**lookup)
        if upload.status == "pending":  # the other confirmation imports it (and deletes the file)
            services.invoice_spreadsheet_import(upload=upload, user=manager_a, mapping=mapping)
        return upload

    monkeypatch.setattr(selectors, "upload_detail", overtaken)

    answer = client.post(response["Location"], chosen, follow=True)

    assert answer.redirect_chain == [
        (reverse("invoicing:upload-detail", args=[InvoiceUpload.objects.get().pk]), 302)
    ]
    assert [str(m) for m in answer.context["messages"]] == ["Dette regneark er allerede indlæst."]
    assert Invoice.objects.count() == 2
    assert InvoiceFile.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_confirmation_waits_for_one_in_progress_and_then_imports_nothing(
    org_a, manager_a, contract_a, unscoped
):
    upload = services.invoice_spreadsheet_upload(
        organisation=org_a, user=manager_a, file=csv_upload([HEADER, *rows()])
    )
    mapping = guess_mapping(HEADER)
    outcome = []

    def confirm():
        try:
            outcome.append(
                services.invoice_spreadsheet_import(upload=upload, user=manager_a, mapping=mapping)
            )
        except ValidationError as error:
            outcome.append(error.code)

    table = InvoiceUpload._meta.db_table
    with other_connection() as other:
        # The first confirmation, holding the upload while it imports, then done.
        other.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE", [upload.pk])  # noqa: S608
        second = in_thread(confirm)
        other.execute(f"UPDATE {table} SET status = 'done' WHERE id = %s", [upload.pk])  # noqa: S608
        other.commit()
        second.join(30)

    assert outcome == [services.ALREADY_IMPORTED]
    assert Invoice.objects.count() == 0
    assert InvoiceFile.objects.count() == 0


@pytest.mark.django_db
def test_windows_1252_csv_is_read(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    data = [HEADER, rows()[0]]
    data[1][4] = "Søren & Søn"

    response = post_spreadsheet(client, csv_upload(data, encoding="cp1252"))
    client.post(response["Location"], mapping_post(client.get(response["Location"])))

    assert Invoice.objects.get().supplier_name == "Søren & Søn"


def test_a_workbook_that_unpacks_too_large_names_the_limit_as_the_language_writes_it(
    monkeypatch,
):
    monkeypatch.setattr(spreadsheet, "MAX_XLSX_UNCOMPRESSED", 5 * 1024 * 1024 // 2)
    workbook = xlsx_upload([HEADER, *[["x" * 1000] * 11] * 300])  # 3.5 MB unpacked

    with pytest.raises(SpreadsheetError) as refused:
        open_table(workbook, workbook.name)

    with translation.override("en"):
        assert str(refused.value) == "The workbook unpacks to more than 2.5 MB."
    with translation.override("da"):
        assert "2,5 MB" in str(refused.value)


@pytest.mark.django_db
def test_not_a_spreadsheet_is_refused(org_a, manager_a, client_for, unscoped):
    response = post_spreadsheet(
        client_for(manager_a), SimpleUploadedFile("faktura.xlsx", b"not a workbook")
    )

    assert response.status_code == 400
    assert InvoiceUpload.objects.count() == 0


@pytest.mark.django_db
def test_readers_cannot_import_spreadsheets(org_a, reader_a, client_for, unscoped):
    response = post_spreadsheet(client_for(reader_a), csv_upload([HEADER, *rows()]))

    assert response.status_code == 403
    assert InvoiceUpload.objects.count() == 0


def test_the_guess_prefers_the_specific_heading_and_gives_a_column_to_one_field():
    header = ["Bilagsnr", "Dato", "Fakturadato", "Fakturanr", "Type", "CVR", "Beløb", "Reference"]

    guessed = guess_mapping(header)

    assert guessed["number"] == 3  # the supplier's number, not the finance system's voucher
    assert guessed["issue_date"] == 2  # "Fakturadato" before the plain "Dato"
    assert (guessed["kind"], guessed["supplier_cvr"], guessed["line_amount"]) == (4, 5, 6)
    assert guessed["buyer_reference"] == 7
    assert guess_mapping(["Bilagsnr", "CVR", "Beløb"])["number"] is None
    # Every column at most once, whatever the headings.
    chosen = [index for index in guess_mapping(HEADER).values() if index is not None]
    assert len(chosen) == len(set(chosen))


# A finance system's own layout: none of its headings names a field.
LAYOUT = ["Bilag", "Kreditor-CVR", "Bogf. dato", "Nettobeløb i kr", "Konto"]
LAYOUT_MAPPING = {"number": "0", "supplier_cvr": "1", "issue_date": "2", "line_amount": "3"}


def layout_rows(number: str) -> list[list]:
    return [[number, SUPPLIER_CVR, "03-02-2025", "1.000,00", "4711"]]


def choose(page, **chosen) -> dict[str, str]:
    return {**dict.fromkeys(page.context["form"].fields, ""), **chosen}


@pytest.mark.django_db
def test_the_columns_chosen_are_offered_for_the_next_file_with_the_same_headings(
    org_a, manager_a, org_b, make_member, client_for, unscoped
):
    client = client_for(manager_a)
    first = post_spreadsheet(client, csv_upload([LAYOUT, *layout_rows("A-1")], name="jan.csv"))
    page = client.get(first["Location"])
    assert mapping_post(page)["number"] == ""  # nothing to go by the first time
    client.post(first["Location"], choose(page, **LAYOUT_MAPPING))
    assert Invoice.objects.count() == 1

    # The next month's export: other rows, the headings as the system writes them.
    headings = [f" {heading.upper()} " for heading in LAYOUT]
    second = post_spreadsheet(client, csv_upload([headings, *layout_rows("A-2")], name="feb.csv"))
    page = client.get(second["Location"])

    offered = mapping_post(page)
    assert {name: offered[name] for name in LAYOUT_MAPPING} == LAYOUT_MAPPING
    assert "samme overskrifter (jan.csv" in page.content.decode()
    previewed = client.post(second["Location"], {**offered, "preview": "1"})
    assert "samme overskrifter" not in previewed.content.decode()  # the columns are theirs now
    client.post(second["Location"], offered)
    assert sorted(Invoice.objects.values_list("number", flat=True)) == ["A-1", "A-2"]

    # Another municipality's file of the same layout is not offered A's choice.
    other = client_for(make_member(org_b, Role.CONTRACT_MANAGER))
    answer = post_spreadsheet(other, csv_upload([LAYOUT, *layout_rows("B-1")], name="b.csv"))
    page = other.get(answer["Location"])
    assert mapping_post(page)["number"] == ""
    assert "samme overskrifter" not in page.content.decode()


@pytest.mark.django_db
def test_columns_of_a_refused_import_are_not_remembered(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    bad = [[*layout_rows("A-1")[0][:3], "mange penge", "4711"]]
    first = post_spreadsheet(client, csv_upload([LAYOUT, *bad], name="jan.csv"))
    client.post(first["Location"], choose(client.get(first["Location"]), **LAYOUT_MAPPING))
    assert Invoice.objects.count() == 0

    second = post_spreadsheet(client, csv_upload([LAYOUT, *layout_rows("A-2")], name="feb.csv"))

    assert mapping_post(client.get(second["Location"]))["number"] == ""


@pytest.mark.django_db
def test_show_the_invoices_previews_the_documents_and_stores_nothing(
    org_a, manager_a, contract_a, client_for, unscoped
):
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))
    chosen = mapping_post(client.get(response["Location"]))

    page = client.post(response["Location"], {**chosen, "preview": "1"})

    assert page.status_code == 200
    documents = page.context["previewed"]["documents"]
    assert [(d.number, d.kind, len(d.lines), d.net_amount) for d in documents] == [
        ("F-100", "invoice", 2, Decimal("15000.50")),
        ("K-7", "credit_note", 1, Decimal("500")),
    ]
    html = page.content.decode()
    assert "15.000,50" in html and "Kreditnota" in html and "K-2024-001" in html
    # The choices stay as posted, ready to import.
    assert page.context["form"]["number"].value() == "0"
    assert Invoice.objects.count() == 0 and InvoiceFile.objects.count() == 0
    assert InvoiceUpload.objects.get().status == "pending"

    client.post(response["Location"], chosen)
    assert Invoice.objects.count() == 2


@pytest.mark.django_db
def test_the_preview_shows_the_rows_a_wrong_column_breaks(
    org_a, manager_a, contract_a, client_for, unscoped
):
    client = client_for(manager_a)
    response = post_spreadsheet(client, csv_upload([HEADER, *rows()]))
    chosen = mapping_post(client.get(response["Location"]))
    chosen["line_amount"] = "7"  # "Tekst": not amounts

    page = client.post(response["Location"], {**chosen, "preview": "1"})

    assert page.status_code == 200
    errors = page.context["previewed"]["errors"]
    assert [(error.row, error.column) for error in errors] == [
        (2, "Tekst"),
        (3, "Tekst"),
        (4, "Tekst"),
    ]
    assert page.context["previewed"]["documents"] == []
    assert "Licenser januar" in page.content.decode()
    assert Invoice.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", Decimal("1234.56")),
        ("-1234", Decimal("-1234")),
        ("1234,56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1.234.567", Decimal("1234567")),
        ("1 234,50", Decimal("1234.50")),
        ("1.234,56-", Decimal("-1234.56")),
        (12, Decimal("12")),
        (0.1, Decimal("0.1")),
        ("12 kr", None),
        ("", None),
        ("NaN", None),
        (True, None),
        # Edges of the plain-cell shortcut: each is read by the general rules or refused.
        (" 7 ", Decimal("7")),
        ("12,", Decimal("12")),
        (",5", Decimal("0.5")),
        ("+5", Decimal("5")),
        ("-", None),
        ("--1", None),
        ("1e5", None),
        ("1_000", None),
        ("²", None),
        ("١٢", Decimal("12")),  # Arabic-Indic digits, as Python reads digits
    ],
)
def test_parse_decimal(value, expected):
    assert parse_decimal(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-01-31", date(2025, 1, 31)),
        ("2025-01-31 00:00:00", date(2025, 1, 31)),
        ("31-01-2025", date(2025, 1, 31)),
        ("31.01.2025", date(2025, 1, 31)),
        ("1/2/2025", date(2025, 2, 1)),
        (datetime(2025, 1, 31, 12), date(2025, 1, 31)),
        ("31-02-2025", None),
        ("januar", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.django_db
def test_an_invalid_cvr_number_is_imported_as_from_xml_and_shown_as_invalid(
    org_a, manager_a, client_for, unscoped
):
    # Like an XML invoice, the row keeps the CVR number it states (the invoice is still owed or
    # disputed); the invoice page says the number is wrong instead of offering a supplier.
    client = client_for(manager_a)
    data = [[*row[:3], "99999999", *row[4:]] for row in rows()[:2]]
    response = post_spreadsheet(client, csv_upload([HEADER, *data]))
    mapping = client.get(response["Location"])
    client.post(response["Location"], mapping_post(mapping))
    invoice = Invoice.objects.get()
    assert (invoice.supplier_id, invoice.supplier_cvr) == (None, "99999999")
    detail = reverse("invoicing:invoice-detail", args=[invoice.pk])

    page = client.get(detail).content.decode()

    invalid = "“99999999” er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke)."
    assert invalid in page
    assert "Der kan ikke oprettes en leverandør ud fra CVR-nummeret på fakturaen" in page
    assert "ugyldigt CVR-nummer" in page
    assert "Opret leverandøren" not in page
    assert reverse("invoicing:invoice-create-supplier", args=[invoice.pk]) not in page
    response = client.post(
        reverse("invoicing:invoice-create-supplier", args=[invoice.pk]), follow=True
    )
    assert response.content.decode().count(invalid) == 2  # the message, and the page's notice
    assert [str(message) for message in response.context["messages"]] == [invalid]
    assert not Supplier.objects.exists()


@pytest.mark.parametrize("stored", [[], None, "0", {"number": True}, {"number": 99}])
def test_a_stored_mapping_that_does_not_fit_is_not_offered(stored):
    from contracts.invoicing.spreadsheet import usable_mapping

    assert usable_mapping(stored, LAYOUT) is None


def test_the_preview_leaves_out_a_document_whose_rows_go_on_past_the_rows_it_reads(monkeypatch):
    from contracts.invoicing import spreadsheet

    monkeypatch.setattr(spreadsheet, "PREVIEW_READ_ROWS", 4)
    mapping = spreadsheet.guess_mapping(HEADER)
    first, second = rows()[0], rows()[2]
    bad = [*first[:9], "mange penge", first[10]]
    bad[0] = "F-200"

    def documents(data):
        table = spreadsheet.Table(HEADER, iter(data))
        found, _errors = spreadsheet.preview_documents(table, mapping)
        return [(document.number, len(document.lines)) for document in found]

    # F-100's two lines, then K-7 with three lines (a blank row among them): K-7 is cut.
    assert documents([first, first, second, [], second, second]) == [("F-100", 2)]
    # A complete document stays when the rows after it are in error up to the cut.
    assert documents([first, bad, bad, bad, bad]) == [("F-100", 1)]
    # All read: the last document is whole.
    assert documents([first, second]) == [("F-100", 1), ("K-7", 1)]


@pytest.mark.django_db
def test_a_header_row_without_headings_is_not_remembered(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    blank = ["", "", "", "", ""]
    first = post_spreadsheet(client, csv_upload([blank, *layout_rows("A-1")], name="jan.csv"))
    client.post(first["Location"], choose(client.get(first["Location"]), **LAYOUT_MAPPING))
    assert Invoice.objects.count() == 1

    second = post_spreadsheet(client, csv_upload([blank, *layout_rows("A-2")], name="feb.csv"))
    page = client.get(second["Location"])

    assert mapping_post(page)["number"] == ""
    assert SpreadsheetLayout.objects.count() == 0
