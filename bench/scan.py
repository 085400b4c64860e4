"""Bench: the daily notification scan at national scale (98 municipalities, 100,000 contracts).

Run: .venv/bin/python bench/scan.py [--rebuild]
The data (PostgreSQL, DATABASE_URL, default the kommuneit_bench database) is built once by
bench/contracts.py's build_national_data and reused. The stored deadlines are refreshed as the
daily job does, then the bench prints, for the scan that creates the notifications: the time, the
Python peak memory, the number of queries and batches, and as the floor the time of one SQL
statement selecting the same due deadlines plus one bulk insert of the same notifications.
Target: the scan takes at most 4x the floor, with queries growing only with the batches.
"""

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# The national data set is built (once, in bulk, lock-safe) by the contract register's bench;
# importing it sets up Django against DATABASE_URL (default: the kommuneit_bench database).
from bench.contracts import build_national_data  # noqa: E402

BATCH_SIZE = 2000
RUNS = 2
# Transaction control that bulk_create adds around each insert is not a query of its own.
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench data")
    parser.add_argument(
        "--no-refresh", action="store_true", help="scan the stored deadlines as they are"
    )
    args = parser.parse_args()
    data = build_national_data(rebuild=args.rebuild)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from contracts.models import ContractDeadline
    from contracts.services import deadlines_refresh_all
    from tasks.models import Notification
    from tasks.services import notifications_scan
    from tasks.sources import SOURCES
    from tasks.sources.contract_deadlines import due_deadlines

    today = timezone.localdate()

    def clear() -> None:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE tasks_notification, tasks_digest")

    print(
        f"Data: {data['municipalities']} municipalities, {data['contracts']:,} contracts"
        + (f" (built in {data['build_seconds']:.0f} s)" if data["build_seconds"] else " (reused)")
    )
    with scopes_disabled():
        started = time.perf_counter()
        refreshed = 0 if args.no_refresh else deadlines_refresh_all(today=today)
        refresh_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        deadlines = ContractDeadline.objects.count()
        open_deadlines = ContractDeadline.objects.filter(done=False).count()

        # Warm-up scan: fills caches and gives the notifications the floor inserts.
        clear()
        notifications_scan(today=today, batch_size=BATCH_SIZE)
        created = list(Notification.objects.all())
        for notification in created:
            notification.pk = None

        # The floor: one statement selecting the same due deadlines, one bulk insert of the rows.
        # Every figure is the best of RUNS runs: the machine is shared and noisy.
        sql, params = due_deadlines(today=today).query.sql_with_params()
        floor_select = floor_insert = scan_seconds = float("inf")
        for _run in range(RUNS):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                selected = len(cursor.fetchall())
            floor_select = min(floor_select, time.perf_counter() - started)
            clear()
            started = time.perf_counter()
            Notification.objects.bulk_create(created)
            floor_insert = min(floor_insert, time.perf_counter() - started)
            for notification in created:
                notification.pk = None
        floor = floor_select + floor_insert

        # The scan into an empty table; then once more with queries and memory traced.
        for _run in range(RUNS):
            clear()
            started = time.perf_counter()
            result = notifications_scan(today=today, batch_size=BATCH_SIZE)
            scan_seconds = min(scan_seconds, time.perf_counter() - started)
        clear()
        tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            notifications_scan(today=today, batch_size=BATCH_SIZE)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # A second run the same day finds every notification already there.
        started = time.perf_counter()
        notifications_scan(today=today, batch_size=BATCH_SIZE)
        rerun_seconds = time.perf_counter() - started
        stored = Notification.objects.count()

    ratio = scan_seconds / floor
    print(f"Database: {connection.vendor}, today {today}")
    print(
        f"Deadlines refreshed:      {refreshed:,} contracts in {refresh_seconds:.1f} s "
        "(the daily job's first step: the contracts' engine, outside the target)"
    )
    print(f"Deadlines stored:         {deadlines:,} ({open_deadlines:,} open)")
    print(f"Due deadlines selected:   {selected:,}")
    print(f"Notifications created:    {stored:,} ({result.due_items:,} due items)")
    print(f"Scan time:                {scan_seconds:.2f} s (best of {RUNS})")
    print(f"Scan peak memory:         {peak / 1024 / 1024:.1f} MiB (Python, tracemalloc)")
    statements = [q for q in queries if not q["sql"].startswith(CONTROL)]
    print(
        f"Scan queries:             {len(statements)} SQL statements in {result.batches} batches"
        f" of {BATCH_SIZE} (+{len(queries) - len(statements)} BEGIN/COMMIT)"
    )
    print(f"Re-run (nothing new):     {rerun_seconds:.2f} s")
    print(f"Floor: select             {floor_select:.2f} s (one statement, same deadlines)")
    print(f"Floor: bulk insert        {floor_insert:.2f} s (one bulk_create, same notifications)")
    print(f"Floor total:              {floor:.2f} s")
    print(f"Scan / floor:             {ratio:.2f}x (target <= 4x)")
    # Per batch: members, fallback contract managers, keys already notified, preferences, the
    # insert; plus the streamed select and a constant per source.
    queries_ok = len(statements) <= 5 * result.batches + 2 * len(SOURCES)
    print(
        f"Queries bounded by batches: {'yes' if queries_ok else 'NO'} "
        f"(<= 5 per batch + 2 per source)"
    )
    if ratio > 4 or not queries_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
