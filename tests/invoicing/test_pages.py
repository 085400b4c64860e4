"""The organisation-wide deviation list with its XLSX and PDF exports, the invoice list, a
contract's invoice summary (figures, chart, bounded queries) and the dashboard figures."""

import io
from datetime import date
from decimal import Decimal

import pytest
from defusedxml.minidom import parseString
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from contracts.invoicing import selectors
from contracts.invoicing.models import Invoice
from contracts.invoicing.samples import SampleLine
from tests.invoicing.conftest import upload
from tests.invoicing.factories import xml_file

pytestmark = pytest.mark.django_db


def line(amount: str) -> list[SampleLine]:
    return [SampleLine("LIC-1", "Licens", Decimal(amount))]


@pytest.fixture
def mixed(org_a, manager_a, contract_a, client_for, unscoped):
    """F-1 fine, F-2 without contract (other supplier's CVR), F-3 over the annual value."""
    upload(
        client_for(manager_a),
        xml_file("F-1.xml", contract_reference="K-2024-001", lines=line("100000.00")),
        xml_file("F-2.xml", supplier_cvr="10000009"),
        xml_file(
            "F-3.xml",
            contract_reference="K-2024-001",
            issue_date=date(2025, 6, 1),
            lines=line("200000.00"),
        ),
    )


def test_deviation_list_shows_open_deviations_and_filters(mixed, manager_a, client_for):
    client = client_for(manager_a)

    everything = client.get(reverse("invoicing:deviation-list"))
    by_kind = client.get(reverse("invoicing:deviation-list"), {"kind": "annual_exceeded"})
    by_text = client.get(reverse("invoicing:deviation-list"), {"q": "F-2"})
    by_date = client.get(reverse("invoicing:deviation-list"), {"issued_from": "2025-05-01"})

    def numbers(response):
        return [(d.invoice.number, d.kind) for d in response.context["page"]]

    assert numbers(everything) == [("F-3", "annual_exceeded"), ("F-2", "no_contract")]
    assert numbers(by_kind) == [("F-3", "annual_exceeded")]
    assert numbers(by_text) == [("F-2", "no_contract")]
    assert numbers(by_date) == [("F-3", "annual_exceeded")]


def test_deviation_list_filters_by_supplier(mixed, contract_a, manager_a, client_for):
    response = client_for(manager_a).get(
        reverse("invoicing:deviation-list"), {"supplier": contract_a.supplier_id}
    )

    assert [d.invoice.number for d in response.context["page"]] == ["F-3"]


