"""Factories and helpers for invoice tests: stored invoices, uploads and UBL files to upload."""

from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contracts.invoicing.models import Invoice, InvoiceUpload
from contracts.invoicing.samples import SampleLine, invoice_xml
from tests.contracts.factories import ScopedModelFactory, SupplierFactory
from tests.factories import OrganisationFactory

# The CVR number of the supplier_a fixture.
SUPPLIER_CVR = "29403473"


class InvoiceUploadFactory(ScopedModelFactory):
    class Meta:
        model = InvoiceUpload
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = InvoiceUpload.Kind.FILES


class InvoiceFactory(ScopedModelFactory):
    """A stored invoice of 1,000 kr. excluding VAT from a known supplier, not matched."""

    class Meta:
        model = Invoice
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    supplier = factory.SubFactory(
        SupplierFactory, organisation=factory.SelfAttribute("..organisation")
    )
    kind = Invoice.Kind.INVOICE
    format = Invoice.Format.PEPPOL
    number = factory.Sequence(lambda n: f"F-{n}")
    issue_date = date(2025, 3, 1)
    currency = "DKK"
    supplier_cvr = factory.SelfAttribute("supplier.cvr")
    supplier_identifier = factory.SelfAttribute("supplier.cvr")
    supplier_name = factory.SelfAttribute("supplier.name")
    net_amount = Decimal("1000.00")
    tax_amount = Decimal("250.00")
    payable_amount = Decimal("1250.00")
    signed_net_amount = Decimal("1000.00")
    created_at = factory.LazyFunction(timezone.now)


def pending_spreadsheet_in(world) -> InvoiceUpload:
    return InvoiceUploadFactory(
        organisation=world.organisation,
        kind=InvoiceUpload.Kind.SPREADSHEET,
        status=InvoiceUpload.Status.PENDING,
        spreadsheet_name="faktura.csv",
    )


def xml_file(name: str = "faktura.xml", **values) -> SimpleUploadedFile:
    """An uploadable Peppol invoice; `values` go to samples.invoice_xml (defaults filled in)."""
    values.setdefault("number", name.rsplit(".", 1)[0])
    values.setdefault("supplier_cvr", SUPPLIER_CVR)
    values.setdefault("issue_date", date(2025, 3, 1))
    values.setdefault("lines", [SampleLine("LIC-1", "Licens", Decimal("1000.00"))])
    return SimpleUploadedFile(name, invoice_xml(**values), content_type="application/xml")
