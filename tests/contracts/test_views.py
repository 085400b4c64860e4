"""The contract register through HTTP: lists, detail, forms, actions, dashboard, permissions."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import lxml.html
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from contracts import history
from contracts.deadlines import add_months
from contracts.history import contract_history
from contracts.models import Contract, ContractAttachment, ContractDeadline, Supplier
from contracts.selectors import DASHBOARD_ROWS
from organisations.roles import Role
from tests.contracts.factories import (
    ContractFactory,
    ContractOptionFactory,
    ITSystemFactory,
    MilestoneFactory,
    SupplierFactory,
    make_cvr,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    """The forms below hold dates of 2026-2028: the clock stays where they are the future, so
    the tests read the same in 2030 as today (it ticks, for the session's idle timeout)."""
    with time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def manager(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, first_name="Karin")


@pytest.fixture
def client(manager, client_for):
    return client_for(manager)


@pytest.fixture
def supplier(org_a):
    return SupplierFactory(organisation=org_a, name="Fjordsoft A/S")


def contract_form(supplier, /, **overrides):
    data = {
        "title": "ESDH-løsning",
        "reference": "K-" + overrides.get("title", "ESDH-løsning"),
        "contract_type": "main",
        "status": "active",
        "supplier": f"{supplier.name} ({supplier.cvr})",
        "start_date": "2026-01-01",
        "term_end": "2027-12-31",
        "notice_months": "3",
        "notice_to_end_of": "",
        "reprocurement_lead_months": "12",
        "total_value": "1000000",
        "annual_value": "250000",
        "options-TOTAL_FORMS": "0",
        "options-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def open_deadlines(contract):
    with scopes_disabled():
        return sorted(
            ContractDeadline.objects.filter(contract=contract, done=False).values_list(
                "kind", "due_date"
            )
        )


def test_create_contract_stores_its_notice_deadline(client, supplier, manager):
    data = contract_form(supplier, contract_manager=manager.pk)
    response = client.post(reverse("contracts:contract-create"), data)
    assert response.status_code == 302
    with scopes_disabled():
        contract = Contract.objects.get(title="ESDH-løsning")
    assert contract.contract_manager == manager
    assert ("notice", date(2027, 9, 30)) in open_deadlines(contract)
    assert response["Location"] == reverse("contracts:contract-detail", args=[contract.pk])


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"term_end": "2025-12-31"}, "term_end", "Perioden slutter, før den begynder."),
        ({"notice_months": "36"}, "notice_months", "Opsigelsesvarslet er lige så langt som"),
        # A notice period exactly as long as the term is not "longer" than it, but has the same
        # effect: notice would be due before the contract starts.
        ({"notice_months": "24"}, "notice_months", "der skulle opsiges, før kontrakten begynder"),
        ({"annual_value": "2000000"}, "annual_value", "Årsværdien er større end"),
        (
            {"irrevocable_until": "2028-06-30"},
            "irrevocable_until",
            "Uopsigelighedsperioden slutter efter kontraktperioden (31. december 2027).",
        ),
        ({"total_value": "1.2.3"}, "total_value", "Indtast et tal."),
        ({"title": ""}, "title", "Feltet skal udfyldes."),
    ],
)
def test_contract_form_explains_bad_input(client, supplier, overrides, field, message):
    response = client.post(
        reverse("contracts:contract-create"), contract_form(supplier, **overrides)
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    with scopes_disabled():
        assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1.234.567,89", Decimal("1234567.89")),  # as the pages write amounts
        ("1 234 567,89", Decimal("1234567.89")),
        ("250.000", Decimal("250000")),  # a thousands dot, not a decimal point
        ("7500,5", Decimal("7500.5")),
        ("7500.5", Decimal("7500.5")),
    ],
)
def test_amounts_are_read_with_thousands_separators(client, supplier, typed, stored):
    response = client.post(
        reverse("contracts:contract-create"),
        contract_form(supplier, total_value=typed, annual_value=""),
    )

    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        assert Contract.objects.get().total_value == stored


