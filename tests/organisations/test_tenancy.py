"""Tenancy is enforced: unscoped queries of tenant rows fail loudly; scopes filter."""

import pytest
from django_scopes import ScopeError

from organisations.models import Membership
from organisations.roles import Role
from organisations.scoping import tenant

pytestmark = pytest.mark.django_db


def test_unscoped_query_raises(org_a, make_member):
    make_member(org_a, Role.READER)
    with pytest.raises(ScopeError):
        list(Membership.objects.all())


def test_scope_shows_only_that_organisation(org_a, org_b, make_member):
    user_a = make_member(org_a, Role.READER)
    make_member(org_b, Role.READER)
    with tenant(org_a):
        assert [m.user for m in Membership.objects.all()] == [user_a]


def test_no_organisation_sees_nothing(org_a, make_member):
    make_member(org_a, Role.READER)
    with tenant(None):
        assert Membership.objects.count() == 0
