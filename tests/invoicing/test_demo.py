"""The invoice demo data: imported through the real import, with deviations, once."""

import pytest
from django_scopes import scopes_disabled

from contracts.demo import load_demo as load_contracts_demo
from contracts.invoicing.demo import load_demo
from contracts.invoicing.models import ContractInvoicedYear, Invoice, InvoiceDeviation
from organisations.demo import load_demo_organisations

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Invoice.objects.values_list("organisation__slug", "number", "status")),
        InvoiceDeviation.objects.count(),
        sorted(ContractInvoicedYear.objects.values_list("contract_id", "year", "amount")),
    )


def test_demo_invoices_show_every_situation_and_load_once(settings):
    settings.DEBUG = True
    with scopes_disabled():
        world = load_demo_organisations()
        load_contracts_demo(world)
        load_demo(world)
        first = snapshot()
        load_demo(world)

        assert snapshot() == first
        nordby = Invoice.objects.filter(organisation__slug="nordby")
        kinds = set(
            InvoiceDeviation.objects.filter(invoice__in=nordby).values_list("kind", flat=True)
        )
        assert kinds == {
            "no_contract",
            "duplicate_number",
            "double_billing",
            "annual_exceeded",
            "credit_without_invoice",
        }
        assert set(nordby.values_list("status", flat=True)) == {"received", "approved", "disputed"}
        assert nordby.filter(contract__isnull=True).count() == 2
