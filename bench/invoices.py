"""Bench: importing invoice lines (as UBL files and as CSV) into the national data, against COPY.

On the national data of bench/contracts.py (98 municipalities, 100,000 contracts, built there
and reused), writes N invoice lines (10 per invoice, every municipality its share) once as ZIP
archives of OIOUBL 2.1 and Peppol BIS 3 files (at most 1,000 per archive, one upload each) and
once as one CSV export per municipality, then imports each through the import services
(parsing, validation, matching, the deviation rules, invoices, lines, deviations and the stored
per-contract totals), each in a fresh process on empty invoice tables, and prints:

- lines per second of each import, and of PostgreSQL COPY loading the same line rows (already
  built in memory) into a copy of the line table with the same indexes: the floor;
- the peak resident memory of each import process, for a small run and the full run, to show
  that it stays flat as the number of lines grows.

Targets: CSV at least 1/3 and UBL at least 1/6 of COPY's lines per second.

Run: .venv/bin/python bench/invoices.py [--lines 1000000] [--small 100000] [--workdir DIR]
"""

import argparse
import csv
import json
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kommuneit_bench")

import django  # noqa: E402

django.setup()

from django.core.files import File  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from bench.contracts import build_national_data  # noqa: E402
from contracts.invoicing import services  # noqa: E402
from contracts.invoicing.imports import parse_files  # noqa: E402
from contracts.invoicing.models import Invoice, InvoiceDeviation, InvoiceLine  # noqa: E402
from contracts.invoicing.samples import SampleLine, invoice_xml  # noqa: E402
from contracts.invoicing.spreadsheet import guess_mapping  # noqa: E402
from contracts.models import Contract  # noqa: E402
from organisations.models import Organisation  # noqa: E402
from organisations.scoping import tenant  # noqa: E402

LINES_PER_INVOICE = 10
ZIP_ENTRIES = 1000
SEED = 4711
CSV_HEADER = [
    "Fakturanummer", "Bilagstype", "Fakturadato", "CVR", "Leverandør", "Kontrakt",
    "Ordrenummer", "Krediterer faktura", "Periode fra", "Periode til", "Linje", "Varenummer",
    "Tekst", "Antal", "Beløb", "Moms",
]  # fmt: skip
INVOICE_TABLES = [
    "invoicing_invoicedeviation",
    "invoicing_invoiceevent",
    "invoicing_invoiceline",
    "invoicing_contractinvoicedyear",
    "invoicing_supplierreferencematch",
    "invoicing_invoice",
    "invoicing_invoicefile",
    "invoicing_invoiceupload",
]


@dataclass(frozen=True)
class Spec:
    """One invoice or credit note to write, in one municipality."""

    organisation_id: int
    number: str
    kind: str
    dialect: str
    supplier_cvr: str
    supplier_name: str
    issue_date: date
    period_start: date
    period_end: date
    contract_reference: str | None
    order_reference: str | None
    billing_reference: str | None
    lines: tuple[SampleLine, ...]


# --- the invoices ---------------------------------------------------------------------------


def _contracts(organisation_ids: list[int]) -> dict[int, list[tuple]]:
    """Per municipality: (reference, supplier CVR, supplier name, start, end, monthly amount)."""
    today = timezone.localdate()
    with scopes_disabled():
        rows = (
            Contract.objects.filter(
                organisation_id__in=organisation_ids,
                is_deleted=False,
                start_date__lt=today - timedelta(days=31),
            )
            .exclude(status=Contract.Status.DRAFT)
            .order_by("pk")
            .values_list(
                "organisation_id",
                "reference",
                "supplier__cvr",
                "supplier__name",
                "start_date",
                "term_end",
                "annual_value",
            )
        )
        by_organisation: dict[int, list[tuple]] = {}
        for organisation_id, reference, cvr, name, start, end, annual in rows:
            end = min(end or today, today)
            if end <= start:
                continue
            monthly = (annual or Decimal(120_000)) / 12
            by_organisation.setdefault(organisation_id, []).append(
                (reference, cvr, name, start, end, monthly)
            )
    return by_organisation


