"""Fixtures for notifications: a fixed day, contracts with deadlines on it, people, mail servers."""

import os
from datetime import date, datetime, time
from time import monotonic, sleep
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_scopes import scopes_disabled

from contracts.deadlines import add_months
from contracts.models import Contract
from contracts.services import contract_deadlines_refresh
from organisations.roles import Role
from tests.conftest import IN_CI
from tests.contracts.factories import ContractFactory

# A Monday; its 30th day after (1 April 2026) is a working day, so no deadline moves.
TODAY = date(2026, 3, 2)


@pytest.fixture
def on_today():
    """The clock stands at 08:00 on TODAY in Copenhagen (and keeps ticking)."""
    moment = datetime.combine(TODAY, time(8), tzinfo=ZoneInfo("Europe/Copenhagen"))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def manager_a(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, first_name="Karin")


@pytest.fixture
def make_contract(org_a):
    """make_contract(notice_due=date, **fields): a contract whose notice deadline is that day.

    With three months' notice and a term ending three months after `notice_due`; its stored
    deadlines are computed as of TODAY.
    """

    def make(*, organisation=None, notice_due: date | None = None, **fields) -> Contract:
        organisation = organisation or org_a
        if notice_due is not None:
            fields.setdefault("term_end", add_months(notice_due, 3))
            fields.setdefault("start_date", add_months(notice_due, -9))
            fields.setdefault("notice_months", 3)
        fields.setdefault("start_date", date(2025, 1, 1))
        fields.setdefault("term_end", None)
        fields.setdefault("notice_months", None)
        contract = ContractFactory(organisation=organisation, refresh_deadlines=False, **fields)
        refresh(contract)
        return contract

    return make


def refresh(contract: Contract, today: date = TODAY) -> None:
    with scopes_disabled():
        contract_deadlines_refresh(contract=Contract.objects.get(pk=contract.pk), today=today)


# --- a real Celery worker on Redis ------------------------------------------------------------


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        if IN_CI:
            pytest.fail("REDIS_URL must be set in CI: the Celery tests need Redis")
        pytest.skip("REDIS_URL is not set (run e.g. REDIS_URL=redis://127.0.0.1:6379/15)")
    return url


@pytest.fixture
def celery_live_worker(redis_url, settings):
    """An embedded worker (solo pool) consuming from Redis, with an empty queue to start."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.broker_url = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=2)
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


@pytest.fixture
def drain(celery_live_worker):
    """drain(): wait until the queue is empty and the worker idle (tasks enqueue tasks)."""
    from celery.worker import state

    from config.celery import app

    def wait(timeout: float = 60.0) -> None:
        stop = monotonic() + timeout
        quiet = 0
        while monotonic() < stop:
            with app.connection_for_write() as connection:
                waiting = connection.default_channel.client.llen(app.conf.task_default_queue)
            busy = len(state.active_requests) + len(state.reserved_requests)
            quiet = quiet + 1 if waiting == 0 and busy == 0 else 0
            if quiet >= 3:
                return
            sleep(0.2)
        raise AssertionError("the Celery worker did not finish its tasks in time")

    return wait