def test_a_reference_in_use_is_refused_whatever_its_case(client, supplier, org_a):
    ContractFactory(organisation=org_a, title="ESDH-løsning 2019", reference="K-2026-1")
    ContractFactory(organisation=org_a, reference="K-2026-2", is_deleted=True)

    response = client.post(
        reverse("contracts:contract-create"), contract_form(supplier, reference=" k-2026-1 ")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [
        "Kontrakten “ESDH-løsning 2019” har allerede dette referencenummer. Fakturaer kobles til "
        "kontrakter med det, så det skal være entydigt."
    ]
    with scopes_disabled():
        assert not Contract.objects.filter(title="ESDH-løsning").exists()
    # A deleted contract's reference, and another municipality's, may be used again.
    assert (
        client.post(
            reverse("contracts:contract-create"), contract_form(supplier, reference="K-2026-2")
        ).status_code
        == 302
    )


def test_contracts_stored_with_a_shared_reference_stay_editable_and_can_be_given_notice(
    client, supplier, org_a
):
    """Stored before the rule (or imported): the reference is not typed now, so it is not
    checked; nor is an irrevocable date already stored after the term end."""
    ContractFactory(organisation=org_a, supplier=supplier, reference="K-7")
    shared = ContractFactory(
        organisation=org_a, supplier=supplier, reference="k-7", term_end=date(2027, 12, 31),
        irrevocable_until=date(2028, 6, 30), tacit_renewal_months=None,
    )  # fmt: skip

    edited = client.post(
        reverse("contracts:contract-edit", args=[shared.pk]),
        contract_form(
            supplier, title="Nyt navn", reference="k-7", term_end="2027-12-31",
            irrevocable_until="2028-06-30",
        ),
    )  # fmt: skip
    notice = client.post(
        reverse("contracts:contract-notice", args=[shared.pk]),
        {"given_on": "2026-11-20", "effective": "2028-06-30"},
    )

    assert edited.status_code == 302, edited.context["form"].errors
    assert notice.status_code == 302
    shared.refresh_from_db()
    assert (shared.title, shared.status) == ("Nyt navn", "notice_given")


def test_an_irrevocable_period_may_outlast_a_term_that_renews(client, supplier):
    response = client.post(
        reverse("contracts:contract-create"),
        contract_form(supplier, irrevocable_until="2028-06-30", tacit_renewal_months="12"),
    )

    assert response.status_code == 302


def test_a_contracts_start_may_move_past_a_milestone_met_before(client, supplier, org_a):
    contract = ContractFactory(organisation=org_a, supplier=supplier, start_date=date(2026, 1, 1))
    milestone = MilestoneFactory(
        contract=contract, organisation=org_a, due_date=date(2026, 3, 1), met_on=date(2026, 3, 1)
    )
    data = contract_form(
        supplier,
        start_date="2026-05-01",
        reference=contract.reference,
        **{
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-id": str(milestone.pk),
            "milestones-0-kind": milestone.kind,
            "milestones-0-name": milestone.name,
            "milestones-0-due_date": "2026-03-01",
            "milestones-0-legal_effect": milestone.legal_effect,
        },
    )

    response = client.post(reverse("contracts:contract-edit", args=[contract.pk]), data)

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.start_date == date(2026, 5, 1)


def test_a_contract_keeps_its_own_reference_when_edited(client, supplier, org_a):
    contract = ContractFactory(organisation=org_a, supplier=supplier, reference="K-2026-1")

    response = client.post(
        reverse("contracts:contract-edit", args=[contract.pk]),
        contract_form(supplier, reference="K-2026-1", title="Nyt navn"),
    )

    assert response.status_code == 302


def test_options_may_follow_each_other_as_in_two_plus_one_plus_one(client, supplier):
    """The second option is decided during the first option year: its last day lies after the
    term but within the term as the first option would extend it."""
    data = contract_form(
        supplier,
        **{
            "options-TOTAL_FORMS": "2",
            "options-0-length_months": "12",
            "options-0-exercise_by": "2027-09-30",
            "options-1-length_months": "12",
            "options-1-exercise_by": "2028-09-30",
        },
    )

    response = client.post(reverse("contracts:contract-create"), data)

    assert response.status_code == 302
    with scopes_disabled():
        assert list(Contract.objects.get().options.values_list("exercise_by", flat=True)) == [
            date(2027, 9, 30),
            date(2028, 9, 30),
        ]


def test_an_option_beyond_the_extended_term_or_before_the_start_is_refused(client, supplier):
    data = contract_form(
        supplier,
        **{
            "options-TOTAL_FORMS": "3",
            "options-0-length_months": "12",
            "options-0-exercise_by": "2027-09-30",
            "options-1-length_months": "12",
            "options-1-exercise_by": "2029-01-31",  # after 31 Dec 2028, the extended end
            "options-2-length_months": "6",
            "options-2-exercise_by": "2025-06-30",  # before the contract starts
        },
    )

    response = client.post(reverse("contracts:contract-create"), data)

    assert response.status_code == 200
    forms = response.context["options"].forms
    assert forms[0].errors == {}
    assert forms[1].errors["exercise_by"] == [
        "Sidste frist for at udnytte optionen ligger efter kontraktperioden (31. december 2028)."
    ]
    assert forms[2].errors["exercise_by"] == [
        "Sidste frist for at udnytte optionen ligger før kontraktens start (1. januar 2026)."
    ]
    with scopes_disabled():
        assert not Contract.objects.exists()


def test_milestones_fall_due_after_the_start_and_pay_at_most_everything(client, supplier):
    data = contract_form(
        supplier,
        **{
            "milestones-TOTAL_FORMS": "2",
            "milestones-0-kind": "acceptance_test",
            "milestones-0-due_date": "2025-12-01",
            "milestones-0-payment_percentage": "12,5",
            "milestones-1-kind": "go_live",
            "milestones-1-due_date": "2026-06-01",
            "milestones-1-payment_percentage": "95",
        },
    )

    response = client.post(reverse("contracts:contract-create"), data)

    assert response.status_code == 200
    milestones = response.context["milestones"]
    assert milestones.forms[0].errors["due_date"] == [
        "Milepælen har frist før kontraktens start (1. januar 2026)."
    ]
    assert milestones.non_form_errors() == [
        "Milepælenes betalinger giver tilsammen 107,5 %; der kan højst betales 100 %."
    ]
    with scopes_disabled():
        assert not Contract.objects.exists()


def test_option_after_term_end_is_refused(client, supplier):
    data = contract_form(
        supplier,
        **{
            "options-TOTAL_FORMS": "1",
            "options-0-length_months": "12",
            "options-0-exercise_by": "2028-03-01",
        },
    )
    response = client.post(reverse("contracts:contract-create"), data)
    assert response.status_code == 200
    assert "efter kontraktperioden" in str(response.context["options"].forms[0].errors)
    with scopes_disabled():
        assert not Contract.objects.exists()


def test_edit_contract_moves_its_deadlines(client, org_a, supplier):
    contract = ContractFactory(organisation=org_a, supplier=supplier, term_end=date(2027, 12, 31))
    data = contract_form(supplier, term_end="2028-12-31", title=contract.title)
    response = client.post(reverse("contracts:contract-edit", args=[contract.pk]), data)
    assert response.status_code == 302
    assert ("notice", date(2028, 9, 29)) in open_deadlines(contract)  # 30 Sep 2028 is a Saturday
    assert ("term_end", date(2028, 12, 31)) in open_deadlines(contract)


def _stored_supplier_and_parent(title):
    with scopes_disabled():
        contract = Contract.objects.select_related("supplier", "parent").get(title=title)
    return contract.supplier, contract.parent


def test_contract_form_takes_the_supplier_and_parent_as_typed(client, org_a, supplier):
    SupplierFactory(organisation=org_a, name="Netdata ApS")
    main = ContractFactory(organisation=org_a, supplier=supplier, title="ESDH", reference="K-1")
    ContractFactory(organisation=org_a, supplier=supplier, title="ESDH 2", reference="K-2")
    url = reverse("contracts:contract-create")

    # Part of a name that only one supplier has, and a parent's label (as the suggestions
    # give it), which wins over "ESDH 2" whose title contains it too.
    data = contract_form(supplier, supplier="  fjord ", parent="ESDH (K-1)", title="Tillæg 1")
    assert client.post(url, data).status_code == 302
    assert _stored_supplier_and_parent("Tillæg 1") == (supplier, main)

    # A CVR number and a reference.
    data = contract_form(supplier, supplier=supplier.cvr, parent="esdh 2", title="Tillæg 2")
    assert client.post(url, data).status_code == 302
    assert _stored_supplier_and_parent("Tillæg 2")[1].title == "ESDH 2"

    # No parent is fine: the field is optional.
    assert (
        client.post(url, contract_form(supplier, parent="", title="Selvstændig")).status_code == 302
    )
    assert _stored_supplier_and_parent("Selvstændig") == (supplier, None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"supplier": "Ingen sådan"}, "supplier", "Ingen leverandør passer på “Ingen sådan”."),
        ({"supplier": "A"}, "supplier", "“A” passer på flere leverandører."),
        ({"supplier": ""}, "supplier", "Feltet skal udfyldes."),
        ({"parent": "Ingen sådan"}, "parent", "Ingen kontrakt passer på “Ingen sådan”."),
        ({"parent": "ESDH"}, "parent", "“ESDH” passer på flere kontrakter."),
    ],
)
def test_contract_form_explains_a_supplier_or_parent_it_cannot_tell(
    client, org_a, supplier, overrides, field, message
):
    SupplierFactory(organisation=org_a, name="Netdata ApS")
    ContractFactory(organisation=org_a, supplier=supplier, title="ESDH Nord", reference="")
    ContractFactory(organisation=org_a, supplier=supplier, title="ESDH Syd", reference="")
    response = client.post(
        reverse("contracts:contract-create"), contract_form(supplier, title="Ny", **overrides)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    page = lxml.html.fromstring(response.content)
    assert page.get_element_by_id(f"id_{field}").get("value", "") == overrides[field].strip()
    with scopes_disabled():
        assert not Contract.objects.filter(title="Ny").exists()


def test_contract_form_prefers_the_row_the_text_names_exactly(client, org_a, supplier):
    kmd = SupplierFactory(organisation=org_a, name="KMD A/S")
    SupplierFactory(organisation=org_a, name="KMD Nord A/S")
    netcompany = SupplierFactory(organisation=org_a, name="Netcompany (Danmark) A/S")
    esdh = ContractFactory(organisation=org_a, supplier=supplier, title="ESDH", reference="")
    for n in range(3):  # more rows whose title contains the text than the field compares
        ContractFactory(organisation=org_a, supplier=supplier, title=f"ESDH {n}", reference="")
    phase = ContractFactory(
        organisation=org_a, supplier=supplier, title="Drift (fase 2)", reference=""
    )
    url = reverse("contracts:contract-create")
    for number, (typed_supplier, typed_parent, expected) in enumerate(
        [
            ("kmd a/s", "esdh", (kmd, esdh)),
            (f"Netcompany (Danmark) A/S ({netcompany.cvr})", "Drift (fase 2)", (netcompany, phase)),
            (f"DK {netcompany.cvr}", "drift (FASE 2)", (netcompany, phase)),
        ]
    ):
        title = f"Ny {number}"
        data = contract_form(supplier, supplier=typed_supplier, parent=typed_parent, title=title)
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        assert _stored_supplier_and_parent(title) == expected
    response = client.post(url, contract_form(supplier, supplier="kmd", title="Ny"))
    assert "passer på flere leverandører" in " ".join(response.context["form"].errors["supplier"])


def test_contract_form_cannot_reach_another_municipalitys_supplier_or_contract(
    client, org_a, org_b, supplier
):
    theirs = SupplierFactory(organisation=org_b, name="Fjernsoft A/S")
    their_contract = ContractFactory(organisation=org_b, title="Deres aftale", reference="D-1")
    url = reverse("contracts:contract-create")
    for overrides in (
        {"supplier": f"{theirs.name} ({theirs.cvr})"},
        {"supplier": theirs.cvr},
        {"parent": str(their_contract)},
    ):
        response = client.post(url, contract_form(supplier, title="Ny", **overrides))
        field = next(iter(overrides))
        assert "passer på" in " ".join(response.context["form"].errors[field])
    with scopes_disabled():
        assert not Contract.objects.filter(organisation=org_a).exists()


def test_contract_form_shows_the_supplier_and_parent_as_text_with_suggestions(
    client, org_a, supplier
):
    main = ContractFactory(organisation=org_a, supplier=supplier, title="ESDH", reference="K-1")
    contract = ContractFactory(organisation=org_a, supplier=supplier, parent=main, title="Tillæg")
    for _n in range(5):
        SupplierFactory(organisation=org_a)
    response = client.get(reverse("contracts:contract-edit", args=[contract.pk]))
    page = lxml.html.fromstring(response.content)
    expected = {
        "supplier": (f"Fjordsoft A/S ({supplier.cvr})", "contracts:supplier-suggestions"),
        "parent": ("ESDH (K-1)", "contracts:contract-suggestions"),
    }
    exclude = {"supplier": "", "parent": f"?exclude={contract.pk}"}
    for name, (value, suggestions) in expected.items():
        field = page.get_element_by_id(f"id_{name}")
        assert (field.tag, field.get("type")) == ("input", "text")
        assert field.get("value") == value
        assert field.get("data-suggest-url") == reverse(suggestions) + exclude[name]
        assert page.get_element_by_id(field.get("list")).tag == "datalist"
    assert 'src="/static/js/suggest.js"' in response.content.decode()

    # Saved unchanged, the edit keeps both.
    data = contract_form(supplier, title="Tillæg", supplier=expected["supplier"][0])
    data["parent"] = expected["parent"][0]
    assert (
        client.post(reverse("contracts:contract-edit", args=[contract.pk]), data).status_code == 302
    )
    assert _stored_supplier_and_parent("Tillæg") == (supplier, main)


def test_contract_form_takes_every_label_as_its_suggestions_and_edit_form_give_it(
    client, org_a, org_b, supplier
):
    nested = ContractFactory(
        organisation=org_a, supplier=supplier, title="ESDH", reference="K-1 (a)"
    )
    spaced = ContractFactory(
        organisation=org_a, supplier=supplier, title="Drift  Nord", reference=""
    )
    child = ContractFactory(organisation=org_a, supplier=supplier, parent=spaced, title="Tillæg")
    url = reverse("contracts:contract-create")
    data = contract_form(supplier, title="Ny", parent="esdh (k-1 (a))")
    assert client.post(url, data).status_code == 302
    assert _stored_supplier_and_parent("Ny")[1] == nested

    # The edit form shows the parent as its label, which saves unchanged as it is.
    edit = reverse("contracts:contract-edit", args=[child.pk])
    shown = lxml.html.fromstring(client.get(edit).content).get_element_by_id("id_parent")
    assert shown.get("value") == "Drift  Nord"
    data = contract_form(supplier, title="Tillæg", parent=shown.get("value"))
    assert client.post(edit, data).status_code == 302
    assert _stored_supplier_and_parent("Tillæg")[1] == spaced


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        # A label whose number is another supplier's: no silent switch to that supplier.
        ("Fjordsoft A/S ({other})", "Ingen leverandør passer på"),
        ("x" * 401, "højst have 400 tegn"),
    ],
)
def test_contract_form_refuses_a_supplier_text_it_must_not_guess(
    client, org_a, supplier, typed, message
):
    other = SupplierFactory(organisation=org_a, name="KMD A/S")
    response = client.post(
        reverse("contracts:contract-create"),
        contract_form(supplier, title="Ny", supplier=typed.format(other=other.cvr)),
    )
    assert message in " ".join(response.context["form"].errors["supplier"])
    with scopes_disabled():
        assert not Contract.objects.filter(title="Ny").exists()


