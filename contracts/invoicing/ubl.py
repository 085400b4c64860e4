"""Read OIOUBL 2.x and Peppol BIS Billing 3 invoices and credit notes (UBL XML) as plain values."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Literal

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree

from config.uploads import MEGABYTE, megabytes_lazy, too_large

MAX_FILE_SIZE = 10 * MEGABYTE

InvoiceFormat = Literal["oioubl", "peppol", "ubl"]
DocumentKind = Literal["invoice", "credit_note"]

INVOICE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NAMESPACE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
_CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
_CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"

# Clark-notation tags and paths are built once, so the loops below only compare strings.
_INVOICE = f"{{{INVOICE_NAMESPACE}}}Invoice"
_CREDIT_NOTE = f"{{{CREDIT_NOTE_NAMESPACE}}}CreditNote"
_ID = _CBC + "ID"
_CUSTOMIZATION_ID = _CBC + "CustomizationID"
_ISSUE_DATE = _CBC + "IssueDate"
_DUE_DATE = _CBC + "DueDate"
_DOCUMENT_CURRENCY_CODE = _CBC + "DocumentCurrencyCode"
_BUYER_REFERENCE = _CBC + "BuyerReference"
_INVOICE_PERIOD = _CAC + "InvoicePeriod"
_START_DATE = _CBC + "StartDate"
_END_DATE = _CBC + "EndDate"
_ORDER_REFERENCE = _CAC + "OrderReference"
_BILLING_REFERENCE = _CAC + "BillingReference"
_INVOICE_DOCUMENT_REFERENCE = _CAC + "InvoiceDocumentReference"
_CONTRACT_REFERENCE = _CAC + "ContractDocumentReference"
_SUPPLIER_PARTY = _CAC + "AccountingSupplierParty"
_CUSTOMER_PARTY = _CAC + "AccountingCustomerParty"
_PARTY = _CAC + "Party"
_ENDPOINT_ID = _CBC + "EndpointID"
_PARTY_NAME = _CAC + "PartyName"
_PARTY_LEGAL_ENTITY = _CAC + "PartyLegalEntity"
_PARTY_TAX_SCHEME = _CAC + "PartyTaxScheme"
_REGISTRATION_NAME = _CBC + "RegistrationName"
_COMPANY_ID = _CBC + "CompanyID"
_PAYMENT_MEANS = _CAC + "PaymentMeans"
_PAYMENT_DUE_DATE = _CBC + "PaymentDueDate"
_ALLOWANCE_CHARGE = _CAC + "AllowanceCharge"
_CHARGE_INDICATOR = _CBC + "ChargeIndicator"
_AMOUNT = _CBC + "Amount"
_TAX_TOTAL = _CAC + "TaxTotal"
_TAX_AMOUNT = _CBC + "TaxAmount"
_MONETARY_TOTAL = _CAC + "LegalMonetaryTotal"
_LINE_EXTENSION_AMOUNT = _CBC + "LineExtensionAmount"
_TAX_EXCLUSIVE_AMOUNT = _CBC + "TaxExclusiveAmount"
_TAX_INCLUSIVE_AMOUNT = _CBC + "TaxInclusiveAmount"
_ALLOWANCE_TOTAL_AMOUNT = _CBC + "AllowanceTotalAmount"
_CHARGE_TOTAL_AMOUNT = _CBC + "ChargeTotalAmount"
_PREPAID_AMOUNT = _CBC + "PrepaidAmount"
_PAYABLE_AMOUNT = _CBC + "PayableAmount"
_ITEM = _CAC + "Item"
_NAME = _CBC + "Name"
_SELLERS_ITEM_IDENTIFICATION = _CAC + "SellersItemIdentification"
_PRICE = _CAC + "Price"
_PRICE_AMOUNT = _CBC + "PriceAmount"

# Schemes under which an endpoint or company id is a Danish CVR number (0184 and the older 9902
# are the Peppol codes for DK:CVR).
_CVR_SCHEMES = frozenset({"DK:CVR", "0184", "9902"})
# Peppol's placeholder for "there is no purchase order" (see the sales-order example).
_NO_ORDER = "NA"

# ISO 4217 List One as of 2025, plus HRK, ANG, SLL and ZWL, withdrawn since 2023 but still on
# invoices issued before their withdrawal.
ISO_4217_CURRENCIES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
    EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
    VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA
    XXX YER ZAR ZMW ZWG ZWL
    """.split()  # noqa: SIM905 - a list literal of 182 codes is harder to read
)

