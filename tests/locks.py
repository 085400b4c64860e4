"""Helpers for tests of PostgreSQL row locks: a second session, and a call that must wait."""

import threading
import time

import psycopg
from django.db import connection, connections
from django_scopes import scopes_disabled


def other_connection() -> psycopg.Connection:
    """A second session on the test database, as another process would have."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )


def in_thread(function) -> threading.Thread:
    def run():
        try:
            with scopes_disabled():
                function()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    # Until it waits for the other session's lock: a thread that never waits fails the test,
    # however fast or slow the machine.
    for _attempt in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return thread
        assert thread.is_alive(), "it did not wait for the lock"
        time.sleep(0.05)
    raise AssertionError("it did not wait for the lock in 10 s")
