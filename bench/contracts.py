"""Bench: the contract register at national scale, and what its pages and deadline job cost.

Builds 98 municipalities with 100,000 contracts (about 20,000 suppliers, options, milestones,
IT systems and members) in PostgreSQL with bulk inserts, computes their deadlines, then prints:

- for the dashboard, the contract list (first page and a filtered page) and a contract detail:
  SQL queries per request and the median server time over 60 requests (Django test client,
  signed in as a contract manager of the largest municipality), beside a bare view that lists
  the same 50 rows from one query through the same middleware;
- the time to recompute every contract's deadlines into an empty table (every row written)
  against a plain bulk_create of as many rows, and the time of the daily recompute on stored
  deadlines (it writes only what changed).

Needs PostgreSQL and Redis (the shared cache; CACHE_URL). Run: .venv/bin/python
bench/contracts.py [--rebuild]. The data is reused on later runs. Other
benches build on it: ``from bench.contracts import build_national_data``.
"""

import argparse
import contextlib
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kommuneit_bench")
# As production with several web processes runs (README): a cache they share, here Redis.
os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/1")
# The test client speaks plain HTTP and the templates need no collected static files.
os.environ.setdefault("SECURE", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402
import psycopg  # noqa: E402
from psycopg import errors as pg_errors  # noqa: E402
from psycopg import sql  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection, transaction  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import NoReverseMatch, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.http import urlencode  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from stdnum.dk import cvr as stdnum_cvr  # noqa: E402

from config.urls import urlpatterns as project_urlpatterns  # noqa: E402
from contracts.deadlines import add_months  # noqa: E402
from contracts.models import (  # noqa: E402
    Contract,
    ContractDeadline,
    ContractOption,
    ITSystem,
    Milestone,
    Supplier,
)
from contracts.services import DEADLINE_COLUMNS, deadlines_refresh_all  # noqa: E402
from organisations.models import Membership, Organisation, User  # noqa: E402
from organisations.roles import Role  # noqa: E402

MUNICIPALITIES = 98
CONTRACTS = 100_000
SUPPLIERS = 20_000
# Exact slugs, not a prefix: other benches make organisations called "bench-something" too.
SLUGS = [f"bench-{number:02d}" for number in range(1, MUNICIPALITIES + 1)]
SEED = 2026
# Enough for a stable median on a shared two-core machine, where single requests vary twofold.
RUNS = 60
BATCH = 5_000
# Any PostgreSQL advisory lock key works, as long as every bench building this data uses it.
BUILD_LOCK = 7_320_261

CAPABILITIES = [
    "ESDH",
    "SMS-udsendelse",
    "Økonomi",
    "Løn",
    "Borgerservice",
    "Skoleintra",
    "Dagtilbud",
    "Sundhedsplatform",
    "Byggesag",
    "Vejregister",
    "Booking",
    "Intranet",
    "Telefoni",
    "Print",
    "Netværk",
]
WORDS = ["Drift af", "Licens til", "Support til", "Udvikling af", "Hosting af", "Vedligehold af"]


# --- the database -----------------------------------------------------------------------------


def _admin_connection():
    """A connection to the server's maintenance database: it creates the bench database and
    holds the builders' lock."""
    params = settings.DATABASES["default"]
    if params["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The bench needs PostgreSQL: set DATABASE_URL=postgres://…")
    if "bench" not in params["NAME"]:
        raise SystemExit(f"Refusing to build bench data in {params['NAME']!r} (no 'bench').")
    return psycopg.connect(
        dbname="postgres",
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        autocommit=True,
    )


def _create_database(admin) -> None:
    name = settings.DATABASES["default"]["NAME"]
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        # Another bench (not taking our lock) may create it meanwhile.
        with contextlib.suppress(pg_errors.DuplicateDatabase):
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    call_command("migrate", interactive=False, verbosity=0)


def _delete_bench_data() -> None:
    """Remove what the builder made. Other benches share the database, so it is never dropped:
    the contract register's tables are emptied (with whatever hangs on them, e.g. the invoices
    bench's invoices), then the bench municipalities and their members are deleted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE %s",
            ["contracts\\_%"],
        )
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            cursor.execute(
                "TRUNCATE {} CASCADE".format(", ".join(f'"{table}"' for table in tables))
            )
    with scopes_disabled():
        organisations = Organisation.objects.filter(slug__in=SLUGS)
        Membership.objects.filter(organisation__in=organisations).delete()
        User.objects.filter(username__regex=r"^bench-[0-9]{2}-").delete()
        organisations.delete()


# --- building ---------------------------------------------------------------------------------


def _cvr(n: int) -> str:
    """A valid CVR number for n: seven digits from n and the check digit that fits them."""
    base = 1_000_000 + n * 7
    while True:
        for digit in range(10):
            candidate = f"{base}{digit}"
            if stdnum_cvr.checksum(candidate) == 0:
                return candidate
        base += 1  # no digit fits this base


def _sizes(rng: random.Random, total: int, parts: int) -> list[int]:
    """Municipalities differ in size (Copenhagen holds many more contracts than Læsø)."""
    weights = [rng.lognormvariate(0, 0.6) for _ in range(parts)]
    scale = total / sum(weights)
    sizes = [max(50, int(w * scale)) for w in weights]
    sizes[sizes.index(max(sizes))] += total - sum(sizes)
    return sizes


def _contract(rng: random.Random, organisation, number: int, suppliers, managers, owners, today):
    start = today - timedelta(days=rng.randint(0, 9 * 365))
    open_ended = rng.random() < 0.2
    term_end = None if open_ended else add_months(start, rng.choice([24, 36, 48, 48, 60, 72]))
    notice = rng.choice([None, 1, 3, 3, 6, 6, 12])
    if term_end is not None and notice and add_months(start, notice) > term_end:
        notice = 1
    total = Decimal(rng.randrange(50_000, 20_000_000, 1_000))
    status = rng.choices(
        [
            Contract.Status.ACTIVE,
            Contract.Status.NOTICE_GIVEN,
            Contract.Status.EXPIRED,
            Contract.Status.DRAFT,
            Contract.Status.TERMINATED,
        ],
        weights=[85, 5, 5, 3, 2],
    )[0]
    contract = Contract(
        organisation=organisation,
        title=f"{rng.choice(WORDS)} {rng.choice(CAPABILITIES)} {number}",
        reference=f"{organisation.municipality_code}-{start.year}-{number:05d}",
        supplier=rng.choice(suppliers),
        contract_manager=rng.choice(managers) if rng.random() < 0.9 else None,
        deputy_contract_manager=rng.choice(managers) if rng.random() < 0.3 else None,
        system_owner=rng.choice(owners) if rng.random() < 0.6 else None,
        contract_type=rng.choice(Contract.Type.values),
        template=rng.choice(Contract.Template.values),
        procurement_form=rng.choice(Contract.ProcurementForm.values),
        status=status,
        signed_on=start - timedelta(days=rng.randint(5, 60)),
        start_date=start,
        term_end=term_end,
        irrevocable_until=(
            add_months(start, rng.choice([12, 24, 36])) if rng.random() < 0.3 else None
        ),
        notice_months=notice,
        notice_to_end_of=rng.choice(["", "month", "quarter", "year"]) if notice else "",
        tacit_renewal_months=12 if rng.random() < 0.3 else None,
        total_value=total,
        annual_value=(total / 4).quantize(Decimal("0.01")),
        payment_model=rng.choice(Contract.PaymentModel.values),
        payment_frequency=rng.choice(Contract.PaymentFrequency.values),
        price_regulation_index="Nettoprisindeks" if rng.random() < 0.4 else "",
        reprocurement_lead_months=rng.choice([6, 9, 12, 18]),
    )
    if contract.price_regulation_index:
        contract.price_regulation_date = add_months(start, 12)
    if rng.random() < 0.5:
        contract.dpa_concluded = True
        contract.dpa_date = start
        contract.dpa_oversight_interval_months = 12
        contract.dpa_next_inspection = today + timedelta(days=rng.randint(-60, 365))
    if status in (Contract.Status.NOTICE_GIVEN, Contract.Status.TERMINATED):
        contract.notice_given_on = today - timedelta(days=rng.randint(10, 200))
        contract.termination_effective = contract.notice_given_on + timedelta(days=90)
    return contract


def _bulk(model, rows: list) -> list:
    return model.objects.with_scopes_disabled().bulk_create(rows, batch_size=BATCH)


def _build(rng: random.Random, today: date) -> None:
    password = make_password("bench-password-not-for-use")
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Benchkommune {number:02d}",
                slug=slug,
                municipality_code=f"{100 + number * 8}"[:3],
            )
            for number, slug in enumerate(SLUGS, 1)
        ]
    )
    sizes = _sizes(rng, CONTRACTS, MUNICIPALITIES)

    users, memberships = [], []
    roles = [Role.ADMINISTRATOR] + [Role.CONTRACT_MANAGER] * 6 + [Role.SYSTEM_OWNER] * 4
    roles += [Role.READER]
    for organisation in organisations:
        for index, role in enumerate(roles):
            username = f"{organisation.slug}-{role}-{index}"
            users.append(
                User(
                    username=username,
                    email=f"{username}@bench.invalid",
                    first_name=str(role.label),
                    last_name=str(index),
                    password=password,
                )
            )
    users = User.objects.bulk_create(users, batch_size=BATCH)
    by_organisation: dict[int, dict[str, list]] = {}
    for position, user in enumerate(users):
        organisation = organisations[position // len(roles)]
        role = roles[position % len(roles)]
        memberships.append(Membership(organisation=organisation, user=user, role=role))
        by_organisation.setdefault(organisation.pk, {}).setdefault(role, []).append(user)
    _bulk(Membership, memberships)

    supplier_rows, system_rows = [], []
    for organisation, size in zip(organisations, sizes, strict=True):
        for n in range(max(20, round(SUPPLIERS * size / CONTRACTS))):
            supplier_rows.append(
                Supplier(
                    organisation=organisation,
                    name=f"Leverandør {n} A/S",
                    cvr=_cvr(n),
                    contact_email=f"salg{n}@leverandor.invalid",
                )
            )
        for n in range(max(10, size // 20)):
            system_rows.append(
                ITSystem(
                    organisation=organisation,
                    name=f"System {n}",
                    capability=CAPABILITIES[n % len(CAPABILITIES)],
                )
            )
    suppliers = _bulk(Supplier, supplier_rows)
    systems = _bulk(ITSystem, system_rows)
    suppliers_of: dict[int, list] = {}
    for supplier in suppliers:
        suppliers_of.setdefault(supplier.organisation_id, []).append(supplier)
    systems_of: dict[int, list] = {}
    for system in systems:
        systems_of.setdefault(system.organisation_id, []).append(system)

    contract_rows = []
    for organisation, size in zip(organisations, sizes, strict=True):
        people = by_organisation[organisation.pk]
        for number in range(size):
            contract_rows.append(
                _contract(
                    rng,
                    organisation,
                    number,
                    suppliers_of[organisation.pk],
                    people[Role.CONTRACT_MANAGER],
                    people[Role.SYSTEM_OWNER],
                    today,
                )
            )
    contracts = _bulk(Contract, contract_rows)

    options, milestones, links = [], [], []
    through = Contract.it_systems.through
    for contract in contracts:
        systems = systems_of[contract.organisation_id]
        links.append(through(contract_id=contract.pk, itsystem_id=rng.choice(systems).pk))
        if contract.term_end is not None and rng.random() < 0.2:
            for extra in range(rng.randint(1, 2)):
                options.append(
                    ContractOption(
                        organisation_id=contract.organisation_id,
                        contract_id=contract.pk,
                        length_months=12,
                        exercise_by=add_months(contract.term_end, -6 + 12 * extra),
                    )
                )
        if rng.random() < 0.1:
            for step in range(rng.randint(1, 3)):
                due = contract.start_date + timedelta(days=90 * (step + 1))
                milestones.append(
                    Milestone(
                        organisation_id=contract.organisation_id,
                        contract_id=contract.pk,
                        kind=rng.choice(Milestone.Kind.values),
                        name=f"Milepæl {step + 1}",
                        due_date=due,
                        met_on=due if due < today - timedelta(days=30) else None,
                    )
                )
    through.objects.bulk_create(links, batch_size=BATCH)
    _bulk(ContractOption, options)
    _bulk(Milestone, milestones)


def _summary() -> dict:
    with scopes_disabled():
        organisations = list(
            Organisation.objects.filter(slug__in=SLUGS)
            .order_by("slug")
            .values_list("pk", flat=True)
        )
        return {
            "organisation_ids": organisations,
            "municipalities": len(organisations),
            "contracts": Contract.objects.filter(organisation_id__in=organisations).count(),
            "suppliers": Supplier.objects.filter(organisation_id__in=organisations).count(),
            "options": ContractOption.objects.filter(organisation_id__in=organisations).count(),
            "milestones": Milestone.objects.filter(organisation_id__in=organisations).count(),
            "deadlines": ContractDeadline.objects.filter(organisation_id__in=organisations).count(),
            "users": Membership.objects.filter(organisation_id__in=organisations)
            .values("user")
            .distinct()
            .count(),
        }


def build_national_data(rebuild: bool = False, *, verbose: bool = True) -> dict:
    """Make sure the bench database holds the national data set; returns its ids and counts.

    Returns ``organisation_ids`` (the 98 municipalities), ``municipalities``, ``contracts``,
    ``suppliers``, ``options``, ``milestones``, ``deadlines``, ``users`` and ``build_seconds``
    (0 when the data was already there). The database is created and migrated when needed;
    ``rebuild`` deletes the data first (see _delete_bench_data). Safe to call from several
    processes at once: an advisory lock serialises the builders, and later ones reuse the data.
    """
    say = print if verbose else (lambda *args, **kwargs: None)
    with _admin_connection() as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [BUILD_LOCK])  # released on close
        _create_database(admin)
        if rebuild:
            say("Deleting the previous bench data …")
            _delete_bench_data()
        summary = _summary()
        if (
            summary["municipalities"] == MUNICIPALITIES
            and summary["contracts"] == CONTRACTS
            and summary["deadlines"] > 0
        ):
            return {**summary, "build_seconds": 0.0}
        if summary["municipalities"]:
            say("Found incomplete bench data; deleting it.")
            _delete_bench_data()
        started = time.perf_counter()
        say(f"Building {MUNICIPALITIES} municipalities with {CONTRACTS:,} contracts …")
        with scopes_disabled(), transaction.atomic():
            _build(random.Random(SEED), timezone.localdate())
        built = time.perf_counter()
        say(f"  rows inserted in {built - started:.1f} s; computing deadlines …")
        with scopes_disabled():
            deadlines_refresh_all()
        say(f"  deadlines computed in {time.perf_counter() - built:.1f} s")
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # counts read an index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return {**_summary(), "build_seconds": time.perf_counter() - started}


# --- measuring --------------------------------------------------------------------------------

BARE_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html><body><table>{% for c in rows %}<tr><td>{{ c.title }}</td>"
    "<td>{{ c.reference }}</td><td>{{ c.supplier__name }}</td><td>{{ c.status }}</td>"
    "<td>{{ c.next_deadline_date|default:'' }}</td></tr>{% endfor %}</table></body></html>"
)


def bare_contract_list(request):
    """The floor: the list page's 50 rows from one query, in a minimal template."""
    rows = list(
        Contract.objects.filter(organisation=request.organisation, is_deleted=False)
        .order_by(F("next_deadline_date").asc(nulls_last=True), "title", "pk")
        .values("title", "reference", "supplier__name", "status", "next_deadline_date")[:50]
    )
    return HttpResponse(BARE_TEMPLATE.render({"rows": rows}))


class BenchURLs:
    """The project's URLs plus the bare view (a urlconf may be any object with urlpatterns)."""

    urlpatterns = [path("bench/bare-list/", bare_contract_list), *project_urlpatterns]


SHOW_QUERIES = False


def _queries(client: Client, url: str) -> int:
    for _warm_up in range(2):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    captured = queries.captured_queries  # now: the next request resets the log
    if SHOW_QUERIES:
        print(f"    {url}")
        for query in captured:
            print(f"      {query['time']:>6}s  {query['sql'][:150]}")
    return len(captured)


def _timed(client: Client, url: str) -> float:
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000


def _measure(client: Client, url: str, bare_url: str) -> tuple[float, float]:
    """Median milliseconds of RUNS requests to the page and to the bare view, alternating, so
    that load from other processes on the machine weighs on both alike."""
    page_times, bare_times = [], []
    for _run in range(RUNS):
        page_times.append(_timed(client, url))
        bare_times.append(_timed(client, bare_url))
    return statistics.median(page_times), statistics.median(bare_times)


def measure_pages(data: dict) -> list[str]:
    """Print the pages' figures; returns the failed targets."""
    try:
        reverse("contracts:contract-list")
    except NoReverseMatch:
        print("Pages: contracts:contract-list does not resolve yet; pages not measured.")
        return []
    with scopes_disabled():
        organisation = (
            Organisation.objects.filter(pk__in=data["organisation_ids"])
            .annotate(size=Count("contract"))
            .order_by("-size")
            .first()
        )
        manager = (
            User.objects.filter(
                memberships__organisation=organisation,
                memberships__role=Role.CONTRACT_MANAGER,
            )
            .order_by("pk")
            .first()
        )
        contracts = Contract.objects.filter(organisation=organisation, is_deleted=False)
        # The supplier filter is typed: here a supplier's full name.
        supplier_name = (
            contracts.values("supplier__name")
            .annotate(n=Count("pk"))
            .order_by("-n")[0]["supplier__name"]
        )
        busiest = (
            contracts.annotate(
                n=Count("deadlines", distinct=True) + Count("options", distinct=True)
            )
            .order_by("-n", "pk")
            .first()
        )
        size = contracts.count()
    client = Client()
    client.force_login(manager)
    pages = [
        ("dashboard", reverse("dashboard")),
        ("contract list, first page", reverse("contracts:contract-list")),
        (
            "contract list, filtered",
            reverse("contracts:contract-list")
            + "?"
            + urlencode({"status": "active", "deadline_within": 90, "supplier": supplier_name}),
        ),
        ("contract detail", reverse("contracts:contract-detail", kwargs={"pk": busiest.pk})),
    ]
    failures = []
    bare_url = "/bench/bare-list/"
    # Requests reuse one database connection, as with persistent connections in production.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(ROOT_URLCONF=BenchURLs):
            bare_queries = _queries(client, bare_url)
            print(
                f"\nPages of {organisation.name} ({size:,} contracts), signed in as a contract "
                f"manager; medians of {RUNS} requests, each page alternating with the bare view "
                f"(the list's 50 rows from one query; {bare_queries} queries with the session "
                f"and membership lookups):"
            )
            print(
                "  (a page's content is cached until the organisation's data changes, see\n"
                "  organisations.cache: 'page ms' is a page served as users get it between\n"
                "  changes; 'computed' is the same page with the cache off, as the first request\n"
                "  after a change gets it, and its queries are the ones counted)"
            )
            print(
                f"  {'page':<28}{'queries':>8}{'page ms':>9}{'bare ms':>9}{'ratio':>7}"
                f"{'computed':>10}{'ratio':>7}   targets"
            )
            for name, url in pages:
                with override_settings(TENANT_CACHE=False):
                    queries = _queries(client, url)
                    computed_ms, computed_bare_ms = _measure(client, url, bare_url)
                page_ms, bare_ms = _measure(client, url, bare_url)
                ratio = page_ms / bare_ms
                verdict = []
                if queries > 15:
                    verdict.append("queries > 15")
                if ratio > 2:
                    verdict.append("time > 2x bare")
                failures += [f"{name}: {v}" for v in verdict]
                status = "ok" if not verdict else "MISSED: " + ", ".join(verdict)
                print(
                    f"  {name:<28}{queries:>8}{page_ms:>9.1f}{bare_ms:>9.1f}{ratio:>7.2f}"
                    f"{computed_ms:>10.1f}{computed_ms / computed_bare_ms:>7.2f}   {status}"
                )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return failures


def _vacuum() -> None:
    """Clean up after a recompute as autovacuum would, so that the pages (and the next run) are
    measured on tables in their normal state."""
    with connection.cursor() as cursor:
        for model in (ContractDeadline, Contract):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")  # noqa: S608


def measure_recompute(data: dict) -> list[str]:
    """The recompute with every deadline row to write (the target), then as the daily job finds
    the table: computed already, so that only what changed is written."""
    with scopes_disabled():
        ContractDeadline.objects.all().delete()
        _vacuum()
        started = time.perf_counter()
        contracts = deadlines_refresh_all()
        refresh_seconds = time.perf_counter() - started
        _vacuum()
        started = time.perf_counter()
        deadlines_refresh_all()
        daily_seconds = time.perf_counter() - started
        values = list(ContractDeadline.objects.values_list(*DEADLINE_COLUMNS))
    rows = len(values)
    with transaction.atomic():
        started = time.perf_counter()
        ContractDeadline.objects.with_scopes_disabled().bulk_create(
            [ContractDeadline(**dict(zip(DEADLINE_COLUMNS, row, strict=True))) for row in values],
            batch_size=BATCH,
        )
        plain_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    _vacuum()
    refresh_rate, plain_rate = rows / refresh_seconds, rows / plain_seconds
    ratio = refresh_rate / plain_rate
    print(f"\nDeadline recompute of {contracts:,} contracts ({rows:,} deadline rows):")
    print(f"  deadlines_refresh_all   {refresh_seconds:7.1f} s   {refresh_rate:>9,.0f} rows/s")
    print(f"  plain bulk_create       {plain_seconds:7.1f} s   {plain_rate:>9,.0f} rows/s")
    verdict = "ok" if ratio >= 0.5 else "MISSED (target >= 0.50)"
    print(f"  rate ratio {ratio:.2f} of plain bulk_create   {verdict}")
    print(
        f"  the daily run on stored deadlines (rows that did not change are not written): "
        f"{daily_seconds:.1f} s"
    )
    return [] if ratio >= 0.5 else [f"recompute rate ratio {ratio:.2f} < 0.5"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="delete and rebuild the data")
    parser.add_argument("--skip-pages", action="store_true", help="do not measure the pages")
    parser.add_argument(
        "--show-queries", action="store_true", help="print each page's SQL statements"
    )
    parser.add_argument(
        "--skip-recompute", action="store_true", help="do not time the deadline recompute"
    )
    arguments = parser.parse_args()
    global SHOW_QUERIES
    SHOW_QUERIES = arguments.show_queries
    data = build_national_data(rebuild=arguments.rebuild)
    print(
        f"Data: {data['municipalities']} municipalities, {data['contracts']:,} contracts, "
        f"{data['suppliers']:,} suppliers, {data['options']:,} options, "
        f"{data['milestones']:,} milestones, {data['deadlines']:,} deadlines, "
        f"{data['users']:,} members"
        + (f" (built in {data['build_seconds']:.0f} s)" if data["build_seconds"] else " (reused)")
    )
    failures = [] if arguments.skip_recompute else measure_recompute(data)
    if not arguments.skip_pages:
        failures += measure_pages(data)
    print("\nAll targets met." if not failures else "\nMissed: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
