"""The benefits realisation report: a PDF with the business case, each benefit with its chart
and measurements, and the latest evaluation; built invariant and uncompressed to read its text."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from benefits import selectors, services
from benefits.reports import business_case_report
from tests.benefits.factories import (
    BenefitFactory,
    BusinessCaseFactory,
    InterimTargetFactory,
    MeasurementFactory,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def case(org_a, owner_a, today):
    with scopes_disabled():
        case = BusinessCaseFactory(
            organisation=org_a,
            title="Nyt ESDH-system",
            purpose="Samle sagerne (ét sted)",
            investment_cost=D("3200000"),
            go_live_date=date(2025, 3, 1),
        )
        benefit = BenefitFactory(
            business_case=case, owner=owner_a, title="Kortere sagstid", indicator_unit="min"
        )
        InterimTargetFactory(benefit=benefit, target_date=date(2026, 1, 1), value=D("80"))
        MeasurementFactory(
            benefit=benefit, measured_on=date(2025, 7, 1), value=D("95"), comment="Første måling"
        )
        MeasurementFactory(benefit=benefit, measured_on=date(2026, 1, 1), value=D("82.5"))
        services.benefit_reassess(benefit=benefit)
        BenefitFactory(
            business_case=case, owner=owner_a, title="Ekstra oplæring", kind="disbenefit"
        )
        services.evaluation_create(
            business_case=case,
            evaluated_by=owner_a,
            evaluated_on=date(2026, 1, 10),
            summary="Vi er godt på vej",
            lessons_learned="Mål fra start",
            realised_annual_net_benefit=D("150000"),
            comments={benefit.pk: "Bedre end ventet"},
        )
    return case


def build(case, today):
    with scopes_disabled():
        case = selectors.business_case_detail(organisation=case.organisation).get(pk=case.pk)
        reports = [
            selectors.benefit_report(benefit=benefit, today=today) for benefit in case.live_benefits
        ]
        evaluation = selectors.evaluation_detail(organisation=case.organisation).first()
        return business_case_report(
            business_case=case,
            reports=reports,
            evaluation=evaluation,
            today=today,
            invariant=True,
            compress=False,
        )


def test_report_shows_case_benefits_charts_and_evaluation(case, today):
    with translation.override("da"):
        text = pdf_text(build(case, today))

    for expected in [
        "Gevinstrealiseringsrapport",
        "Nyt ESDH-system",
        "Nordby Kommune · version 1 · udskrevet 15.01.2026",
        "Samle sagerne (ét sted)",
        "3.200.000 kr.",
        "Tilbagebetalingstid",
        "8 år",
        # The benefits table and each benefit's section.
        "Kortere sagstid",
        "Ekstra oplæring (ulempe)",
        "82,5 min",
        "60 min (01.01.2027)",
        "80 min (01.01.2026)",
        "På sporet: 43,8 % af vejen til målet er nået; 50,0 % planlagt pr. 01.01.2026",
        "Første måling",
        # The chart, drawn into the PDF: its title, axis and legend.
        "Kortere sagstid: Minutes per case",
        "Baseline",
        "Planlagt",
        "Målt",
        # The latest evaluation.
        "Evaluering af 10.01.2026",
        "Vi er godt på vej",
        "Mål fra start",
        "150.000 kr.",
        "Bedre end ventet",
        "Side 1",
    ]:
        assert expected in text, expected


def test_report_is_in_the_active_language(case, today):
    with translation.override("en"):
        text = pdf_text(build(case, today))

    assert "Benefits realisation report" in text
    assert "Evaluation of 10/01/2026" in text
    assert "Gevinstrealiseringsrapport" not in text


def test_invariant_report_is_byte_stable(case, today):
    assert build(case, today) == build(case, today)


def test_report_view_downloads_a_pdf(case, reader_a, client_for):
    response = client_for(reader_a).get(reverse("benefits:business-case-report", args=[case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="nyt-esdh-system-2026-01-15.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_a_very_long_measurement_comment_is_cut_not_a_failed_report(case, today):
    """A table row cannot break across pages; a comment longer than a page made reportlab
    refuse the report (and one of half a million characters exhausted the server's memory)."""
    with scopes_disabled():
        benefit = case.benefits.get(title="Kortere sagstid")
        MeasurementFactory(
            benefit=benefit,
            measured_on=date(2025, 10, 1),
            value=D("90"),
            comment="Lang forklaring om målingen. " * 20_000,
        )
    with translation.override("da"):
        text = pdf_text(build(case, today))
    assert "Lang forklaring om målingen." in text
    assert "[…] (afkortet)" in text
