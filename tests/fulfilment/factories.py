"""Builders for fulfilment tests: a small published bank, a decided specification, contracts."""

from dataclasses import dataclass
from datetime import date

from django_scopes import scopes_disabled

from contracts.models import Contract
from organisations.models import Organisation, User
from requirements import services as requirement_services
from requirements.fulfilment import services
from requirements.fulfilment.models import FulfilmentItem
from requirements.models import BankRelease, Category, Requirement, Specification
from tests.contracts.factories import ContractFactory, SupplierFactory
from tests.requirements.factories import CategoryFactory, published_requirement

MODIFIED_TEXT = "Løsningen skal aflevere metadata med KLE-emne og sagsnummer."


@dataclass
class Bank:
    archive: Category  # ARK
    security: Category  # SIK
    logging: Category  # SIK-LOG, below SIK
    mobile: Category  # MOB
    requirements: dict[str, Requirement]
    release: BankRelease
    editor: User
    approver: User


def make_bank(editor: User, approver: User) -> Bank:
    """Six published shared requirements in four categories, and release 2026.1."""
    with scopes_disabled():
        archive = CategoryFactory(key="ARK", name="Arkivering", name_en="Archiving", position=0)
        security = CategoryFactory(
            key="SIK", name="Informationssikkerhed", name_en="Information security", position=1
        )
        logging = CategoryFactory(
            key="SIK-LOG", name="Logning", name_en="Logging", parent=security, position=2
        )
        mobile = CategoryFactory(key="MOB", name="Mobile løsninger", position=3)
        specs = [
            ("ARK-001", archive, "Aflevering til arkiv", "Løsningen skal aflevere til arkiv."),
            ("ARK-002", archive, "Metadata", "Løsningen skal registrere metadata."),
            ("SIK-001", logging, "Logning af opslag", "Løsningen skal logge alle opslag."),
            ("SIK-002", security, "Kryptering", "Data skal krypteres under transport."),
            ("SIK-003", security, "To-faktor", "Login skal kræve to faktorer."),
            ("MOB-001", mobile, "Offline", "Appen skal virke uden net."),
        ]
        requirements = {
            key: published_requirement(
                key=key,
                category=category,
                author=editor,
                approver=approver,
                title=title,
                text=text,
                kind="award" if key == "SIK-003" else "minimum",
            )
            for key, category, title, text in specs
        }
        release = requirement_services.release_create(
            number="2026.1", released_on=date(2026, 1, 15), note="Første.", actor=approver
        )
    return Bank(archive, security, logging, mobile, requirements, release, editor, approver)


def make_specification(organisation: Organisation, bank: Bank, actor: User) -> Specification:
    """ARK and SIK: ARK-001 as is, ARK-002 modified, SIK-001 as is, SIK-002 excluded, SIK-003
    award criterion as is (weight 20). Four included requirements."""
    with scopes_disabled():
        specification = requirement_services.specification_create(
            organisation=organisation,
            title="Nyt ESDH-system",
            procurement="Udbud 2026-014",
            release=bank.release,
            categories=[bank.archive, bank.security],
            actor=actor,
        )
        decisions = {
            "ARK-001": ("as_is", "", "", "minimum", None),
            "ARK-002": ("modified", "Vores feltliste.", MODIFIED_TEXT, "minimum", None),
            "SIK-001": ("as_is", "", "", "minimum", None),
            "SIK-002": ("excluded", "Dækkes af driftsaftalen.", "", "minimum", None),
            "SIK-003": ("as_is", "", "", "award", 20),
        }
        for item in specification.items.select_related("requirement", "version", "specification"):
            decision, justification, text, kind, weight = decisions[item.requirement.key]
            requirement_services.item_decide(
                item=item,
                decision=decision,
                justification=justification,
                modified_text=text,
                kind=kind,
                weight=weight,
                actor=actor,
            )
    return specification


def make_contract(organisation: Organisation, **fields) -> Contract:
    fields.setdefault("title", "ESDH-løsning")
    if "supplier" not in fields:
        fields["supplier"] = SupplierFactory(organisation=organisation, name="Fjordsoft A/S")
    return ContractFactory(organisation=organisation, **fields)


def link(contract: Contract, specification: Specification, actor: User | None = None):
    with scopes_disabled():
        return services.contract_link_specification(
            contract=contract, specification=specification, actor=actor
        )


def items_by_key(contract: Contract) -> dict[str, FulfilmentItem]:
    with scopes_disabled():
        return {item.key: item for item in FulfilmentItem.objects.filter(contract=contract)}


def assess(item: FulfilmentItem, status: str, actor: User | None = None, **fields):
    if status in FulfilmentItem.COMMENT_REQUIRED:
        fields.setdefault("comment", "Begrundelse.")
    if status == FulfilmentItem.Status.MET and not fields.get("evidence_file"):
        fields.setdefault("evidence_text", "Vist ved afleveringstesten.")
    with scopes_disabled():
        return services.fulfilment_item_assess(item=item, status=status, actor=actor, **fields)
