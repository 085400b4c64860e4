"""Views: who may read and change, forms with their validation, the overview's filters and
bounded queries, the chart in the page, evidence files, evaluations."""

import re
from datetime import date
from decimal import Decimal

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from benefits.charts import MEASUREMENT_CLASS
from benefits.models import Benefit, BusinessCase, Evaluation, InterimTarget, Measurement
from benefits.services import benefit_reassess
from organisations.roles import Role
from tests.benefits.factories import (
    BenefitFactory,
    BusinessCaseFactory,
    InterimTargetFactory,
    MeasurementFactory,
)
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

D = Decimal


def reassess(benefit):
    with scopes_disabled():
        return benefit_reassess(benefit=benefit)


def markers(html: str) -> int:
    return len(re.findall(rf'class="{MEASUREMENT_CLASS}"', html))


@pytest.fixture
def case_a(org_a, today):
    return BusinessCaseFactory(
        organisation=org_a, title="Fælles SMS-platform", go_live_date=date(2025, 3, 1)
    )


@pytest.fixture
def benefit_a(case_a, owner_a):
    benefit = BenefitFactory(business_case=case_a, owner=owner_a, title="Færre SMS-løsninger")
    InterimTargetFactory(benefit=benefit, target_date=date(2026, 1, 1), value=D("80"))
    MeasurementFactory(benefit=benefit, measured_on=date(2025, 7, 1), value=D("95"))
    return reassess(benefit)


def benefit_post(owner, **changes):
    data = {
        "kind": "benefit",
        "title": "Kortere svartid",
        "description": "",
        "category": "non_cash",
        "owner": owner.pk,
        "responsible": "",
        "prerequisites": "",
        "indicator_name": "Dage",
        "indicator_unit": "dage",
        "indicator_data_source": "",
        "direction": "lower",
        "baseline_value": "10",
        "baseline_date": "2025-01-01",
        "target_value": "5",
        "target_date": "2026-12-31",
        "measurement_frequency_months": "3",
        "interim-TOTAL_FORMS": "2",
        "interim-INITIAL_FORMS": "0",
        "interim-MIN_NUM_FORMS": "0",
        "interim-MAX_NUM_FORMS": "1000",
        "interim-0-target_date": "2025-12-31",
        "interim-0-value": "7",
        "interim-1-target_date": "",
        "interim-1-value": "",
    }
    return data | changes


# Who may read and change -------------------------------------------------------------------