def test_contract_form_takes_a_supplier_label_with_a_lower_case_dk(client, org_a, supplier):
    data = contract_form(supplier, title="Ny", supplier=f"fjordsoft a/s (dk{supplier.cvr})")
    assert client.post(reverse("contracts:contract-create"), data).status_code == 302
    assert _stored_supplier_and_parent("Ny")[0] == supplier


def test_a_contract_cannot_be_its_own_parent_through_the_typed_field(client, org_a, supplier):
    contract = ContractFactory(organisation=org_a, supplier=supplier, title="ESDH", reference="K-1")
    edit = reverse("contracts:contract-edit", args=[contract.pk])
    data = contract_form(supplier, title="ESDH", reference="K-1", parent="ESDH (K-1)")
    response = client.post(edit, data)
    assert "Ingen kontrakt passer på" in " ".join(response.context["form"].errors["parent"])
    # Nor do its suggestions offer it.
    field = lxml.html.fromstring(client.get(edit).content).get_element_by_id("id_parent")
    suggest_url = field.get("data-suggest-url")
    assert suggest_url == f"{reverse('contracts:contract-suggestions')}?exclude={contract.pk}"
    assert client.get(f"{suggest_url}&q=esdh").json() == {"suggestions": []}


def test_contract_suggestions_are_the_organisations_own_contracts(
    org_a, org_b, make_member, client_for
):
    ContractFactory(organisation=org_a, title="ESDH-løsning", reference="K-7")
    ContractFactory(organisation=org_a, title="Løn", reference="ESDH-tillæg")
    ContractFactory(organisation=org_a, title="ESDH gammel", is_deleted=True)
    ContractFactory(organisation=org_b, title="ESDH Nord", reference="N-1")
    url = reverse("contracts:contract-suggestions")
    reader = client_for(make_member(org_a, Role.READER))

    found = reader.get(url, {"q": "esdh"}).json()["suggestions"]
    assert found == [
        {"value": "ESDH-løsning (K-7)", "label": ""},
        {"value": "Løn (ESDH-tillæg)", "label": ""},
    ]
    assert reader.get(url, {"q": ""}).json() == {"suggestions": []}
    outsider = client_for(make_member(org_b, Role.READER))
    assert [row["value"] for row in outsider.get(url, {"q": "esdh"}).json()["suggestions"]] == [
        "ESDH Nord (N-1)"
    ]
    assert Client().get(url, {"q": "esdh"}).status_code == 302  # signed out


def test_list_filters_searches_and_paginates(client, org_a, supplier):
    soon = ContractFactory(
        organisation=org_a, supplier=supplier, title="Snart udløb",
        start_date=timezone.localdate() - timedelta(days=30),
        term_end=timezone.localdate() + timedelta(days=100),
    )  # fmt: skip
    ContractFactory(organisation=org_a, title="Langt ude", status=Contract.Status.DRAFT)
    response = client.get(reverse("contracts:contract-list"), {"deadline_within": 30})
    assert [c.title for c in response.context["page"]] == ["Snart udløb"]
    response = client.get(reverse("contracts:contract-list"), {"status": "draft"})
    assert [c.title for c in response.context["page"]] == ["Langt ude"]
    response = client.get(reverse("contracts:contract-list"), {"q": "fjordsoft"})
    assert [c.title for c in response.context["page"]] == [soon.title]
    response = client.get(reverse("contracts:contract-list"), {"sort": "title"})
    assert [c.title for c in response.context["page"]] == ["Langt ude", "Snart udløb"]


def test_list_applies_the_valid_filters_and_says_which_one_it_left_out(client, org_a):
    ContractFactory(organisation=org_a, title="Kørende", status="active")
    ContractFactory(organisation=org_a, title="Udkast", status="draft")
    response = client.get(
        reverse("contracts:contract-list"), {"status": "active", "deadline_within": "-5"}
    )
    assert [contract.title for contract in response.context["page"]] == ["Kørende"]
    page = response.content.decode()
    assert "Et filter med en fejl bruges ikke; listen er filtreret efter de andre." in page
    assert "Denne værdi skal være større end eller lig 0." in page
    unfiltered = client.get(reverse("contracts:contract-list")).content.decode()
    assert 'data-testid="filters-not-applied"' not in unfiltered


def test_list_sorts_by_the_last_day_to_give_notice(client, org_a):
    today = timezone.localdate()
    for title, notice_months in (("Tre", 3), ("Seks", 6), ("Ingen", None)):
        ContractFactory(
            organisation=org_a, title=title, notice_months=notice_months,
            start_date=today - timedelta(days=30), term_end=today + timedelta(days=400),
        )  # fmt: skip
    response = client.get(reverse("contracts:contract-list"), {"sort": "next_notice"})
    page = response.context["page"]
    assert [c.title for c in page] == ["Seks", "Tre", "Ingen"]  # none given: last
    assert page[0].next_notice_date < page[1].next_notice_date
    assert page[2].next_notice_date is None