_DECIMAL_PATTERN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
# xsd:date allows a time zone suffix; it does not move the calendar date, so it is dropped.
_DATE_PATTERN = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")
_SHOWN_VALUE_LENGTH = 40


class InputRejected(Exception):
    """Input that cannot be imported; `message` is for the user (lazy, so that it is shown in
    the reader's language) and str() renders it in the active one."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class InvoiceParseError(InputRejected):
    """A file that cannot be imported as an invoice."""

    def __init__(self, message: str | Promise, *, filename: str = "") -> None:
        super().__init__(message)
        self.filename = filename


# Not frozen: a frozen dataclass costs four times as much to create, which a million-line import
# notices. Treat it as read-only all the same.
@dataclass(slots=True)
class ParsedLine:
    """One cac:InvoiceLine or cac:CreditNoteLine, amounts as stated in the document."""

    id: str
    quantity: Decimal
    unit_code: str
    line_amount: Decimal
    item_name: str
    sellers_item_id: str | None = None
    price: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None

    @property
    def item_key(self) -> str:
        """What identifies the billed item across invoices: the seller's item id, else its name."""
        return self.sellers_item_id or self.item_name


@dataclass(frozen=True, slots=True)
class ParsedInvoice:
    """An invoice or credit note; amounts are in `currency` and keep the sign they are stated with.

    `net_amount` is the total excluding VAT (lines - allowances + charges) and `tax_amount` the
    VAT, whatever the dialect: OIOUBL puts the VAT in TaxExclusiveAmount, which is kept as stated
    in `stated_tax_exclusive_amount` and not used.
    """

    filename: str
    format: InvoiceFormat
    customization_id: str
    kind: DocumentKind
    type_code: str
    number: str
    issue_date: date
    due_date: date | None
    currency: str
    supplier_endpoint_id: str
    supplier_endpoint_scheme: str
    supplier_cvr: str | None
    supplier_name: str
    buyer_endpoint_id: str
    buyer_endpoint_scheme: str
    buyer_name: str
    contract_reference: str | None
    order_reference: str | None
    buyer_reference: str | None
    billing_reference: str | None
    period_start: date | None
    period_end: date | None
    line_extension_amount: Decimal
    allowance_total: Decimal
    charge_total: Decimal
    net_amount: Decimal
    stated_tax_exclusive_amount: Decimal | None
    tax_amount: Decimal
    tax_inclusive_amount: Decimal | None
    prepaid_amount: Decimal
    payable_amount: Decimal
    lines: tuple[ParsedLine, ...]

    @property
    def sign(self) -> int:
        """-1 for a credit note, whose positive amounts reduce what has been invoiced."""
        return -1 if self.kind == "credit_note" else 1

    @property
    def signed_total(self) -> Decimal:
        """The payable amount with a credit note's sign, for summing documents."""
        return self.payable_amount * self.sign

    @property
    def signed_net_amount(self) -> Decimal:
        """The amount excluding VAT with a credit note's sign, to sum against contract values."""
        return self.net_amount * self.sign


@dataclass(frozen=True, slots=True)
class _Layout:
    """The element names that differ between an Invoice and a CreditNote."""

    kind: DocumentKind
    type_code_tag: str
    line_tag: str
    line_name: str
    quantity_tag: str
    quantity_name: str


_INVOICE_LAYOUT = _Layout(
    kind="invoice",
    type_code_tag=_CBC + "InvoiceTypeCode",
    line_tag=_CAC + "InvoiceLine",
    line_name="cac:InvoiceLine",
    quantity_tag=_CBC + "InvoicedQuantity",
    quantity_name="cbc:InvoicedQuantity",
)
_CREDIT_NOTE_LAYOUT = _Layout(
    kind="credit_note",
    type_code_tag=_CBC + "CreditNoteTypeCode",
    line_tag=_CAC + "CreditNoteLine",
    line_name="cac:CreditNoteLine",
    quantity_tag=_CBC + "CreditedQuantity",
    quantity_name="cbc:CreditedQuantity",
)