def test_every_member_reads(benefit_a, case_a, reader_a, client_for):
    with scopes_disabled():
        evaluation = Evaluation.objects.create(
            organisation=case_a.organisation,
            business_case=case_a,
            evaluated_on=date(2025, 12, 1),
            summary="Godt",
            expected_annual_net_benefit=D("1"),
            business_case_version=1,
        )
    client = client_for(reader_a)
    urls = [
        reverse("benefits:benefit-list"),
        reverse("benefits:business-case-list"),
        reverse("benefits:business-case-detail", args=[case_a.pk]),
        reverse("benefits:business-case-history", args=[case_a.pk]),
        reverse("benefits:business-case-report", args=[case_a.pk]),
        reverse("benefits:benefit-detail", args=[benefit_a.pk]),
        reverse("benefits:evaluation-detail", args=[evaluation.pk]),
        reverse("benefits:measurement-export"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("benefits:benefit-detail", args=[benefit_a.pk])).content.decode()
    # Readers see no form to record measurements and no links to change anything.
    assert 'id="record"' not in page
    assert reverse("benefits:benefit-edit", args=[benefit_a.pk]) not in page


@pytest.mark.parametrize("role", [Role.READER, Role.CONTRACT_MANAGER, Role.SYSTEM_OWNER])
def test_roles_without_change_benefits_are_refused(
    role, benefit_a, case_a, org_a, make_member, client_for
):
    client = client_for(make_member(org_a, role))
    with scopes_disabled():
        measurement = Measurement.objects.get()
    urls = [
        reverse("benefits:business-case-create"),
        reverse("benefits:business-case-edit", args=[case_a.pk]),
        reverse("benefits:benefit-create", args=[case_a.pk]),
        reverse("benefits:benefit-edit", args=[benefit_a.pk]),
        reverse("benefits:benefit-delete", args=[benefit_a.pk]),
        reverse("benefits:measurement-create", args=[benefit_a.pk]),
        reverse("benefits:measurement-delete", args=[measurement.pk]),
        reverse("benefits:measurement-import"),
        reverse("benefits:evaluation-create", args=[case_a.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"measured_on": "2026-01-01", "value": "1"}).status_code == 403
    with scopes_disabled():
        assert Measurement.objects.count() == 1
        assert not Benefit.objects.get().is_deleted


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.BENEFIT_OWNER])
def test_change_benefits_roles_may_change(role, benefit_a, case_a, org_a, make_member, client_for):
    client = client_for(make_member(org_a, role))
    for url in [
        reverse("benefits:business-case-create"),
        reverse("benefits:business-case-edit", args=[case_a.pk]),
        reverse("benefits:benefit-create", args=[case_a.pk]),
        reverse("benefits:benefit-edit", args=[benefit_a.pk]),
        reverse("benefits:measurement-import"),
        reverse("benefits:evaluation-create", args=[case_a.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_another_municipalitys_business_case_is_not_exported(case_a, all_roles_b, client_for):
    response = client_for(all_roles_b).get(
        reverse("benefits:measurement-export"), {"business_case": case_a.pk}
    )
    assert response.status_code == 404


# Overview ----------------------------------------------------------------------------------


def test_overview_filters_by_status_owner_case_and_overdue(
    org_a, owner_a, make_member, client_for, today
):
    colleague = make_member(org_a, Role.BENEFIT_OWNER)
    sms = BusinessCaseFactory(organisation=org_a, title="SMS")
    esdh = BusinessCaseFactory(organisation=org_a, title="ESDH")
    off = BenefitFactory(
        business_case=sms,
        owner=owner_a,
        title="Off",
        status="off_track",
        next_measurement_due=date(2026, 1, 1),
    )
    on = BenefitFactory(
        business_case=esdh,
        owner=colleague,
        title="On",
        status="on_track",
        next_measurement_due=date(2026, 2, 1),
    )
    late = BenefitFactory(
        business_case=esdh,
        owner=owner_a,
        title="Late",
        status="on_track",
        next_measurement_due=date(2025, 12, 1),
    )
    BenefitFactory(business_case=esdh, owner=owner_a, title="Deleted", is_deleted=True)
    client = client_for(owner_a)

    def shown(**params):
        response = client.get(reverse("benefits:benefit-list"), params)
        assert response.status_code == 200
        return [benefit.title for benefit in response.context["page"]]

    assert shown() == [late.title, off.title, on.title]
    assert shown(status="off_track") == ["Off"]
    assert shown(owner=owner_a.pk) == ["Late", "Off"]
    assert shown(business_case=esdh.pk) == ["Late", "On"]
    assert shown(overdue="on") == ["Late", "Off"]
    assert shown(status="on_track", owner=owner_a.pk, overdue="on") == ["Late"]


def test_overview_paginates_in_bounded_queries(
    org_a, owner_a, client_for, django_assert_max_num_queries, today
):
    case = BusinessCaseFactory(organisation=org_a)
    for number in range(55):
        BenefitFactory(business_case=case, owner=owner_a, title=f"Gevinst {number:02}")
    client = client_for(owner_a)

    with django_assert_max_num_queries(16):
        first = client.get(reverse("benefits:benefit-list"))
    second = client.get(reverse("benefits:benefit-list"), {"page": 2})

    assert len(first.context["page"]) == 50
    assert [benefit.title for benefit in second.context["page"]] == [
        f"Gevinst {number:02}" for number in range(50, 55)
    ]
    with django_assert_max_num_queries(16):
        client.get(reverse("benefits:business-case-detail", args=[case.pk]))


# Business cases ----------------------------------------------------------------------------


def test_business_case_is_created_and_versioned_through_the_form(org_a, owner_a, client_for):
    contract = ContractFactory(organisation=org_a, title="SMS-gateway", reference="")
    client = client_for(owner_a)
    data = {
        "title": "Fælles SMS-platform",
        "purpose": "Én SMS-løsning i stedet for ni",
        "scope": "",
        "investment_cost": "500000",
        "annual_running_cost": "120000",
        "expected_annual_net_benefit": "350000",
        "owner": owner_a.pk,
        "go_live_date": "",
        "contracts": [contract.pk],
        "change_note": "",
    }
    response = client.post(reverse("benefits:business-case-create"), data)
    with scopes_disabled():
        case = BusinessCase.objects.get()
        assert list(case.contracts.all()) == [contract]
    assert response.status_code == 302
    assert response.url == reverse("benefits:business-case-detail", args=[case.pk])

    edit = reverse("benefits:business-case-edit", args=[case.pk])
    refused = client.post(edit, data | {"investment_cost": "650000"})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"change_note": ["Feltet skal udfyldes."]}
    with scopes_disabled():
        case.refresh_from_db()
    assert (case.version, case.investment_cost) == (1, D("500000.00"))

    saved = client.post(edit, data | {"investment_cost": "650000", "change_note": "Nyt tilbud"})
    assert saved.status_code == 302
    page = client.get(reverse("benefits:business-case-detail", args=[case.pk])).content.decode()
    assert 'data-testid="previous-investment">500.000 kr.<' in page
    assert 'data-testid="investment">650.000 kr.<' in page
    assert "Nyt tilbud" in page
    history = client.get(reverse("benefits:business-case-history", args=[case.pk]))
    assert [v.record.version for v in history.context["versions"]] == [2, 1]


def test_business_case_form_offers_only_own_contracts(org_a, org_b, owner_a, client_for):
    own = ContractFactory(organisation=org_a)
    ContractFactory(organisation=org_b)

    response = client_for(owner_a).get(reverse("benefits:business-case-create"))

    assert list(response.context["form"].fields["contracts"].queryset) == [own]


# Benefits ----------------------------------------------------------------------------------


def test_benefit_is_created_with_interim_targets(case_a, owner_a, client_for, today):
    response = client_for(owner_a).post(
        reverse("benefits:benefit-create", args=[case_a.pk]), benefit_post(owner_a)
    )

    with scopes_disabled():
        benefit = Benefit.objects.get()
        interim = list(InterimTarget.objects.values_list("target_date", "value"))
    assert response.status_code == 302
    assert response.url == reverse("benefits:benefit-detail", args=[benefit.pk])
    assert (benefit.business_case, benefit.owner, benefit.status) == (
        case_a,
        owner_a,
        "not_started",
    )
    assert interim == [(date(2025, 12, 31), D("7.0000"))]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"target_date": "2024-12-31"},
            "target_date",
            "Måldatoen skal ligge efter baselinedatoen.",
        ),
        (
            {"target_value": "12"},
            "target_value",
            "Målet ligger på den dårlige side af baseline: med “Lavere er bedre” skal målet "
            "være mindst lige så godt som baseline.",
        ),
        (
            {"interim-0-target_date": "2027-02-01"},
            "interim",
            "Delmål skal ligge mellem baselinedatoen 01.01.2025 og måldatoen 31.12.2026; det gør "
            "01.02.2027 ikke.",
        ),
        (
            {"interim-1-target_date": "2025-12-31", "interim-1-value": "8"},
            "interim",
            "To delmål ligger på samme dag.",
        ),
    ],
)
def test_benefit_form_validates_the_plan(case_a, owner_a, client_for, changes, field, message):
    response = client_for(owner_a).post(
        reverse("benefits:benefit-create", args=[case_a.pk]), benefit_post(owner_a, **changes)
    )

    assert response.status_code == 200
    if field == "interim":
        assert list(response.context["formset"].non_form_errors()) == [message]
    else:
        assert response.context["form"].errors == {field: [message]}
    with scopes_disabled():
        assert not Benefit.objects.exists()
        assert not InterimTarget.objects.exists()


