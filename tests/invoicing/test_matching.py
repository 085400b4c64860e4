"""Matching invoices to contracts: by reference, the supplier's only contract, by hand (through
HTTP, remembered for later invoices) and creating an unknown supplier from an invoice."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.invoicing.models import (
    ContractInvoicedYear,
    Invoice,
    InvoiceEvent,
    SupplierReferenceMatch,
)
from contracts.models import Contract, Supplier
from organisations.roles import Role
from tests.contracts.factories import ContractFactory, SupplierFactory
from tests.invoicing.conftest import upload
from tests.invoicing.factories import SUPPLIER_CVR, InvoiceFactory, xml_file

pytestmark = pytest.mark.django_db


def match_of(number: str) -> tuple[int | None, str]:
    invoice = Invoice.objects.get(number=number)
    return invoice.contract_id, invoice.match_method


def kinds(number: str) -> list[str]:
    return list(
        Invoice.objects.get(number=number).deviations.order_by("pk").values_list("kind", flat=True)
    )


@pytest.fixture
def second_contract(org_a, supplier_a):
    return ContractFactory(
        organisation=org_a,
        supplier=supplier_a,
        title="Drift",
        reference="K-2024-002",
        start_date=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
    )


def test_contract_reference_matches(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    upload(client_for(manager_a), xml_file("F-1.xml", contract_reference="K-2024-002"))

    assert match_of("F-1") == (second_contract.pk, "contract_reference")
    assert kinds("F-1") == []


def test_references_match_in_any_case(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    nordby = ContractFactory(
        organisation=org_a, supplier=contract_a.supplier, reference="NORDBY-2021-014"
    )
    aero = ContractFactory(organisation=org_a, supplier=contract_a.supplier, reference="ÆRØ-2024")

    upload(
        client_for(manager_a),
        xml_file("F-1.xml", contract_reference="nordby-2021-014"),
        xml_file("F-2.xml", order_reference="ærø-2024"),
        xml_file("F-3.xml", buyer_reference="k-2024-002"),
    )

    assert match_of("F-1") == (nordby.pk, "contract_reference")
    assert match_of("F-2") == (aero.pk, "order_reference")
    assert match_of("F-3") == (second_contract.pk, "buyer_reference")


def test_a_contract_reference_stored_with_spaces_matches(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    Contract.objects.filter(pk=second_contract.pk).update(reference=" K-2024-002 ")

    upload(client_for(manager_a), xml_file("F-1.xml", contract_reference="k-2024-002"))

    assert match_of("F-1") == (second_contract.pk, "contract_reference")


def test_order_then_buyer_reference_match(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    upload(
        client_for(manager_a),
        xml_file("F-1.xml", order_reference="K-2024-002", buyer_reference="K-2024-001"),
        xml_file("F-2.xml", order_reference="PO-77", buyer_reference="K-2024-001"),
    )

    assert match_of("F-1") == (second_contract.pk, "order_reference")
    assert match_of("F-2") == (contract_a.pk, "buyer_reference")


def test_the_suppliers_single_running_contract_takes_invoices_without_reference(
    org_a, manager_a, contract_a, client_for, unscoped
):
    ContractFactory(
        organisation=org_a, supplier=contract_a.supplier, status=Contract.Status.EXPIRED
    )

    upload(client_for(manager_a), xml_file("F-1.xml"))

    assert match_of("F-1") == (contract_a.pk, "single_contract")


def test_a_late_invoice_for_an_ended_contract_goes_to_that_contract_not_its_successor(
    org_a, manager_a, contract_a, client_for, unscoped
):
    predecessor = ContractFactory(
        organisation=org_a,
        supplier=contract_a.supplier,
        reference="K-2021-009",
        status=Contract.Status.EXPIRED,
        start_date=date(2021, 1, 1),
        term_end=date(2023, 12, 31),
    )

    upload(
        client_for(manager_a),
        xml_file(
            "F-1.xml",
            issue_date=date(2024, 1, 20),
            period_start=date(2023, 12, 1),
            period_end=date(2023, 12, 31),
        ),
        xml_file(
            "F-2.xml",
            issue_date=date(2024, 2, 10),
            period_start=date(2024, 1, 1),
            period_end=date(2024, 1, 31),
        ),
    )

    assert match_of("F-1") == (predecessor.pk, "contract_period")
    # Issued after the contract ended: flagged for the manager, but on the right contract.
    assert kinds("F-1") == ["outside_period"]
    assert not ContractInvoicedYear.objects.filter(contract=contract_a, year=2023).exists()
    assert match_of("F-2") == (contract_a.pk, "single_contract")
    assert kinds("F-2") == []


def test_of_two_running_contracts_the_one_in_force_on_the_invoice_date_takes_it(
    org_a, manager_a, contract_a, client_for, unscoped
):
    successor = ContractFactory(
        organisation=org_a,
        supplier=contract_a.supplier,
        reference="K-2028-001",
        start_date=date(2028, 1, 1),
        term_end=date(2031, 12, 31),
    )

    upload(
        client_for(manager_a),
        xml_file("F-1.xml", issue_date=date(2025, 3, 1)),
        xml_file("F-2.xml", issue_date=date(2028, 3, 1)),
        xml_file("F-3.xml", issue_date=date(2032, 3, 1)),
    )

    assert match_of("F-1") == (contract_a.pk, "contract_period")
    assert match_of("F-2") == (successor.pk, "contract_period")
    # In force on neither contract's date, and the supplier has two running: the user decides.
    assert match_of("F-3") == (None, "")


def test_a_tacitly_renewing_contract_stays_in_force_past_its_current_term(
    org_a, manager_a, supplier_a, client_for, unscoped
):
    ContractFactory(
        organisation=org_a, supplier=supplier_a, reference="K-DRIFT",
        start_date=date(2020, 1, 1), term_end=date(2026, 12, 31), tacit_renewal_months=12,
    )  # fmt: skip
    ContractFactory(
        organisation=org_a, supplier=supplier_a, reference="K-2025-004",
        start_date=date(2025, 1, 1), term_end=date(2029, 12, 31),
    )  # fmt: skip

    upload(
        client_for(manager_a),
        xml_file(
            "F-1.xml",
            issue_date=date(2026, 12, 1),
            period_start=date(2027, 1, 1),
            period_end=date(2027, 12, 31),
        ),
    )

    # Both run in 2027 (the first renews itself): the user decides, no guess.
    assert match_of("F-1") == (None, "")


def test_an_ended_contract_without_a_known_end_takes_no_later_invoices(
    org_a, manager_a, supplier_a, client_for, unscoped
):
    ContractFactory(
        organisation=org_a, supplier=supplier_a, reference="K-2015-001",
        status=Contract.Status.EXPIRED, start_date=date(2015, 1, 1), term_end=None,
    )  # fmt: skip

    upload(client_for(manager_a), xml_file("F-1.xml", issue_date=date(2026, 11, 1)))

    assert match_of("F-1") == (None, "")


def test_a_contract_terminated_early_does_not_cover_invoices_after_its_termination(
    org_a, manager_a, supplier_a, client_for, unscoped
):
    ContractFactory(
        organisation=org_a,
        supplier=supplier_a,
        reference="K-2020-001",
        status=Contract.Status.TERMINATED,
        start_date=date(2020, 1, 1),
        term_end=date(2025, 12, 31),
        notice_given_on=date(2023, 3, 1),
        termination_effective=date(2023, 12, 31),
    )
    running = ContractFactory(
        organisation=org_a,
        supplier=supplier_a,
        reference="K-2024-007",
        start_date=date(2024, 7, 1),
        term_end=date(2027, 6, 30),
    )

    upload(client_for(manager_a), xml_file("F-1.xml", issue_date=date(2024, 6, 1)))

    # The running contract takes it, and the invoice is flagged as before its start.
    assert match_of("F-1") == (running.pk, "single_contract")
    assert kinds("F-1") == ["outside_period"]


def test_several_contracts_and_no_reference_waits_unmatched(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    upload(client_for(manager_a), xml_file("F-1.xml", contract_reference="UKENDT"))

    assert match_of("F-1") == (None, "")
    assert kinds("F-1") == ["no_contract"]
    queue = client_for(manager_a).get(reverse("invoicing:unmatched"))
    assert [invoice.number for invoice in queue.context["page"]] == ["F-1"]


def test_another_suppliers_contract_reference_matches_and_flags_the_supplier(
    org_a, manager_a, contract_a, client_for, unscoped
):
    other = SupplierFactory(organisation=org_a, name="Andet Firma ApS")

    upload(
        client_for(manager_a),
        xml_file("F-1.xml", supplier_cvr=other.cvr, contract_reference="K-2024-001"),
    )

    assert match_of("F-1") == (contract_a.pk, "contract_reference")
    assert kinds("F-1") == ["supplier_mismatch"]


def test_unknown_supplier_waits_unmatched_even_with_a_known_reference(
    org_a, manager_a, contract_a, client_for, unscoped
):
    upload(
        client_for(manager_a),
        xml_file("F-1.xml", supplier_cvr="10000009", contract_reference="K-2024-001"),
    )

    invoice = Invoice.objects.get()
    assert (invoice.supplier_id, invoice.supplier_cvr, invoice.contract_id) == (
        None,
        "10000009",
        None,
    )
    assert kinds("F-1") == ["no_contract"]


def test_contracts_of_another_municipality_are_never_matched(
    org_a, org_b, manager_a, client_for, unscoped
):
    supplier_b = SupplierFactory(organisation=org_b, cvr=SUPPLIER_CVR)
    ContractFactory(organisation=org_b, supplier=supplier_b, reference="K-2024-001")
    SupplierFactory(organisation=org_a, cvr=SUPPLIER_CVR)

    upload(client_for(manager_a), xml_file("F-1.xml", contract_reference="K-2024-001"))

    assert match_of("F-1") == (None, "")


def test_matching_by_hand_is_remembered_and_matches_waiting_invoices(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    client = client_for(manager_a)
    upload(
        client,
        xml_file("F-1.xml", order_reference="PO-77"),
        xml_file("F-2.xml", order_reference="PO-77"),
        xml_file("F-3.xml", order_reference="PO-99"),
    )
    first = Invoice.objects.get(number="F-1")

    response = client.post(
        reverse("invoicing:invoice-match", args=[first.pk]),
        {"contract": second_contract.pk, "remember": "on"},
        follow=True,
    )

    assert response.status_code == 200
    assert match_of("F-1") == (second_contract.pk, "manual")
    assert match_of("F-2") == (second_contract.pk, "remembered")
    assert match_of("F-3") == (None, "")
    assert kinds("F-1") == [] and kinds("F-2") == []
    assert list(SupplierReferenceMatch.objects.values_list("reference", "contract_id")) == [
        ("PO-77", second_contract.pk)
    ]
    event = InvoiceEvent.objects.get(invoice=first)
    assert (event.action, event.user, event.detail) == ("matched", manager_a, str(second_contract))
    # A later invoice with the same supplier and reference goes straight to the contract.
    upload(client, xml_file("F-4.xml", order_reference="PO-77"))
    assert match_of("F-4") == (second_contract.pk, "remembered")
    assert (
        "F-1" in client.get(reverse("invoicing:invoice-detail", args=[first.pk])).content.decode()
    )


def test_a_remembered_match_applies_to_the_reference_in_any_case(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    client = client_for(manager_a)
    upload(
        client,
        xml_file("F-1.xml", order_reference="BB-AFTALE-77"),
        xml_file("F-2.xml", order_reference="bb-aftale-77"),
    )
    first = Invoice.objects.get(number="F-1")

    client.post(
        reverse("invoicing:invoice-match", args=[first.pk]),
        {"contract": second_contract.pk, "remember": "on"},
    )

    assert match_of("F-2") == (second_contract.pk, "remembered")
    upload(client, xml_file("F-3.xml", buyer_reference="Bb-Aftale-77"))
    assert match_of("F-3") == (second_contract.pk, "remembered")
    # Matched by hand to another contract under the reference in other letters: one remembered
    # match replaces the other, rather than two competing for the same invoices.
    third = Invoice.objects.get(number="F-3")
    client.post(
        reverse("invoicing:invoice-match", args=[third.pk]),
        {"contract": contract_a.pk, "remember": "on"},
    )
    assert list(SupplierReferenceMatch.objects.values_list("reference", "contract_id")) == [
        ("Bb-Aftale-77", contract_a.pk)
    ]
    upload(client, xml_file("F-4.xml", order_reference="bb-aftale-77"))
    assert match_of("F-4") == (contract_a.pk, "remembered")


def test_a_remembered_reference_stored_with_spaces_and_capitals_is_used(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    SupplierReferenceMatch.objects.create(
        organisation=org_a,
        supplier=contract_a.supplier,
        reference=" BB-AFTALE-77 ",
        contract=second_contract,
    )

    upload(client_for(manager_a), xml_file("F-1.xml", order_reference="bb-aftale-77"))

    assert match_of("F-1") == (second_contract.pk, "remembered")


def test_matching_moves_the_invoiced_totals(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    client = client_for(manager_a)
    upload(client, xml_file("F-1.xml", contract_reference="K-2024-001"))
    invoice = Invoice.objects.get()
    assert list(ContractInvoicedYear.objects.values_list("contract_id", "year", "amount")) == [
        (contract_a.pk, 2025, Decimal("1000.0000"))
    ]

    client.post(
        reverse("invoicing:invoice-match", args=[invoice.pk]), {"contract": second_contract.pk}
    )

    assert list(
        ContractInvoicedYear.objects.values_list("contract_id", "year", "amount", "invoice_count")
    ) == [(second_contract.pk, 2025, Decimal("1000.0000"), 1)]
    assert set(invoice.lines.values_list("contract_id", flat=True)) == {second_contract.pk}
    assert not SupplierReferenceMatch.objects.exists()  # "remember" was not ticked


def test_matching_keeps_a_dispute_and_withdraws_an_approval(
    org_a, manager_a, contract_a, second_contract, client_for, unscoped
):
    client = client_for(manager_a)
    upload(client, xml_file("F-1.xml", contract_reference="K-2024-001"))
    invoice = Invoice.objects.get()
    review = reverse("invoicing:invoice-review", args=[invoice.pk])
    match = reverse("invoicing:invoice-match", args=[invoice.pk])
    client.post(review, {"decision": "disputed", "comment": "Forkert antal licenser"})

    response = client.post(match, {"contract": second_contract.pk}, follow=True)
    invoice.refresh_from_db()
    # The dispute is about the bill, whichever contract it belongs to.
    assert (invoice.contract_id, invoice.status) == (second_contract.pk, "disputed")
    assert "trukket tilbage" not in response.content.decode()

    client.post(review, {"decision": "approved", "comment": "Aftalt med leverandøren"})
    # Matched again to the same contract (to remember the match, say): the approval stands.
    client.post(match, {"contract": second_contract.pk})
    invoice.refresh_from_db()
    assert invoice.status == "approved"
    response = client.post(match, {"contract": contract_a.pk}, follow=True)
    invoice.refresh_from_db()
    # An approval given against the other contract lapses, and the user is told.
    assert (invoice.contract_id, invoice.status) == (contract_a.pk, "received")
    assert "Godkendelsen er trukket tilbage" in response.content.decode()
    assert list(invoice.events.order_by("pk").values_list("action", flat=True)) == [
        "disputed", "matched", "approved", "matched", "matched",
    ]  # fmt: skip


def test_match_form_refuses_another_municipalitys_contract(
    org_a, org_b, manager_a, contract_a, client_for, unscoped
):
    foreign = ContractFactory(organisation=org_b)
    upload(client_for(manager_a), xml_file("F-1.xml", contract_reference="UKENDT"))
    invoice = Invoice.objects.get()

    response = client_for(manager_a).post(
        reverse("invoicing:invoice-match", args=[invoice.pk]), {"contract": foreign.pk}
    )

    assert response.status_code == 400
    assert response.context["match_form"].errors["contract"]
    assert match_of("F-1") == (contract_a.pk, "single_contract")


def test_readers_cannot_match(org_a, reader_a, contract_a, client_for, unscoped):
    invoice = InvoiceFactory(organisation=org_a, supplier=contract_a.supplier)

    response = client_for(reader_a).post(
        reverse("invoicing:invoice-match", args=[invoice.pk]), {"contract": contract_a.pk}
    )

    assert response.status_code == 403
    assert Invoice.objects.get().contract_id is None


def test_unknown_supplier_is_created_from_the_invoice(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    upload(
        client,
        xml_file("F-1.xml", supplier_cvr="10000009", supplier_name="Ny Leverandør ApS"),
        xml_file("F-2.xml", supplier_cvr="10000009", supplier_name="Ny Leverandør ApS"),
    )
    invoice = Invoice.objects.get(number="F-1")

    response = client.post(
        reverse("invoicing:invoice-create-supplier", args=[invoice.pk]), follow=True
    )

    supplier = Supplier.objects.get()
    assert (supplier.organisation, supplier.name, supplier.cvr) == (
        org_a,
        "Ny Leverandør ApS",
        "10000009",
    )
    assert set(Invoice.objects.values_list("supplier_id", flat=True)) == {supplier.pk}
    assert InvoiceEvent.objects.filter(action="supplier_created").count() == 2
    assert "Ny Leverandør ApS" in response.content.decode()


def test_a_supplier_registered_later_is_given_to_its_waiting_invoices(
    org_a, org_b, manager_a, make_member, client_for, unscoped
):
    # Another municipality has an invoice from the same CVR number, which stays as it is.
    upload(
        client_for(make_member(org_b, Role.CONTRACT_MANAGER)),
        xml_file("F-9.xml", supplier_cvr="10000009", supplier_name="Ny ApS"),
    )
    theirs = Invoice.objects.get(organisation=org_b)
    client = client_for(manager_a)
    upload(client, xml_file("F-1.xml", supplier_cvr="10000009", supplier_name="Ny ApS"))
    invoice = Invoice.objects.get(organisation=org_a)
    detail = reverse("invoicing:invoice-detail", args=[invoice.pk])
    assert "Der er ingen leverandør med CVR 10000009." in client.get(detail).content.decode()

    response = client.post(
        reverse("contracts:supplier-list"),
        {"name": "Ny Leverandør ApS", "cvr": "DK10000009"},
        follow=True,
    )
    supplier = Supplier.objects.get()
    invoice.refresh_from_db()
    assert invoice.supplier == supplier
    theirs.refresh_from_db()
    assert theirs.supplier_id is None
    assert "Der er ingen leverandør med CVR" not in client.get(detail).content.decode()
    assert list(InvoiceEvent.objects.filter(invoice=invoice).values_list("action", flat=True)) == [
        "supplier_linked"
    ]
    assert "1 faktura med dette CVR-nummer har nu fået leverandøren." in (response.content.decode())


def test_an_invoice_is_given_a_supplier_registered_since_not_a_new_one(
    org_a, manager_a, client_for, unscoped
):
    client = client_for(manager_a)
    upload(client, xml_file("F-1.xml", supplier_cvr="10000009", supplier_name="Ny ApS"))
    invoice = Invoice.objects.get()
    # Registered by a way that does not look for waiting invoices (e.g. an import).
    registered = SupplierFactory(organisation=org_a, name="Registreret A/S", cvr="10000009")
    page = client.get(reverse("invoicing:invoice-detail", args=[invoice.pk])).content.decode()
    assert "Giv fakturaen leverandøren Registreret A/S" in page

    response = client.post(
        reverse("invoicing:invoice-create-supplier", args=[invoice.pk]), follow=True
    )
    assert list(Supplier.objects.all()) == [registered]
    invoice.refresh_from_db()
    assert invoice.supplier == registered
    content = response.content.decode()
    assert "Fakturaen har nu registrets leverandør Registreret A/S" in content
    assert "er oprettet" not in content
    assert "Leverandør tilknyttet" in content  # the invoice's history, not "oprettet"


def test_supplier_with_an_invalid_cvr_is_not_created(org_a, manager_a, client_for, unscoped):
    upload(client_for(manager_a), xml_file("F-1.xml", supplier_cvr="12345678"))
    invoice = Invoice.objects.get()

    response = client_for(manager_a).post(
        reverse("invoicing:invoice-create-supplier", args=[invoice.pk]), follow=True
    )

    assert not Supplier.objects.exists()
    assert Invoice.objects.get().supplier_id is None
    assert "12345678" in response.content.decode()