def check_size(data: bytes, filename: str = "") -> None:
    """Raise InvoiceParseError if `data` is larger than MAX_FILE_SIZE."""
    if len(data) > MAX_FILE_SIZE:
        raise InvoiceParseError(too_large(len(data), MAX_FILE_SIZE), filename=filename)


def parse_invoice(data: bytes, *, filename: str = "") -> ParsedInvoice:
    """Parse one UBL Invoice or CreditNote; raise InvoiceParseError naming what is wrong."""
    try:
        check_size(data, filename)
        return _parse_document(_parse_xml(data), filename)
    except InvoiceParseError as error:
        error.filename = filename
        raise


# What other files start with, to name them when they are uploaded as invoices.
_PDF_MAGIC = b"%PDF"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# An XML document starts with "<", after an optional byte order mark and white space (matched,
# not stripped: a copy of every file would cost a bulk load); UTF-16 (with its mark, or without:
# a zero byte first) is left to the XML reader.
_XML_LEAD = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*")
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00<")


def check_is_xml(data: bytes) -> None:
    """Raise InvoiceParseError saying what an uploaded file is when it cannot be an XML document
    (empty, a PDF, a ZIP archive, text): the XML reader's "Start tag expected" would not tell the
    user that they chose the wrong file. (parse_invoice itself reports what the reader says.)"""
    if data.startswith(_UTF16_STARTS):
        return
    at = _XML_LEAD.match(data).end()
    start = data[at : at + 8]
    if start.startswith(b"<"):
        return
    if not start:
        raise InvoiceParseError(_("The file is empty."))
    if start.startswith(_PDF_MAGIC):
        raise InvoiceParseError(
            _("The file is a PDF document, not an XML file: upload the invoice's XML file.")
        )
    if start.startswith(_ZIP_MAGICS):
        raise InvoiceParseError(
            _(
                "The file is a ZIP archive, not an XML file: ZIP archives inside a ZIP archive "
                "are not read."
            )
        )
    raise InvoiceParseError(
        _(
            "The file is not an XML file (it does not start with “<”): invoices are read from "
            "OIOUBL or Peppol BIS XML."
        )
    )