def test_benefit_owner_choices_hold_the_benefit_owner_role(
    case_a, owner_a, org_a, make_member, client_for
):
    make_member(org_a, Role.READER)
    admin = make_member(org_a, Role.ADMINISTRATOR)

    form = (
        client_for(admin).get(reverse("benefits:benefit-create", args=[case_a.pk])).context["form"]
    )

    assert list(form.fields["owner"].queryset) == [owner_a]
    refused = client_for(admin).post(
        reverse("benefits:benefit-create", args=[case_a.pk]), benefit_post(admin)
    )
    assert list(refused.context["form"].errors) == ["owner"]


def test_benefit_edit_keeps_and_changes_interim_targets(benefit_a, owner_a, client_for, today):
    with scopes_disabled():
        existing = InterimTarget.objects.get()
    data = benefit_post(
        owner_a,
        title="Nyt navn",
        baseline_value="100",
        target_value="60",
        target_date="2027-01-01",
        **{
            "interim-TOTAL_FORMS": "2",
            "interim-INITIAL_FORMS": "1",
            "interim-0-id": existing.pk,
            "interim-0-target_date": "2026-01-01",
            "interim-0-value": "85",
            "interim-1-target_date": "2026-06-01",
            "interim-1-value": "75",
        },
    )

    response = client_for(owner_a).post(reverse("benefits:benefit-edit", args=[benefit_a.pk]), data)

    assert response.status_code == 302
    with scopes_disabled():
        assert list(InterimTarget.objects.values_list("target_date", "value")) == [
            (date(2026, 1, 1), D("85.0000")),
            (date(2026, 6, 1), D("75.0000")),
        ]
        assert Benefit.objects.get().title == "Nyt navn"


