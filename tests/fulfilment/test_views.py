"""Pages through HTTP: the matrix and its numbers, assessing, linking, picking, permissions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from organisations.roles import Role
from requirements.fulfilment import services
from requirements.fulfilment.models import FulfilmentItem
from requirements.fulfilment.tally import Tally

from .factories import assess, items_by_key, link, make_contract, make_specification

pytestmark = pytest.mark.django_db
Status = FulfilmentItem.Status


@pytest.fixture
def assessed_a(linked_a, bank, owner_a):
    """contract_a with one requirement per status: ARK-001 met, ARK-002 not met, SIK-001
    partly met, SIK-003 waived, MOB-001 (picked from the bank) not assessed."""
    with scopes_disabled():
        services.contract_add_requirements(
            contract=linked_a, requirements=[bank.requirements["MOB-001"]], actor=owner_a
        )
    items = items_by_key(linked_a)
    assess(items["ARK-001"], Status.MET, owner_a)
    assess(items["ARK-002"], Status.NOT_MET, owner_a, comment="Metadata mangler.")
    assess(items["SIK-001"], Status.PARTLY, owner_a)
    assess(items["SIK-003"], Status.WAIVED, owner_a, comment="Frafaldet ved forhandling.")
    return linked_a


def matrix_url(contract, query: str = "") -> str:
    return reverse("fulfilment:contract", kwargs={"pk": contract.pk}) + query


def item_url(item) -> str:
    return reverse("fulfilment:item", kwargs={"pk": item.pk})


def groups(response) -> list[tuple]:
    return [
        (group.label, group.tally, [item.key for item in group.items])
        for group in response.context["matrix"].groups
    ]


# --- The matrix -------------------------------------------------------------------------------


def test_matrix_counts_and_percentages_per_category(assessed_a, reader_a, client_for):
    response = client_for(reader_a).get(matrix_url(assessed_a))

    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert matrix.tally == Tally(met=1, partly=1, not_met=1, waived=1, not_assessed=1)
    assert (matrix.tally.percent_met, matrix.tally.percent_assessed) == (33, 75)
    assert groups(response) == [
        ("Arkivering", Tally(met=1, not_met=1), ["ARK-001", "ARK-002"]),
        ("Informationssikkerhed", Tally(waived=1), ["SIK-003"]),
        ("Informationssikkerhed – Logning", Tally(partly=1), ["SIK-001"]),
        ("Mobile løsninger", Tally(not_assessed=1), ["MOB-001"]),
    ]
    page = response.content.decode()
    assert 'data-testid="percent-met">33 %<' in page
    assert 'data-testid="percent-assessed">75 %<' in page
    assert 'data-testid="count-not_assessed">1<' in page


def test_status_filter_hides_rows_but_keeps_the_counts(assessed_a, reader_a, client_for):
    response = client_for(reader_a).get(matrix_url(assessed_a, "?status=not_met"))

    matrix = response.context["matrix"]
    assert matrix.shown == 1
    assert [g.label for g in matrix.groups_with_rows] == ["Arkivering"]
    assert [i.key for i in matrix.groups_with_rows[0].items] == ["ARK-002"]
    assert matrix.tally.total == 5


def test_category_filter_includes_subcategories(assessed_a, bank, reader_a, client_for):
    response = client_for(reader_a).get(matrix_url(assessed_a, f"?category={bank.security.pk}"))

    assert response.context["matrix"].tally == Tally(partly=1, waived=1)
    assert response.context["matrix"].tally.percent_met == 0
    assert [label for label, _tally, _keys in groups(response)] == [
        "Informationssikkerhed",
        "Informationssikkerhed – Logning",
    ]


def test_matrix_runs_a_bounded_number_of_queries(
    assessed_a, bank, reader_a, client_for, django_assert_max_num_queries
):
    client = client_for(reader_a)
    client.get(matrix_url(assessed_a))
    with django_assert_max_num_queries(18):
        client.get(matrix_url(assessed_a))


def test_matrix_shows_the_suppliers_compliance_answers(
    assessed_a, specification_a, reader_a, client_for
):
    from requirements.services import supplier_response_save

    with scopes_disabled():
        spec_items = {i.requirement.key: i for i in specification_a.items.all()}
        supplier_response_save(
            specification=specification_a,
            supplier_name="FJORDSOFT A/S",  # matched without regard to case
            answers={
                spec_items["ARK-001"].pk: ("met", "Standard."),
                spec_items["SIK-001"].pk: ("partly", ""),
            },
            actor=None,
        )
        supplier_response_save(
            specification=specification_a,
            supplier_name="Anden Leverandør",
            answers={spec_items["ARK-002"].pk: ("met", "")},
            actor=None,
        )

    response = client_for(reader_a).get(matrix_url(assessed_a))

    answers = {
        item.key: item.supplier_answer and item.supplier_answer.answer
        for group in response.context["matrix"].groups
        for item in group.items
    }
    assert answers == {
        "ARK-001": "met",
        "ARK-002": None,
        "SIK-003": None,
        "SIK-001": "partly",
        "MOB-001": None,
    }
    item = items_by_key(assessed_a)["ARK-001"]
    detail = client_for(reader_a).get(item_url(item))
    assert detail.context["supplier_answer"].comment == "Standard."


def test_contract_without_requirements_shows_how_to_start(contract_a, manager_a, client_for):
    response = client_for(manager_a).get(matrix_url(contract_a))

    assert response.status_code == 200
    assert response.context["matrix"].tally.total == 0
    assert reverse("fulfilment:contract-link", kwargs={"pk": contract_a.pk}) in (
        response.content.decode()
    )


def test_a_deleted_contract_is_404(org_a, reader_a, client_for):
    contract = make_contract(org_a, is_deleted=True)

    assert client_for(reader_a).get(matrix_url(contract)).status_code == 404


# --- Assessing --------------------------------------------------------------------------------


def post_assessment(client, item, follow=False, **data):
    data = {"status": "met", "comment": "", "evidence_url": "", "next_review": "", **data}
    # "Met" needs evidence: a text unless the test says otherwise.
    data.setdefault("evidence_text", "Vist ved accepttesten" if data["status"] == "met" else "")
    return client.post(item_url(item), data, follow=follow)


@pytest.mark.parametrize("role", [Role.SYSTEM_OWNER, Role.CONTRACT_MANAGER, Role.ADMINISTRATOR])
def test_assessing_roles_can_assess(linked_a, org_a, make_member, client_for, role):
    user = make_member(org_a, role)
    item = items_by_key(linked_a)["ARK-001"]
    review = timezone.localdate() + timedelta(days=365)

    response = post_assessment(
        client_for(user),
        item,
        status="partly",
        evidence_text="Demonstreret.",
        next_review=review.isoformat(),
    )

    assert response.status_code == 302
    assert response["Location"] == matrix_url(linked_a) + f"#item-{item.pk}"
    item = items_by_key(linked_a)["ARK-001"]
    assert (item.status, item.evidence_text, item.assessed_by, item.next_review) == (
        "partly",
        "Demonstreret.",
        user,
        review,
    )


@pytest.mark.parametrize("role", [Role.READER, Role.BENEFIT_OWNER])
def test_other_roles_read_but_cannot_assess(linked_a, org_a, make_member, client_for, role):
    user = make_member(org_a, role)
    item = items_by_key(linked_a)["ARK-001"]
    client = client_for(user)

    page = client.get(item_url(item))
    response = post_assessment(client, item)

    assert page.status_code == 200
    assert page.context["form"] is None
    assert response.status_code == 403
    assert items_by_key(linked_a)["ARK-001"].status == Status.NOT_ASSESSED
    assert (
        client.get(reverse("fulfilment:contract-link", kwargs={"pk": linked_a.pk})).status_code
        == 403
    )
    assert (
        client.get(reverse("fulfilment:contract-pick", kwargs={"pk": linked_a.pk})).status_code
        == 403
    )


@pytest.mark.parametrize("status", ["not_met", "waived"])
def test_not_met_and_waived_without_comment_are_refused(linked_a, owner_a, client_for, status):
    item = items_by_key(linked_a)["ARK-001"]

    response = post_assessment(client_for(owner_a), item, status=status, comment=" ")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["comment"]
    item = items_by_key(linked_a)["ARK-001"]
    assert (item.status, item.assessed_at) == (Status.NOT_ASSESSED, None)


def test_waived_with_comment_is_saved_and_kept_in_history(linked_a, owner_a, client_for):
    item = items_by_key(linked_a)["ARK-001"]
    client = client_for(owner_a)

    post_assessment(client, item, status="waived", comment="Ikke relevant efter aftale.")
    page = client.get(item_url(item))

    assert items_by_key(linked_a)["ARK-001"].comment == "Ikke relevant efter aftale."
    history = page.context["history"]
    assert len(history) == 2
    assert history[0]["record"].history_user == owner_a
    changes = {str(field): (old, new) for field, old, new in history[0]["changes"]}
    assert changes == {
        "status": ("Ikke vurderet", "Frafaldet"),
        "kommentar": ("", "Ikke relevant efter aftale."),
    }


def test_evidence_file_is_uploaded_and_downloaded_through_a_checked_view(
    linked_a, owner_a, reader_a, all_roles_b, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = items_by_key(linked_a)["ARK-001"]
    upload = SimpleUploadedFile("afleveringstest.pdf", b"%PDF-1.4 bevis")

    response = post_assessment(client_for(owner_a), item, evidence_file=upload)

    assert response.status_code == 302
    item = items_by_key(linked_a)["ARK-001"]
    assert item.evidence_filename == "afleveringstest.pdf"
    url = reverse("fulfilment:item-evidence", kwargs={"pk": item.pk})
    download = client_for(reader_a).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bevis"
    assert "afleveringstest.pdf" in download["Content-Disposition"]
    assert client_for(all_roles_b).get(url).status_code == 404
    assert not str(item.evidence_file.url).startswith(url)


def test_evidence_download_without_a_file_is_404(linked_a, reader_a, client_for):
    item = items_by_key(linked_a)["ARK-001"]

    url = reverse("fulfilment:item-evidence", kwargs={"pk": item.pk})
    assert client_for(reader_a).get(url).status_code == 404


def test_too_large_evidence_file_is_refused(linked_a, owner_a, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_SIZE = 1024
    item = items_by_key(linked_a)["ARK-001"]

    response = post_assessment(
        client_for(owner_a), item, evidence_file=SimpleUploadedFile("big.txt", b"x" * 1025)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["evidence_file"]
    item = items_by_key(linked_a)["ARK-001"]
    assert (item.status, item.evidence_file.name) == (Status.NOT_ASSESSED, "")
    assert list(tmp_path.iterdir()) == []


def test_a_safe_next_address_is_followed_and_a_foreign_one_ignored(linked_a, owner_a, client_for):
    item = items_by_key(linked_a)["ARK-001"]
    client = client_for(owner_a)
    worklist = reverse("fulfilment:worklist")

    inside = post_assessment(client, item, next=worklist)
    outside = post_assessment(client, item, next="https://evil.example/")

    assert inside["Location"] == worklist
    assert outside["Location"] == matrix_url(linked_a) + f"#item-{item.pk}"


def test_the_percentage_changes_when_requirements_are_assessed(linked_a, owner_a, client_for):
    client = client_for(owner_a)
    items = items_by_key(linked_a)

    before = client.get(matrix_url(linked_a)).context["matrix"].tally
    post_assessment(client, items["ARK-001"], status="met")
    post_assessment(client, items["SIK-001"], status="not_met", comment="Mangler.")
    after = client.get(matrix_url(linked_a)).context["matrix"].tally

    assert (before.percent_met, before.percent_assessed) == (None, 0)
    assert (after.percent_met, after.percent_assessed) == (50, 50)


# --- Linking and picking ----------------------------------------------------------------------


def test_linking_through_the_page_is_idempotent(contract_a, specification_a, owner_a, client_for):
    client = client_for(owner_a)
    url = reverse("fulfilment:contract-link", kwargs={"pk": contract_a.pk})

    assert client.get(url).status_code == 200
    first = client.post(url, {"specification": specification_a.pk})
    second = client.post(url, {"specification": specification_a.pk}, follow=True)

    assert first.status_code == 302
    assert len(items_by_key(contract_a)) == 4
    messages = [str(m) for m in second.context["messages"]]
    assert messages == [
        "4 krav blev føjet til kontrakten; 0 var der allerede.",
        "0 krav blev føjet til kontrakten; 4 var der allerede.",
    ]


def test_another_municipalitys_specification_is_not_offered(
    org_b, bank, contract_a, owner_a, make_member, client_for
):
    specification_b = make_specification(org_b, bank, make_member(org_b))
    url = reverse("fulfilment:contract-link", kwargs={"pk": contract_a.pk})

    response = client_for(owner_a).post(url, {"specification": specification_b.pk})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["specification"]
    assert items_by_key(contract_a) == {}


def test_picking_requirements_from_the_bank(linked_a, bank, owner_a, client_for):
    url = reverse("fulfilment:contract-pick", kwargs={"pk": linked_a.pk})
    client = client_for(owner_a)

    page = client.get(url + f"?category={bank.mobile.pk}")
    response = client.post(url, {"requirements": [bank.requirements["MOB-001"].pk]})

    assert [r.key for r in page.context["page"]] == ["MOB-001"]
    assert response.status_code == 302
    assert sorted(items_by_key(linked_a)) == ["ARK-001", "ARK-002", "MOB-001", "SIK-001", "SIK-003"]


def test_picking_one_requirement_says_so_in_the_singular(linked_a, bank, owner_a, client_for):
    owner_a.language = "en"
    owner_a.save(update_fields=["language"])
    url = reverse("fulfilment:contract-pick", kwargs={"pk": linked_a.pk})

    response = client_for(owner_a).post(
        url, {"requirements": [bank.requirements["MOB-001"].pk]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "1 requirement was added to the contract; 0 were there already."
    ]


def test_picking_nothing_changes_nothing(contract_a, owner_a, client_for):
    url = reverse("fulfilment:contract-pick", kwargs={"pk": contract_a.pk})

    response = client_for(owner_a).post(url, {})

    assert response.status_code == 200
    assert items_by_key(contract_a) == {}


# --- Worklist, portfolio, replaced, dashboard -------------------------------------------------


def test_worklist_shows_the_system_owners_contracts_only(
    org_a, linked_a, specification_a, owner_a, make_member, client_for
):
    other = make_contract(org_a, title="Andet system", system_owner=make_member(org_a))
    link(other, specification_a)
    items = items_by_key(linked_a)
    assess(items["ARK-001"], Status.MET, owner_a)
    assess(
        items["ARK-002"],
        Status.MET,
        owner_a,
        next_review=timezone.localdate() + timedelta(days=1),
    )
    client = client_for(owner_a)

    todo = client.get(reverse("fulfilment:worklist"))
    everything = client.get(reverse("fulfilment:worklist") + "?show=all")

    assert [i.key for i in todo.context["page"]] == ["SIK-001", "SIK-003"]
    assert [i.key for i in everything.context["page"]] == [
        "ARK-002",
        "ARK-001",
        "SIK-001",
        "SIK-003",
    ]
    assert {i.contract_id for i in everything.context["page"]} == {linked_a.pk}


def test_portfolio_by_category_finds_contracts_not_meeting_the_archive_requirements(
    org_a, assessed_a, bank, specification_a, reader_a, client_for
):
    compliant = make_contract(org_a, title="Arkivsystem")
    link(compliant, specification_a)
    for item in items_by_key(compliant).values():
        assess(item, Status.MET)
    url = reverse("fulfilment:portfolio")
    client = client_for(reader_a)

    everything = client.get(url)
    archive_shortfall = client.get(url + f"?category={bank.archive.pk}&only=shortfall")

    rows = {r.title: r.tally for r in everything.context["portfolio"].rows}
    assert rows == {
        "Arkivsystem": Tally(met=4),
        "ESDH-løsning": Tally(met=1, partly=1, not_met=1, waived=1, not_assessed=1),
    }
    assert everything.context["portfolio"].total == Tally(
        met=5, partly=1, not_met=1, waived=1, not_assessed=1
    )
    shortfall = archive_shortfall.context["portfolio"]
    assert [(r.title, r.tally, r.tally.percent_met) for r in shortfall.rows] == [
        ("ESDH-løsning", Tally(met=1, not_met=1), 50)
    ]
    assert shortfall.total == Tally(met=3, not_met=1)


def test_contracts_using_requirements_the_bank_has_replaced(assessed_a, bank, reader_a, client_for):
    from requirements.services import relation_add
    from tests.requirements.factories import publish_new_version

    with scopes_disabled():
        publish_new_version(
            bank.requirements["ARK-001"], author=bank.editor, approver=bank.approver, text="Ny."
        )
        relation_add(
            source=bank.requirements["SIK-002"],
            type="replaces",
            target=bank.requirements["SIK-001"],
        )

    response = client_for(reader_a).get(reverse("fulfilment:replaced"))

    rows = [
        (
            row.item.key,
            row.newer_version.number if row.newer_version else None,
            [r.key for r in row.replaced_by],
        )
        for row in response.context["rows"]
    ]
    assert rows == [("ARK-001", 2, []), ("SIK-001", None, ["SIK-002"])]


def test_dashboard_selector_and_include(linked_a, owner_a, reader_a):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from requirements.fulfilment.selectors import dashboard

    assess(
        items_by_key(linked_a)["ARK-001"],
        Status.MET,
        owner_a,
        next_review=timezone.localdate(),
    )
    today = timezone.localdate()
    with scopes_disabled():
        mine = dashboard(organisation=linked_a.organisation, user=owner_a, today=today)
        readers = dashboard(organisation=linked_a.organisation, user=reader_a, today=today)
        html = render_to_string(
            "fulfilment/_dashboard.html", {"fulfilment": mine}, request=RequestFactory().get("/")
        )

    assert (mine.to_assess, mine.reviews_due) == (3, 1)
    assert [item.key for item in mine.rows] == ["ARK-001", "ARK-002", "SIK-001", "SIK-003"]
    assert (readers.to_assess, readers.reviews_due, readers.rows) == (0, 0, [])
    assert 'data-testid="fulfilment-to-assess-count">3<' in html


def test_contract_page_include_shows_the_summary(assessed_a):
    from django.template.loader import render_to_string

    with scopes_disabled():
        html = render_to_string("fulfilment/_contract_section.html", {"contract": assessed_a})

    assert 'data-testid="percent-met">33 %<' in html
    assert reverse("fulfilment:contract", kwargs={"pk": assessed_a.pk}) in html


def test_contract_page_shows_the_tally_read_with_the_contract(
    assessed_a, org_a, manager_a, client_for, django_assert_max_num_queries
):
    """The worst case of the contract page: linked specification, assessed requirements and
    invoices with deviations. The tally comes with the contract's own query (contract.figures),
    so the page stays within 15 queries."""
    from contracts.invoicing.models import InvoiceDeviation
    from tests.contracts.factories import ContractFactory, SupplierFactory
    from tests.invoicing.factories import InvoiceFactory

    with scopes_disabled():
        for number in range(3):
            invoice = InvoiceFactory(
                organisation=org_a, supplier=assessed_a.supplier, contract=assessed_a,
                number=f"F-{number}", open_deviation_count=1,
            )  # fmt: skip
            InvoiceDeviation.objects.create(
                organisation=org_a, invoice=invoice, kind="duplicate_number",
                message={"da": "Dublet", "en": "Duplicate"}, is_open=True,
                created_at=timezone.now(),
            )  # fmt: skip
        # A history that names other rows (supplier, person, main contract) reads their
        # names in its own query.
        assessed_a.supplier = SupplierFactory(organisation=org_a, name="Ny Leverandør ApS")
        assessed_a.contract_manager = manager_a
        assessed_a.parent = ContractFactory(organisation=org_a, title="Rammeaftale")
        assessed_a.save()
    client = client_for(manager_a)
    url = reverse("contracts:contract-detail", kwargs={"pk": assessed_a.pk})
    client.get(url)  # the guidance aside is cached from the first view on

    with django_assert_max_num_queries(15):
        response = client.get(url)

    summaries = [
        context["summary"]
        for context in response.context
        if hasattr(context.get("summary"), "tally")  # the invoices' summary has none
    ]
    summary = summaries[0]
    assert summary.tally == Tally(met=1, partly=1, not_met=1, waived=1, not_assessed=1)
    assert [s.specification_id for s in summary.specifications]
    assert response.content.decode().count("Dublet") == 3


def test_a_comment_longer_than_the_limit_is_refused_in_danish(linked_a, owner_a, client_for):
    item = items_by_key(linked_a)["SIK-001"]

    response = post_assessment(client_for(owner_a), item, status="partly", comment="x" * 4001)

    assert response.status_code == 200
    assert "højst have 4000 tegn (den har 4001)" in " ".join(
        response.context["form"].errors["comment"]
    )
    item.refresh_from_db()
    assert item.status == FulfilmentItem.Status.NOT_ASSESSED


def test_met_needs_evidence_and_evidence_must_be_a_document(
    linked_a, owner_a, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = items_by_key(linked_a)["SIK-001"]
    client = client_for(owner_a)

    response = post_assessment(client, item, evidence_text="")
    assert "Skriv, hvad der viser, at kravet er opfyldt" in " ".join(
        response.context["form"].errors["evidence_text"]
    )
    program = SimpleUploadedFile("bevis.exe", b"MZ\x90\x00 a program")
    response = post_assessment(client, item, evidence_text="", evidence_file=program)
    assert "bevis.exe er ikke en dokumenttype, vi gemmer" in " ".join(
        response.context["form"].errors["evidence_file"]
    )
    assert items_by_key(linked_a)["SIK-001"].status == Status.NOT_ASSESSED
    assert list(tmp_path.iterdir()) == []

    report = SimpleUploadedFile("testrapport.pdf", b"%PDF-1.4 rapport")
    response = post_assessment(client, item, evidence_text="", evidence_file=report)
    assert response.status_code == 302
    assert items_by_key(linked_a)["SIK-001"].status == Status.MET
    # The file kept is evidence enough for a later save.
    assert (
        post_assessment(client, items_by_key(linked_a)["SIK-001"], evidence_text="").status_code
        == 302
    )


def test_every_mistake_in_an_assessment_shows_at_once(linked_a, owner_a, client_for):
    item = items_by_key(linked_a)["SIK-001"]
    yesterday = timezone.localdate() - timedelta(days=1)

    response = post_assessment(
        client_for(owner_a),
        item,
        status="not_met",
        evidence_url="ikke et link",
        next_review=yesterday.isoformat(),
    )

    assert set(response.context["form"].errors) == {"comment", "evidence_url", "next_review"}


def test_a_review_date_that_passed_does_not_block_saving_something_else(
    linked_a, owner_a, client_for
):
    item = items_by_key(linked_a)["SIK-001"]
    passed = timezone.localdate() - timedelta(days=30)
    with scopes_disabled():
        FulfilmentItem.objects.filter(pk=item.pk).update(next_review=passed)
    client = client_for(owner_a)
    form = client.get(item_url(item)).context["form"]

    response = post_assessment(
        client,
        item,
        status="partly",
        comment="Logning af opslag mangler stadig.",
        next_review=passed.isoformat(),
        seen=form.initial["seen"],
    )

    assert response.status_code == 302
    item = items_by_key(linked_a)["SIK-001"]
    assert (item.comment, item.next_review) == ("Logning af opslag mangler stadig.", passed)
    # A date in the past typed now is still refused.
    answer = post_assessment(
        client, item, status="partly", next_review=(passed - timedelta(days=1)).isoformat()
    )
    assert set(answer.context["form"].errors) == {"next_review"}


def test_a_refused_evidence_field_is_not_also_reported_as_missing_evidence(
    linked_a, owner_a, client_for
):
    item = items_by_key(linked_a)["SIK-001"]

    response = post_assessment(
        client_for(owner_a), item, status="met", evidence_text="", evidence_url="ikke et link"
    )

    assert response.status_code == 200
    assert dict(response.context["form"].errors) == {"evidence_url": ["Indtast en gyldig URL."]}


def test_an_assessment_saved_by_someone_else_meanwhile_is_not_overwritten_unseen(
    linked_a, owner_a, org_a, make_member, client_for
):
    item = items_by_key(linked_a)["ARK-001"]
    colleague = make_member(org_a, Role.CONTRACT_MANAGER, first_name="Bente", last_name="Bak")
    mine, theirs = client_for(owner_a), client_for(colleague)
    opened = mine.get(item_url(item)).context["form"].initial["seen"]
    seen_by_colleague = theirs.get(item_url(item)).context["form"].initial["seen"]
    assert (
        post_assessment(
            theirs, item, status="met", evidence_text="Demonstreret.", seen=seen_by_colleague
        ).status_code
        == 302
    )

    response = post_assessment(mine, item, status="partly", comment="Kun delvist.", seen=opened)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("Bente Bak vurderede kravet ")
    item = items_by_key(linked_a)["ARK-001"]
    assert (item.status, item.evidence_text, item.assessed_by) == (
        "met",
        "Demonstreret.",
        colleague,
    )
    # Having seen theirs, saving again replaces it.
    again = post_assessment(
        mine,
        item,
        status="partly",
        comment="Kun delvist.",
        seen=response.context["form"]["seen"].value(),
    )
    assert again.status_code == 302
    assert items_by_key(linked_a)["ARK-001"].status == "partly"


def test_marking_a_requirement_not_assessed_says_so(linked_a, owner_a, client_for):
    item = items_by_key(linked_a)["ARK-001"]

    response = post_assessment(client_for(owner_a), item, status="not_assessed", follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "ARK-001 er markeret som ikke vurderet."
    ]


def test_picking_a_requirement_no_longer_pickable_says_why(linked_a, bank, owner_a, client_for):
    url = reverse("fulfilment:contract-pick", kwargs={"pk": linked_a.pk})
    # Gone from the bank since the page was opened (as a withdrawn requirement is).
    gone = max(r.pk for r in bank.requirements.values()) + 1000

    response = client_for(owner_a).post(url, {"requirements": [gone]}, follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Et krav, du valgte, kan ikke længere vælges")


def test_a_seen_value_on_an_item_never_assessed_is_no_conflict(linked_a, owner_a, client_for):
    item = items_by_key(linked_a)["ARK-001"]
    assert item.assessed_at is None

    response = post_assessment(client_for(owner_a), item, seen="2026-01-01T00:00:00+00:00")

    assert response.status_code == 302
    assert items_by_key(linked_a)["ARK-001"].status == "met"
