"""Uploading invoice files through HTTP: the official samples, ZIPs, bad files and duplicates."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from contracts.invoicing import services, ubl
from contracts.invoicing.imports import pack, unpack
from contracts.invoicing.models import (
    Invoice,
    InvoiceDeviation,
    InvoiceFile,
    InvoiceLine,
    InvoiceUpload,
)
from contracts.invoicing.ubl import parse_invoice
from tests.contracts.test_ubl import EXPECTED
from tests.invoicing.conftest import upload
from tests.invoicing.factories import xml_file

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ubl"


def fixture_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def zip_file(name: str, entries: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def results(response) -> dict[str, tuple[str, str]]:
    """filename -> (outcome, message in English) from the upload result page's context."""
    with translation.override("en"):
        return {
            file.filename: (file.outcome, file.message_text)
            for file in response.context["upload"].files.all()
        }


def stored_counts() -> tuple[int, int, int]:
    return (
        Invoice.objects.with_scopes_disabled().count(),
        InvoiceLine.objects.with_scopes_disabled().count(),
        InvoiceDeviation.objects.with_scopes_disabled().count(),
    )


def test_every_official_sample_imports_with_the_amounts_it_states(
    org_a, manager_a, client_for, unscoped
):
    names = sorted(EXPECTED)

    response = upload(client_for(manager_a), *(fixture_file(name) for name in names))

    assert response.status_code == 200
    assert results(response) == dict.fromkeys(names, ("imported", ""))
    for name in names:
        header, line_count, _first_line = EXPECTED[name]
        invoice = Invoice.objects.get(source__filename=name)
        assert (
            invoice.number,
            invoice.kind,
            invoice.currency,
            invoice.issue_date,
            invoice.net_amount,
            invoice.tax_amount,
            invoice.payable_amount,
            invoice.line_count,
            invoice.lines.count(),
        ) == (
            header["number"],
            header["kind"],
            header["currency"],
            header["issue_date"],
            header["net_amount"],
            header["tax_amount"],
            header["payable_amount"],
            line_count,
            line_count,
        ), name
        assert (
            sum(line.line_amount for line in invoice.lines.all()) == header["line_extension_amount"]
        ), name
    # The samples' suppliers are not registered: all wait unmatched.
    assert set(Invoice.objects.values_list("contract", flat=True)) == {None}


def test_result_page_shows_the_invoice_and_the_amount(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    response = upload(client, fixture_file("oioubl-invoice-bare.xml"))
    invoice = Invoice.objects.get()

    detail = client.get(reverse("invoicing:invoice-detail", args=[invoice.pk]))

    assert "oioubl-invoice-bare.xml" in response.content.decode()
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "32.943,04 DKK" in page  # net amount, Danish formatting
    assert "41.178,80 DKK" in page  # payable
    assert "Sample Supplier ApS" in page


def test_zip_of_invoices_is_read_entry_by_entry(org_a, manager_a, client_for, unscoped):
    archive = zip_file(
        "januar.zip",
        {
            "a.xml": (FIXTURES / "peppol-vat-category-O.xml").read_bytes(),
            "b.xml": (FIXTURES / "oioubl-nemkonto.xml").read_bytes(),
            "broken.xml": b"<Invoice>",
        },
    )

    response = upload(client_for(manager_a), archive)

    outcome = results(response)
    assert outcome["januar.zip/a.xml"] == ("imported", "")
    assert outcome["januar.zip/b.xml"] == ("imported", "")
    assert outcome["januar.zip/broken.xml"][0] == "rejected"
    assert outcome["januar.zip/broken.xml"][1].startswith("The file is not well-formed XML")
    assert sorted(Invoice.objects.values_list("number", flat=True)) == ["NEMKONTO-001", "Vat-O"]


_GOOD = (FIXTURES / "peppol-vat-category-O.xml").read_bytes()
_DOCTYPE = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e "e">]>\n<Invoice>&e;</Invoice>'


