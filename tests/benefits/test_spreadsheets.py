"""XLSX export and import of measurements: formula escaping, preview, all-or-nothing, row errors."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import Workbook, load_workbook

from benefits import spreadsheets
from benefits.models import Benefit, Measurement
from benefits.services import benefit_reassess
from benefits.spreadsheets import _parse_value
from config.spreadsheets import escape_formula, unescape_formula
from organisations.roles import Role
from tests.benefits.factories import BenefitFactory, BusinessCaseFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

D = Decimal
HEADERS_DA = ["Gevinst nr.", "Dato", "Værdi", "Kommentar", "Link til dokumentation"]
HEADERS_EN = ["Benefit no.", "Date", "Value", "Comment", "Evidence link"]


@pytest.fixture
def benefit_a(org_a, owner_a, today):
    case = BusinessCaseFactory(organisation=org_a, title="=Nyt ESDH-system")
    benefit = BenefitFactory(business_case=case, owner=owner_a, title="Kortere sagstid")
    MeasurementFactory(
        benefit=benefit, measured_on=date(2025, 7, 1), value=D("95"), comment="+ god start"
    )
    with scopes_disabled():
        return benefit_reassess(benefit=benefit)


def xlsx(rows, headers=HEADERS_DA) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("maalinger.xlsx", output.getvalue())


def measurements():
    with scopes_disabled():
        return list(
            Measurement.objects.order_by("benefit_id", "measured_on").values_list(
                "benefit_id", "measured_on", "value", "comment"
            )
        )


def sheet_rows(response):
    workbook = load_workbook(BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


# Export ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+45 12", "'+45 12"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Almindelig tekst", "Almindelig tekst"),
        (12, 12),
        (None, None),
    ],
)
def test_escape_formula(value, expected):
    assert escape_formula(value) == expected
    if isinstance(value, str):
        assert unescape_formula(escape_formula(value)) == value


def test_export_escapes_formulas_and_writes_numbers_and_dates(benefit_a, reader_a, client_for):
    response = client_for(reader_a).get(reverse("benefits:measurement-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert sheet_rows(response) == [
        [
            "Gevinst nr.",
            "Business case",
            "Gevinst",
            "Indikator",
            "Enhed",
            "Dato",
            "Værdi",
            "Kommentar",
            "Link til dokumentation",
        ],
        [
            benefit_a.pk,
            "'=Nyt ESDH-system",
            "Kortere sagstid",
            "Minutes per case",
            "minutes",
            datetime(2025, 7, 1),
            95,
            "'+ god start",
            None,
        ],
    ]


def test_export_template_adds_a_row_per_live_benefit(benefit_a, owner_a, client_for):
    other = BenefitFactory(business_case=benefit_a.business_case, owner=owner_a, title="Anden")
    BenefitFactory(business_case=benefit_a.business_case, owner=owner_a, is_deleted=True)

    response = client_for(owner_a).get(reverse("benefits:measurement-export"), {"template": 1})

    rows = sheet_rows(response)
    assert [(row[0], row[2], row[5], row[6]) for row in rows[1:]] == [
        (benefit_a.pk, "Kortere sagstid", datetime(2025, 7, 1), 95),
        (other.pk, "Anden", None, None),
        (benefit_a.pk, "Kortere sagstid", None, None),
    ]


def test_exported_sheet_imports_back_unchanged(benefit_a, owner_a, client_for):
    client = client_for(owner_a)
    exported = client.get(reverse("benefits:measurement-export"))

    response = client.post(
        reverse("benefits:measurement-import"),
        {"file": SimpleUploadedFile("export.xlsx", exported.content)},
    )

    check = response.context["check"]
    assert (check.errors, check.created, check.updated, check.unchanged) == ([], 0, 0, 1)
    assert check.items[0].comment == "+ god start"


# Import ------------------------------------------------------------------------------------


def test_import_previews_then_stores_all_rows(benefit_a, owner_a, client_for, today):
    client = client_for(owner_a)
    before = measurements()
    upload = xlsx(
        [
            [benefit_a.pk, date(2025, 7, 1), "92,5", "Rettet", None],
            [str(benefit_a.pk), "2026-01-10", 81, "", "https://intra.example/maaling"],
            [None, None, None, None, None],  # an empty row is skipped
            [benefit_a.pk, "", "", "", ""],  # so is a template row left empty
        ]
    )

    preview = client.post(reverse("benefits:measurement-import"), {"file": upload})

    assert preview.status_code == 200
    check = preview.context["check"]
    assert check.errors == []
    assert [(i.row, i.measured_on, i.value, i.is_new, i.previous_value) for i in check.items] == [
        (2, date(2025, 7, 1), D("92.5000"), False, D("95.0000")),
        (3, date(2026, 1, 10), D("81.0000"), True, None),
    ]
    assert (check.created, check.updated, check.unchanged) == (1, 1, 0)
    assert measurements() == before  # a preview stores nothing

    stored = client.post(
        reverse("benefits:measurement-import"), {"confirm": preview.context["token"]}
    )

    assert stored.status_code == 302
    assert measurements() == [
        (benefit_a.pk, date(2025, 7, 1), D("92.5000"), "Rettet"),
        (benefit_a.pk, date(2026, 1, 10), D("81.0000"), ""),
    ]
    with scopes_disabled():
        benefit = Benefit.objects.get(pk=benefit_a.pk)
        new = Measurement.objects.get(measured_on=date(2026, 1, 10))
        assert new.history.get().history_user == owner_a
        assert Measurement.history.filter(history_type="~").count() == 1
    assert (benefit.latest_value, benefit.status) == (D("81.0000"), "on_track")
    assert (new.recorded_by, new.evidence_url) == (owner_a, "https://intra.example/maaling")


def test_import_without_comment_and_link_columns_keeps_the_stored_ones(
    benefit_a, owner_a, client_for, today
):
    with scopes_disabled():
        Measurement.objects.filter(benefit=benefit_a).update(
            evidence_url="https://intra.example/rapport"
        )
    client = client_for(owner_a)
    upload = xlsx(
        [[benefit_a.pk, "2025-07-01", 95], [benefit_a.pk, "2026-01-10", 81]],
        headers=["Gevinst nr.", "Dato", "Værdi"],
    )

    preview = client.post(reverse("benefits:measurement-import"), {"file": upload})

    check = preview.context["check"]
    assert (check.errors, check.created, check.updated, check.unchanged) == ([], 1, 0, 1)
    stored = client.post(
        reverse("benefits:measurement-import"), {"confirm": preview.context["token"]}
    )

    assert stored.status_code == 302
    with scopes_disabled():
        assert list(
            Measurement.objects.order_by("measured_on").values_list(
                "measured_on", "value", "comment", "evidence_url"
            )
        ) == [
            (date(2025, 7, 1), D("95.0000"), "+ god start", "https://intra.example/rapport"),
            (date(2026, 1, 10), D("81.0000"), "", ""),
        ]
        assert Measurement.history.filter(history_type="~").count() == 0


@pytest.mark.parametrize(
    ("headers", "cells", "stored"),
    [
        # The value alone is the same: a new comment or link is still a change.
        (["Gevinst nr.", "Dato", "Værdi", "Kommentar"], [95, "Ny kommentar"], ("Ny kommentar", "")),
        (["Gevinst nr.", "Dato", "Værdi", "Kommentar"], [95, None], ("", "")),
        (
            ["Gevinst nr.", "Dato", "Værdi", "Link til dokumentation"],
            [95, "https://intra.example/ny"],
            ("+ god start", "https://intra.example/ny"),
        ),
    ],
)
def test_import_counts_a_changed_comment_or_link_as_a_change(
    benefit_a, owner_a, client_for, today, headers, cells, stored
):
    client = client_for(owner_a)
    upload = xlsx([[benefit_a.pk, "2025-07-01", *cells]], headers=headers)

    preview = client.post(reverse("benefits:measurement-import"), {"file": upload})

    check = preview.context["check"]
    assert (check.errors, check.created, check.updated, check.unchanged) == ([], 0, 1, 0)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(
        reverse("benefits:measurement-import"),
        {"file": xlsx([[benefit_a.pk, "2025-07-01", *cells]], headers=headers)},
    )
    assert "Comment or evidence link changed" in page.content.decode()
    client.post(reverse("benefits:measurement-import"), {"confirm": preview.context["token"]})
    with scopes_disabled():
        assert Measurement.objects.values_list("value", "comment", "evidence_url").get() == (
            D("95.0000"),
            *stored,
        )


def test_import_reports_every_invalid_row_and_stores_nothing(
    benefit_a, org_b, owner_a, client_for, today
):
    foreign = BenefitFactory(business_case__organisation=org_b)
    deleted = BenefitFactory(business_case=benefit_a.business_case, is_deleted=True)
    before = measurements()
    upload = xlsx(
        [
            [benefit_a.pk, "2026-01-02", 80, "", ""],  # valid, yet not stored
            [foreign.pk, "2026-01-02", 80, "", ""],
            [deleted.pk, "2026-01-02", 80, "", ""],
            ["abc", "2026-01-02", 80, "", ""],
            [None, "2026-01-02", 80, "", ""],
            [benefit_a.pk, "2. januar", 80, "", ""],
            [benefit_a.pk, "2026-02-01", 80, "", ""],
            [benefit_a.pk, "2024-12-31", 80, "", ""],
            [benefit_a.pk, "2026-01-03", "mange", "", ""],
            [benefit_a.pk, "2026-01-04", None, "", "ftp://x"],
            [benefit_a.pk, "02-01-2026", 79, "", ""],
            [benefit_a.pk, "2026-01-05", -79, "", ""],
        ]
    )

    response = client_for(owner_a).post(reverse("benefits:measurement-import"), {"file": upload})

    check = response.context["check"]
    assert [(e.row, e.field, e.message) for e in check.errors] == [
        (3, "Gevinst nr.", f"Der er ingen gevinst med nummer “{foreign.pk}” i Nordby Kommune."),
        (4, "Gevinst nr.", f"Der er ingen gevinst med nummer “{deleted.pk}” i Nordby Kommune."),
        (5, "Gevinst nr.", "Der er ingen gevinst med nummer “abc” i Nordby Kommune."),
        (6, "Gevinst nr.", "Angiv gevinstens nummer."),
        (7, "Dato", "“2. januar” er ikke en dato; skriv den som ÅÅÅÅ-MM-DD."),
        (8, "Dato", "En måling kan ikke dateres i fremtiden."),
        (9, "Dato", "En måling kan ikke dateres før baselinedatoen 1. januar 2025."),
        (10, "Værdi", "“mange” er ikke et tal."),
        (11, "Værdi", "Angiv den målte værdi."),
        (
            11,
            "Link til dokumentation",
            "Angiv en webadresse, der begynder med https:// eller http://.",
        ),
        (12, "Dato", "Række 2 giver allerede gevinsten en værdi på denne dag."),
        (
            13,
            "Værdi",
            "Indikatorens værdier kan ikke være negative. Hvis de kan (en ændring, et "
            "nettobeløb), så sæt kryds ved “værdier kan være negative” på gevinsten.",
        ),
    ]
    assert "token" not in response.context
    assert measurements() == before


def test_import_reads_english_headers(benefit_a, owner_a, client_for, today):
    upload = xlsx([[benefit_a.pk, "15.01.2026", "1.234,5", "", ""]], headers=HEADERS_EN)

    response = client_for(owner_a).post(reverse("benefits:measurement-import"), {"file": upload})

    assert [(i.measured_on, i.value) for i in response.context["check"].items] == [
        (date(2026, 1, 15), D("1234.5000"))
    ]


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("850.000", D("850000")),  # a Danish thousands dot
        ("1.234,50", D("1234.5")),
        ("1 234,50", D("1234.5")),
        ("1234,5", D("1234.5")),
        ("1234.5", D("1234.5")),  # a point from an English keyboard
        ("0.500", D("0.5")),  # no number is written 0.500 for five hundred
        ("1,234.50", D("1234.5")),  # English grouping
        ("12,3456", D("12.3456")),
        (0.1 + 0.2, D("0.3")),  # a number cell as it is, without the float's noise
    ],
)
def test_import_reads_numbers_as_danish_finance_users_write_them(
    benefit_a, owner_a, client_for, today, cell, stored
):
    upload = xlsx([[benefit_a.pk, "2026-01-10", cell]])

    response = client_for(owner_a).post(reverse("benefits:measurement-import"), {"file": upload})

    check = response.context["check"]
    assert (check.errors, [item.value for item in check.items]) == ([], [stored])


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12,34567", "“12,34567” has more than 4 decimals."),
        ("1e5", "“1e5” is not a number."),
        ("NaN", "“NaN” is not a number."),
        ("Infinity", "“Infinity” is not a number."),
        ("mange", "“mange” is not a number."),
        (1e30, "The value is too large."),
    ],
)
def test_import_refuses_a_value_it_would_have_to_guess_or_round(
    benefit_a, owner_a, client_for, today, cell, message
):
    client = client_for(owner_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = xlsx([[benefit_a.pk, "2026-01-10", cell]])

    response = client.post(reverse("benefits:measurement-import"), {"file": upload})

    check = response.context["check"]
    assert [(e.row, e.field, e.message) for e in check.errors] == [(2, "Value", message)]
    assert "token" not in response.context


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("x.xlsx", b"not a spreadsheet"),
            "Filen er ikke et XLSX-regneark.",
        ),
        (
            xlsx([], headers=["Gevinst nr.", "Kommentar"]),
            "Første række skal navngive kolonnerne; der mangler: “Dato”, “Værdi”.",
        ),
    ],
)
def test_import_refuses_unreadable_files(benefit_a, owner_a, client_for, upload, message):
    before = measurements()
    response = client_for(owner_a).post(reverse("benefits:measurement-import"), {"file": upload})

    assert response.context["form"].errors == {"file": [message]}
    assert measurements() == before


@pytest.mark.parametrize(
    ("language", "size", "limit"), [("da", "(0,2 MB)", " 0,1 MB."), ("en", "(0.2 MB)", " 0.1 MB.")]
)
def test_a_file_too_large_is_refused_with_sizes_as_the_language_writes_them(
    benefit_a, org_a, make_member, client_for, monkeypatch, language, size, limit
):
    monkeypatch.setattr(spreadsheets, "MAX_FILE_SIZE", 100 * 1024)
    owner = make_member(org_a, Role.BENEFIT_OWNER, language=language)
    before = measurements()

    response = client_for(owner).post(
        reverse("benefits:measurement-import"),
        {"file": SimpleUploadedFile("maalinger.xlsx", bytes(150 * 1024))},
    )

    [refusal] = response.context["form"].errors["file"]
    assert size in refusal
    assert refusal.endswith(limit)
    assert measurements() == before


def test_confirmation_is_checked_again_and_rolls_back_as_a_whole(
    benefit_a, owner_a, client_for, today
):
    other = BenefitFactory(business_case=benefit_a.business_case, owner=owner_a)
    client = client_for(owner_a)
    upload = xlsx([[benefit_a.pk, "2026-01-02", 80, "", ""], [other.pk, "2026-01-02", 70, "", ""]])
    token = client.post(reverse("benefits:measurement-import"), {"file": upload}).context["token"]
    with scopes_disabled():
        Benefit.objects.filter(pk=other.pk).update(is_deleted=True)

    response = client.post(reverse("benefits:measurement-import"), {"confirm": token})

    assert response.status_code == 200
    assert [(e.row, e.field) for e in response.context["check"].errors] == [(3, "Gevinst nr.")]
    assert measurements() == [(benefit_a.pk, date(2025, 7, 1), D("95.0000"), "+ god start")]


def test_a_tampered_or_foreign_confirmation_is_refused(
    benefit_a, owner_a, org_a, make_member, client_for, today
):
    client = client_for(owner_a)
    upload = xlsx([[benefit_a.pk, "2026-01-02", 80, "", ""]])
    token = client.post(reverse("benefits:measurement-import"), {"file": upload}).context["token"]
    payload = signing.loads(token, salt="benefits.measurement-import")
    payload["rows"][0]["cells"]["value"] = "1"
    forged = signing.dumps(payload, salt="other")
    colleague = client_for(make_member(org_a, Role.BENEFIT_OWNER))

    for sender, sent in ((client, forged), (colleague, token)):
        response = sender.post(reverse("benefits:measurement-import"), {"confirm": sent})
        assert response.status_code == 302
        assert response.url == reverse("benefits:measurement-import")
    assert measurements() == [(benefit_a.pk, date(2025, 7, 1), D("95.0000"), "+ god start")]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (3, D("3.0000")),
        (2.5, D("2.5000")),
        (0.1 + 0.2, D("0.3000")),
        ("12,5", D("12.5000")),
        ("1.234,5", D("1234.5000")),
        ("1 234", D("1234.0000")),
        ("-4", D("-4.0000")),
        ("850.000", D("850000")),
        ("1,234.50", D("1234.50")),
        ("abc", None),
        ("NaN", None),
        ("1e5", None),
        (True, None),
    ],
)
def test_parse_value(cell, expected):
    assert _parse_value(cell) == expected
