"""Writes: linking a contract to its specification or to bank requirements, and assessing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from requirements.fulfilment import services
from requirements.fulfilment.models import ContractSpecification, FulfilmentItem
from tests.requirements.factories import local_requirement, publish_new_version

from .factories import (
    MODIFIED_TEXT,
    assess,
    items_by_key,
    link,
    make_contract,
    make_specification,
)

pytestmark = pytest.mark.django_db
Status = FulfilmentItem.Status


def test_linking_copies_every_included_requirement_with_its_agreed_version_and_text(
    contract_a, specification_a, bank, manager_a
):
    result = link(contract_a, specification_a, manager_a)

    items = items_by_key(contract_a)
    assert (result.added, result.already) == (4, 0)
    assert sorted(items) == ["ARK-001", "ARK-002", "SIK-001", "SIK-003"]
    ark1, ark2, sik3 = items["ARK-001"], items["ARK-002"], items["SIK-003"]
    assert (ark1.title, ark1.text, ark1.modified) == (
        "Aflevering til arkiv",
        "Løsningen skal aflevere til arkiv.",
        False,
    )
    assert (ark2.text, ark2.modified) == (MODIFIED_TEXT, True)
    assert (sik3.kind, sik3.weight) == ("award", 20)
    assert ark1.version_id == bank.requirements["ARK-001"].current_version_id
    assert {item.status for item in items.values()} == {Status.NOT_ASSESSED}
    assert {item.created_by for item in items.values()} == {manager_a}
    assert all(item.specification_item_id for item in items.values())
    with scopes_disabled():
        assert ContractSpecification.objects.filter(contract=contract_a).count() == 1
        assert ark1.history.count() == 1


def test_linking_twice_does_not_duplicate(contract_a, specification_a, manager_a):
    link(contract_a, specification_a, manager_a)
    assess(items_by_key(contract_a)["ARK-001"], Status.MET)

    again = link(contract_a, specification_a, manager_a)

    assert (again.added, again.already) == (0, 4)
    items = items_by_key(contract_a)
    assert len(items) == 4
    assert items["ARK-001"].status == Status.MET
    with scopes_disabled():
        assert ContractSpecification.objects.filter(contract=contract_a).count() == 1


def test_later_bank_versions_do_not_change_the_agreed_text(linked_a, bank):
    requirement = bank.requirements["ARK-001"]
    with scopes_disabled():
        publish_new_version(
            requirement, author=bank.editor, approver=bank.approver, text="Ny tekst fra banken."
        )

    item = items_by_key(linked_a)["ARK-001"]
    assert item.text == "Løsningen skal aflevere til arkiv."
    assert item.version.number == 1


def test_a_specification_of_another_municipality_cannot_be_linked(
    org_b, bank, contract_a, make_member
):
    specification_b = make_specification(org_b, bank, make_member(org_b))

    with pytest.raises(ValidationError):
        link(contract_a, specification_b)

    assert items_by_key(contract_a) == {}
    with scopes_disabled():
        assert not ContractSpecification.objects.exists()


def test_picking_requirements_from_the_bank_uses_their_current_published_version(
    linked_a, bank, owner_a
):
    requirements = [bank.requirements["MOB-001"], bank.requirements["ARK-001"]]
    with scopes_disabled():
        result = services.contract_add_requirements(
            contract=linked_a, requirements=requirements, actor=owner_a
        )

    assert (result.added, result.already) == (1, 1)
    mob = items_by_key(linked_a)["MOB-001"]
    assert (mob.title, mob.text, mob.specification_item_id, mob.modified) == (
        "Offline",
        "Appen skal virke uden net.",
        None,
        False,
    )


def test_picking_another_municipalitys_local_requirement_is_refused(
    org_b, bank, contract_a, make_member
):
    with scopes_disabled():
        foreign = local_requirement(
            organisation=org_b, key="LOK-1", category=bank.archive, actor=make_member(org_b)
        )
        with pytest.raises(ValidationError):
            services.contract_add_requirements(
                contract=contract_a, requirements=[foreign], actor=None
            )

    assert items_by_key(contract_a) == {}


def test_own_local_requirement_can_be_picked(org_a, bank, contract_a, manager_a):
    with scopes_disabled():
        own = local_requirement(
            organisation=org_a, key="LOK-1", category=bank.archive, actor=manager_a
        )
        own.refresh_from_db()
        services.contract_add_requirements(contract=contract_a, requirements=[own], actor=None)

    assert list(items_by_key(contract_a)) == ["LOK-1"]


@pytest.mark.parametrize("status", [Status.NOT_MET, Status.WAIVED])
def test_not_met_and_waived_need_a_comment(linked_a, owner_a, status):
    item = items_by_key(linked_a)["ARK-001"]

    with pytest.raises(ValidationError) as error:
        assess(item, status, owner_a, comment="   ")

    assert list(error.value.message_dict) == ["comment"]
    item = items_by_key(linked_a)["ARK-001"]
    assert (item.status, item.assessed_by, item.assessed_at) == (Status.NOT_ASSESSED, None, None)
    with scopes_disabled():
        assert item.history.count() == 1


# Met needs evidence: test_met_without_evidence_is_refused_by_the_service_and_nothing_changes.
@pytest.mark.parametrize("status", [Status.PARTLY, Status.NOT_ASSESSED])
def test_other_statuses_need_neither_comment_nor_evidence(linked_a, owner_a, status):
    item = assess(items_by_key(linked_a)["ARK-001"], status, owner_a)

    assert item.status == status
    assert (item.comment, item.evidence_text, item.evidence_url, item.evidence_file.name) == (
        "",
        "",
        "",
        "",
    )


def test_assessment_records_who_when_evidence_and_review(linked_a, owner_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = timezone.localdate() + timedelta(days=180)
    item = assess(
        items_by_key(linked_a)["SIK-001"],
        Status.PARTLY,
        owner_a,
        comment="Logning mangler for eksport.",
        evidence_text="Testet ved driftsprøven.",
        evidence_url="https://wiki.example/test-42",
        evidence_file=SimpleUploadedFile("log.txt", b"2026-01-01 opslag"),
        next_review=review,
    )

    item = items_by_key(linked_a)["SIK-001"]
    assert item.status == Status.PARTLY
    assert item.assessed_by == owner_a
    assert item.assessed_at is not None
    assert item.next_review == review
    assert item.evidence_url == "https://wiki.example/test-42"
    assert item.evidence_filename == "log.txt"
    assert item.evidence_file.read() == b"2026-01-01 opslag"
    with scopes_disabled():
        assert [h.status for h in item.history.order_by("history_date")] == [
            Status.NOT_ASSESSED,
            Status.PARTLY,
        ]
        assert item.history.latest().history_user_id == owner_a.pk


def test_a_file_over_the_limit_is_refused_and_nothing_changes(linked_a, owner_a, settings):
    settings.MAX_UPLOAD_SIZE = 10
    item = items_by_key(linked_a)["ARK-001"]

    with pytest.raises(ValidationError) as error:
        assess(item, Status.MET, owner_a, evidence_file=SimpleUploadedFile("big.pdf", b"x" * 11))

    assert list(error.value.message_dict) == ["evidence_file"]
    item = items_by_key(linked_a)["ARK-001"]
    assert (item.status, item.evidence_file.name) == (Status.NOT_ASSESSED, "")


def test_the_service_refuses_a_program_as_evidence(linked_a, owner_a):
    item = items_by_key(linked_a)["ARK-001"]

    with pytest.raises(ValidationError) as error:
        assess(item, Status.MET, owner_a, evidence_file=SimpleUploadedFile("bevis.exe", b"MZ.."))

    assert list(error.value.message_dict) == ["evidence_file"]
    assert items_by_key(linked_a)["ARK-001"].evidence_file.name == ""


def test_next_review_in_the_past_is_refused(linked_a, owner_a):
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        assess(items_by_key(linked_a)["ARK-001"], Status.MET, owner_a, next_review=yesterday)

    assert list(error.value.message_dict) == ["next_review"]
    assert items_by_key(linked_a)["ARK-001"].status == Status.NOT_ASSESSED


def test_the_database_refuses_not_met_without_comment(linked_a):
    from django.db import IntegrityError

    with scopes_disabled(), pytest.raises(IntegrityError):
        FulfilmentItem.objects.filter(contract=linked_a).update(status=Status.NOT_MET)


def test_removing_the_evidence_file(linked_a, owner_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = assess(
        items_by_key(linked_a)["ARK-001"],
        Status.MET,
        owner_a,
        evidence_file=SimpleUploadedFile("a.txt", b"a"),
    )

    assess(item, Status.MET, owner_a, remove_evidence_file=True)

    assert items_by_key(linked_a)["ARK-001"].evidence_file.name == ""


def test_a_deleted_contract_cannot_be_linked(org_a, specification_a):
    contract = make_contract(org_a, is_deleted=True)

    with pytest.raises(ValidationError):
        link(contract, specification_a)

    assert items_by_key(contract) == {}


def test_met_without_evidence_is_refused_by_the_service_and_nothing_changes(linked_a, owner_a):
    item = items_by_key(linked_a)["ARK-001"]
    with pytest.raises(ValidationError) as error, scopes_disabled():
        services.fulfilment_item_assess(item=item, status=Status.MET, actor=owner_a)

    assert list(error.value.message_dict) == ["evidence_text"]
    assert items_by_key(linked_a)["ARK-001"].status == Status.NOT_ASSESSED