def test_the_baseline_date_cannot_move_past_a_measurement(
    benefit_a, owner_a, client_for, settings, today
):
    client = client_for(owner_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("benefits:benefit-edit", args=[benefit_a.pk])
    data = benefit_post(
        owner_a,
        baseline_value="100",
        target_value="60",
        target_date="2027-01-01",
        **{"interim-0-target_date": "2026-01-01", "interim-0-value": "80"},
    )

    refused = client.post(url, data | {"baseline_date": "2025-07-02"})

    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "baseline_date": [
            "The first measurement is dated 1 Jul 2025; the baseline date cannot come after it."
        ]
    }
    with scopes_disabled():
        assert Benefit.objects.get().baseline_date == date(2025, 1, 1)
    # On the day of the first measurement, or before it, the baseline may move.
    assert client.post(url, data | {"baseline_date": "2025-07-01"}).status_code == 302
    with scopes_disabled():
        assert Benefit.objects.get().baseline_date == date(2025, 7, 1)


def test_benefit_delete_is_soft(benefit_a, owner_a, client_for):
    client = client_for(owner_a)
    url = reverse("benefits:benefit-delete", args=[benefit_a.pk])

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    with scopes_disabled():
        assert Benefit.objects.get().is_deleted
        assert Measurement.objects.count() == 1
    assert client.get(reverse("benefits:benefit-detail", args=[benefit_a.pk])).status_code == 404


# Measurements and the chart ---------------------------------------------------------------


def test_benefit_page_shows_status_reason_and_chart_points(
    benefit_a, reader_a, client_for, django_assert_max_num_queries
):
    MeasurementFactory(benefit=benefit_a, measured_on=date(2026, 1, 1), value=D("82"))
    for day in range(2, 12):
        MeasurementFactory(benefit=benefit_a, measured_on=date(2025, 8, day), value=D("94"))
    reassess(benefit_a)
    client = client_for(reader_a)

    with django_assert_max_num_queries(15):  # the page includes contextual guidance
        response = client.get(reverse("benefits:benefit-detail", args=[benefit_a.pk]))
    page = response.content.decode()

    assert response.context["report"].assessment.status == "on_track"
    assert 'data-status="on_track"' in page
    assert markers(page) == 12
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg
    assert 'aria-label="Færre SMS-løsninger: Minutes per case"' in svg
    assert "<desc>" in svg
    rows = response.context["report"].rows
    assert [(row.measurement.value, row.achievement, row.trend) for row in rows[:2]] + [
        (rows[-1].measurement.value, rows[-1].achievement, rows[-1].trend)
    ] == [
        (D("82.0000"), D("45.00"), "improving"),
        (D("94.0000"), D("15.00"), "unchanged"),
        (D("95.0000"), D("12.50"), "unknown"),
    ]


