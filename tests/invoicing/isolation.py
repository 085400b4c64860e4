"""Isolation-test builders for the invoice routes that take an id."""

from tests.contracts.isolation import contract_in
from tests.invoicing.factories import InvoiceFactory, InvoiceUploadFactory, pending_spreadsheet_in


def invoice_in(world) -> dict:
    return {"pk": world.once("invoice", lambda: InvoiceFactory(organisation=world.organisation)).pk}


def upload_in(world) -> dict:
    return {"pk": InvoiceUploadFactory(organisation=world.organisation).pk}


def pending_upload_in(world) -> dict:
    return {"pk": pending_spreadsheet_in(world).pk}


ROUTES = {
    "invoicing:upload-detail": upload_in,
    "invoicing:upload-mapping": pending_upload_in,
    "invoicing:invoice-detail": invoice_in,
    "invoicing:invoice-match": invoice_in,
    "invoicing:invoice-review": invoice_in,
    "invoicing:invoice-create-supplier": invoice_in,
    "invoicing:contract-invoices": lambda world: {"contract_pk": contract_in(world)["pk"]},
}