def test_xlsx_export_has_typed_cells_and_escapes_formulas(org_a, manager_a, client_for, unscoped):
    client = client_for(manager_a)
    upload(client, xml_file("a.xml", number='=HYPERLINK("http://x")', supplier_name="@evil"))
    upload(client, xml_file("b.xml", number="-2+3", supplier_name="+45 Telefoni ApS"))

    response = client.get(reverse("invoicing:deviation-export"), {"kind": "no_contract"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Afvigelse", "Besked", "Fakturanummer")
    assert [row[2] for row in rows[1:]] == ["'-2+3", '\'=HYPERLINK("http://x")']
    assert [row[5] for row in rows[1:]] == ["'+45 Telefoni ApS", "'@evil"]
    assert rows[1][4].date() == date(2025, 3, 1)
    assert rows[1][9] == 1000


def test_pdf_report(mixed, manager_a, client_for):
    response = client_for(manager_a).get(reverse("invoicing:deviation-report"))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_pdf_report_says_which_filters_chose_its_rows(mixed, contract_a, manager_a, client_for):
    from tests.pdf_text import pdf_text

    response = client_for(manager_a).get(
        reverse("invoicing:deviation-report"),
        {
            "kind": "annual_exceeded",
            "supplier": contract_a.supplier_id,
            "issued_from": "2025-05-01",
        },
    )

    text = " ".join(pdf_text(response.content).split())
    assert (
        f"Filtreret efter: Afvigelse: Årsværdien er overskredet · Leverandør: "
        f"{contract_a.supplier.name} · Udstedt fra: 1. maj 2025"
    ) in text


def test_a_reversed_date_range_is_explained_and_the_other_filters_apply(
    mixed, manager_a, client_for
):
    response = client_for(manager_a).get(
        reverse("invoicing:deviation-list"),
        {"kind": "annual_exceeded", "issued_from": "2025-05-01", "issued_to": "2025-01-01"},
    )

    assert response.context["form"].errors == {"issued_to": ["Slutdatoen ligger før startdatoen."]}
    assert 'data-testid="filters-not-applied"' in response.content.decode()
    # The kind and the start still apply; the end, before the start, does not.
    assert [d.invoice.number for d in response.context["page"]] == ["F-3"]
    assert '<option value="" selected>Alle</option>' in response.content.decode()


def test_pdf_report_of_nothing(org_a, manager_a, client_for):
    response = client_for(manager_a).get(reverse("invoicing:deviation-report"))

    assert response.content.startswith(b"%PDF")


def test_invoice_list_filters(mixed, manager_a, contract_a, client_for):
    client = client_for(manager_a)

    def numbers(**query):
        response = client.get(reverse("invoicing:invoice-list"), query)
        return [invoice.number for invoice in response.context["page"]]

    assert numbers() == ["F-3", "F-2", "F-1"]
    assert numbers(matched="no") == ["F-2"]
    assert numbers(deviations="on") == ["F-3", "F-2"]
    assert numbers(contract=contract_a.pk) == ["F-3", "F-1"]
    assert numbers(q="F-1") == ["F-1"]


def test_contract_summary_figures(mixed, contract_a, in_a, settings):
    settings.LANGUAGE_CODE = "en"
    summary = selectors.contract_invoice_summary(contract_a)

    assert [(row.year, row.invoiced, row.share, row.exceeded) for row in summary.years] == [
        (2025, Decimal("300000.0000"), 120, True)
    ]
    assert (summary.total_invoiced, summary.total_value, summary.remaining) == (
        Decimal("300000.0000"),
        Decimal("1000000.00"),
        Decimal("700000.0000"),
    )
    assert (summary.invoice_count, summary.open_deviation_count) == (2, 1)
    assert [invoice.number for invoice in summary.invoices] == ["F-3", "F-1"]
    svg = parseString(summary.chart_svg).documentElement
    assert svg.getAttribute("role") == "img"
    with translation.override("en"):
        assert selectors.contract_invoice_summary(contract_a).chart_svg.count("<desc>") == 1


def test_contract_summary_runs_a_fixed_number_of_queries(
    org_a, manager_a, contract_a, client_for, django_assert_max_num_queries, unscoped
):
    files = [
        xml_file(f"F-{n}.xml", contract_reference="K-2024-001", issue_date=date(2024, 1 + n, 1))
        for n in range(10)
    ]
    upload(client_for(manager_a), *files)

    with django_assert_max_num_queries(5):
        summary = selectors.contract_invoice_summary(contract_a)
        html = render_to_string(
            "invoicing/_contract_invoices.html",
            {"invoice_summary": summary},
            request=RequestFactory().get("/"),
        )

    assert html.count('href="/app/invoices/') >= 10


def test_contract_invoices_page_includes_the_summary(mixed, contract_a, manager_a, client_for):
    response = client_for(manager_a).get(
        reverse("invoicing:contract-invoices", args=[contract_a.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="contract-invoices"' in html
    assert "300.000,00 kr." in html and "700.000,00 kr." in html
    assert 'role="img"' in html


def test_dashboard_counts(mixed, org_a, in_a):
    summary = selectors.dashboard(organisation=org_a)

    assert (summary.open_deviation_count, summary.unmatched_count) == (2, 1)
    assert [(kind, count) for kind, _label, count in summary.by_kind] == [
        ("annual_exceeded", 1),
        ("no_contract", 1),
    ]
    html = render_to_string("invoicing/_dashboard.html", {"invoice_dashboard": summary})
    assert 'data-testid="open-deviations">2<' in html


def test_readers_read_every_page(mixed, contract_a, reader_a, client_for):
    client = client_for(reader_a)
    invoice = Invoice.objects.get(number="F-2")
    urls = [
        reverse("invoicing:invoice-list"),
        reverse("invoicing:unmatched"),
        reverse("invoicing:upload"),
        reverse("invoicing:deviation-list"),
        reverse("invoicing:deviation-export"),
        reverse("invoicing:deviation-report"),
        reverse("invoicing:invoice-detail", args=[invoice.pk]),
        reverse("invoicing:upload-detail", args=[invoice.source.upload_id]),
        reverse("invoicing:contract-invoices", args=[contract_a.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [200] * len(urls)