def _variant(old: bytes, new: bytes) -> bytes:
    assert _GOOD.count(old) == 1
    return _GOOD.replace(old, new)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"<Invoice><unclosed></Invoice>", "The file is not well-formed XML", id="xml"),
        pytest.param(
            _DOCTYPE,
            "The file contains a DOCTYPE or entity declaration, which invoices must not have.",
            id="doctype",
        ),
        pytest.param(
            b'<Order xmlns="urn:x"/>',
            "Unknown document type Order: expected a UBL Invoice or CreditNote.",
            id="root",
        ),
        pytest.param(
            _variant(
                b'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
                b'xmlns="urn:example:invoice"',
            ),
            "The Invoice element has the namespace “urn:example:invoice”; expected "
            "“urn:oasis:names:specification:ubl:schema:xsd:Invoice-2”.",
            id="namespace",
        ),
        pytest.param(
            _variant(b"<cbc:IssueDate>2018-08-30</cbc:IssueDate>", b""),
            "Missing mandatory element cbc:IssueDate.",
            id="missing",
        ),
        pytest.param(
            _variant(
                b'<cbc:PayableAmount currencyID="SEK">3200.00</cbc:PayableAmount>',
                b'<cbc:PayableAmount currencyID="SEK">3.200,00 kr</cbc:PayableAmount>',
            ),
            "cac:LegalMonetaryTotal/cbc:PayableAmount must be a number, not “3.200,00 kr”.",
            id="amount",
        ),
        pytest.param(
            _GOOD.replace(b"SEK", b"XYZ"),
            "Unknown currency code “XYZ” in cbc:DocumentCurrencyCode.",
            id="currency",
        ),
        pytest.param(
            b" " * (ubl.MAX_FILE_SIZE + 1),
            "The file is too large (10.1 MB); the maximum is 10 MB.",
            id="size",
        ),
    ],
)
def test_bad_file_is_rejected_with_its_name_and_reason_and_stores_nothing(
    content, message, org_a, manager_a, client_for, unscoped
):
    response = upload(
        client_for(manager_a), SimpleUploadedFile("bad.xml", content), xml_file("good.xml")
    )

    outcome = results(response)
    assert outcome["bad.xml"][0] == "rejected"
    assert outcome["bad.xml"][1].startswith(message)
    assert outcome["good.xml"] == ("imported", "")
    # Only the good file's invoice, one line and its "no contract" deviation.
    assert stored_counts() == (1, 1, 1)
    with translation.override("en"):
        page = client_for(manager_a).get(response.redirect_chain[-1][0]).content.decode()
    assert "bad.xml" in page


def test_an_empty_file_is_rejected_by_name_and_the_others_import(
    org_a, manager_a, client_for, unscoped
):
    files = [xml_file(f"F-{n}.xml") for n in range(1, 9)]

    response = upload(client_for(manager_a), *files, SimpleUploadedFile("empty.xml", b""))

    assert response.status_code == 200
    assert results(response) == {
        **{f"F-{n}.xml": ("imported", "") for n in range(1, 9)},
        "empty.xml": ("rejected", "The file is empty."),
    }
    assert Invoice.objects.count() == 8
    page = response.content.decode()
    assert "8 filer indlæst, 1 afvist." in page
    assert "Filen er tom." in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param(
            "faktura.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "The file is a PDF document, not an XML file: upload the invoice's XML file.",
            id="pdf",
        ),
        pytest.param(
            "faktura.xml",
            b"\n  Faktura 2025-17\nBel\xc3\xb8b: 1.250,00 kr.\n",
            "The file is not an XML file (it does not start with “<”): invoices are read from "
            "OIOUBL or Peppol BIS XML.",
            id="text",
        ),
    ],
)
def test_a_file_that_is_not_xml_is_named_for_what_it_is(
    name, content, message, org_a, manager_a, client_for, unscoped
):
    response = upload(client_for(manager_a), SimpleUploadedFile(name, content), xml_file("a.xml"))

    assert results(response) == {name: ("rejected", message), "a.xml": ("imported", "")}