@pytest.mark.parametrize(
    ("target_date", "measured", "reason"),
    [
        (
            date(2027, 1, 1),
            D("300000"),
            "Target of 300,000 kr. reached: 300,000 kr. measured on 01/12/2025",
        ),
        (
            date(2025, 12, 31),
            D("100000.5"),
            "Target date 31/12/2025 has passed without reaching the target of 300,000 kr.; "
            "latest measurement 100,000.5 kr. on 01/12/2025",
        ),
    ],
)
def test_the_status_reason_writes_figures_as_the_page_does(
    case_a, owner_a, client_for, settings, today, target_date, measured, reason
):
    benefit = BenefitFactory(
        business_case=case_a,
        owner=owner_a,
        category=Benefit.Category.CASH_RELEASING,
        indicator_name="Sparede licenser",
        indicator_unit="kr.",
        direction="higher",
        baseline_value=D("0"),
        baseline_date=date(2025, 1, 1),
        target_value=D("300000"),
        target_date=target_date,
    )
    MeasurementFactory(benefit=benefit, measured_on=date(2025, 12, 1), value=measured)
    reassess(benefit)
    client = client_for(owner_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("benefits:benefit-detail", args=[benefit.pk]))

    shown = lxml.html.fromstring(page.content).xpath("//p[@data-testid='status-reason']")[0]
    assert shown.text_content() == reason


def test_the_chart_axes_are_labelled_in_the_pages_language(case_a, owner_a, client_for, today):
    benefit = BenefitFactory(
        business_case=case_a,
        owner=owner_a,
        indicator_unit="kr.",
        direction="higher",
        baseline_value=D("0"),
        baseline_date=date(2025, 1, 1),
        target_value=D("1000000"),
        target_date=date(2027, 1, 1),
    )
    MeasurementFactory(benefit=benefit, measured_on=date(2025, 12, 1), value=D("250000"))

    page = client_for(owner_a).get(reverse("benefits:benefit-detail", args=[benefit.pk]))

    svg = lxml.html.fromstring(page.content).xpath("//svg")[0]
    labels = [text.text_content() for text in svg.iter("text")]
    # The Danish page: thousands dots on the value axis, month names on the time axis.
    assert labels[2:10] == [
        "0",
        "500.000",
        "1.000.000",
        "jan 2025",
        "jul 2025",
        "jan 2026",
        "jul 2026",
        "jan 2027",
    ]
    assert svg.xpath("string(.//desc)") == (
        "Baseline 0 kr. den 01.01.2025; mål 1.000.000 kr. senest 01.01.2027. "
        "Seneste måling 250.000 kr. den 01.12.2025."
    )


def test_recording_a_measurement_changes_status_and_chart(benefit_a, owner_a, client_for, today):
    client = client_for(owner_a)
    detail = reverse("benefits:benefit-detail", args=[benefit_a.pk])
    assert markers(client.get(detail).content.decode()) == 1

    response = client.post(
        reverse("benefits:measurement-create", args=[benefit_a.pk]),
        {"measured_on": "2026-01-10", "value": "58", "comment": "Sidste løsning lukket"},
    )

    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert markers(page) == 2
    assert 'data-status="realised"' in page
    with scopes_disabled():
        benefit = Benefit.objects.get()
    assert (benefit.status, benefit.latest_value, benefit.next_measurement_due) == (
        "realised",
        D("58.0000"),
        None,
    )


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"measured_on": "2026-01-16", "value": "80"},
            {"measured_on": ["En måling kan ikke dateres i fremtiden."]},
        ),
        (
            {"measured_on": "2025-07-01", "value": "80"},
            {"measured_on": ["Gevinsten har allerede en måling på denne dag."]},
        ),
        ({"measured_on": "2026-01-01", "value": "abc"}, {"value": ["Indtast et tal."]}),
    ],
)
def test_invalid_measurement_is_shown_on_the_benefit_page(
    benefit_a, owner_a, client_for, today, data, errors
):
    response = client_for(owner_a).post(
        reverse("benefits:measurement-create", args=[benefit_a.pk]), data
    )

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    with scopes_disabled():
        assert Measurement.objects.count() == 1


