"""Tests for the OIOUBL / Peppol BIS invoice parser and the ZIP and size guards."""

import io
import re
import struct
import zipfile
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

if not settings.configured:  # run without pytest-django (-p no:django)
    settings.configure(USE_I18N=False)

from contracts.invoicing.ubl import (  # noqa: E402
    MAX_FILE_SIZE,
    InvoiceParseError,
    ParsedLine,
    check_size,
    iter_zip,
    parse_invoice,
)

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures" / "ubl"
SHARED_SAMPLES = TESTS.parents[1] / "shared" / "samples" / "ubl"
SAMPLE_NAMES = sorted(path.name for path in FIXTURES.glob("*.xml"))


def message(error: pytest.ExceptionInfo[InvoiceParseError]) -> str:
    with translation.override("en"):
        return str(error.value)


def sample(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def variant(name: str, old: str, new: str) -> bytes:
    """The sample with one exact occurrence of `old` replaced (a regex when it starts with ^)."""
    text = sample(name).decode("utf-8")
    if old.startswith("^"):
        text, count = re.subn(old[1:], new, text, count=1, flags=re.DOTALL)
    else:
        count = text.count(old)
        text = text.replace(old, new)
    assert count == 1, f"{old!r} occurs {count} times in {name}"
    return text.encode("utf-8")


def make_zip(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            if name.endswith("/"):
                archive.mkdir(name.rstrip("/"))
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


# Values as stated in each file (README.md of the samples); net_amount and tax_amount are the
# amounts excluding VAT and the VAT whatever the dialect; OIOUBL's TaxExclusiveAmount holds the VAT.
_OIOUBL_TAVLE = {
    "format": "oioubl",
    "customization_id": "OIOUBL-2.1",
    "kind": "invoice",
    "type_code": "380",
    "number": "A00095678",
    "issue_date": date(2005, 11, 20),
    "due_date": date(2005, 11, 25),
    "currency": "DKK",
    "supplier_endpoint_id": "DK16356700",
    "supplier_endpoint_scheme": "DK:CVR",
    "supplier_cvr": "16356700",
    "supplier_name": "Tavleverandøren",
    "buyer_endpoint_id": "5798009883735",
    "buyer_endpoint_scheme": "GLN",
    "buyer_name": "Den Lille Skole",
    "contract_reference": None,
    "order_reference": "5002701",
    "buyer_reference": None,
    "billing_reference": None,
    "period_start": None,
    "period_end": None,
    "line_extension_amount": D("5050.00"),
    "allowance_total": D("0"),
    "charge_total": D("0"),
    "net_amount": D("5050.00"),
    "stated_tax_exclusive_amount": D("1262.50"),
    "tax_amount": D("1262.50"),
    "tax_inclusive_amount": D("6312.50"),
    "prepaid_amount": D("0"),
    "payable_amount": D("6312.50"),
}
_OIOUBL_TAVLE_CREDIT = _OIOUBL_TAVLE | {
    "kind": "credit_note",
    "type_code": "381",
    "number": "A00095679",
    "due_date": None,
    "buyer_endpoint_id": "5798009811530",
    "billing_reference": "A00095678",
}
_OIOUBL_SAMPLE = _OIOUBL_TAVLE | {
    "number": "SAMPLE-001",
    "issue_date": date(2024, 5, 15),
    "due_date": date(2024, 6, 15),
    "supplier_endpoint_id": "DK10000009",
    "supplier_cvr": "10000009",
    "supplier_name": "Sample Supplier ApS",
    "buyer_endpoint_id": "DK10000017",
    "buyer_endpoint_scheme": "DK:CVR",
    "buyer_name": "Sample Customer A/S",
    "order_reference": None,  # "NA" is Peppol's placeholder for "no order"
    "line_extension_amount": D("32943.04"),
    "net_amount": D("32943.04"),
    "stated_tax_exclusive_amount": D("8235.76"),
    "tax_amount": D("8235.76"),
    "tax_inclusive_amount": D("41178.80"),
    "payable_amount": D("41178.80"),
}
_OIOUBL_WORKSOME = _OIOUBL_SAMPLE | {
    "supplier_endpoint_id": "DK37990485",
    "supplier_cvr": "37990485",
    "supplier_name": "Worksome Aps",
    "buyer_endpoint_id": "DK47458714",
    "buyer_name": "Lego System A/S",
}
_PEPPOL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
_PEPPOL_BASE = {
    "format": "peppol",
    "customization_id": _PEPPOL_CUSTOMIZATION,
    "kind": "invoice",
    "type_code": "380",
    "number": "Snippet1",
    "issue_date": date(2017, 11, 13),
    "due_date": date(2017, 12, 1),
    "currency": "EUR",
    "supplier_endpoint_id": "9482348239847239874",
    "supplier_endpoint_scheme": "0088",
    "supplier_cvr": None,  # GB983294 is no CVR
    "supplier_name": "SupplierTradingName Ltd.",
    "buyer_endpoint_id": "FR23342",
    "buyer_endpoint_scheme": "0002",
    "buyer_name": "BuyerTradingName AS",
    "contract_reference": None,
    "order_reference": None,
    "buyer_reference": "0150abc",
    "billing_reference": None,
    "period_start": None,
    "period_end": None,
    "line_extension_amount": D("1300"),
    "allowance_total": D("0"),
    "charge_total": D("25"),
    "net_amount": D("1325"),
    "stated_tax_exclusive_amount": D("1325"),
    "tax_amount": D("331.25"),
    "tax_inclusive_amount": D("1656.25"),
    "prepaid_amount": D("0"),
    "payable_amount": D("1656.25"),
}
_PEPPOL_VAT_CATEGORY = {
    "format": "peppol",
    "customization_id": _PEPPOL_CUSTOMIZATION,
    "kind": "invoice",
    "type_code": "380",
    "number": "Vat-Z",
    "issue_date": date(2018, 8, 30),
    "due_date": None,
    "currency": "GBP",
    "supplier_endpoint_id": "7300010000001",
    "supplier_endpoint_scheme": "0088",
    "supplier_cvr": None,
    "supplier_name": "The Sellercompany Incorporated",  # no PartyName: the registration name
    "buyer_endpoint_id": "DK12345678",
    "buyer_endpoint_scheme": "0184",
    "buyer_name": "The Buyercompany",
    "contract_reference": None,
    "order_reference": None,
    "buyer_reference": "test reference",
    "billing_reference": None,
    "period_start": None,
    "period_end": None,
    "line_extension_amount": D("1200.00"),
    "allowance_total": D("0"),
    "charge_total": D("0"),
    "net_amount": D("1200.00"),
    "stated_tax_exclusive_amount": D("1200.00"),
    "tax_amount": D("0.00"),
    "tax_inclusive_amount": D("1200.00"),
    "prepaid_amount": D("0"),
    "payable_amount": D("1200.00"),
}

_HEJSETAVLE = ParsedLine(
    "1", D("1"), "EA", D("5000.00"), "Hejsetavle", "5712345780121", D("5000.00")
)
_BOOKING_FEE = ParsedLine(
    "1", D("1"), "C62", D("31676.00"), "Booking Fee (Fixed Rate)", None, D("31676.00")
)
_PEPPOL_DAYS = ParsedLine("1", D("7"), "DAY", D("2800"), "item name", None, D("400"))
_CATEGORY_Z_ITEM = ParsedLine(
    "1", D("10"), "EA", D("1200.00"), "Test item, category Z", None, D("120.00")
)

# file: (header fields, number of lines, first line)
EXPECTED = {
    "oioubl-credit-note.xml": (
        _OIOUBL_TAVLE_CREDIT
        | {
            # The supplier's endpoint is a GLN; its CVR is only in PartyLegalEntity/CompanyID.
            "supplier_endpoint_id": "5798009811530",
            "supplier_endpoint_scheme": "GLN",
        },
        2,
        _HEJSETAVLE,
    ),
    "oioubl-dk-bank.xml": (_OIOUBL_SAMPLE | {"number": "BANK-001"}, 2, _BOOKING_FEE),
    "oioubl-happy-path_real.xml": (
        _OIOUBL_TAVLE
        | {
            "customization_id": "OIOUBL-2.01",
            "supplier_endpoint_id": "DK16356706",
            "supplier_cvr": "16356706",
            "buyer_endpoint_id": "DK99010080",
            "buyer_endpoint_scheme": "DK:CVR",
        },
        2,
        _HEJSETAVLE,
    ),
    "oioubl-invoice-bare.xml": (_OIOUBL_SAMPLE, 2, _BOOKING_FEE),
    "oioubl-invoice.xml": (_OIOUBL_TAVLE, 2, _HEJSETAVLE),
    "oioubl-line-taxtotal-vat.xml": (
        _OIOUBL_WORKSOME | {"number": "SAMPLE-002", "order_reference": "5002701"},
        2,
        _BOOKING_FEE,
    ),
    "oioubl-nemkonto.xml": (_OIOUBL_WORKSOME | {"number": "NEMKONTO-001"}, 2, _BOOKING_FEE),
    "oioubl-out-credit-note.xml": (_OIOUBL_TAVLE_CREDIT, 2, _HEJSETAVLE),
    "peppol-Allowance-example.xml": (
        _PEPPOL_BASE
        | {
            "supplier_endpoint_id": "7300010000001",
            "buyer_endpoint_id": "4598375937",
            "contract_reference": "framework no 1",
            "period_start": date(2017, 12, 1),
            "period_end": date(2017, 12, 31),
            "line_extension_amount": D("5900"),
            "allowance_total": D("200"),
            "charge_total": D("200"),
            "net_amount": D("5900"),
            "stated_tax_exclusive_amount": D("5900"),
            "tax_amount": D("1225.00"),  # not the SEK TaxTotal in the tax currency
            "tax_inclusive_amount": D("7125"),
            "prepaid_amount": D("1000"),
            "payable_amount": D("6125.00"),
        },
        3,
        ParsedLine("1", D("10"), "C62", D("4000.00"), "item name", "97iugug876", D("410")),
    ),
    "peppol-base-creditnote-correction.xml": (
        _PEPPOL_BASE
        | {
            "kind": "credit_note",
            "type_code": "381",
            "due_date": None,
            "billing_reference": "Snippet1",
        },
        2,
        _PEPPOL_DAYS,
    ),
    "peppol-base-example.xml": (_PEPPOL_BASE, 2, _PEPPOL_DAYS),
    "peppol-base-negative-inv-correction.xml": (
        _PEPPOL_BASE
        | {
            "number": "Correction1",
            "billing_reference": "Snippet1",
            "line_extension_amount": D("-1300"),
            "charge_total": D("-25"),
            "net_amount": D("-1325"),
            "stated_tax_exclusive_amount": D("-1325"),
            "tax_amount": D("-331.25"),
            "tax_inclusive_amount": D("-1656.25"),
            "payable_amount": D("-1656.25"),
        },
        2,
        ParsedLine("1", D("-7"), "DAY", D("-2800"), "item name", None, D("400")),
    ),
    "peppol-sales-order-example.xml": (_PEPPOL_BASE, 2, _PEPPOL_DAYS),
    "peppol-vat-category-E.xml": (_PEPPOL_VAT_CATEGORY, 1, _CATEGORY_Z_ITEM),
    "peppol-vat-category-O.xml": (
        _PEPPOL_VAT_CATEGORY
        | {
            "number": "Vat-O",
            "currency": "SEK",
            "buyer_endpoint_id": "987654321",
            "buyer_endpoint_scheme": "0192",
            "line_extension_amount": D("3200.00"),
            "net_amount": D("3200.00"),
            "stated_tax_exclusive_amount": D("3200.00"),
            "tax_inclusive_amount": D("3200.00"),
            "payable_amount": D("3200.00"),
        },
        1,
        ParsedLine("1", D("1"), "EA", D("3200.00"), "Road tax", "RT3000", D("3200.00")),
    ),
    "peppol-vat-category-Z.xml": (
        _PEPPOL_VAT_CATEGORY | {"buyer_endpoint_id": "12345678"},
        1,
        _CATEGORY_Z_ITEM,
    ),
}


def test_every_sample_has_expected_values():
    assert sorted(EXPECTED) == SAMPLE_NAMES


@pytest.mark.skipif(not SHARED_SAMPLES.is_dir(), reason="no ../shared checkout next to the repo")
def test_fixtures_are_copies_of_the_shared_samples():
    shared = {path.name: path.read_bytes() for path in SHARED_SAMPLES.glob("*.xml")}
    assert shared == {name: sample(name) for name in SAMPLE_NAMES}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_parses_with_the_stated_values(name):
    header, line_count, first_line = EXPECTED[name]

    invoice = parse_invoice(sample(name), filename=name)

    assert invoice.filename == name
    assert {field: getattr(invoice, field) for field in header} == header
    assert len(invoice.lines) == line_count
    assert invoice.lines[0] == first_line


@pytest.mark.parametrize(
    ("name", "signed_total", "signed_net_amount"),
    [
        ("oioubl-invoice.xml", D("6312.50"), D("5050.00")),
        ("oioubl-credit-note.xml", D("-6312.50"), D("-5050.00")),
        ("peppol-base-creditnote-correction.xml", D("-1656.25"), D("-1325")),
        ("peppol-base-negative-inv-correction.xml", D("-1656.25"), D("-1325")),
    ],
)
def test_credit_notes_keep_positive_amounts_and_sum_negatively(
    name, signed_total, signed_net_amount
):
    invoice = parse_invoice(sample(name))

    assert (invoice.signed_total, invoice.signed_net_amount) == (signed_total, signed_net_amount)


def test_line_period_item_id_and_negative_quantity_are_read():
    allowance = parse_invoice(sample("peppol-Allowance-example.xml"))
    base = parse_invoice(sample("peppol-base-example.xml"))

    assert allowance.lines[1] == ParsedLine(
        "2",
        D("10"),
        "C62",
        D("1000.00"),
        "item name",
        "97iugug876",
        D("200"),
        date(2017, 12, 1),
        date(2017, 12, 5),
    )
    assert allowance.lines[1].item_key == "97iugug876"
    assert base.lines[1] == ParsedLine(
        "2", D("-3"), "DAY", D("-1500"), "item name 2", None, D("500")
    )
    assert base.lines[1].item_key == "item name 2"


def test_oioubl_net_amount_subtracts_document_allowances_when_totals_omit_them():
    allowance = (
        "<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator>"
        '<cbc:Amount currencyID="DKK">50.00</cbc:Amount></cac:AllowanceCharge>'
        "<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator>"
        '<cbc:Amount currencyID="DKK">20.00</cbc:Amount></cac:AllowanceCharge>\n  <cac:TaxTotal>'
    )
    data = variant("oioubl-invoice.xml", "^<cac:TaxTotal>", allowance)

    invoice = parse_invoice(data)

    assert (invoice.allowance_total, invoice.charge_total, invoice.net_amount) == (
        D("50.00"),
        D("20.00"),
        D("5020.00"),
    )


def test_oioubl_without_customization_id_still_gets_the_net_amount():
    data = variant(
        "oioubl-invoice.xml", "<cbc:CustomizationID>OIOUBL-2.1</cbc:CustomizationID>", ""
    )

    invoice = parse_invoice(data)

    assert (invoice.format, invoice.net_amount, invoice.tax_amount) == (
        "ubl",
        D("5050.00"),
        D("1262.50"),
    )


def test_oioubl_tax_amount_sums_a_tax_total_per_tax_scheme():
    duty = (
        '<cac:TaxTotal><cbc:TaxAmount currencyID="DKK">100.00</cbc:TaxAmount></cac:TaxTotal>\n'
        "  <cac:LegalMonetaryTotal>"
    )
    data = variant("oioubl-invoice.xml", "<cac:LegalMonetaryTotal>", duty)

    assert parse_invoice(data).tax_amount == D("1362.50")


def test_date_with_time_zone_is_accepted():
    data = variant(
        "peppol-vat-category-O.xml",
        "<cbc:IssueDate>2018-08-30</cbc:IssueDate>",
        "<cbc:IssueDate>2018-08-30+02:00</cbc:IssueDate>",
    )

    assert parse_invoice(data).issue_date == date(2018, 8, 30)


def test_error_carries_the_filename():
    with pytest.raises(InvoiceParseError) as error:
        parse_invoice(b"<Invoice", filename="broken.xml")

    assert error.value.filename == "broken.xml"


_O = "peppol-vat-category-O.xml"
_LINE_AMOUNT = (
    '<cbc:LineExtensionAmount currencyID="SEK">3200.00</cbc:LineExtensionAmount>\n'
    "        <cac:OrderLineReference>"
)
_NOT_WELL_FORMED = "The file is not well-formed XML: "
_DOCTYPE = "The file contains a DOCTYPE or entity declaration, which invoices must not have."
_BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol9;</Invoice>"""
_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&xxe;</cbc:ID>
</Invoice>"""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"",
            _NOT_WELL_FORMED + "the error is at line 1, column 1 "
            "(the XML reader says: “Document is empty”).",
            id="empty",
        ),
        pytest.param(
            b"<Invoice><cbc:ID>1</Invoice>",
            _NOT_WELL_FORMED
            + "the error is at line 1, column 17 (the XML reader says: “Namespace prefix",
            id="malformed",
        ),
        pytest.param(sample(_O).replace(b"</Invoice>", b""), _NOT_WELL_FORMED, id="unclosed-root"),
        pytest.param(
            variant(_O, "<Invoice ", '<!DOCTYPE Invoice SYSTEM "invoice.dtd">\n<Invoice '),
            _DOCTYPE,
            id="doctype",
        ),
        pytest.param(_BILLION_LAUGHS, _DOCTYPE, id="billion-laughs"),
        pytest.param(_XXE, _DOCTYPE, id="xxe-file"),
        pytest.param(
            b'<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd"><a>&undefined;</a>',
            _DOCTYPE,
            id="external-dtd-entity",
        ),
        pytest.param(
            b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>',
            "Unknown document type Order: expected a UBL Invoice or CreditNote.",
            id="unknown-root",
        ),
        pytest.param(
            variant(
                _O,
                'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
                'xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"',
            ),
            "The Invoice element has the namespace "
            "“urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2”; "
            "expected “urn:oasis:names:specification:ubl:schema:xsd:Invoice-2”.",
            id="wrong-namespace",
        ),
        pytest.param(
            b"<CreditNote/>",
            "The CreditNote element has the namespace “”; expected "
            "“urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2”.",
            id="no-namespace",
        ),
        pytest.param(
            variant(_O, "<cbc:ID>Vat-O</cbc:ID>", ""),
            "Missing mandatory element cbc:ID.",
            id="missing-id",
        ),
        pytest.param(
            variant(_O, "<cbc:ID>Vat-O</cbc:ID>", "<cbc:ID> </cbc:ID>"),
            "Missing mandatory element cbc:ID.",
            id="blank-id",
        ),
        pytest.param(
            variant(_O, "<cbc:IssueDate>2018-08-30</cbc:IssueDate>", ""),
            "Missing mandatory element cbc:IssueDate.",
            id="missing-issue-date",
        ),
        pytest.param(
            variant(_O, "<cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>", ""),
            "Missing mandatory element cbc:DocumentCurrencyCode.",
            id="missing-currency",
        ),
        pytest.param(
            variant(_O, "^<cac:AccountingSupplierParty>.*?</cac:AccountingSupplierParty>", ""),
            "Missing mandatory element cac:AccountingSupplierParty.",
            id="missing-supplier",
        ),
        pytest.param(
            variant(_O, '<cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID>', ""),
            "Missing mandatory element cac:AccountingSupplierParty/cac:Party/cbc:EndpointID.",
            id="missing-supplier-endpoint",
        ),
        pytest.param(
            variant(_O, "^<cac:LegalMonetaryTotal>.*?</cac:LegalMonetaryTotal>", ""),
            "Missing mandatory element cac:LegalMonetaryTotal.",
            id="missing-monetary-total",
        ),
        pytest.param(
            variant(_O, '<cbc:PayableAmount currencyID="SEK">3200.00</cbc:PayableAmount>', ""),
            "Missing mandatory element cac:LegalMonetaryTotal/cbc:PayableAmount.",
            id="missing-payable-amount",
        ),
        pytest.param(
            variant(_O, "^<cac:InvoiceLine>.*</cac:InvoiceLine>", ""),
            "Missing mandatory element cac:InvoiceLine.",
            id="no-lines",
        ),
        pytest.param(
            variant(_O, '<cbc:InvoicedQuantity unitCode="EA">1</cbc:InvoicedQuantity>', ""),
            "Missing mandatory element cac:InvoiceLine[1]/cbc:InvoicedQuantity.",
            id="missing-quantity",
        ),
        pytest.param(
            variant(_O, ">3200.00</cbc:PayableAmount>", ">3.200,00</cbc:PayableAmount>"),
            "cac:LegalMonetaryTotal/cbc:PayableAmount must be a number, not “3.200,00”.",
            id="non-numeric-amount",
        ),
        pytest.param(
            variant(_O, ">3200.00</cbc:PayableAmount>", ">NaN</cbc:PayableAmount>"),
            "cac:LegalMonetaryTotal/cbc:PayableAmount must be a number, not “NaN”.",
            id="nan-amount",
        ),
        pytest.param(
            variant(_O, ">1</cbc:InvoicedQuantity>", ">one</cbc:InvoicedQuantity>"),
            "cac:InvoiceLine[1]/cbc:InvoicedQuantity must be a number, not “one”.",
            id="non-numeric-quantity",
        ),
        pytest.param(
            variant(_O, _LINE_AMOUNT, _LINE_AMOUNT.replace(">3200.00<", ">1e3<")),
            "cac:InvoiceLine[1]/cbc:LineExtensionAmount must be a number, not “1e3”.",
            id="exponent-line-amount",
        ),
        pytest.param(
            variant(_O, "<cbc:IssueDate>2018-08-30<", "<cbc:IssueDate>30-08-2018<"),
            "cbc:IssueDate must be a date written YYYY-MM-DD, not “30-08-2018”.",
            id="non-iso-date",
        ),
        pytest.param(
            variant(_O, "<cbc:IssueDate>2018-08-30<", "<cbc:IssueDate>2018-02-30<"),
            "cbc:IssueDate must be a date written YYYY-MM-DD, not “2018-02-30”.",
            id="impossible-date",
        ),
        pytest.param(
            variant(_O, "<cbc:DocumentCurrencyCode>SEK<", "<cbc:DocumentCurrencyCode>ABC<"),
            "Unknown currency code “ABC” in cbc:DocumentCurrencyCode.",
            id="unknown-currency",
        ),
        pytest.param(
            variant(
                _O, '<cbc:PayableAmount currencyID="SEK">', '<cbc:PayableAmount currencyID="ABC">'
            ),
            "Unknown currency code “ABC” in cac:LegalMonetaryTotal/cbc:PayableAmount.",
            id="unknown-amount-currency",
        ),
        pytest.param(
            variant(_O, _LINE_AMOUNT, _LINE_AMOUNT.replace('"SEK"', '"EUR"')),
            "cac:InvoiceLine[1]/cbc:LineExtensionAmount is in EUR, "
            "but the document currency is SEK.",
            id="line-in-other-currency",
        ),
    ],
)
def test_bad_document_is_rejected_with_a_clear_message(data, expected):
    with pytest.raises(InvoiceParseError) as error:
        parse_invoice(data)

    assert expected in message(error)


