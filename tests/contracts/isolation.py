"""Isolation-test builders for the contract register's id-taking routes."""

from django.core.files.base import ContentFile
from django_scopes import scopes_disabled

from contracts.models import ContractAttachment
from tests.contracts.factories import (
    ContractFactory,
    ContractOptionFactory,
    ITSystemFactory,
    MilestoneFactory,
    SupplierFactory,
)


def contract_in(world) -> dict:
    return {
        "pk": world.once("contract", lambda: ContractFactory(organisation=world.organisation)).pk
    }


def _contract(world):
    return world.once("contract", lambda: ContractFactory(organisation=world.organisation))


def option_in(world) -> dict:
    return {
        "pk": ContractOptionFactory(contract=_contract(world), organisation=world.organisation).pk
    }


def milestone_in(world) -> dict:
    return {"pk": MilestoneFactory(contract=_contract(world), organisation=world.organisation).pk}


def supplier_in(world) -> dict:
    return {"pk": SupplierFactory(organisation=world.organisation).pk}


def system_in(world) -> dict:
    return {"pk": ITSystemFactory(organisation=world.organisation).pk}


def attachment_in(world) -> dict:
    contract = _contract(world)
    with scopes_disabled():
        attachment = ContractAttachment(
            organisation=world.organisation, contract=contract, title="Kontrakt"
        )
        attachment.file.save("kontrakt.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": attachment.pk}


ROUTES = {
    "contracts:contract-detail": contract_in,
    "contracts:contract-edit": contract_in,
    "contracts:contract-notice": contract_in,
    "contracts:contract-delete": contract_in,
    "contracts:attachment-upload": contract_in,
    "contracts:attachment-download": attachment_in,
    "contracts:attachment-remove": attachment_in,
    "contracts:option-exercise": option_in,
    "contracts:milestone-met": milestone_in,
    "contracts:supplier-edit": supplier_in,
    "contracts:system-edit": system_in,
    "api-contract-detail": contract_in,
}