def invoice_specs(contracts: dict[int, list[tuple]], lines: int, prefix: str) -> Iterator[Spec]:
    """Deterministic invoices, spread over the municipalities by their number of contracts.

    About 3 % are credit notes of an earlier invoice, 5 % carry no contract reference (matched
    by the supplier's only contract, or left unmatched), 1 % come from an unknown supplier and
    some overlap an earlier invoice's period or push a contract over its annual value.
    """
    rng = random.Random(SEED)
    organisations = sorted(contracts)
    weights = [len(contracts[pk]) for pk in organisations]
    last_number: dict[tuple[int, str], str] = {}
    for sequence in range(lines // LINES_PER_INVOICE):
        organisation_id = rng.choices(organisations, weights)[0]
        reference, cvr, name, start, end, monthly = rng.choice(contracts[organisation_id])
        issue = start + timedelta(days=rng.randrange((end - start).days))
        period_start = issue.replace(day=1)
        period_end = (period_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        amount = (monthly * Decimal(rng.uniform(0.6, 1.6)) / LINES_PER_INVOICE).quantize(
            Decimal("0.01")
        )
        kind, billing = "invoice", None
        earlier = last_number.get((organisation_id, reference))
        if earlier and rng.random() < 0.03:
            kind, billing = "credit_note", earlier
        if rng.random() < 0.01:
            cvr = "10000009"  # no such supplier in the bench data
        number = f"{prefix}{sequence:07d}"
        last_number[organisation_id, reference] = number
        yield Spec(
            organisation_id=organisation_id,
            number=number,
            kind=kind,
            dialect="oioubl" if sequence % 2 else "peppol",
            supplier_cvr=cvr,
            supplier_name=name,
            issue_date=issue,
            period_start=period_start,
            period_end=period_end,
            contract_reference=None if rng.random() < 0.05 else reference,
            order_reference=f"PO-{sequence}" if rng.random() < 0.3 else None,
            billing_reference=billing,
            lines=tuple(
                SampleLine(f"ITEM-{k}", f"Licens og drift, del {k}", amount)
                for k in range(LINES_PER_INVOICE)
            ),
        )


def write_ubl(specs: Iterator[Spec], directory: Path) -> int:
    """ZIP archives of at most ZIP_ENTRIES files, per municipality; returns the line count."""
    archives: dict[int, tuple[zipfile.ZipFile, int, int]] = {}
    count = 0
    for spec in specs:
        archive, entries, serial = archives.get(spec.organisation_id, (None, ZIP_ENTRIES, 0))
        if entries >= ZIP_ENTRIES:
            if archive is not None:
                archive.close()
            folder = directory / str(spec.organisation_id)
            folder.mkdir(parents=True, exist_ok=True)
            serial += 1
            path = folder / f"fakturaer-{serial:04d}.zip"
            archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
            entries = 0
        archive.writestr(f"{spec.number}.xml", _xml(spec))
        archives[spec.organisation_id] = (archive, entries + 1, serial)
        count += len(spec.lines)
    for archive, _entries, _serial in archives.values():
        archive.close()
    return count


def _xml(spec: Spec) -> bytes:
    return invoice_xml(
        number=spec.number,
        supplier_cvr=spec.supplier_cvr,
        supplier_name=spec.supplier_name,
        issue_date=spec.issue_date,
        lines=spec.lines,
        kind=spec.kind,
        dialect=spec.dialect,
        contract_reference=spec.contract_reference,
        order_reference=spec.order_reference,
        billing_reference=spec.billing_reference,
        period_start=spec.period_start,
        period_end=spec.period_end,
    )


def write_csv(specs: Iterator[Spec], directory: Path) -> int:
    """One CSV export per municipality (Danish number and date formats); returns lines."""
    handles: dict[int, tuple] = {}
    count = 0
    for spec in specs:
        if spec.organisation_id not in handles:
            folder = directory / str(spec.organisation_id)
            folder.mkdir(parents=True, exist_ok=True)
            handle = open(folder / "eksport.csv", "w", newline="", encoding="utf-8")  # noqa: SIM115
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(CSV_HEADER)
            handles[spec.organisation_id] = (handle, writer)
        _handle, writer = handles[spec.organisation_id]
        head = [
            spec.number,
            "Kreditnota" if spec.kind == "credit_note" else "Faktura",
            spec.issue_date.strftime("%d-%m-%Y"),
            spec.supplier_cvr,
            spec.supplier_name,
            spec.contract_reference or "",
            spec.order_reference or "",
            spec.billing_reference or "",
            spec.period_start.isoformat(),
            spec.period_end.isoformat(),
        ]
        for position, line in enumerate(spec.lines, start=1):
            amount = f"{line.amount:.2f}".replace(".", ",")
            vat = f"{line.amount / 4:.2f}".replace(".", ",")
            writer.writerow([*head, position, line.item_id, line.name, "1", amount, vat])
        count += len(spec.lines)
    for handle, _writer in handles.values():
        handle.close()
    return count


# --- importing (in a child process, so its peak memory is its own) ---------------------------


def _empty_invoice_tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(INVOICE_TABLES)}")


def peak_memory_mb() -> float:
    """The process's peak resident set in MB: VmHWM (reset by exec, unlike ru_maxrss, which a
    child started by subprocess inherits from its parent), else ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_import(kind: str, directory: Path, workers: int = 0) -> dict:
    baseline = peak_memory_mb()
    _empty_invoice_tables()
    pool = None
    if kind == "ubl" and workers:
        # Started (and warmed up) before the clock: a bulk loader keeps its workers running.
        pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=django.setup
        )
        list(pool.map(parse_files, [[]] * workers))
    started, cpu_started = time.perf_counter(), time.process_time()
    rejected = 0
    for folder in sorted(directory.iterdir(), key=lambda path: int(path.name)):
        with scopes_disabled():
            organisation = Organisation.objects.get(pk=int(folder.name))
        with tenant(organisation):
            if kind == "ubl":
                for path in sorted(folder.glob("*.zip")):
                    with path.open("rb") as handle:
                        _upload, results = services.invoices_import_files(
                            organisation=organisation,
                            user=None,
                            files=[File(handle, path.name)],
                            pool=pool,
                        )
                    rejected += sum(1 for result in results if not result.imported)
            else:
                path = folder / "eksport.csv"
                with path.open("rb") as handle:
                    mapping = guess_mapping(CSV_HEADER)
                    _upload, result = services.invoices_import_spreadsheet(
                        organisation=organisation,
                        user=None,
                        stream=handle,
                        filename=path.name,
                        mapping=mapping,
                    )
                if not result.imported:
                    raise SystemExit(f"{path}: {result.message} {result.row_errors[:3]}")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if pool is not None:
        pool.shutdown()
    with scopes_disabled():
        counts = {
            "invoices": Invoice.objects.count(),
            "lines": InvoiceLine.objects.count(),
            "deviations": InvoiceDeviation.objects.count(),
            "unmatched": Invoice.objects.filter(contract__isnull=True).count(),
        }
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "rejected": rejected,
        "rss_baseline_mb": baseline,
        "rss_peak_mb": peak_memory_mb(),
        **counts,
    }


def child(kind: str, directory: Path, workers: int) -> dict:
    """Run one import in a fresh Python process; returns its figures."""
    command = [sys.executable, __file__, "--child", kind, "--workdir", str(directory)]
    completed = subprocess.run(
        [*command, "--workers", str(workers)], capture_output=True, text=True, check=False
    )
    if completed.returncode:
        raise SystemExit(f"The {kind} import failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- the floor ------------------------------------------------------------------------------


def copy_floor(contracts: dict[int, list[tuple]], lines: int, prefix: str) -> float:
    """Seconds for COPY of the same line rows (built beforehand) into a like table."""
    table = "bench_invoice_line_copy"
    columns = (
        "organisation_id, invoice_id, contract_id, position, line_id, item_key, item_name, "
        "sellers_item_id, quantity, unit_code, price, line_amount, period_start, period_end, "
        "is_credit"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(
            f"CREATE TABLE {table} (LIKE invoicing_invoiceline INCLUDING DEFAULTS "
            "INCLUDING INDEXES INCLUDING IDENTITY)"
        )
    seconds = 0.0
    chunk: list[tuple] = []
    specs = invoice_specs(contracts, lines, prefix)
    invoice_id = 0
    while True:
        chunk.clear()
        for spec in specs:
            invoice_id += 1
            for position, line in enumerate(spec.lines, start=1):
                chunk.append(
                    (spec.organisation_id, invoice_id, None, position, str(position),
                     line.item_id, line.name, line.item_id, line.quantity, "EA", line.amount,
                     line.amount, spec.period_start, spec.period_end,
                     spec.kind == "credit_note")
                )  # fmt: skip
            if len(chunk) >= 100_000:
                break
        if not chunk:
            break
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in chunk:
                copy.write_row(row)
        seconds += time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    return seconds


# --- the run --------------------------------------------------------------------------------


def measure(contracts: dict, lines: int, workdir: Path, workers: int) -> dict:
    figures = {}
    for kind, writer in (("csv", write_csv), ("ubl", write_ubl)):
        directory = workdir / f"{kind}-{lines}"
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        started = time.perf_counter()
        written = writer(invoice_specs(contracts, lines, "F"), directory)
        elapsed = time.perf_counter() - started
        print(f"  wrote {written:,} lines as {kind.upper()} in {elapsed:.0f} s")
        figures[kind] = child(kind, directory, workers)
        shutil.rmtree(directory)
        result = figures[kind]
        print(
            f"  {kind.upper():4} import {result['seconds']:7.1f} s  "
            f"{result['lines'] / result['seconds']:>9,.0f} lines/s "
            f"(CPU {result['cpu_seconds']:.0f} s)  peak RSS "
            f"{result['rss_peak_mb']:6.0f} MB (after setup {result['rss_baseline_mb']:.0f} MB)  "
            f"{result['invoices']:,} documents, {result['deviations']:,} deviations, "
            f"{result['unmatched']:,} unmatched"
        )
    floor = copy_floor(contracts, lines, "F")
    figures["copy"] = {"seconds": floor, "lines": lines}
    print(f"  COPY        {floor:7.1f} s  {lines / floor:>9,.0f} lines/s")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines in the full run")
    parser.add_argument("--small", type=int, default=100_000, help="lines in the small run")
    parser.add_argument("--workdir", type=Path, default=None, help="where to write the files")
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="processes that parse UBL files beside the importing one (0: parse in it)",
    )
    parser.add_argument("--child", choices=["csv", "ubl"], help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(run_import(arguments.child, arguments.workdir, arguments.workers)))
        return 0

    data = build_national_data()
    print(
        f"Data: {data['municipalities']} municipalities, {data['contracts']:,} contracts, "
        f"{data['suppliers']:,} suppliers"
    )
    contracts = _contracts(data["organisation_ids"])
    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="invoice-bench-"))
    runs = {}
    for lines in sorted({arguments.small, arguments.lines}):
        print(f"\n{lines:,} invoice lines:")
        runs[lines] = measure(contracts, lines, workdir, arguments.workers)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(INVOICE_TABLES)}")
    if arguments.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)

    full = runs[arguments.lines]
    copy_rate = full["copy"]["lines"] / full["copy"]["seconds"]
    failures = []
    print(f"\nAgainst COPY at {arguments.lines:,} lines ({copy_rate:,.0f} lines/s):")
    for kind, target in (("csv", 1 / 3), ("ubl", 1 / 6)):
        rate = full[kind]["lines"] / full[kind]["seconds"]
        ratio = rate / copy_rate
        verdict = "ok" if ratio >= target else f"MISSED (target >= {target:.2f})"
        print(f"  {kind.upper():4} {rate:>9,.0f} lines/s = {ratio:.2f} of COPY   {verdict}")
        if ratio < target:
            failures.append(f"{kind} at {ratio:.2f} of COPY")
    if arguments.small != arguments.lines:
        small = runs[arguments.small]
        print("Peak memory of the import process (resident set):")
        for kind in ("csv", "ubl"):
            print(
                f"  {kind.upper():4} {arguments.small:>9,} lines: "
                f"{small[kind]['rss_peak_mb']:5.0f} MB   {arguments.lines:>9,} lines: "
                f"{full[kind]['rss_peak_mb']:5.0f} MB"
            )
            if full[kind]["rss_peak_mb"] > small[kind]["rss_peak_mb"] * 1.25 + 20:
                failures.append(f"{kind} memory grows with the lines")
    print("\nAll targets met." if not failures else "\nMissed: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