def test_external_entity_is_never_read():
    with pytest.raises(InvoiceParseError) as error:
        parse_invoice(_XXE)

    assert "root:" not in message(error)


def test_oversized_file_is_rejected_before_parsing():
    data = b" " * (MAX_FILE_SIZE + 1)

    with pytest.raises(InvoiceParseError) as error:
        parse_invoice(data, filename="big.xml")

    assert message(error) == "The file is too large (10.1 MB); the maximum is 10 MB."
    assert error.value.filename == "big.xml"


def test_check_size_accepts_exactly_the_maximum():
    check_size(b" " * MAX_FILE_SIZE, "limit.xml")


def test_zip_yields_files_and_skips_directories_and_macos_forks():
    invoice = sample(_O)
    data = make_zip(
        {
            "invoices/": b"",
            "invoices/a.xml": invoice,
            "__MACOSX/invoices/._a.xml": b"\x00\x05\x16\x07",
            "b.xml": b"<x/>",
        }
    )

    entries = list(iter_zip(data))

    assert entries == [("invoices/a.xml", invoice), ("b.xml", b"<x/>")]
    assert parse_invoice(entries[0][1]).number == "Vat-O"


def zip_with_declared_size(content: bytes, declared_size: int) -> bytes:
    """A one-entry ZIP whose central directory lies about the uncompressed size."""
    data = bytearray(make_zip({"a.xml": content}))
    directory = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, declared_size)
    return bytes(data)


