"""Fixtures for benefits: a fixed today, members by role, a benefit with measurements."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from organisations.roles import Role

TODAY = date(2026, 1, 15)


@pytest.fixture
def today():
    """Pin the clock: statuses depend on the day (the benefit's plan runs 2025-2027)."""
    with time_machine.travel(datetime(2026, 1, 15, 12, tzinfo=UTC), tick=False):
        yield TODAY


@pytest.fixture
def owner_a(org_a, make_member):
    return make_member(org_a, Role.BENEFIT_OWNER, first_name="Gitte", last_name="Gevinstejer")


@pytest.fixture
def reader_a(org_a, make_member):
    return make_member(org_a, Role.READER)