def test_list_filters_by_a_typed_supplier_name_or_cvr_number(client, org_a, org_b, supplier):
    other_supplier = SupplierFactory(organisation=org_a, name="Netdata ApS")
    ContractFactory(organisation=org_a, supplier=supplier, title="Fjordsofts")
    ContractFactory(organisation=org_a, supplier=other_supplier, title="Netdatas")
    ContractFactory(organisation=org_b, supplier=SupplierFactory(organisation=org_b, name="Fjord"))
    url = reverse("contracts:contract-list")

    def titles(typed: str) -> list[str]:
        response = client.get(url, {"supplier": typed})
        return [contract.title for contract in response.context["page"]]

    assert titles("fjord") == ["Fjordsofts"]
    assert titles(f"DK{other_supplier.cvr[:4]} {other_supplier.cvr[4:]}") == ["Netdatas"]
    assert titles("Ingen sådan") == []
    # A picked suggestion names one supplier, though another's name contains this one's.
    nord = SupplierFactory(organisation=org_a, name="Fjordsoft A/S Nord", cvr="10000017")
    ContractFactory(organisation=org_a, supplier=nord, title="Nord")
    assert sorted(titles("fjordsoft a/s")) == ["Fjordsofts", "Nord"]
    assert titles(f"Fjordsoft A/S ({supplier.cvr})") == ["Fjordsofts"]
    page = client.get(url, {"supplier": "fjord"}).content.decode()
    field = lxml.html.fromstring(page).get_element_by_id("id_supplier")
    assert field.get("value") == "fjord"  # the filter shows what was typed
    assert field.get("data-suggest-url") == reverse("contracts:supplier-suggestions")
    assert f'<datalist id="{field.get("list")}">' in page
    assert "<option" not in lxml.html.tostring(field).decode()  # no list of every supplier


def test_supplier_suggestions_are_the_organisations_own_suppliers(
    org_a, org_b, make_member, client_for
):
    SupplierFactory(organisation=org_a, name="Fjordsoft A/S", cvr="10000009")
    SupplierFactory(organisation=org_a, name="KMD A/S")
    nord = SupplierFactory(organisation=org_b, name="Fjordsoft Nord A/S")
    url = reverse("contracts:supplier-suggestions")
    reader = client_for(make_member(org_a, Role.READER))

    response = reader.get(url, {"q": "FJORD"})
    # Picking one puts its name and CVR number in the field: that supplier and no other.
    expected = [{"value": "Fjordsoft A/S (10000009)", "label": ""}]
    assert response.json() == {"suggestions": expected}
    assert reader.get(url, {"q": "1000"}).json()["suggestions"][0] == expected[0]
    assert reader.get(url, {"q": " "}).json() == {"suggestions": []}

    outsider = client_for(make_member(org_b, Role.READER))
    found = [row["value"] for row in outsider.get(url, {"q": "fjord"}).json()["suggestions"]]
    assert found == [f"Fjordsoft Nord A/S ({nord.cvr})"]
    assert Client().get(url, {"q": "fjord"}).status_code == 302  # signed out


def test_list_query_count_does_not_grow_with_contracts(
    client, org_a, django_assert_max_num_queries
):
    for _n in range(30):
        ContractFactory(organisation=org_a)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("contracts:contract-list"))
    assert len(response.context["page"]) == 30


def test_list_rows_show_what_the_list_shows_without_a_query_per_row(
    client, org_a, supplier, manager, django_assert_num_queries
):
    url = reverse("contracts:contract-list")
    contract = ContractFactory(
        organisation=org_a, supplier=supplier, contract_manager=manager, title="ESDH",
        reference="K-ESDH", start_date=date(2026, 1, 1), term_end=date(2030, 6, 30),
    )  # fmt: skip
    with scopes_disabled():
        notice = contract.deadlines.get(kind="notice").due_date
    client.get(url)  # the session and the guidance aside settle
    with CaptureQueriesContext(connection) as one_contract:
        client.get(url)
    for _n in range(20):
        ContractFactory(organisation=org_a, contract_manager=manager)
    with django_assert_num_queries(len(one_contract.captured_queries)):
        response = client.get(url)
    rows = [row.split("</tr>")[0] for row in response.content.decode().split("<tr>")]
    row = next(row for row in rows if "K-ESDH" in row)
    for shown in ("ESDH", "Fjordsoft A/S", "Aktiv", "Karin", notice.strftime("%d.%m.%Y")):
        assert shown in row
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    assert f'<a href="{detail}">ESDH</a>' in row


def test_list_dates_follow_the_users_language(org_a, supplier, make_member, client_for):
    reader = make_member(org_a, Role.READER, language="en")
    contract = ContractFactory(
        organisation=org_a, supplier=supplier, reference="K-EN",
        start_date=date(2026, 1, 1), term_end=date(2030, 6, 30),
    )  # fmt: skip
    with scopes_disabled():
        notice = contract.deadlines.get(kind="notice").due_date
    response = client_for(reader).get(reverse("contracts:contract-list"))
    rows = [row.split("</tr>")[0] for row in response.content.decode().split("<tr>")]
    row = next(row for row in rows if "K-EN" in row)
    # British day-month order, not Django's American "en" (03/29/2030) nor Danish dots.
    assert notice.strftime("%d/%m/%Y") in row
    assert notice.strftime("%m/%d/%Y") not in row
    assert notice.strftime("%d.%m.%Y") not in row


@pytest.mark.parametrize(
    ("status", "label"), [(Contract.Status.ACTIVE, "Aktiv"), ("archived", "archived")]
)
def test_status_label_is_the_choice_label_or_the_stored_value(status, label):
    assert str(Contract(status=status).status_label) == label
    if status in Contract.Status.values:
        assert str(Contract(status=status).get_status_display()) == label


def test_deadline_kind_label_is_the_choice_label_or_the_stored_value():
    notice = ContractDeadline(kind="notice", due_date=date(2027, 3, 31))
    assert str(notice.kind_label) == str(notice.get_kind_display()) == "Sidste frist for opsigelse"
    assert str(notice) == "Sidste frist for opsigelse 2027-03-31"
    assert ContractDeadline(kind="gone").kind_label == "gone"