@pytest.mark.parametrize(
    ("build", "limits", "expected"),
    [
        pytest.param(
            lambda: b"PK\x03\x04 not really a zip",
            {},
            "The file is not a valid ZIP archive.",
            id="not-a-zip",
        ),
        pytest.param(
            lambda: make_zip({f"{number}.xml": b"" for number in range(1001)}),
            {},
            "The ZIP archive has 1001 entries; the maximum is 1000.",
            id="too-many-entries",
        ),
        pytest.param(
            lambda: make_zip({"bomb.xml": bytes(21 * 1024 * 1024)}),
            {},
            "The ZIP entry bomb.xml unpacks to 21 MB; the maximum is 20 MB.",
            id="entry-bomb",
        ),
        pytest.param(
            lambda: make_zip({f"{number}.xml": bytes(600_000) for number in range(3)}),
            {"max_total_uncompressed": 1024 * 1024},
            "The ZIP archive unpacks to 1.8 MB; the maximum is 1 MB.",
            id="total-bomb",
        ),
        pytest.param(
            lambda: zip_with_declared_size(bytes(5000), 100),
            {"max_entry_size": 1000},
            "The ZIP entry a.xml is damaged or encrypted and cannot be read.",
            id="lying-header",
        ),
    ],
)
def test_bad_zip_is_rejected_with_a_clear_message(build, limits, expected):
    data = build()

    with pytest.raises(InvoiceParseError) as error:
        list(iter_zip(data, **limits))

    assert message(error) == expected


def test_zip_limits_are_checked_before_anything_is_unpacked():
    data = make_zip({"a.xml": b"<a/>", "b.xml": b"<b/>", "c.xml": b"<c/>"})

    with pytest.raises(InvoiceParseError):
        iter_zip(data, max_entries=2)  # raises on the call, not on the first next()