def iter_zip(
    data: bytes,
    *,
    max_entries: int = 1000,
    max_total_uncompressed: int = 200 * MEGABYTE,
    max_entry_size: int = 20 * MEGABYTE,
) -> Iterator[tuple[str, bytes]]:
    """Check a ZIP archive's directory against the limits, then yield (name, content) per file.

    The limits are checked before anything is decompressed, so an archive that is too large
    raises here and not halfway through an import. Directories and macOS resource forks
    (__MACOSX/) are skipped.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InvoiceParseError(_("The file is not a valid ZIP archive.")) from None
    if len(entries) > max_entries:
        raise _error(
            _("The ZIP archive has {count} entries; the maximum is {limit}."),
            count=len(entries),
            limit=max_entries,
        )
    files = [entry for entry in entries if not _skipped_zip_entry(entry)]
    if not files:
        raise InvoiceParseError(_("The ZIP archive holds no files, so no invoices."))
    for entry in files:
        if entry.file_size > max_entry_size:
            raise _entry_too_large(entry.filename, entry.file_size, max_entry_size)
    declared_total = sum(entry.file_size for entry in files)
    if declared_total > max_total_uncompressed:
        raise _archive_too_large(declared_total, max_total_uncompressed)
    return _read_zip_entries(archive, files, max_total_uncompressed, max_entry_size)


def _read_zip_entries(
    archive: zipfile.ZipFile,
    files: list[zipfile.ZipInfo],
    max_total_uncompressed: int,
    max_entry_size: int,
) -> Iterator[tuple[str, bytes]]:
    total = 0
    with archive:
        for entry in files:
            # Never trust the declared sizes: read at most one byte past the limit.
            limit = min(max_entry_size, max_total_uncompressed - total)
            try:
                with archive.open(entry) as stream:
                    content = stream.read(limit + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError):
                raise _error(
                    _("The ZIP entry {name} is damaged or encrypted and cannot be read."),
                    name=entry.filename,
                ) from None
            if len(content) > max_entry_size:
                raise _entry_too_large(entry.filename, len(content), max_entry_size)
            total += len(content)
            if total > max_total_uncompressed:
                raise _archive_too_large(total, max_total_uncompressed)
            yield entry.filename, content


def _skipped_zip_entry(entry: zipfile.ZipInfo) -> bool:
    return entry.is_dir() or "__MACOSX" in entry.filename.split("/")


def _entry_too_large(name: str, size: int, limit: int) -> InvoiceParseError:
    return _error(
        _("The ZIP entry {name} unpacks to {size}; the maximum is {limit}."),
        name=name,
        size=megabytes_lazy(size),
        limit=megabytes_lazy(limit),
    )


def _archive_too_large(size: int, limit: int) -> InvoiceParseError:
    return _error(
        _("The ZIP archive unpacks to {size}; the maximum is {limit}."),
        size=megabytes_lazy(size),
        limit=megabytes_lazy(limit),
    )


def _error(message: str | Promise, **values: object) -> InvoiceParseError:
    return InvoiceParseError(format_lazy(message, **values))


def _parse_xml(data: bytes) -> etree._Element:
    # Nothing external is fetched and no entity is expanded, so a DOCTYPE can be inspected and
    # rejected safely after parsing. A parser is not thread-safe, hence one per document.
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        # An entity that the (unloaded) DTD would have defined fails here; say why.
        if b"<!DOCTYPE" in data:
            raise _doctype_error() from None
        line, column = error.position
        # lxml's own words are English: the place comes first, in the user's language.
        detail = re.sub(r", line \d+, column \d+$", "", error.msg or "")
        raise _error(
            _(
                "The file is not well-formed XML: the error is at line {line}, column {column} "
                "(the XML reader says: “{detail}”)."
            ),
            line=line,
            column=column,
            detail=detail[:200],
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _doctype_error()
    return root


def _doctype_error() -> InvoiceParseError:
    return InvoiceParseError(
        _("The file contains a DOCTYPE or entity declaration, which invoices must not have.")
    )


def _layout_for(root: etree._Element) -> _Layout:
    tag = root.tag
    if tag == _INVOICE:
        return _INVOICE_LAYOUT
    if tag == _CREDIT_NOTE:
        return _CREDIT_NOTE_LAYOUT
    name = etree.QName(root)
    if name.localname in ("Invoice", "CreditNote"):
        expected = INVOICE_NAMESPACE if name.localname == "Invoice" else CREDIT_NOTE_NAMESPACE
        raise _error(
            _("The {element} element has the namespace “{namespace}”; expected “{expected}”."),
            element=name.localname,
            namespace=name.namespace or "",
            expected=expected,
        )
    raise _error(
        _("Unknown document type {element}: expected a UBL Invoice or CreditNote."),
        element=_shorten(name.localname),
    )


def _parse_document(root: etree._Element, filename: str) -> ParsedInvoice:
    layout = _layout_for(root)
    header: dict[str, etree._Element] = {}
    line_elements: list[etree._Element] = []
    tax_totals: list[etree._Element] = []
    allowance_charges: list[etree._Element] = []
    for child in root:
        tag = child.tag
        if tag == layout.line_tag:
            line_elements.append(child)
        elif tag == _TAX_TOTAL:
            tax_totals.append(child)
        elif tag == _ALLOWANCE_CHARGE:
            allowance_charges.append(child)
        elif tag not in header:
            header[tag] = child

    number = _text(_required(header.get(_ID), "cbc:ID"))
    if not number:
        raise _missing("cbc:ID")
    issue_date = _date(_required(header.get(_ISSUE_DATE), "cbc:IssueDate"), "cbc:IssueDate")
    currency_element = _required(header.get(_DOCUMENT_CURRENCY_CODE), "cbc:DocumentCurrencyCode")
    currency = _text(currency_element)
    if currency not in ISO_4217_CURRENCIES:
        raise _unknown_currency(currency, "cbc:DocumentCurrencyCode")
    customization_id = _text(header.get(_CUSTOMIZATION_ID))
    document_format = _detect_format(customization_id)

    supplier = _required(header.get(_SUPPLIER_PARTY), "cac:AccountingSupplierParty")
    supplier_party = _required(_child(supplier, _PARTY), "cac:AccountingSupplierParty/cac:Party")
    supplier_endpoint = _child(supplier_party, _ENDPOINT_ID)
    supplier_endpoint_id = _text(supplier_endpoint)
    supplier_endpoint_scheme = _scheme(supplier_endpoint)
    supplier_cvr = _supplier_cvr(supplier_party, supplier_endpoint_id, supplier_endpoint_scheme)
    if not supplier_endpoint_id and supplier_cvr is None:
        raise _missing("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID")

    buyer_party = _child(header.get(_CUSTOMER_PARTY), _PARTY)
    buyer_endpoint = _child(buyer_party, _ENDPOINT_ID)

    period = header.get(_INVOICE_PERIOD)
    period_start, period_end = _period(period, "cac:InvoicePeriod/")

    totals_element = _required(header.get(_MONETARY_TOTAL), "cac:LegalMonetaryTotal")
    totals: dict[str, etree._Element] = {}
    for child in totals_element:
        totals.setdefault(child.tag, child)
    payable_amount = _amount(
        _required(totals.get(_PAYABLE_AMOUNT), "cac:LegalMonetaryTotal/cbc:PayableAmount"),
        "cac:LegalMonetaryTotal/cbc:PayableAmount",
        currency,
    )
    stated_tax_exclusive = _optional_amount(totals, _TAX_EXCLUSIVE_AMOUNT, currency)
    tax_inclusive = _optional_amount(totals, _TAX_INCLUSIVE_AMOUNT, currency)
    prepaid = _optional_amount(totals, _PREPAID_AMOUNT, currency) or Decimal(0)

    if not line_elements:
        raise _missing(layout.line_name)
    lines = tuple(
        _parse_line(element, layout, index, currency)
        for index, element in enumerate(line_elements, start=1)
    )

    line_extension = _optional_amount(totals, _LINE_EXTENSION_AMOUNT, currency)
    if line_extension is None:
        line_extension = sum((line.line_amount for line in lines), Decimal(0))
    allowance_total = _optional_amount(totals, _ALLOWANCE_TOTAL_AMOUNT, currency)
    charge_total = _optional_amount(totals, _CHARGE_TOTAL_AMOUNT, currency)
    if allowance_total is None or charge_total is None:
        allowances, charges = _sum_allowance_charges(allowance_charges, currency)
        allowance_total = allowances if allowance_total is None else allowance_total
        charge_total = charges if charge_total is None else charge_total
    # OIOUBL's TaxExclusiveAmount is the VAT total (rule F-INV127), so the net amount is derived
    # the way EN 16931 defines it (BT-109 = BT-106 - BT-107 + BT-108) for every dialect; a file
    # without a (recognised) CustomizationID then still gets the right amount.
    net_amount = line_extension - allowance_total + charge_total

    return ParsedInvoice(
        filename=filename,
        format=document_format,
        customization_id=customization_id,
        kind=layout.kind,
        type_code=_text(header.get(layout.type_code_tag)),
        number=number,
        issue_date=issue_date,
        due_date=_due_date(header),
        currency=currency,
        supplier_endpoint_id=supplier_endpoint_id,
        supplier_endpoint_scheme=supplier_endpoint_scheme,
        supplier_cvr=supplier_cvr,
        supplier_name=_party_name(supplier_party),
        buyer_endpoint_id=_text(buyer_endpoint),
        buyer_endpoint_scheme=_scheme(buyer_endpoint),
        buyer_name=_party_name(buyer_party) if buyer_party is not None else "",
        contract_reference=_child_text(header.get(_CONTRACT_REFERENCE), _ID),
        order_reference=_order_reference(header.get(_ORDER_REFERENCE)),
        buyer_reference=_text(header.get(_BUYER_REFERENCE)) or None,
        billing_reference=_text(
            _child(_child(header.get(_BILLING_REFERENCE), _INVOICE_DOCUMENT_REFERENCE), _ID)
        )
        or None,
        period_start=period_start,
        period_end=period_end,
        line_extension_amount=line_extension,
        allowance_total=allowance_total,
        charge_total=charge_total,
        net_amount=net_amount,
        stated_tax_exclusive_amount=stated_tax_exclusive,
        tax_amount=_tax_amount(tax_totals, currency, document_format),
        tax_inclusive_amount=tax_inclusive,
        prepaid_amount=prepaid,
        payable_amount=payable_amount,
        lines=lines,
    )


def _parse_line(line: etree._Element, layout: _Layout, index: int, currency: str) -> ParsedLine:
    # The hot loop of an import: one pass over the children, no find(), no XPath.
    where = f"{layout.line_name}[{index}]/"
    quantity_tag = layout.quantity_tag
    line_id = ""
    quantity = amount = item = price = period = None
    for child in line:
        tag = child.tag
        if tag == _ID:
            line_id = _text(child)
        elif tag == quantity_tag:
            quantity = child
        elif tag == _LINE_EXTENSION_AMOUNT:
            amount = child
        elif tag == _ITEM:
            item = child
        elif tag == _PRICE:
            price = child
        elif tag == _INVOICE_PERIOD and period is None:
            period = child
    if not line_id:
        raise _missing(where + "cbc:ID")
    if quantity is None:
        raise _missing(where + layout.quantity_name)
    if amount is None:
        raise _missing(where + "cbc:LineExtensionAmount")
    item_name = ""
    sellers_item_id = None
    if item is not None:
        for child in item:
            tag = child.tag
            if tag == _NAME:
                item_name = _text(child)
            elif tag == _SELLERS_ITEM_IDENTIFICATION:
                sellers_item_id = _text(_child(child, _ID)) or None
    price_amount = None
    price_element = _child(price, _PRICE_AMOUNT)
    if price_element is not None:
        price_amount = _amount(price_element, where + "cac:Price/cbc:PriceAmount", currency)
    period_start, period_end = _period(period, where + "cac:InvoicePeriod/")
    return ParsedLine(
        line_id,
        _decimal(quantity, where + layout.quantity_name),
        (quantity.get("unitCode") or "").strip(),
        _amount(amount, where + "cbc:LineExtensionAmount", currency),
        item_name,
        sellers_item_id,
        price_amount,
        period_start,
        period_end,
    )


def _detect_format(customization_id: str) -> InvoiceFormat:
    if customization_id.upper().startswith("OIOUBL-2"):
        return "oioubl"
    lowered = customization_id.lower()
    if "peppol" in lowered or "urn:cen.eu:en16931" in lowered:
        return "peppol"
    return "ubl"


def _supplier_cvr(party: etree._Element, endpoint_id: str, endpoint_scheme: str) -> str | None:
    if endpoint_scheme in _CVR_SCHEMES:
        cvr = cvr_digits(endpoint_id)
        if cvr is not None:
            return cvr
    for container_tag in (_PARTY_LEGAL_ENTITY, _PARTY_TAX_SCHEME):
        for container in party:
            if container.tag != container_tag:
                continue
            element = _child(container, _COMPANY_ID)
            value = _text(element)
            # Without a CVR scheme only a DK-prefixed value is taken to be Danish; a bare
            # eight-digit company id could be, say, a British company number.
            if _scheme(element) in _CVR_SCHEMES or value.upper().startswith("DK"):
                cvr = cvr_digits(value)
                if cvr is not None:
                    return cvr
    return None


def cvr_digits(value: str) -> str | None:
    """The eight digits of a CVR number as invoices write it ("DK 12345678", "12345678"), else
    None. The modulus check is left out: a supplier is found by its stored CVR."""
    compact = value.replace(" ", "").upper().removeprefix("DK")
    if len(compact) == 8 and compact.isascii() and compact.isdigit():
        return compact
    return None


def _party_name(party: etree._Element) -> str:
    return _text(_child(_child(party, _PARTY_NAME), _NAME)) or _text(
        _child(_child(party, _PARTY_LEGAL_ENTITY), _REGISTRATION_NAME)
    )


def _order_reference(reference: etree._Element | None) -> str | None:
    value = _child_text(reference, _ID)
    return None if value == _NO_ORDER else value


def _due_date(header: dict[str, etree._Element]) -> date | None:
    due_date = header.get(_DUE_DATE)
    if due_date is not None:
        return _date(due_date, "cbc:DueDate")
    payment_means = header.get(_PAYMENT_MEANS)
    if payment_means is not None:
        payment_due_date = _child(payment_means, _PAYMENT_DUE_DATE)
        if payment_due_date is not None:
            return _date(payment_due_date, "cac:PaymentMeans/cbc:PaymentDueDate")
    return None


def _period(period: etree._Element | None, where: str) -> tuple[date | None, date | None]:
    if period is None:
        return None, None
    start = _child(period, _START_DATE)
    end = _child(period, _END_DATE)
    return (
        _date(start, where + "cbc:StartDate") if start is not None else None,
        _date(end, where + "cbc:EndDate") if end is not None else None,
    )


def _tax_amount(
    tax_totals: list[etree._Element], currency: str, document_format: InvoiceFormat
) -> Decimal:
    # A TaxTotal in another currency is the VAT in the tax currency (Peppol's TaxCurrencyCode).
    amounts = []
    for tax_total in tax_totals:
        element = _child(tax_total, _TAX_AMOUNT)
        if element is None:
            continue
        code = (element.get("currencyID") or currency).strip()
        if code not in ISO_4217_CURRENCIES:
            raise _unknown_currency(code, "cac:TaxTotal/cbc:TaxAmount")
        if code == currency:
            amounts.append(_decimal(element, "cac:TaxTotal/cbc:TaxAmount"))
    if not amounts:
        return Decimal(0)
    # OIOUBL has one TaxTotal per tax scheme (VAT, duties); Peppol has exactly one.
    return sum(amounts, Decimal(0)) if document_format == "oioubl" else amounts[0]


def _sum_allowance_charges(
    elements: list[etree._Element], currency: str
) -> tuple[Decimal, Decimal]:
    allowances = charges = Decimal(0)
    for element in elements:
        amount = _child(element, _AMOUNT)
        if amount is None:
            continue
        value = _amount(amount, "cac:AllowanceCharge/cbc:Amount", currency)
        if _text(_child(element, _CHARGE_INDICATOR)).lower() in ("true", "1"):
            charges += value
        else:
            allowances += value
    return allowances, charges


def _required(element: etree._Element | None, name: str) -> etree._Element:
    if element is None:
        raise _missing(name)
    return element


def _missing(name: str) -> InvoiceParseError:
    return _error(_("Missing mandatory element {element}."), element=name)


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    text = element.text
    return text.strip() if text else ""


def _child(parent: etree._Element | None, tag: str) -> etree._Element | None:
    # A loop over the children is several times faster than lxml's find() for one tag.
    if parent is None:
        return None
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _child_text(parent: etree._Element | None, tag: str) -> str | None:
    return _text(_child(parent, tag)) or None


def _scheme(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return (element.get("schemeID") or "").strip()


def _shorten(value: str) -> str:
    if len(value) <= _SHOWN_VALUE_LENGTH:
        return value
    return value[: _SHOWN_VALUE_LENGTH - 1] + "…"


def _decimal(element: etree._Element, name: str) -> Decimal:
    text = element.text
    text = text.strip() if text else ""
    if _DECIMAL_PATTERN.fullmatch(text) is None:
        raise _error(
            _("{element} must be a number, not “{value}”."), element=name, value=_shorten(text)
        )
    return Decimal(text)


def _amount(element: etree._Element, name: str, currency: str) -> Decimal:
    value = _decimal(element, name)
    code = element.get("currencyID")
    if code is not None and code != currency:
        code = code.strip()
        if code not in ISO_4217_CURRENCIES:
            raise _unknown_currency(code, name)
        if code != currency:
            raise _error(
                _("{element} is in {code}, but the document currency is {currency}."),
                element=name,
                code=code,
                currency=currency,
            )
    return value


def _optional_amount(totals: dict[str, etree._Element], tag: str, currency: str) -> Decimal | None:
    element = totals.get(tag)
    if element is None:
        return None
    return _amount(element, "cac:LegalMonetaryTotal/cbc:" + tag.rpartition("}")[2], currency)


def _unknown_currency(code: str, name: str) -> InvoiceParseError:
    return _error(
        _("Unknown currency code “{code}” in {element}."), code=_shorten(code), element=name
    )


def _date(element: etree._Element, name: str) -> date:
    text = _text(element)
    match = _DATE_PATTERN.fullmatch(text)
    if match is not None:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise _error(
        _("{element} must be a date written YYYY-MM-DD, not “{value}”."),
        element=name,
        value=_shorten(text),
    )
