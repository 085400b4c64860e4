"""Fixtures for the requirement bank: two bank editors, a small published bank and a release."""

from dataclasses import dataclass
from datetime import date

import pytest
from django_scopes import scopes_disabled

from organisations.roles import Role
from requirements import services
from requirements.models import BankRelease, Category, Requirement

from .factories import CategoryFactory, published_requirement


@dataclass
class Bank:
    security: Category
    logging: Category
    archive: Category
    log: Requirement  # SIK-001, in security > logging
    encrypt: Requirement  # SIK-002, in security
    archive_req: Requirement  # ARK-001, in archive
    release: BankRelease


@pytest.fixture
def editor(editorial, make_member):
    return make_member(editorial, Role.BANK_EDITOR, username="kirsten")


@pytest.fixture
def second_editor(editorial, make_member):
    return make_member(editorial, Role.BANK_EDITOR, username="kasper")


@pytest.fixture
def bank(editor, second_editor) -> Bank:
    with scopes_disabled():
        security = CategoryFactory(
            key="SIK", name="Informationssikkerhed", name_en="Information security", position=1
        )
        logging = CategoryFactory(
            key="SIK-LOG", name="Logning", name_en="Logging", parent=security, position=2
        )
        archive = CategoryFactory(key="ARK", name="Arkivering", name_en="Archiving", position=0)
        log = published_requirement(
            key="SIK-001", category=logging, author=editor, approver=second_editor
        )
        encrypt = published_requirement(
            key="SIK-002",
            category=security,
            author=editor,
            approver=second_editor,
            tags=("kryptering",),
            title="Kryptering under transport",
            text="Data skal krypteres under transport med TLS 1.2 eller nyere.",
        )
        archive_req = published_requirement(
            key="ARK-001",
            category=archive,
            author=editor,
            approver=second_editor,
            tags=("arkiv",),
            title="Aflevering til arkiv",
            text="Løsningen skal kunne aflevere arkiveringsversioner til Rigsarkivet.",
            kind="award",
        )
        release = services.release_create(
            number="2026.1", released_on=date(2026, 1, 15), note="Første.", actor=second_editor
        )
    return Bank(security, logging, archive, log, encrypt, archive_req, release)


@pytest.fixture
def planner_a(org_a, make_member):
    """A contract manager of municipality A: edits specifications and local requirements."""
    return make_member(org_a, Role.CONTRACT_MANAGER, username="karin")


@pytest.fixture
def specification_a(org_a, bank, planner_a):
    with scopes_disabled():
        return services.specification_create(
            organisation=org_a,
            title="Nyt ESDH-system",
            procurement="Udbud 2026-014",
            release=bank.release,
            categories=[bank.security, bank.archive],
            actor=planner_a,
        )
