"""Shared fixtures: two municipalities, members with roles, clients signed in as them."""

import os

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_scopes import scopes_disabled

from organisations.models import Organisation
from organisations.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

IN_CI = os.environ.get("CI") == "true"


@pytest.fixture
def org_a(db) -> Organisation:
    return OrganisationFactory(name="Nordby Kommune", slug="nordby")


@pytest.fixture
def org_b(db) -> Organisation:
    return OrganisationFactory(name="Sydhavn Kommune", slug="sydhavn")


@pytest.fixture
def editorial(db) -> Organisation:
    return OrganisationFactory(
        name="Kravsekretariatet", slug="kravsekretariatet", kind=Organisation.Kind.EDITORIAL
    )


@pytest.fixture
def make_member(db):
    """make_member(org, *roles) -> a user holding those roles in org."""

    def make(organisation: Organisation, *roles: str, **user_fields):
        user = UserFactory(**user_fields)
        with scopes_disabled():
            for role in roles or (Role.READER,):
                MembershipFactory(organisation=organisation, user=user, role=role)
        return user

    return make


@pytest.fixture
def client_for():
    """client_for(user) -> a test client signed in as user (force_login: axes blocks login())."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def admin_a(org_a, make_member):
    return make_member(org_a, Role.ADMINISTRATOR)


@pytest.fixture
def all_roles_b(org_b, make_member):
    """A user of municipality B holding every role: the strongest outsider."""
    return make_member(org_b, *Role.values)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing with PBKDF2 dominates tests that create many users; the algorithm is not under test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    # A request activates its user's language in the thread and leaves it active, as Django's
    # LocaleMiddleware does; the next test starts in the default language again.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # A test's database changes are rolled back without the signals that empty the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cache_warnings(monkeypatch) -> list[str]:
    """The warnings the caches log (config.memo, organisations.cache, cms.cache), as they are
    logged: read from the loggers themselves, whatever another test did to logging's handlers."""
    from cms import cache as guidance_cache
    from config import memo
    from organisations import cache as tenant_cache

    logged: list[str] = []
    for module in (memo, tenant_cache, guidance_cache):
        monkeypatch.setattr(
            module.logger, "warning", lambda message, *args, **_kw: logged.append(message % args)
        )
    return logged
