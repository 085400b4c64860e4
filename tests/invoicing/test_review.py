"""Approving and disputing invoices with a comment, and the history of who did what."""

import pytest
from django.urls import reverse

from contracts.invoicing.models import Invoice, InvoiceDeviation, InvoiceEvent
from tests.invoicing.conftest import upload
from tests.invoicing.factories import xml_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(org_a, manager_a, client_for, unscoped):
    """An invoice with one open deviation (no contract)."""
    upload(client_for(manager_a), xml_file("F-1.xml"))
    return Invoice.objects.get()


def review(client, invoice, decision, comment=""):
    return client.post(
        reverse("invoicing:invoice-review", args=[invoice.pk]),
        {"decision": decision, "comment": comment},
        follow=True,
    )


def test_dispute_needs_a_comment_and_keeps_deviations_open(invoice, manager_a, client_for):
    client = client_for(manager_a)

    refused = review(client, invoice, "disputed")
    assert refused.status_code == 400
    assert refused.context["review_form"].errors["comment"]
    assert InvoiceEvent.objects.count() == 0

    review(client, invoice, "disputed", "Licenserne er opsagt.")

    invoice.refresh_from_db()
    assert (invoice.status, invoice.open_deviation_count) == ("disputed", 1)
    assert list(InvoiceDeviation.objects.values_list("is_open", flat=True)) == [True]


def test_approving_with_deviations_needs_a_comment_and_closes_them(invoice, manager_a, client_for):
    client = client_for(manager_a)

    assert review(client, invoice, "approved").status_code == 400
    assert Invoice.objects.get().status == "received"

    review(client, invoice, "approved", "Aftalt med leverandøren.")

    invoice.refresh_from_db()
    assert (invoice.status, invoice.open_deviation_count) == ("approved", 0)
    assert list(InvoiceDeviation.objects.values_list("is_open", flat=True)) == [False]
    assert client.get(reverse("invoicing:deviation-list")).context["page"].paginator.count == 0


def test_history_shows_who_did_what(invoice, org_a, manager_a, make_member, client_for):
    colleague = make_member(org_a, "administrator", first_name="Anne", last_name="Admin")
    review(client_for(manager_a), invoice, "disputed", "For mange licenser.")
    review(client_for(colleague), invoice, "approved", "Kreditnota modtaget.")

    page = client_for(manager_a).get(reverse("invoicing:invoice-detail", args=[invoice.pk]))

    assert [(e.action, e.user, e.comment) for e in InvoiceEvent.objects.order_by("pk")] == [
        ("disputed", manager_a, "For mange licenser."),
        ("approved", colleague, "Kreditnota modtaget."),
    ]
    html = page.content.decode()
    assert "indlæst af Mette" in html
    assert "For mange licenser." in html and "Anne Admin" in html


def test_the_same_decision_twice_is_refused(invoice, manager_a, client_for):
    client = client_for(manager_a)
    review(client, invoice, "approved", "OK")

    again = review(client, invoice, "approved", "OK igen")

    assert again.status_code == 400
    assert InvoiceEvent.objects.count() == 1


def test_readers_read_but_do_not_review(invoice, reader_a, client_for):
    client = client_for(reader_a)

    page = client.get(reverse("invoicing:invoice-detail", args=[invoice.pk]))
    refused = review(client, invoice, "approved", "Jeg godkender")

    assert page.status_code == 200
    assert "invoice-review" not in page.content.decode()  # no action forms for readers
    assert reverse("invoicing:invoice-review", args=[invoice.pk]) not in page.content.decode()
    assert refused.status_code == 403
    assert Invoice.objects.get().status == "received"


def test_matching_again_to_the_same_contract_keeps_the_approval(
    org_a, manager_a, contract_a, client_for, unscoped
):
    # Matching to another contract sends it back for review: test_matching covers that.
    client = client_for(manager_a)
    upload(client, xml_file("F-1.xml", contract_reference="K-2024-001"))
    invoice = Invoice.objects.get()
    review(client, invoice, "approved")

    client.post(reverse("invoicing:invoice-match", args=[invoice.pk]), {"contract": contract_a.pk})

    assert Invoice.objects.get().status == "approved"
    assert Invoice.objects.get().open_deviation_count == 0