def test_files_in_a_zip_that_are_not_xml_are_named_for_what_they_are(
    org_a, manager_a, client_for, unscoped
):
    inner = zip_file("inner.zip", {"a.xml": _GOOD}).read()
    archive = zip_file(
        "marts.zip",
        {
            "inner.zip": inner,
            "readme.txt": b"Fakturaer for marts",
            "empty.xml": b"",
            "a.xml": _GOOD,
        },
    )

    response = upload(client_for(manager_a), archive)

    assert results(response) == {
        "marts.zip/inner.zip": (
            "rejected",
            "The file is a ZIP archive, not an XML file: ZIP archives inside a ZIP archive are "
            "not read.",
        ),
        "marts.zip/readme.txt": (
            "rejected",
            "The file is not an XML file (it does not start with “<”): invoices are read from "
            "OIOUBL or Peppol BIS XML.",
        ),
        "marts.zip/empty.xml": ("rejected", "The file is empty."),
        "marts.zip/a.xml": ("imported", ""),
    }


def test_an_empty_zip_says_it_holds_no_files(org_a, manager_a, client_for, unscoped):
    response = upload(client_for(manager_a), zip_file("tom.zip", {}))

    assert results(response) == {
        "tom.zip": ("rejected", "The ZIP archive holds no files, so no invoices.")
    }
    page = response.content.decode()
    assert "0 filer indlæst, 1 afvist." in page
    assert "ZIP-arkivet indeholder ingen filer og dermed ingen fakturaer." in page
    assert stored_counts() == (0, 0, 0)


def test_file_over_the_upload_limit_is_refused_unread(
    settings, org_a, manager_a, client_for, unscoped
):
    settings.MAX_UPLOAD_SIZE = 2000
    big = zip_file("big.zip", {f"{n}.xml": bytes(400) + str(n).encode() for n in range(30)})
    assert big.size > 2000

    response = upload(client_for(manager_a), big)

    assert results(response) == {
        "big.zip": ("rejected", "The file is too large (0.1 MB); the maximum is 0.1 MB.")
    }
    assert stored_counts() == (0, 0, 0)


def test_zip_with_too_many_entries_is_rejected_whole(org_a, manager_a, client_for, unscoped):
    archive = zip_file("many.zip", {f"{n}.xml": _GOOD for n in range(1001)})

    response = upload(client_for(manager_a), archive)

    assert results(response) == {
        "many.zip": ("rejected", "The ZIP archive has 1001 entries; the maximum is 1000.")
    }
    assert stored_counts() == (0, 0, 0)


def test_zip_that_unpacks_too_large_is_rejected_whole(org_a, manager_a, client_for, unscoped):
    archive = zip_file("bomb.zip", {"a.xml": _GOOD, "huge.xml": bytes(21 * 1024 * 1024)})

    response = upload(client_for(manager_a), archive)

    assert results(response) == {
        "bomb.zip": (
            "rejected",
            "The ZIP entry huge.xml unpacks to 21 MB; the maximum is 20 MB.",
        )
    }
    assert stored_counts() == (0, 0, 0)


def test_sizes_in_a_refusal_are_stored_as_each_language_writes_them(
    settings, org_a, manager_a, client_for, unscoped
):
    settings.MAX_UPLOAD_SIZE = 5 * 1024 * 1024 // 2
    big = SimpleUploadedFile("big.xml", bytes(3 * 1024 * 1024 + 1))

    upload(client_for(manager_a), big)

    message = InvoiceFile.objects.get().message
    assert message["en"] == "The file is too large (3.1 MB); the maximum is 2.5 MB."
    assert "(3,1 MB)" in message["da"]
    assert message["da"].endswith(" 2,5 MB.")