def test_evidence_file_is_uploaded_and_downloaded_by_members(
    benefit_a, owner_a, reader_a, client_for, settings, tmp_path, today
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 evidence", "application/pdf")

    client_for(owner_a).post(
        reverse("benefits:measurement-create", args=[benefit_a.pk]),
        {"measured_on": "2026-01-02", "value": "81", "evidence_file": upload},
    )

    with scopes_disabled():
        measurement = Measurement.objects.get(measured_on=date(2026, 1, 2))
    response = client_for(reader_a).get(
        reverse("benefits:measurement-evidence", args=[measurement.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_evidence_file_missing_from_storage_is_not_found(
    benefit_a, reader_a, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # The row names a file that storage no longer has (restored without its media, say).
    measurement = MeasurementFactory(
        benefit=benefit_a, measured_on=date(2026, 1, 2), evidence_file="benefits/gone.pdf"
    )

    response = client_for(reader_a).get(
        reverse("benefits:measurement-evidence", args=[measurement.pk])
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<script>", "script.html er ikke en dokumenttype, vi gemmer."),
        # A program is refused whatever it is called, as for contract attachments.
        (
            "rapport.pdf",
            b"MZ\x90\x00program",
            "rapport.pdf er ikke, hvad navnet siger: indholdet passer ikke til en .pdf-fil",
        ),
        (
            "noter.txt",
            b"#!/bin/sh\nrm -rf /",
            "noter.txt er ikke, hvad navnet siger: indholdet passer ikke til en .txt-fil",
        ),
    ],
)
def test_evidence_file_must_be_a_document(
    benefit_a, owner_a, client_for, settings, tmp_path, today, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content, "application/octet-stream")

    response = client_for(owner_a).post(
        reverse("benefits:measurement-create", args=[benefit_a.pk]),
        {"measured_on": "2026-01-02", "value": "81", "evidence_file": upload},
    )

    assert list(response.context["form"].errors) == ["evidence_file"]
    assert message in response.context["form"].errors["evidence_file"][0]
    assert not list(tmp_path.rglob(name))
    with scopes_disabled():
        assert Measurement.objects.count() == 1


def test_measurement_delete_reassesses(benefit_a, owner_a, client_for, today):
    wrong = MeasurementFactory(benefit=benefit_a, measured_on=date(2026, 1, 1), value=D("10"))
    reassess(benefit_a)
    client = client_for(owner_a)
    url = reverse("benefits:measurement-delete", args=[wrong.pk])

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.url == reverse("benefits:benefit-detail", args=[benefit_a.pk])
    with scopes_disabled():
        benefit = Benefit.objects.get()
        assert list(Measurement.objects.values_list("value", flat=True)) == [D("95.0000")]
    assert (benefit.status, benefit.latest_value) == ("at_risk", D("95.0000"))


# Evaluation --------------------------------------------------------------------------------


def test_evaluation_through_the_form(benefit_a, case_a, owner_a, client_for, today):
    response = client_for(owner_a).post(
        reverse("benefits:evaluation-create", args=[case_a.pk]),
        {
            "evaluated_on": "2026-01-15",
            "summary": "Vi fik det meste",
            "lessons_learned": "Mål tidligere",
            "realised_annual_net_benefit": "300000",
            f"comment_{benefit_a.pk}": "Kom senere end ventet",
        },
    )

    with scopes_disabled():
        evaluation = Evaluation.objects.get()
        item = evaluation.items.get()
    assert response.url == reverse("benefits:evaluation-detail", args=[evaluation.pk])
    assert (item.benefit, item.comment, item.realised_value, item.status) == (
        benefit_a,
        "Kom senere end ventet",
        D("95.0000"),
        "at_risk",
    )
    page = client_for(owner_a).get(response.url).content.decode()
    assert "Kom senere end ventet" in page
    assert "300.000 kr." in page


def test_evaluation_before_go_live_is_refused(case_a, owner_a, client_for, today):
    response = client_for(owner_a).post(
        reverse("benefits:evaluation-create", args=[case_a.pk]),
        {"evaluated_on": "2025-02-01", "summary": "For tidligt"},
    )

    assert response.context["form"].errors == {
        "evaluated_on": ["En evaluering kommer efter idriftsættelsen (1. marts 2025)."]
    }
    with scopes_disabled():
        assert not Evaluation.objects.exists()


# Dashboard include ------------------------------------------------------------------------


def test_dashboard_include_lists_the_users_benefits(org_a, owner_a, rf, today):
    from django.template.loader import render_to_string

    from benefits.selectors import benefits_dashboard

    off = BenefitFactory(
        business_case__organisation=org_a,
        owner=owner_a,
        title="Ude af kurs-gevinst",
        status="off_track",
        status_since=date(2026, 1, 2),
        next_measurement_due=date(2026, 1, 10),
    )
    with scopes_disabled():
        dashboard = benefits_dashboard(user=owner_a, organisation=org_a, today=today)

    html = render_to_string("benefits/_dashboard.html", {"benefits": dashboard})

    detail = reverse("benefits:benefit-detail", args=[off.pk])
    assert f'<a href="{detail}">Ude af kurs-gevinst</a>' in html
    assert f'<a href="{detail}#record">Ude af kurs-gevinst</a>' in html
    assert 'data-testid="benefits-off-track-count">1<' in html
    assert 'data-testid="benefits-overdue-count">1<' in html
    assert "<span>gevinst ude af kurs</span>" in html  # one, not "1 gevinster"
    assert "<span>måling overskredet</span>" in html
    assert "siden 02.01.2026" in html


@pytest.mark.parametrize(
    ("typed", "stored"), [("57,5", D("57.5")), ("57.5", D("57.5")), (" 60 ", D("60"))]
)
def test_a_measurement_is_read_as_danish_writes_numbers(
    benefit_a, owner_a, client_for, today, typed, stored
):
    client = client_for(owner_a)
    url = reverse("benefits:measurement-create", args=[benefit_a.pk])
    detail = client.get(reverse("benefits:benefit-detail", args=[benefit_a.pk]))
    form = lxml.html.fromstring(detail.content)
    # A text input: a browser set to English would drop the comma of a number input.
    assert form.xpath("//input[@name='value']/@type") == ["text"]
    assert form.xpath("//input[@name='value']/@inputmode") == ["decimal"]

    response = client.post(url, {"measured_on": "2026-01-10", "value": typed})

    assert response.status_code == 302
    with scopes_disabled():
        assert Benefit.objects.get().latest_value == stored


def test_a_measurement_with_an_exponent_is_refused(benefit_a, owner_a, client_for, settings, today):
    client = client_for(owner_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(
        reverse("benefits:measurement-create", args=[benefit_a.pk]),
        {"measured_on": "2026-01-10", "value": "1e5"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "value": ["“1e5” has an exponent; write the number out in full."]
    }
    with scopes_disabled():
        assert Measurement.objects.count() == 1


def test_the_benefit_form_shows_stored_values_with_a_decimal_comma(benefit_a, owner_a, client_for):
    with scopes_disabled():
        Benefit.objects.filter(pk=benefit_a.pk).update(target_value=D("12.5"))
    page = client_for(owner_a).get(reverse("benefits:benefit-edit", args=[benefit_a.pk]))
    form = lxml.html.fromstring(page.content)
    assert form.xpath("//input[@name='target_value']/@value") == ["12,5"]


def test_a_long_measurement_comment_is_shortened_with_the_whole_text_a_click_away(
    benefit_a, owner_a, client_for, today
):
    comment = "Sagsbehandlingen blev målt i alle tre teams. " * 40
    with scopes_disabled():
        MeasurementFactory(
            benefit=benefit_a, measured_on=date(2026, 1, 5), value=D("70"), comment=comment
        )
    page = client_for(owner_a).get(reverse("benefits:benefit-detail", args=[benefit_a.pk]))
    cell = lxml.html.fromstring(page.content).xpath("//td[contains(., 'Sagsbehandlingen')]")[0]
    shown = cell.text_content().split("Vis hele teksten")[0]
    assert len(shown.strip()) <= 300 and shown.strip().endswith("…")
    assert cell.xpath("string(.//details)").count("Sagsbehandlingen") == 40
