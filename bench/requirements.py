"""Bench: a 5,000-requirement bank (3 versions each) and 1,000 specifications; queries and times
of the bank search, a category page and a specification page, and PDF/DOCX export of a
500-requirement specification compared with drawing the same text straight onto a canvas.

Run: .venv/bin/python bench/requirements.py  (DATABASE_URL, default the kommuneit_bench database)
"""

import os
import random
import statistics
import sys
import time
from datetime import date
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kommuneit_bench")
os.environ.setdefault("SECURE", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")

import django  # noqa: E402
import environ  # noqa: E402
import psycopg  # noqa: E402


def ensure_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL when it does not exist yet."""
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        password=config["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


ensure_database()
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from organisations.models import Membership, Organisation, User  # noqa: E402
from organisations.roles import Role  # noqa: E402
from requirements import services  # noqa: E402
from requirements.exports import build_document  # noqa: E402
from requirements.exports.pdf import MARGIN, render_pdf  # noqa: E402
from requirements.exports.word import render_docx  # noqa: E402
from requirements.models import (  # noqa: E402
    BankRelease,
    Category,
    Requirement,
    RequirementVersion,
    Specification,
    SpecificationItem,
    Tag,
)

REQUIREMENTS, VERSIONS, SPECIFICATIONS, ITEMS_PER_SPEC, BIG_SPEC = 5000, 3, 1000, 50, 500
MUNICIPALITIES = 20
RUNS = 7
PREFIX = "BENCH"
WORDS = [
    "løsningen",
    "skal",
    "understøtte",
    "kommunens",
    "sikkerhedskopier",
    "logning",
    "kryptering",
    "adgangsstyring",
    "journalisering",
    "arkivering",
    "borgere",
    "medarbejdere",
    "data",
    "integration",
    "serviceplatformen",
    "tilgængelighed",
    "mobil",
    "app",
    "brugerflade",
    "dokumentation",
    "leverandøren",
    "kontrakten",
    "ophør",
    "databehandleraftale",
    "hændelser",
    "rapportering",
    "support",
    "oppetid",
    "svartider",
]
Status = RequirementVersion.Status


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def clear() -> None:
    """Remove an earlier run's rows (only the bench's own, recognisable by their prefix)."""
    with scopes_disabled():
        orgs = Organisation.objects.filter(slug__startswith="bench-krav-")
        SpecificationItem.objects.filter(organisation__in=orgs).delete()
        Specification.objects.filter(organisation__in=orgs).delete()
        BankRelease.objects.filter(number="2099.1").delete()
        requirements = Requirement.objects.filter(key__startswith=PREFIX)
        requirements.update(current_version=None)
        RequirementVersion.objects.filter(requirement__in=requirements).delete()
        requirements.delete()
        Category.objects.filter(key__startswith=PREFIX, parent__isnull=False).delete()
        Category.objects.filter(key__startswith=PREFIX).delete()
        Tag.objects.filter(name__startswith="bench-").delete()


@transaction.atomic
def build() -> tuple[Specification, User, User]:
    rng = random.Random(7)
    with scopes_disabled():
        parents = [
            Category.objects.create(key=f"{PREFIX}{i:02d}", name=f"Område {i}", position=1000 + i)
            for i in range(10)
        ]
        children = [
            Category.objects.create(
                key=f"{PREFIX}{i:02d}-{j}", name=f"Emne {i}.{j}", parent=parent, position=j
            )
            for i, parent in enumerate(parents)
            for j in range(5)
        ]
        tags = Tag.objects.bulk_create(Tag(name=f"bench-{i}") for i in range(40))
        requirements = Requirement.objects.bulk_create(
            Requirement(key=f"{PREFIX}-{n:05d}", category=children[n % len(children)])
            for n in range(REQUIREMENTS)
        )
        through = Requirement.tags.through
        through.objects.bulk_create(
            through(requirement_id=r.pk, tag_id=tags[(n + k) % 40].pk)
            for n, r in enumerate(requirements)
            for k in (0, 7)
        )
        versions = []
        for requirement in requirements:
            for number in range(1, VERSIONS + 1):
                versions.append(
                    RequirementVersion(
                        requirement=requirement,
                        number=number,
                        status=Status.PUBLISHED if number == VERSIONS else Status.SUPERSEDED,
                        title=sentence(rng, 5)[:-1],
                        text=sentence(rng, 45),
                        purpose=sentence(rng, 15),
                        verification=sentence(rng, 10),
                        kind=rng.choice(["minimum", "minimum", "award", "information"]),
                    )
                )
        RequirementVersion.objects.bulk_create(versions, batch_size=2000)
        current = {v.requirement_id: v.pk for v in versions if v.number == VERSIONS}
        for requirement in requirements:
            requirement.current_version_id = current[requirement.pk]
        Requirement.objects.bulk_update(requirements, ["current_version"], batch_size=2000)
        services.index_for_search(current.values())
        release = services.release_create(
            number="2099.1", released_on=date(2099, 1, 1), note="Bench", actor=None
        )
        municipalities = [
            Organisation.objects.get_or_create(
                slug=f"bench-krav-{i}", defaults={"name": f"Benchkommune krav {i}"}
            )[0]
            for i in range(MUNICIPALITIES)
        ]
        user, _created = User.objects.get_or_create(username="bench-krav")
        editor, _created = User.objects.get_or_create(username="bench-krav-editor")
        editorial, _created = Organisation.objects.get_or_create(
            slug="bench-krav-redaktion",
            defaults={"name": "Benchredaktion krav", "kind": Organisation.Kind.EDITORIAL},
        )
        Membership.objects.get_or_create(
            organisation=municipalities[0], user=user, role=Role.CONTRACT_MANAGER
        )
        Membership.objects.get_or_create(organisation=editorial, user=editor, role=Role.BANK_EDITOR)
        entries = list(
            release.entries.filter(requirement__key__startswith=PREFIX).values_list(
                "requirement_id", "version_id"
            )
        )
        specifications = Specification.objects.bulk_create(
            Specification(
                organisation=municipalities[n % MUNICIPALITIES],
                title=f"Bench-udbud {n}",
                release=release,
            )
            for n in range(SPECIFICATIONS)
        )
        items = []
        for n, specification in enumerate(specifications):
            size = BIG_SPEC if n == 0 else ITEMS_PER_SPEC
            start = (n * 37) % (len(entries) - size)
            for requirement_id, version_id in entries[start : start + size]:
                items.append(
                    SpecificationItem(
                        organisation_id=specification.organisation_id,
                        specification=specification,
                        requirement_id=requirement_id,
                        version_id=version_id,
                        kind="minimum",
                        decision="as_is" if n == 0 else rng.choice(["as_is", "undecided"]),
                    )
                )
        SpecificationItem.objects.bulk_create(items, batch_size=5000)
        big = specifications[0]
        big.categories.set(parents)
    return big, user, editor


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)  # warm caches (templates, translations)
    times = []
    queries = 0
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return queries, statistics.median(times)


def canvas_baseline(document) -> float:
    """The same text drawn line by line onto a reportlab canvas, with no layout engine."""
    start = time.perf_counter()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    text_width = width - 2 * MARGIN
    y = height - MARGIN

    def line(text: str, font: str = "Helvetica", size: float = 10) -> None:
        nonlocal y
        if y < MARGIN:
            pdf.showPage()
            y = height - MARGIN
        pdf.setFont(font, size)
        pdf.drawString(MARGIN, y, text)
        y -= size * 1.25

    for section in document.sections:
        line(f"{section.number} {section.title}", "Helvetica-Bold", 12)
        for item in section.items:
            line(f"{item.number} {item.key} {item.title}", "Helvetica-Bold")
            line(item.kind_text, size=8)
            for text in simpleSplit(item.text, "Helvetica", 10, text_width):
                line(text)
    for item in document.included:
        line(f"{item.number}  {item.key}  {item.title}  {item.kind_text}", size=8)
    pdf.save()
    return time.perf_counter() - start


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    clear()
    big, user, editor = build()
    print(
        f"Built {REQUIREMENTS} requirements x {VERSIONS} versions and {SPECIFICATIONS} "
        f"specifications in {time.perf_counter() - started:.1f} s"
    )
    client = Client()
    client.force_login(user)
    editor_client = Client()
    editor_client.force_login(editor)
    pages = [
        ("bank search (reader)", client, "/app/requirements/?q=kryptering"),
        ("bank search (editor)", editor_client, "/app/requirements/?q=kryptering+logning"),
        ("bank list, page 40", client, "/app/requirements/?page=40"),
        ("category page", client, f"/app/requirements/categories/{PREFIX}03/"),
        ("specification page", client, f"/app/requirements/specifications/{big.pk}/"),
        (
            "specification, all undecided",
            client,
            f"/app/requirements/specifications/{big.pk}/?only=undecided",
        ),
    ]
    print(f"\n{'page':32} {'queries':>7} {'median ms':>10}")
    for name, who, url in pages:
        queries, median = measure(who, url)
        print(f"{name:32} {queries:>7} {median * 1000:>10.1f}")

    with scopes_disabled():
        document = build_document(big)
    print(f"\nExport of a {len(document.included)}-requirement specification (median of 3):")
    pdf_times, docx_times, canvas_times = [], [], []
    for _run in range(3):
        start = time.perf_counter()
        pdf = render_pdf(document)
        pdf_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_docx(document)
        docx_times.append(time.perf_counter() - start)
        canvas_times.append(canvas_baseline(document))
    pdf_time, docx_time = statistics.median(pdf_times), statistics.median(docx_times)
    canvas_time = statistics.median(canvas_times)
    print(f"  PDF (platypus, table per page) {pdf_time * 1000:8.0f} ms  ({len(pdf)} bytes)")
    print(f"  same text straight on a canvas {canvas_time * 1000:8.0f} ms")
    print(f"  PDF / canvas ratio             {pdf_time / canvas_time:8.2f}  (target <= 2)")
    print(f"  DOCX                           {docx_time * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