def test_same_file_again_is_refused_with_a_clear_message(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    content = (FIXTURES / "oioubl-invoice.xml").read_bytes()
    upload(client, SimpleUploadedFile("faktura.xml", content))

    again = upload(
        client,
        SimpleUploadedFile("faktura-kopi.xml", content),
        SimpleUploadedFile("faktura-kopi-2.xml", content),
    )

    outcome = results(again)
    assert outcome["faktura-kopi.xml"][0] == "rejected"
    assert outcome["faktura-kopi.xml"][1].startswith("The same file was already imported on ")
    assert outcome["faktura-kopi-2.xml"][0] == "rejected"
    assert stored_counts() == (1, 2, 1)
    assert InvoiceFile.objects.filter(outcome="imported").count() == 1


def test_same_file_twice_in_one_upload_is_imported_once(org_a, manager_a, client_for, unscoped):
    content = (FIXTURES / "oioubl-invoice.xml").read_bytes()

    response = upload(
        client_for(manager_a),
        SimpleUploadedFile("a.xml", content),
        SimpleUploadedFile("b.xml", content),
    )

    outcome = results(response)
    assert outcome["a.xml"] == ("imported", "")
    assert outcome["b.xml"][0] == "rejected"
    assert Invoice.objects.count() == 1


def test_the_same_file_in_another_municipality_is_theirs_to_import(
    org_a, org_b, manager_a, make_member, client_for, unscoped
):
    content = (FIXTURES / "oioubl-invoice.xml").read_bytes()
    upload(client_for(manager_a), SimpleUploadedFile("a.xml", content))
    manager_b = make_member(org_b, "contract_manager")

    response = upload(client_for(manager_b), SimpleUploadedFile("a.xml", content))

    assert results(response) == {"a.xml": ("imported", "")}
    assert Invoice.objects.filter(organisation=org_b).count() == 1


def test_readers_may_look_but_not_upload(org_a, reader_a, client_for, unscoped):
    client = client_for(reader_a)

    assert client.get(reverse("invoicing:upload")).status_code == 200
    response = client.post(reverse("invoicing:upload"), {"files": [xml_file()]})

    assert response.status_code == 403
    assert stored_counts() == (0, 0, 0)


def test_upload_without_files_shows_the_form_error(org_a, manager_a, client_for):
    response = client_for(manager_a).post(reverse("invoicing:upload"), {})

    assert response.status_code == 400
    assert response.context["files_form"].errors["files"]
    with scopes_disabled():
        assert not InvoiceUpload.objects.exists()
        assert not InvoiceFile.objects.exists()


def test_amounts_are_stored_as_stated_with_credit_notes_negative(
    org_a, manager_a, client_for, unscoped
):
    upload(
        client_for(manager_a),
        fixture_file("oioubl-invoice.xml"),
        fixture_file("oioubl-out-credit-note.xml"),
    )

    assert sorted(Invoice.objects.values_list("kind", "net_amount", "signed_net_amount")) == [
        ("credit_note", Decimal("5050.00"), Decimal("-5050.00")),
        ("invoice", Decimal("5050.00"), Decimal("5050.00")),
    ]
    # The list shows a credit note as what it subtracts.
    listed = client_for(manager_a).get(reverse("invoicing:invoice-list")).content.decode()
    assert "-5.050,00" in listed and "5.050,00" in listed.replace("-5.050,00", "")


def test_pack_and_unpack_keep_every_value():
    for name in sorted(EXPECTED):
        document = parse_invoice((FIXTURES / name).read_bytes(), filename=name)

        assert unpack(pack(document)) == document, name


def test_a_parsing_pool_gives_the_same_results_in_order(org_a, manager_a, in_a):
    names = sorted(EXPECTED)
    files = [fixture_file(name) for name in names] + [SimpleUploadedFile("bad.xml", b"<x")]

    with ThreadPoolExecutor(2) as pool:
        _upload, results = services.invoices_import_files(
            organisation=org_a, user=manager_a, files=files, pool=pool
        )

    assert [result.filename for result in results] == [*names, "bad.xml"]
    assert [result.imported for result in results] == [True] * len(names) + [False]
    assert results[-1].message["en"].startswith("The file is not well-formed XML")
    assert (
        results[-1]
        .message["da"]
        .startswith("Filen er ikke gyldig XML: fejlen er i linje 1, kolonne 3")
    )
    assert Invoice.objects.count() == len(names)
    assert sorted(Invoice.objects.values_list("payable_amount", flat=True)) == sorted(
        EXPECTED[name][0]["payable_amount"] for name in names
    )
