"""Invoice documents written from plain values: Peppol BIS 3 or OIOUBL 2.1 UBL XML.

Used by the demo data, the tests and the import benchmark, so all three feed the real parser.
The documents carry what the import reads (and what a real invoice must have to be valid in
outline: parties, tax total, monetary totals, lines); VAT is 25 % on every line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

_VAT_RATE = Decimal("0.25")
_CENT = Decimal("0.01")
_PEPPOL = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"


@dataclass(frozen=True)
class SampleLine:
    item_id: str
    name: str
    amount: Decimal
    quantity: Decimal = Decimal(1)
    period_start: date | None = None
    period_end: date | None = None


def invoice_xml(
    *,
    number: str,
    supplier_cvr: str,
    issue_date: date,
    lines: Sequence[SampleLine],
    supplier_name: str = "Leverandøren A/S",
    kind: str = "invoice",
    dialect: str = "peppol",
    currency: str = "DKK",
    contract_reference: str | None = None,
    order_reference: str | None = None,
    buyer_reference: str | None = None,
    billing_reference: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> bytes:
    """One UBL Invoice or CreditNote (`kind` "credit_note") with the given values."""
    root = "CreditNote" if kind == "credit_note" else "Invoice"
    line_tag = "CreditNoteLine" if kind == "credit_note" else "InvoiceLine"
    quantity_tag = "CreditedQuantity" if kind == "credit_note" else "InvoicedQuantity"
    type_tag = "CreditNoteTypeCode" if kind == "credit_note" else "InvoiceTypeCode"
    oioubl = dialect == "oioubl"
    net = sum((line.amount for line in lines), Decimal(0))
    vat = (net * _VAT_RATE).quantize(_CENT)
    money = f'currencyID="{currency}"'

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{root}-2" '
        'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">\n',
        "<cbc:UBLVersionID>2.1</cbc:UBLVersionID>\n" if oioubl else "",
        f"<cbc:CustomizationID>{'OIOUBL-2.1' if oioubl else _PEPPOL}</cbc:CustomizationID>\n",
        f"<cbc:ID>{escape(number)}</cbc:ID>\n",
        f"<cbc:IssueDate>{issue_date.isoformat()}</cbc:IssueDate>\n",
        f"<cbc:{type_tag}>{'381' if kind == 'credit_note' else '380'}</cbc:{type_tag}>\n",
        f"<cbc:DocumentCurrencyCode>{currency}</cbc:DocumentCurrencyCode>\n",
    ]
    if buyer_reference:
        parts.append(f"<cbc:BuyerReference>{escape(buyer_reference)}</cbc:BuyerReference>\n")
    if period_start or period_end:
        parts.append("<cac:InvoicePeriod>")
        if period_start:
            parts.append(f"<cbc:StartDate>{period_start.isoformat()}</cbc:StartDate>")
        if period_end:
            parts.append(f"<cbc:EndDate>{period_end.isoformat()}</cbc:EndDate>")
        parts.append("</cac:InvoicePeriod>\n")
    if order_reference:
        parts.append(
            f"<cac:OrderReference><cbc:ID>{escape(order_reference)}</cbc:ID></cac:OrderReference>\n"
        )
    if billing_reference:
        parts.append(
            "<cac:BillingReference><cac:InvoiceDocumentReference>"
            f"<cbc:ID>{escape(billing_reference)}</cbc:ID>"
            "</cac:InvoiceDocumentReference></cac:BillingReference>\n"
        )
    if contract_reference:
        parts.append(
            "<cac:ContractDocumentReference>"
            f"<cbc:ID>{escape(contract_reference)}</cbc:ID></cac:ContractDocumentReference>\n"
        )
    scheme = "DK:CVR" if oioubl else "0184"
    endpoint = f"DK{supplier_cvr}" if oioubl else supplier_cvr
    parts += [
        "<cac:AccountingSupplierParty><cac:Party>"
        f'<cbc:EndpointID schemeID="{scheme}">{endpoint}</cbc:EndpointID>'
        f"<cac:PartyName><cbc:Name>{escape(supplier_name)}</cbc:Name></cac:PartyName>"
        "<cac:PostalAddress><cbc:StreetName>Leverandørvej 1</cbc:StreetName>"
        "<cbc:CityName>Aarhus</cbc:CityName><cbc:PostalZone>8000</cbc:PostalZone>"
        "<cac:Country><cbc:IdentificationCode>DK</cbc:IdentificationCode></cac:Country>"
        "</cac:PostalAddress>"
        "<cac:PartyTaxScheme>"
        f"<cbc:CompanyID>DK{supplier_cvr}</cbc:CompanyID>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>"
        "<cac:PartyLegalEntity>"
        f"<cbc:RegistrationName>{escape(supplier_name)}</cbc:RegistrationName>"
        f'<cbc:CompanyID schemeID="{scheme}">DK{supplier_cvr}</cbc:CompanyID>'
        "</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>\n",
        "<cac:AccountingCustomerParty><cac:Party>"
        f'<cbc:EndpointID schemeID="{scheme}">{"DK" if oioubl else ""}29189765</cbc:EndpointID>'
        "<cac:PartyName><cbc:Name>Kommunen</cbc:Name></cac:PartyName>"
        "<cac:PartyLegalEntity><cbc:RegistrationName>Kommunen</cbc:RegistrationName>"
        "</cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>\n",
        f"<cac:TaxTotal><cbc:TaxAmount {money}>{vat}</cbc:TaxAmount>"
        f"<cac:TaxSubtotal><cbc:TaxableAmount {money}>{net}</cbc:TaxableAmount>"
        f"<cbc:TaxAmount {money}>{vat}</cbc:TaxAmount>"
        "<cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>"
        "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>"
        "</cac:TaxSubtotal></cac:TaxTotal>\n",
        "<cac:LegalMonetaryTotal>"
        f"<cbc:LineExtensionAmount {money}>{net}</cbc:LineExtensionAmount>"
        # OIOUBL states the VAT here (rule F-INV127); Peppol the net amount.
        f"<cbc:TaxExclusiveAmount {money}>{vat if oioubl else net}</cbc:TaxExclusiveAmount>"
        f"<cbc:TaxInclusiveAmount {money}>{net + vat}</cbc:TaxInclusiveAmount>"
        f"<cbc:PayableAmount {money}>{net + vat}</cbc:PayableAmount>"
        "</cac:LegalMonetaryTotal>\n",
    ]
    for index, line in enumerate(lines, start=1):
        line_vat = (line.amount * _VAT_RATE).quantize(_CENT)
        parts.append(
            f"<cac:{line_tag}><cbc:ID>{index}</cbc:ID>"
            f'<cbc:{quantity_tag} unitCode="EA">{line.quantity}</cbc:{quantity_tag}>'
            f"<cbc:LineExtensionAmount {money}>{line.amount}</cbc:LineExtensionAmount>"
        )
        if line.period_start or line.period_end:
            parts.append("<cac:InvoicePeriod>")
            if line.period_start:
                parts.append(f"<cbc:StartDate>{line.period_start.isoformat()}</cbc:StartDate>")
            if line.period_end:
                parts.append(f"<cbc:EndDate>{line.period_end.isoformat()}</cbc:EndDate>")
            parts.append("</cac:InvoicePeriod>")
        if oioubl:
            parts.append(
                f"<cac:TaxTotal><cbc:TaxAmount {money}>{line_vat}</cbc:TaxAmount>"
                f"<cac:TaxSubtotal><cbc:TaxableAmount {money}>{line.amount}</cbc:TaxableAmount>"
                f"<cbc:TaxAmount {money}>{line_vat}</cbc:TaxAmount>"
                "<cac:TaxCategory><cbc:ID>StandardRated</cbc:ID><cbc:Percent>25</cbc:Percent>"
                "<cac:TaxScheme><cbc:ID>63</cbc:ID><cbc:Name>Moms</cbc:Name></cac:TaxScheme>"
                "</cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>"
            )
        price = line.amount / line.quantity if line.quantity else line.amount
        parts.append(
            f"<cac:Item><cbc:Name>{escape(line.name)}</cbc:Name>"
            "<cac:SellersItemIdentification>"
            f"<cbc:ID>{escape(line.item_id)}</cbc:ID></cac:SellersItemIdentification>"
            "<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>"
            "<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>"
            "</cac:Item>"
            f"<cac:Price><cbc:PriceAmount {money}>{price.quantize(_CENT)}</cbc:PriceAmount>"
            f"</cac:Price></cac:{line_tag}>\n"
        )
    parts.append(f"</{root}>\n")
    return "".join(parts).encode("utf-8")