def test_detail_shows_terms_deadlines_and_timeline(client, org_a, supplier):
    contract = ContractFactory(organisation=org_a, supplier=supplier, title="ESDH")
    MilestoneFactory(contract=contract, organisation=org_a)
    response = client.get(reverse("contracts:contract-detail", args=[contract.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Fjordsoft A/S" in content
    assert "Sidste frist for opsigelse" in content
    assert '<svg role="img"' in content
    assert content.count('class="mark ') == len(response.context["deadlines"])


def test_a_short_contracts_timeline_is_marked_in_months_and_names_its_milestones(
    client, org_a, supplier
):
    contract = ContractFactory(
        organisation=org_a, supplier=supplier, start_date=date(2026, 9, 30),
        term_end=date(2026, 12, 31), notice_months=1, tacit_renewal_months=None,
    )  # fmt: skip
    MilestoneFactory(
        contract=contract, organisation=org_a, kind="custom", name="Leveranceprøve",
        due_date=date(2026, 12, 10),
    )  # fmt: skip

    page = lxml.html.fromstring(
        client.get(reverse("contracts:contract-detail", args=[contract.pk])).content
    )

    ticks = page.xpath("//*[local-name()='text'][@class='tick-label']/text()")
    marks = page.xpath("//*[local-name()='g'][contains(@class, 'mark')]/*[local-name()='text']")
    assert ticks == ["okt 2026", "nov 2026", "dec 2026"]
    assert "10.12.2026 Milepæl (Leveranceprøve)" in [mark.text for mark in marks]
    assert "Milepæl (Leveranceprøve)" in page.xpath("//tbody/tr/td/text()")


def test_a_contract_within_one_month_is_marked_with_that_month(client, org_a, supplier):
    contract = ContractFactory(
        organisation=org_a, supplier=supplier, start_date=date(2026, 11, 1),
        term_end=date(2026, 11, 30), notice_months=None, tacit_renewal_months=None,
    )  # fmt: skip

    response = client.get(reverse("contracts:contract-detail", args=[contract.pk]))

    assert response.status_code == 200
    ticks = lxml.html.fromstring(response.content).xpath(
        "//*[local-name()='text'][@class='tick-label']/text()"
    )
    assert ticks == ["nov 2026"]


def test_give_notice_changes_status_and_stops_notice_alerts(client, org_a):
    contract = ContractFactory(organisation=org_a, term_end=date(2027, 12, 31))
    ContractOptionFactory(contract=contract, organisation=org_a, exercise_by=date(2027, 6, 30))
    url = reverse("contracts:contract-notice", args=[contract.pk])
    assert client.get(url).context["form"].initial["effective"] == date(2027, 12, 31)
    response = client.post(
        url, {"given_on": "2026-11-20", "effective": "2027-12-31", "reason": "Nyt udbud"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.status, contract.notice_given_on) == ("notice_given", date(2026, 11, 20))
    assert open_deadlines(contract) == [("term_end", date(2027, 12, 31))]
    assert contract.history.first().history_user is not None


def test_an_inspection_rhythm_plans_the_next_dpa_inspection(client, supplier):
    data = contract_form(
        supplier, dpa_concluded="on", dpa_date="2024-01-31", dpa_oversight_interval_months="12",
        term_end=(timezone.localdate() + timedelta(days=5 * 365)).isoformat(),
    )  # fmt: skip
    assert client.post(reverse("contracts:contract-create"), data).status_code == 302
    with scopes_disabled():
        contract = Contract.objects.get(title="ESDH-løsning")
    inspections = [due for kind, due in open_deadlines(contract) if kind == "dpa_inspection"]
    today = timezone.localdate()
    assert len(inspections) == 1
    assert inspections[0] >= today and inspections[0].month == 1 and inspections[0].day == 31
    detail = client.get(reverse("contracts:contract-detail", args=[contract.pk]))
    assert "tilsyn hver 12. måned" in detail.content.decode()


def test_history_names_what_changed_in_words(client, supplier):
    client.post(reverse("contracts:contract-create"), contract_form(supplier))
    with scopes_disabled():
        contract = Contract.objects.get(title="ESDH-løsning")
    url = reverse("contracts:contract-notice", args=[contract.pk])
    client.post(url, {"given_on": "2026-11-20", "effective": "2027-12-31"})
    detail = client.get(reverse("contracts:contract-detail", args=[contract.pk]))
    entries = lxml.html.fromstring(detail.content).xpath("//ol[@class='history']/li")
    # Created, then notice given; no entry for saves that changed nothing the page shows.
    assert len(entries) == 2
    assert "Status: Aktiv → Opsagt" in entries[0].text_content()
    assert "oprettet" in entries[1].text_content()


def test_history_names_related_rows_and_ticks(client, org_a, supplier):
    other = SupplierFactory(organisation=org_a, name="Netdata ApS")
    client.post(reverse("contracts:contract-create"), contract_form(supplier))
    with scopes_disabled():
        contract = Contract.objects.get(title="ESDH-løsning")
    data = contract_form(
        supplier, supplier=f"{other.name} ({other.cvr})", dpa_concluded="on", dpa_date="2026-01-01"
    )
    response = client.post(reverse("contracts:contract-edit", args=[contract.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    detail = client.get(reverse("contracts:contract-detail", args=[contract.pk]))
    newest = lxml.html.fromstring(detail.content).xpath("//ol[@class='history']/li")[0]
    text = newest.text_content()
    assert "Leverandør: Fjordsoft A/S → Netdata ApS" in text
    assert "Databehandleraftale indgået: nej → ja" in text


def test_history_tells_of_options_milestones_attachments_and_amounts(
    client, manager, supplier, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    terms = {
        "options-TOTAL_FORMS": "2",
        "options-0-length_months": "12",
        "options-0-exercise_by": "2027-06-30",
        "options-1-length_months": "6",
        "options-1-exercise_by": "2027-09-30",
        "milestones-TOTAL_FORMS": "1",
        "milestones-0-kind": "go_live",
        "milestones-0-due_date": "2026-12-15",
    }
    client.post(reverse("contracts:contract-create"), contract_form(supplier, **terms))
    with scopes_disabled():
        contract = Contract.objects.get(title="ESDH-løsning")
        first, second = contract.options.order_by("exercise_by")
        milestone = contract.milestones.get()
    client.post(reverse("contracts:option-exercise", args=[first.pk]), {"day": "2026-11-01"})
    client.post(reverse("contracts:milestone-met", args=[milestone.pk]), {"day": "2026-11-20"})
    client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Underskrevet kontrakt", "file": SimpleUploadedFile("k.pdf", b"%PDF-1.4 x")},
    )
    edit = contract_form(
        supplier,
        term_end="2028-12-31",
        total_value="1200000",
        **{
            "options-TOTAL_FORMS": "2",
            "options-INITIAL_FORMS": "2",
            "options-0-id": str(first.pk),
            "options-0-length_months": "12",
            "options-0-exercise_by": "2027-06-30",
            "options-1-id": str(second.pk),
            "options-1-length_months": "6",
            "options-1-exercise_by": "2027-09-30",
            "options-1-DELETE": "on",
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-id": str(milestone.pk),
            "milestones-0-kind": "go_live",
            "milestones-0-due_date": "2026-12-15",
            "milestones-0-met_on": "2026-11-20",
        },
    )
    response = client.post(reverse("contracts:contract-edit", args=[contract.pk]), edit)
    assert response.status_code == 302, response.context["form"].errors

    detail = client.get(reverse("contracts:contract-detail", args=[contract.pk]))
    entries = [
        " ".join(entry.text_content().split())
        for entry in lxml.html.fromstring(detail.content).xpath("//ol[@class='history']/li")
    ]
    text = "\n".join(entries)
    assert "Option: 6 måneder, udnyttes senest 30. september 2027 fjernet" in text
    assert "Samlet værdi (kr.): 1.000.000,00 → 1.200.000,00" in text
    assert "Udløbsdato: 31. december 2027 → 31. december 2028" in text  # the option
    assert "Bilag: Underskrevet kontrakt tilføjet" in text
    assert "Karin" in next(entry for entry in entries if "Bilag:" in entry)
    assert "Milepæl: Idriftsættelse, frist 15. december 2026 ændret" in text
    assert "Opfyldt den: — → 20. november 2026" in text
    exercised = next(e for e in entries if "udnyttes senest 30. juni 2027 ændret" in e)
    assert "Tilstand: Ikke udnyttet → Udnyttet" in exercised
    assert "Udnyttet den: — → 1. november 2026" in exercised
    assert text.count("udnyttes senest 30. juni 2027 tilføjet") == 1
    assert "Milepæl: Idriftsættelse, frist 15. december 2026 tilføjet" in text
    # Newest first: the removal and the new value came last.
    assert entries.index(next(e for e in entries if "fjernet" in e)) < entries.index(
        next(e for e in entries if "Bilag:" in e)
    )


def test_history_reads_the_same_when_the_fields_span_several_json_objects(
    org_a, supplier, monkeypatch
):
    contract = ContractFactory(organisation=org_a, supplier=supplier, total_value=1000)
    with scopes_disabled():
        contract.title, contract.total_value, contract.dpa_concluded = "Ny titel", 2000, True
        contract.save()
        whole = contract_history(contract=contract)
        # PostgreSQL's JSON objects take 50 fields; a model with more is read in parts.
        monkeypatch.setattr(history, "_FIELDS_PER_OBJECT", 7)
        in_parts = contract_history(contract=contract)
    assert in_parts == whole
    assert {name for name, _old, _new in whole[0].changes} == {
        "Titel", "Samlet værdi (kr.)", "Databehandleraftale indgået",
    }  # fmt: skip


def test_history_lists_changes_of_one_instant_newest_first(org_a, supplier):
    contract = ContractFactory(organisation=org_a, supplier=supplier, title="Første")
    with (
        time_machine.travel(datetime(2026, 11, 27, 11, tzinfo=UTC), tick=False),
        scopes_disabled(),
    ):
        for title in ("Anden", "Tredje"):
            contract.title = title
            contract.save()
        entries = contract_history(contract=contract)
    assert [change[2] for entry in entries[:2] for change in entry.changes] == [
        "Tredje",
        "Anden",
    ]


def test_history_beyond_the_rows_read_shows_no_empty_changes(org_a, supplier, monkeypatch):
    contract = ContractFactory(organisation=org_a, supplier=supplier, title="Titel 0")
    with scopes_disabled():
        for number in range(1, 6):
            contract.title = f"Titel {number}"
            contract.save()
        monkeypatch.setattr(history, "HISTORY_ROWS", 3)
        entries = contract_history(contract=contract)
    # Three rows read: the oldest of them has no row before it to compare with.
    assert [(entry.changes[0][1], entry.changes[0][2]) for entry in entries] == [
        ("Titel 4", "Titel 5"),
        ("Titel 3", "Titel 4"),
    ]


def test_history_reads_the_related_rows_once_whatever_the_number_of_entries(org_a, supplier):
    contract = ContractFactory(organisation=org_a, supplier=supplier)
    with scopes_disabled():
        for number in range(4):
            contract.supplier = SupplierFactory(organisation=org_a, name=f"Leverandør {number}")
            contract.save()
        with CaptureQueriesContext(connection) as queries:
            entries = contract_history(contract=contract)
    # The historical rows (contract, options, milestones, with the suppliers they name), then
    # the attachments.
    assert len(queries.captured_queries) == 2
    assert [str(new) for _name, _old, new in entries[0].changes] == ["Leverandør 3"]


def test_notice_before_irrevocable_date_is_refused(client, org_a):
    contract = ContractFactory(
        organisation=org_a, term_end=date(2029, 12, 31), irrevocable_until=date(2028, 12, 31)
    )
    response = client.post(
        reverse("contracts:contract-notice", args=[contract.pk]),
        {"given_on": "2026-11-20", "effective": "2027-06-30"},
    )
    assert response.status_code == 200
    assert "uopsigelig" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == "active" and contract.notice_given_on is None


def test_notice_taking_effect_before_the_notice_period_allows_is_refused(client, org_a):
    contract = ContractFactory(
        organisation=org_a, start_date=date(2025, 1, 1), term_end=None, notice_months=3,
        notice_to_end_of="month", irrevocable_until=None,
    )  # fmt: skip
    url = reverse("contracts:contract-notice", args=[contract.pk])
    response = client.post(url, {"given_on": "2026-11-20", "effective": "2027-01-31"})
    assert response.status_code == 200
    # Three months from 20 November, to the end of that month: 28 February 2027.
    assert "opsigelse givet 20. november 2026 får tidligst virkning 28. februar 2027" in " ".join(
        response.context["form"].errors["effective"]
    )
    response = client.post(url, {"given_on": "2026-11-20", "effective": "2027-03-15"})
    assert (
        "Efter kontrakten har opsigelse virkning ved udgangen af en måned; den nærmeste "
        "sådanne dag er 31. marts 2027." in response.context["form"].errors["effective"]
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(url, {"given_on": tomorrow.isoformat(), "effective": "2030-12-31"})
    assert "Datoen kan ikke ligge i fremtiden." in response.context["form"].errors["given_on"]
    contract.refresh_from_db()
    assert contract.notice_given_on is None
    response = client.post(url, {"given_on": "2026-11-20", "effective": "2027-02-28"})
    assert response.status_code == 302


def test_a_lapsed_option_cannot_be_exercised(client, org_a):
    today = timezone.localdate()
    contract = ContractFactory(
        organisation=org_a, start_date=today - timedelta(days=400),
        term_end=today + timedelta(days=400),
    )  # fmt: skip
    option = ContractOptionFactory(
        contract=contract, organisation=org_a, length_months=12,
        exercise_by=today - timedelta(days=1),
    )  # fmt: skip
    url = reverse("contracts:option-exercise", args=[option.pk])
    page = client.get(url).content
    assert (
        b'data-testid="option-lapsed"' in page
        and b'<form method="post" class="card narrow">' in page
    )
    response = client.post(url, {"day": today.isoformat()})
    assert response.status_code == 200
    assert "retten er bortfaldet" in response.content.decode()
    # Used on time but recorded late: still taken.
    response = client.post(url, {"day": (today - timedelta(days=2)).isoformat()})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.term_end == add_months(today + timedelta(days=400), 12)


def test_an_option_cannot_be_exercised_once_notice_is_given(client, org_a):
    contract = ContractFactory(organisation=org_a, term_end=date(2029, 12, 31))
    option = ContractOptionFactory(
        contract=contract, organisation=org_a, length_months=12, exercise_by=date(2029, 6, 30)
    )
    url = reverse("contracts:option-exercise", args=[option.pk])
    # Before notice: the page says where the term ends now and after the option.
    content = client.get(url).content.decode()
    assert "31. december 2029" in content and "31. december 2030" in content
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    assert url in client.get(detail).content.decode()

    notice = reverse("contracts:contract-notice", args=[contract.pk])
    assert (
        client.post(notice, {"given_on": "2026-11-20", "effective": "2029-12-31"}).status_code
        == 302
    )
    assert url not in client.get(detail).content.decode()
    refusal = client.get(url)
    assert b'data-testid="option-refusal"' in refusal.content
    assert b"<form" not in refusal.content.split(b"<main", 1)[1]
    response = client.post(url, {"day": "2026-11-21"})
    assert response.status_code == 200
    assert "kan ikke længere udnyttes" in response.content.decode()
    contract.refresh_from_db()
    option.refresh_from_db()
    assert (contract.term_end, option.state) == (date(2029, 12, 31), "unused")


def test_exercise_option_extends_term(client, org_a):
    contract = ContractFactory(organisation=org_a, term_end=date(2027, 12, 31))
    option = ContractOptionFactory(
        contract=contract, organisation=org_a, length_months=12, exercise_by=date(2027, 6, 30)
    )
    response = client.post(
        reverse("contracts:option-exercise", args=[option.pk]), {"day": "2026-11-01"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    option.refresh_from_db()
    assert contract.term_end == date(2028, 12, 31)
    assert (option.state, option.exercised_on) == ("used", date(2026, 11, 1))
    kinds = [kind for kind, _due in open_deadlines(contract)]
    assert "option_exercise" not in kinds
    # Exercising twice is refused and changes nothing.
    response = client.post(
        reverse("contracts:option-exercise", args=[option.pk]), {"day": "2026-11-02"}
    )
    assert response.status_code == 200
    contract.refresh_from_db()
    assert contract.term_end == date(2028, 12, 31)


def test_milestone_met(client, org_a):
    milestone = MilestoneFactory(organisation=org_a, contract__organisation=org_a)
    url = reverse("contracts:milestone-met", args=[milestone.pk])
    assert client.post(url, {"day": "2099-01-01"}).status_code == 200  # future date refused
    response = client.post(url, {"day": timezone.localdate().isoformat()})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.met_on == timezone.localdate()
    # Once met, its page says so rather than asking again.
    page = client.get(url).content.decode()
    assert 'data-testid="milestone-refusal"' in page and "Bekræft" not in page
    assert "milestone" not in [kind for kind, _due in open_deadlines(milestone.contract)]


def test_a_milestone_cannot_be_met_before_the_contract_starts(client, org_a):
    milestone = MilestoneFactory(
        organisation=org_a, contract__organisation=org_a, contract__start_date=date(2026, 1, 1)
    )

    response = client.post(
        reverse("contracts:milestone-met", args=[milestone.pk]), {"day": "2010-05-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Milepælen kan ikke være opfyldt før kontraktens start (1. januar 2026)."
    ]
    milestone.refresh_from_db()
    assert milestone.met_on is None


def test_an_option_past_its_last_day_shows_as_lapsed(client, org_a):
    contract = ContractFactory(organisation=org_a, term_end=date(2027, 12, 31))
    ContractOptionFactory(
        contract=contract, organisation=org_a, length_months=12, exercise_by=date(2026, 6, 30)
    )

    page = client.get(reverse("contracts:contract-detail", args=[contract.pk])).content.decode()

    assert "Bortfaldet (ikke udnyttet inden fristen)" in page
    assert "Registrér, at den blev udnyttet i tide" in page
    assert ">Udnyt<" not in page


def test_delete_is_soft_and_confirmed(client, org_a):
    contract = ContractFactory(organisation=org_a, title="Gammel aftale")
    url = reverse("contracts:contract-delete", args=[contract.pk])
    assert "Slet Gammel aftale?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    contract.refresh_from_db()
    assert contract.is_deleted
    assert open_deadlines(contract) == []
    assert client.get(reverse("contracts:contract-detail", args=[contract.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.READER, Role.SYSTEM_OWNER, Role.BENEFIT_OWNER])
def test_readers_read_but_cannot_change(org_a, make_member, client_for, supplier, role):
    contract = ContractFactory(organisation=org_a, supplier=supplier)
    client = client_for(make_member(org_a, role))
    assert client.get(reverse("contracts:contract-detail", args=[contract.pk])).status_code == 200
    assert client.get(reverse("contracts:contract-create")).status_code == 403
    response = client.post(reverse("contracts:contract-edit", args=[contract.pk]), {})
    assert response.status_code == 403
    notice = client.post(
        reverse("contracts:contract-notice", args=[contract.pk]),
        {"given_on": "2026-11-20", "effective": "2027-12-31"},
    )
    assert notice.status_code == 403
    contract.refresh_from_db()
    assert contract.notice_given_on is None


def test_supplier_cvr_is_checked_and_normalised(client, org_a):
    url = reverse("contracts:supplier-list")
    response = client.post(url, {"name": "Forkert", "cvr": "12345678"})
    assert "kontrolcifferet" in response.content.decode()
    response = client.post(url, {"name": "Nul", "cvr": "01234567"})
    assert "kan ikke begynde med 0" in response.content.decode()
    cvr = make_cvr(42)
    assert client.post(url, {"name": "Rigtig A/S", "cvr": f"DK {cvr}"}).status_code == 302
    with scopes_disabled():
        assert Supplier.objects.get(name="Rigtig A/S").cvr == cvr
    response = client.post(url, {"name": "Dublet", "cvr": cvr})
    assert "har allerede CVR-nummer" in response.content.decode()
    # Written in pairs, as on letterheads.
    spaced = make_cvr(43)
    pairs = " ".join(spaced[i : i + 2] for i in range(0, 8, 2))
    assert client.post(url, {"name": "Par A/S", "cvr": f"DK {pairs}"}).status_code == 302
    with scopes_disabled():
        assert Supplier.objects.get(name="Par A/S").cvr == spaced


def test_capabilities_paid_twice(client, org_a, org_b):
    ITSystemFactory(organisation=org_a, name="SMS A", capability="SMS-udsendelse")
    ITSystemFactory(organisation=org_a, name="SMS B", capability="SMS-udsendelse")
    ITSystemFactory(organisation=org_a, name="ESDH", capability="ESDH")
    ITSystemFactory(organisation=org_b, name="SMS C", capability="ESDH")
    groups = client.get(reverse("contracts:capabilities")).context["groups"]
    assert [(g["capability"], [s.name for s in g["systems"]]) for g in groups] == [
        ("SMS-udsendelse", ["SMS A", "SMS B"])
    ]


def test_capabilities_page_shows_a_few_contracts_per_system_and_their_annual_value(client, org_a):
    busy = ITSystemFactory(organisation=org_a, name="SMS A", capability="SMS-udsendelse")
    ITSystemFactory(organisation=org_a, name="SMS B", capability="SMS-udsendelse")
    for number in range(7):
        ContractFactory(
            organisation=org_a,
            title=f"SMS-aftale {number}",
            annual_value=100_000,
            it_systems=[busy],
        )
    deleted = ContractFactory(organisation=org_a, title="Slettet", it_systems=[busy])
    with scopes_disabled():
        Contract.objects.filter(pk=deleted.pk).update(is_deleted=True)
    response = client.get(reverse("contracts:capabilities"))
    system = response.context["groups"][0]["systems"][0]
    assert [c.title for c in system.contracts_shown] == [f"SMS-aftale {n}" for n in range(5)]
    assert (system.contract_count, system.annual_value) == (7, 700_000)
    html = response.content.decode()
    assert "kontrakter for 700.000 kr. om året" in html and "7 kontrakter i alt" in html
    assert "SMS-aftale 5" not in html and "Slettet" not in html


def test_attachment_upload_and_download(client, org_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contract = ContractFactory(organisation=org_a)
    upload = SimpleUploadedFile("kontrakt.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Underskrevet kontrakt", "file": upload},
    )
    assert response.status_code == 302
    with scopes_disabled():
        attachment = contract.attachments.get()
    download = client.get(reverse("contracts:attachment-download", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_an_attachment_gone_from_storage_is_404(client, org_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with scopes_disabled():
        attachment = ContractAttachment(
            organisation=org_a, contract=ContractFactory(organisation=org_a), title="Kontrakt"
        )
        attachment.file.save("kontrakt.pdf", ContentFile(b"%PDF-1.4"), save=True)
    # Restored from a backup without its media, say.
    attachment.file.storage.delete(attachment.file.name)

    response = client.get(reverse("contracts:attachment-download", args=[attachment.pk]))

    assert response.status_code == 404


def test_an_attachment_with_a_long_file_name_is_kept_under_a_shorter_one(
    client, org_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    contract = ContractFactory(organisation=org_a)
    name = "Underskrevet kontrakt " + "med bilag " * 22 + ".pdf"  # 245 characters

    response = client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Kontrakt", "file": SimpleUploadedFile(name, b"%PDF-1.4 kontrakt")},
    )

    assert response.status_code == 302
    with scopes_disabled():
        stored = contract.attachments.get().file.name
    assert len(stored) <= 100 and stored.endswith(".pdf")
    assert stored.rsplit("/", 1)[1].startswith("Underskrevet_kontrakt_med_bilag")


def test_an_attachment_is_removed_after_confirmation_and_stays_in_the_history(
    client, manager, org_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    contract = ContractFactory(organisation=org_a)
    client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Forkert fil", "file": SimpleUploadedFile("cpr.pdf", b"%PDF-1.4 personal")},
    )
    with scopes_disabled():
        attachment = contract.attachments.get()
    url = reverse("contracts:attachment-remove", args=[attachment.pk])
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    assert url in client.get(detail).content.decode()

    confirm = client.get(url)
    assert "Fjern bilaget Forkert fil?" in confirm.content.decode()
    assert list(tmp_path.rglob("cpr.pdf"))  # nothing is removed before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.url == detail
    assert not list(tmp_path.rglob("cpr.pdf"))
    attachment.refresh_from_db()
    assert (attachment.removed_by, attachment.removed_at is not None) == (manager, True)
    page = client.get(detail).content.decode()
    assert "Ingen bilag." in page
    assert "Bilag: Forkert fil fjernet" in " ".join(page.split())
    assert (
        client.get(reverse("contracts:attachment-download", args=[attachment.pk])).status_code
        == 404
    )
    assert client.post(url).status_code == 404  # removed once


def test_a_reader_cannot_remove_an_attachment(org_a, make_member, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with scopes_disabled():
        attachment = ContractAttachment(
            organisation=org_a, contract=ContractFactory(organisation=org_a), title="Kontrakt"
        )
        attachment.file.save("kontrakt.pdf", ContentFile(b"%PDF-1.4"), save=True)
    pk = attachment.pk
    reader = client_for(make_member(org_a, Role.READER))

    assert reader.post(reverse("contracts:attachment-remove", args=[pk])).status_code == 403
    with scopes_disabled():
        assert ContractAttachment.objects.get(pk=pk).removed_at is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "program.exe er ikke en dokumenttype"),
        (
            "kontrakt.pdf",
            b"MZ\x90\x00 a program",
            "kontrakt.pdf er ikke, hvad navnet siger: indholdet passer ikke til en .pdf-fil",
        ),
        (
            "bilag.docx",
            b"%PDF-1.4",
            "bilag.docx er ikke, hvad navnet siger: indholdet passer ikke til en .docx-fil",
        ),
        (
            "noter.txt",
            b"#!/bin/sh\nrm -rf /",
            "noter.txt er ikke, hvad navnet siger: indholdet passer ikke til en .txt-fil",
        ),
        ("uden-endelse", b"%PDF-1.4", "uden-endelse er ikke en dokumenttype"),
    ],
)
def test_attachments_are_documents(client, org_a, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    contract = ContractFactory(organisation=org_a)
    response = client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Bilag", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    with scopes_disabled():
        assert not contract.attachments.exists()
    assert not any(tmp_path.rglob("*.*"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Bilag.DOCX", b"PK\x03\x04rest"),
        ("scan.jpg", b"\xff\xd8\xff\xe0"),
        ("mail.eml", b"From: a"),
    ],
)
def test_attachments_of_the_document_types_are_kept(
    client, org_a, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    contract = ContractFactory(organisation=org_a)
    response = client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Bilag", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert contract.attachments.get().file.read() == content


def test_dashboard_counts_and_own_first(client, org_a, manager, make_member):
    today = timezone.localdate()
    colleague = make_member(org_a, Role.CONTRACT_MANAGER)
    # Notice 3 months before term end; due dates land in distinct buckets.
    ContractFactory(
        organisation=org_a,
        title="Andres",
        contract_manager=colleague,
        start_date=today - timedelta(days=400),
        term_end=today + timedelta(days=100),
    )
    ContractFactory(
        organisation=org_a,
        title="Mine",
        contract_manager=manager,
        start_date=today - timedelta(days=400),
        term_end=today + timedelta(days=101),
    )
    ContractFactory(organisation=org_a, title="Uden ansvarlig", contract_manager=None,
                    start_date=today - timedelta(days=400), term_end=today - timedelta(days=3),
                    notice_months=None)  # fmt: skip
    dashboard = client.get(reverse("dashboard")).context["contracts"]
    within_30 = next(b for b in dashboard.buckets if b.key == "within_30")
    assert [d.contract.title for d in within_30.rows] == ["Mine", "Andres"]
    assert within_30.count == 2
    assert [c.title for c in dashboard.without_manager] == ["Uden ansvarlig"]
    assert [c.title for c in dashboard.ended_without_action] == ["Uden ansvarlig"]


def test_dashboard_lists_contracts_that_lapsed_in_the_last_half_year(client, org_a):
    today = timezone.localdate()
    start = today - timedelta(days=900)
    for title, ended_days_ago, status in [
        ("Udløbet for nylig", 10, "expired"),
        ("Endnu aktiv", 3, "active"),
        ("Udløbet for længe siden", 400, "expired"),
        ("Ophørt", 10, "terminated"),
    ]:
        ContractFactory(
            organisation=org_a, title=title, status=status, start_date=start,
            term_end=today - timedelta(days=ended_days_ago), notice_months=None,
        )  # fmt: skip
    dashboard = client.get(reverse("dashboard")).context["contracts"]
    assert [c.title for c in dashboard.ended_without_action] == ["Udløbet for nylig", "Endnu aktiv"]
    assert dashboard.ended_without_action_count == 2


def test_dashboard_shows_the_first_rows_of_each_bucket_own_first_ties_in_a_fixed_order(
    client, org_a, manager, make_member
):
    today = timezone.localdate()
    colleague = make_member(org_a, Role.CONTRACT_MANAGER)
    start = today - timedelta(days=400)
    # Notice (three months before the term ends) on one day within 30 days for more of the
    # user's contracts than a bucket shows, and one earlier where the user is system owner.
    mine = [
        ContractFactory(
            organisation=org_a,
            contract_manager=manager,
            start_date=start,
            term_end=today + timedelta(days=101),
        )  # fmt: skip
        for _n in range(DASHBOARD_ROWS + 2)
    ]
    owned = ContractFactory(organisation=org_a, contract_manager=colleague, system_owner=manager,
                            start_date=start, term_end=today + timedelta(days=95))  # fmt: skip
    # Within 90 days: one of the user's and more of a colleague's than a bucket shows.
    later = ContractFactory(organisation=org_a, contract_manager=manager, start_date=start,
                            term_end=today + timedelta(days=160))  # fmt: skip
    others = [
        ContractFactory(
            organisation=org_a,
            contract_manager=colleague,
            start_date=start,
            term_end=today + timedelta(days=160),
        )  # fmt: skip
        for _n in range(DASHBOARD_ROWS + 1)
    ]
    with scopes_disabled():
        notice = {d.contract_id: d.pk for d in ContractDeadline.objects.filter(kind="notice")}
    buckets = {b.key: b for b in client.get(reverse("dashboard")).context["contracts"].buckets}

    within_30 = buckets["within_30"]
    assert within_30.count == len(mine) + 1
    assert [row.pk for row in within_30.rows] == (
        [notice[owned.pk]] + sorted(notice[c.pk] for c in mine)
    )[:DASHBOARD_ROWS]
    assert all(row.is_own for row in within_30.rows)

    within_90 = buckets["within_90"]
    assert within_90.count == len(others) + 1
    assert [row.pk for row in within_90.rows] == (
        [notice[later.pk]] + sorted(notice[c.pk] for c in others)
    )[:DASHBOARD_ROWS]
    assert [row.is_own for row in within_90.rows] == [True] + [False] * (DASHBOARD_ROWS - 1)


def test_dashboard_links_each_deadline_and_contract_to_its_page(client, org_a, manager):
    today = timezone.localdate()
    mine = ContractFactory(organisation=org_a, title="Mine", contract_manager=manager,
                           start_date=today - timedelta(days=400),
                           term_end=today + timedelta(days=101))  # fmt: skip
    orphan = ContractFactory(organisation=org_a, title="Uden ansvarlig", contract_manager=None,
                             start_date=today - timedelta(days=400),
                             term_end=today - timedelta(days=3), notice_months=None)  # fmt: skip
    page = lxml.html.fromstring(client.get(reverse("dashboard")).content)
    without_manager = page.get_element_by_id("no-manager-heading").getparent()
    assert [li.text_content() for li in without_manager.iter("li")] == [
        f"Uden ansvarlig · {orphan.supplier.name}"
    ]
    links = {(a.text_content(), a.get("href")) for a in page.iter("a")}
    for contract in (mine, orphan):
        detail = reverse("contracts:contract-detail", args=[contract.pk])
        assert (contract.title, detail) in links
        assert client.get(detail).status_code == 200


def test_detail_lists_supplementary_contracts_but_not_deleted_ones(client, org_a, supplier):
    main = ContractFactory(organisation=org_a, supplier=supplier, title="ESDH")
    ContractFactory(organisation=org_a, parent=main, title="Tillæg 2", reference="T-2")
    ContractFactory(organisation=org_a, parent=main, title="Tillæg 1", reference="")
    ContractFactory(organisation=org_a, parent=main, title="Tillæg 3", is_deleted=True)
    response = client.get(reverse("contracts:contract-detail", args=[main.pk]))
    assert [str(child) for child in response.context["contract"].supplementary] == [
        "Tillæg 1",
        "Tillæg 2 (T-2)",
    ]
    assert "Tillæg 3" not in response.content.decode()
    child = response.context["contract"].supplementary[0]
    page = client.get(reverse("contracts:contract-detail", args=[child.pk]))
    assert page.context["contract"].supplementary == []
    assert page.context["contract"].parent == main


def test_supplier_search_keeps_its_query_from_page_to_page(client, org_a):
    for number in range(55):
        SupplierFactory(organisation=org_a, name=f"Fjord {number:02d}")
    SupplierFactory(organisation=org_a, name="Andet firma")
    url = reverse("contracts:supplier-list")

    first = client.get(url, {"q": "Fjord"})
    second = client.get(url, {"q": "Fjord", "page": 2})

    assert 'href="?q=Fjord&amp;page=2"' in first.content.decode()
    assert [s.name for s in second.context["page"]] == [f"Fjord {n}" for n in range(50, 55)]


def test_list_refuses_a_person_of_another_organisation_as_filter(client, org_a, org_b, make_member):
    outsider = make_member(org_b, Role.CONTRACT_MANAGER, first_name="Sydhavn")
    ContractFactory(organisation=org_b, contract_manager=outsider, title="Sydhavns kontrakt")
    response = client.get(reverse("contracts:contract-list"), {"contract_manager": outsider.pk})
    assert "contract_manager" in response.context["form"].errors
    assert "Sydhavn" not in response.content.decode()
