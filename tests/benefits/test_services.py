"""Services: versioned business cases, benefits with validated plans, stored statuses, imports
of measurements, evaluations; and the selectors the notification jobs and dashboard use."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation
from django_scopes import scopes_disabled

from benefits import selectors, services
from benefits.models import (
    BENEFIT_COMPUTED_FIELDS,
    Benefit,
    BusinessCase,
    EvaluationItem,
    InterimTarget,
    Measurement,
)
from benefits.rules import Point
from organisations.roles import Role
from tests.benefits.factories import (
    BenefitFactory,
    BusinessCaseFactory,
    InterimTargetFactory,
    MeasurementFactory,
    benefit_owner_of,
)
from tests.contracts.factories import ContractFactory

NEGATIVE = (
    "The indicator's values cannot be negative. If they can (a change, a net amount), tick "
    "“values may be negative” on the benefit."
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def _unscoped():
    # Services run outside requests here, as in jobs and commands; messages read in English.
    with scopes_disabled(), translation.override("en"):
        yield


def benefit_fields(owner, **changes):
    fields = {
        "title": "Kortere sagsbehandling",
        "category": Benefit.Category.NON_CASH,
        "owner": owner,
        "indicator_name": "Minutter pr. sag",
        "indicator_unit": "min",
        "direction": "lower",
        "baseline_value": D("100"),
        "baseline_date": date(2025, 1, 1),
        "target_value": D("60"),
        "target_date": date(2027, 1, 1),
        "measurement_frequency_months": 6,
    }
    return fields | changes


def stored(benefit):
    benefit = Benefit.objects.get(pk=benefit.pk)
    return {name: getattr(benefit, name) for name in BENEFIT_COMPUTED_FIELDS}


# Business cases ---------------------------------------------------------------------------


def test_business_case_versions_keep_previous_figures_and_notes(org_a, admin_a):
    contract = ContractFactory(organisation=org_a, title="ESDH-kontrakt", reference="")
    case = services.business_case_create(
        organisation=org_a,
        created_by=admin_a,
        contracts=[contract],
        title="Nyt ESDH-system",
        purpose="Samle sagerne",
        investment_cost=D("2000000"),
        annual_running_cost=D("300000"),
        expected_annual_net_benefit=D("500000"),
    )
    services.business_case_update(
        business_case=case,
        changed_by=admin_a,
        change_note="Tilbuddet blev dyrere",
        contracts=[contract],
        investment_cost=D("2400000"),
    )

    versions = selectors.business_case_versions(business_case=case)

    assert case.version == 2
    assert [v.record.version for v in versions] == [2, 1]
    assert [v.record.history_change_reason for v in versions] == [
        "Tilbuddet blev dyrere",
        None,
    ]
    assert [v.record.investment_cost for v in versions] == [D("2400000.00"), D("2000000.00")]
    assert [v.record.history_user for v in versions] == [admin_a, admin_a]
    assert [v.contracts for v in versions] == [["ESDH-kontrakt"], ["ESDH-kontrakt"]]
    assert [(str(label), old, new) for label, old, new in versions[0].changes] == [
        ("investment (DKK)", D("2000000.00"), D("2400000.00"))
    ]
    assert versions[0].contracts_changed is False


def test_business_case_update_records_contract_changes_in_one_version(org_a, admin_a):
    first = ContractFactory(organisation=org_a, title="SMS A", reference="")
    second = ContractFactory(organisation=org_a, title="SMS B", reference="")
    case = BusinessCaseFactory(organisation=org_a)
    services.business_case_update(
        business_case=case, changed_by=admin_a, change_note="Kontrakt tilføjet", contracts=[first]
    )
    services.business_case_update(
        business_case=case, changed_by=admin_a, change_note="Skiftet", contracts=[second]
    )

    versions = selectors.business_case_versions(business_case=case)

    # One history record per update, whatever the contract links did.
    assert case.history.count() == 3
    assert [v.contracts for v in versions] == [["SMS B"], ["SMS A"], []]
    assert [v.contracts_changed for v in versions] == [True, True, False]


def test_business_case_update_requires_a_change_note(org_a, admin_a):
    case = BusinessCaseFactory(organisation=org_a, investment_cost=D("100"))

    with pytest.raises(ValidationError) as error:
        services.business_case_update(
            business_case=case, changed_by=admin_a, change_note="  ", investment_cost=D("200")
        )

    assert error.value.message_dict == {"change_note": ["Say what changed and why."]}
    case = BusinessCase.objects.get(pk=case.pk)
    assert (case.version, case.investment_cost, case.history.count()) == (1, D("100.00"), 1)


def test_business_case_cannot_link_another_organisations_contract(org_a, org_b, admin_a):
    foreign = ContractFactory(organisation=org_b)

    with pytest.raises(ValidationError) as error:
        services.business_case_create(
            organisation=org_a,
            created_by=admin_a,
            contracts=[foreign],
            title="X",
            purpose="Y",
            expected_annual_net_benefit=D("1"),
        )

    assert error.value.message_dict == {
        "contracts": ["A contract belongs to another organisation."]
    }
    assert not BusinessCase.objects.exists()


@pytest.mark.parametrize(
    ("investment", "net", "expected"),
    [("1000000", "400000", D("2.5")), ("100", "0", None), ("100", "-5", None), ("0", "7", D("0"))],
)
def test_payback_years(investment, net, expected):
    case = BusinessCase(investment_cost=D(investment), expected_annual_net_benefit=D(net))
    assert case.payback_years == expected


# Benefits and their plans ------------------------------------------------------------------


def test_benefit_create_stores_plan_interim_targets_and_status(org_a, admin_a, today):
    case = BusinessCaseFactory(organisation=org_a)
    owner = benefit_owner_of(org_a)

    benefit = services.benefit_create(
        business_case=case,
        created_by=admin_a,
        interim_targets=[Point(date(2026, 1, 1), D("80"))],
        **benefit_fields(owner),
    )

    assert benefit.organisation_id == org_a.pk
    assert list(InterimTarget.objects.values_list("target_date", "value")) == [
        (date(2026, 1, 1), D("80.0000"))
    ]
    assert stored(benefit) == {
        "status": "not_started",
        "status_since": today,
        "achievement": None,
        "trend": "unknown",
        "latest_value": None,
        "latest_measured_on": None,
        "next_measurement_due": date(2025, 7, 1),  # six months after the baseline
        "assessed_on": today,
    }
    assert benefit.history.get().history_user == admin_a


@pytest.mark.parametrize(
    ("changes", "interim", "expected"),
    [
        (
            {"target_date": date(2025, 1, 1)},
            [],
            {"target_date": ["The target date must come after the baseline date."]},
        ),
        (
            {"target_value": D("101")},
            [],
            {
                "target_value": [
                    "The target lies on the worse side of the baseline: with “Lower is better” "
                    "the target must be at least as good as the baseline."
                ]
            },
        ),
        (
            {"direction": "higher"},
            [],
            {
                "target_value": [
                    "The target lies on the worse side of the baseline: with “Higher is better” "
                    "the target must be at least as good as the baseline."
                ]
            },
        ),
        (
            {},
            [Point(date(2027, 1, 1), D("70")), Point(date(2024, 6, 1), D("90"))],
            {
                "interim_targets": [
                    "Interim targets must lie between the baseline date 01/01/2025 and the target "
                    "date 01/01/2027; 01/06/2024, 01/01/2027 does not."
                ]
            },
        ),
        (
            {},
            [Point(date(2026, 1, 1), D("-70"))],
            {"interim_targets": [NEGATIVE]},
        ),
        ({"target_value": D("-5")}, [], {"target_value": [NEGATIVE]}),
        (
            {},
            [Point(date(2026, 1, 1), D("70")), Point(date(2026, 1, 1), D("75"))],
            {"interim_targets": ["Two interim targets fall on the same day."]},
        ),
    ],
)
def test_benefit_plan_is_validated(org_a, admin_a, changes, interim, expected):
    case = BusinessCaseFactory(organisation=org_a)

    with pytest.raises(ValidationError) as error:
        services.benefit_create(
            business_case=case,
            created_by=admin_a,
            interim_targets=interim,
            **benefit_fields(benefit_owner_of(org_a), **changes),
        )

    assert error.value.message_dict == expected
    assert not Benefit.objects.exists()
    assert not InterimTarget.objects.exists()


def test_a_level_to_keep_may_equal_the_baseline(org_a, admin_a, today):
    case = BusinessCaseFactory(organisation=org_a)

    benefit = services.benefit_create(
        business_case=case,
        created_by=admin_a,
        **benefit_fields(benefit_owner_of(org_a), target_value=D("100")),
    )

    assert benefit.status == "not_started"


def test_benefit_owner_must_hold_the_benefit_owner_role(org_a, org_b, admin_a, make_member):
    case = BusinessCaseFactory(organisation=org_a)
    reader = make_member(org_a, Role.READER)
    outsider = make_member(org_b, Role.BENEFIT_OWNER)

    with pytest.raises(ValidationError) as error:
        services.benefit_create(
            business_case=case,
            created_by=admin_a,
            **benefit_fields(reader, responsible=outsider),
        )

    assert error.value.message_dict == {
        "owner": ["The benefit owner must hold the benefit owner role in the organisation."],
        "responsible": ["The person responsible must be a member of the organisation."],
    }
    assert not Benefit.objects.exists()


def test_benefit_update_replaces_interim_targets_and_reassesses(org_a, admin_a, today):
    benefit = BenefitFactory(business_case__organisation=org_a)
    InterimTargetFactory(benefit=benefit, target_date=date(2026, 1, 1), value=D("80"))
    InterimTargetFactory(benefit=benefit, target_date=date(2026, 6, 1), value=D("75"))
    MeasurementFactory(benefit=benefit, measured_on=date(2026, 1, 1), value=D("84"))

    services.benefit_update(
        benefit=benefit,
        changed_by=admin_a,
        interim_targets=[Point(date(2026, 1, 1), D("90")), Point(date(2026, 3, 1), D("70"))],
        title="Ny titel",
    )

    assert list(
        InterimTarget.objects.order_by("target_date").values_list("target_date", "value")
    ) == [
        (date(2026, 1, 1), D("90.0000")),
        (date(2026, 3, 1), D("70.0000")),
    ]
    # 84 against a planned 90 on 2026-01-01: ahead of plan.
    assert (stored(benefit)["status"], stored(benefit)["achievement"]) == ("on_track", D("40.00"))
    assert Benefit.objects.get(pk=benefit.pk).title == "Ny titel"


def test_benefit_delete_is_soft_and_stops_measuring(org_a, admin_a, today):
    benefit = BenefitFactory(business_case__organisation=org_a)
    services.benefit_reassess(benefit=benefit)

    services.benefit_delete(benefit=benefit, deleted_by=admin_a)

    benefit = Benefit.objects.get(pk=benefit.pk)
    assert (benefit.is_deleted, benefit.next_measurement_due) == (True, None)
    assert list(selectors.benefits_measurement_due(on_or_before=date(2030, 1, 1))) == []
    assert list(selectors.benefits_for(organisation=org_a)) == []


# Stored status ----------------------------------------------------------------------------


def test_measurement_record_reassesses_the_benefit(org_a, owner_a, today):
    benefit = BenefitFactory(business_case__organisation=org_a)
    services.benefit_reassess(benefit=benefit, today=date(2025, 6, 1))

    services.measurement_record(
        benefit=benefit, recorded_by=owner_a, measured_on=date(2025, 7, 1), value=D("95")
    )
    services.measurement_record(
        benefit=benefit,
        recorded_by=owner_a,
        measured_on=date(2026, 1, 1),
        value=D("90.4"),
        comment="Efter uddannelse",
        evidence_url="https://intra.example/rapport",
    )

    assert stored(benefit) == {
        "status": "off_track",
        "status_since": today,
        "achievement": D("24.00"),
        "trend": "improving",
        "latest_value": D("90.4000"),
        "latest_measured_on": date(2026, 1, 1),
        "next_measurement_due": date(2026, 7, 1),
        "assessed_on": today,
    }
    measurement = Measurement.objects.get(measured_on=date(2026, 1, 1))
    assert (measurement.recorded_by, measurement.comment) == (owner_a, "Efter uddannelse")
    assert measurement.history.get().history_user == owner_a


def test_status_since_keeps_the_day_the_status_began(org_a, owner_a):
    benefit = BenefitFactory(business_case__organisation=org_a)
    MeasurementFactory(benefit=benefit, measured_on=date(2026, 1, 1), value=D("95"))

    services.benefit_reassess(benefit=benefit, today=date(2026, 1, 2))
    services.benefit_reassess(benefit=benefit, today=date(2026, 1, 9))

    assert (stored(benefit)["status"], stored(benefit)["status_since"]) == (
        "off_track",
        date(2026, 1, 2),
    )
    assert stored(benefit)["assessed_on"] == date(2026, 1, 9)


def test_a_realised_benefit_is_due_no_more_measurements(org_a, owner_a, today):
    benefit = BenefitFactory(business_case__organisation=org_a)

    services.measurement_record(
        benefit=benefit, recorded_by=owner_a, measured_on=date(2026, 1, 1), value=D("58")
    )

    assert (stored(benefit)["status"], stored(benefit)["next_measurement_due"]) == (
        "realised",
        None,
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"measured_on": date(2026, 1, 16)},
            {"measured_on": ["A measurement cannot be dated in the future."]},
        ),
        (
            {"measured_on": date(2024, 12, 31)},
            {"measured_on": ["A measurement cannot be dated before the baseline date 1 Jan 2025."]},
        ),
        (
            {"measured_on": date(2025, 7, 1)},
            {"measured_on": ["The benefit already has a measurement on this day."]},
        ),
        ({"evidence_url": "not a link"}, {"evidence_url": ["Enter a valid URL."]}),
        (
            {"evidence_file": SimpleUploadedFile("tal.xlsx", b"MZ\x90\x00")},
            {
                "evidence_file": [
                    "tal.xlsx is not what its name says: its content is not that of a .xlsx file."
                ]
            },
        ),
    ],
)
def test_measurement_record_rejects_invalid_measurements(org_a, owner_a, today, changes, expected):
    benefit = BenefitFactory(business_case__organisation=org_a)
    MeasurementFactory(benefit=benefit, measured_on=date(2025, 7, 1), value=D("95"))
    services.benefit_reassess(benefit=benefit)
    before = stored(benefit)
    fields = {"measured_on": date(2026, 1, 1), "value": D("80")} | changes

    with pytest.raises(ValidationError) as error:
        services.measurement_record(benefit=benefit, recorded_by=owner_a, **fields)

    assert error.value.message_dict == expected
    assert list(Measurement.objects.values_list("measured_on", "value")) == [
        (date(2025, 7, 1), D("95.0000"))
    ]
    assert stored(benefit) == before


def test_negative_values_are_taken_where_the_benefit_allows_them(org_a, owner_a, today):
    benefit = BenefitFactory(business_case__organisation=org_a)

    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            benefit=benefit, recorded_by=owner_a, measured_on=date(2026, 1, 1), value=D("-80")
        )
    assert error.value.message_dict == {"value": [NEGATIVE]}

    benefit.values_may_be_negative = True
    benefit.save()
    services.measurement_record(
        benefit=benefit, recorded_by=owner_a, measured_on=date(2026, 1, 1), value=D("-80")
    )
    assert list(Measurement.objects.values_list("value", flat=True)) == [D("-80")]
    benefit.values_may_be_negative = False
    with pytest.raises(ValidationError) as error:
        benefit.full_clean()
    assert error.value.message_dict["values_may_be_negative"] == [
        "The benefit has negative measurements; correct them first."
    ]


def test_a_kept_evidence_file_is_not_checked_again(org_a, tmp_path, settings):
    """Cleaning a measurement again does not read its kept file back (here it is gone from
    storage): it was checked when it came."""
    settings.MEDIA_ROOT = tmp_path
    measurement = MeasurementFactory(
        benefit=BenefitFactory(business_case__organisation=org_a),
        evidence_file="benefits/evidence/gone.pdf",
    )

    measurement.full_clean()


def test_measurement_delete_reassesses(org_a, owner_a, today):
    benefit = BenefitFactory(business_case__organisation=org_a)
    MeasurementFactory(benefit=benefit, measured_on=date(2025, 7, 1), value=D("95"))
    wrong = MeasurementFactory(benefit=benefit, measured_on=date(2026, 1, 1), value=D("9"))
    services.benefit_reassess(benefit=benefit)
    assert stored(benefit)["status"] == "realised"

    services.measurement_delete(measurement=wrong, deleted_by=owner_a)

    # 95 on 2025-07-01 is 12.5 % of the way where 24.8 % was planned.
    assert (stored(benefit)["status"], stored(benefit)["achievement"]) == ("at_risk", D("12.50"))
    assert stored(benefit)["latest_value"] == D("95.0000")
    assert Measurement.history.filter(history_type="-").get().history_user == owner_a


def test_benefits_reassess_all_writes_only_changes_and_is_idempotent(org_a, org_b):
    running = BenefitFactory(business_case__organisation=org_a)
    MeasurementFactory(benefit=running, measured_on=date(2026, 12, 1), value=D("70"))
    other = BenefitFactory(business_case__organisation=org_b)
    deleted = BenefitFactory(business_case__organisation=org_a, is_deleted=True)

    # Three live benefits in batches of one: all change the first time.
    assert services.benefits_reassess_all(date(2026, 12, 2), batch_size=1) == 2
    assert stored(running)["status"] == "at_risk"
    assert stored(other)["status"] == "not_started"
    assert stored(deleted)["assessed_on"] is None

    assert services.benefits_reassess_all(date(2026, 12, 3)) == 0
    # The target date passes: the daily job alone turns the benefit not realised.
    assert services.benefits_reassess_all(date(2027, 1, 2)) == 1
    assert (stored(running)["status"], stored(running)["status_since"]) == (
        "not_realised",
        date(2027, 1, 2),
    )
    assert services.benefits_reassess_all(date(2027, 1, 2), organisation=org_b) == 0


def test_benefits_reassess_all_runs_in_bounded_queries(org_a, django_assert_num_queries):
    for _ in range(6):
        benefit = BenefitFactory(business_case__organisation=org_a)
        MeasurementFactory(benefit=benefit, measured_on=date(2025, 7, 1), value=D("95"))

    # ids; then per batch of 3: interim targets, measurements, benefits, savepoint + update
    # + release (twice): 1 + 2 * 6 queries.
    with django_assert_num_queries(13):
        assert services.benefits_reassess_all(date(2026, 1, 15), batch_size=3) == 6


# Evaluation -------------------------------------------------------------------------------


def test_evaluation_freezes_expected_and_realised_figures(org_a, admin_a, today):
    case = BusinessCaseFactory(organisation=org_a, go_live_date=date(2025, 6, 1))
    benefit = BenefitFactory(business_case=case, title="Tid pr. sag")
    MeasurementFactory(benefit=benefit, measured_on=date(2025, 7, 1), value=D("90"))
    MeasurementFactory(benefit=benefit, measured_on=date(2026, 1, 10), value=D("70"))
    BenefitFactory(business_case=case, title="Ikke målt")
    BenefitFactory(business_case=case, title="Slettet", is_deleted=True)

    evaluation = services.evaluation_create(
        business_case=case,
        evaluated_by=admin_a,
        evaluated_on=date(2025, 12, 31),
        summary="Delvist",
        realised_annual_net_benefit=D("250000"),
        comments={benefit.pk: "Bedre end ventet "},
    )
    MeasurementFactory(benefit=benefit, measured_on=date(2026, 1, 12), value=D("50"))

    items = EvaluationItem.objects.filter(evaluation=evaluation).order_by("pk")
    assert [
        (
            item.benefit.title,
            item.expected_value,
            item.expected_by,
            item.realised_value,
            item.realised_on,
            item.achievement,
            item.status,
            item.comment,
        )
        for item in items
    ] == [
        (
            "Tid pr. sag",
            D("60.0000"),
            date(2027, 1, 1),
            D("90.0000"),  # the measurement of 2026-01-10 came after the evaluation day
            date(2025, 7, 1),
            D("25.00"),
            "on_track",
            "Bedre end ventet",
        ),
        ("Ikke målt", D("60.0000"), date(2027, 1, 1), None, None, None, "not_started", ""),
    ]
    assert (evaluation.expected_annual_net_benefit, evaluation.business_case_version) == (
        D("400000"),
        1,
    )


@pytest.mark.parametrize(
    ("go_live", "evaluated_on", "message"),
    [
        (None, date(2026, 1, 1), "Give the business case a go-live date before evaluating it."),
        (date(2026, 1, 2), date(2026, 1, 1), "An evaluation comes after go-live (2 Jan 2026)."),
        (date(2025, 1, 1), date(2026, 1, 16), "An evaluation cannot be dated in the future."),
    ],
)
def test_evaluation_comes_after_go_live(org_a, admin_a, today, go_live, evaluated_on, message):
    case = BusinessCaseFactory(organisation=org_a, go_live_date=go_live)
    BenefitFactory(business_case=case)

    with pytest.raises(ValidationError) as error:
        services.evaluation_create(
            business_case=case, evaluated_by=admin_a, evaluated_on=evaluated_on, summary="X"
        )

    assert error.value.message_dict == {"evaluated_on": [message]}
    assert not case.evaluations.exists()
    assert not EvaluationItem.objects.exists()


# Selectors for the notification jobs and the dashboard -----------------------------------


def test_measurement_due_selector(org_a, org_b, django_assert_num_queries):
    due_a = BenefitFactory(business_case__organisation=org_a, next_measurement_due=date(2026, 1, 1))
    later_a = BenefitFactory(
        business_case__organisation=org_a, next_measurement_due=date(2026, 3, 1)
    )
    due_b = BenefitFactory(
        business_case__organisation=org_b, next_measurement_due=date(2025, 12, 1)
    )
    BenefitFactory(
        business_case__organisation=org_a, next_measurement_due=date(2025, 1, 1), is_deleted=True
    )
    BenefitFactory(business_case__organisation=org_a, next_measurement_due=None)

    with django_assert_num_queries(1):
        rows = list(selectors.benefits_measurement_due(on_or_before=date(2026, 1, 31)))
        owners = [row.owner.username for row in rows]

    assert rows == [due_b, due_a]
    assert owners == [due_b.owner.username, due_a.owner.username]
    assert list(selectors.benefits_measurement_due(org_a, on_or_before=date(2026, 3, 1))) == [
        due_a,
        later_a,
    ]


def test_off_track_selector(org_a, org_b):
    old = BenefitFactory(
        business_case__organisation=org_a, status="off_track", status_since=date(2025, 11, 1)
    )
    new = BenefitFactory(
        business_case__organisation=org_b, status="off_track", status_since=date(2026, 1, 10)
    )
    BenefitFactory(business_case__organisation=org_a, status="at_risk")
    BenefitFactory(business_case__organisation=org_a, status="off_track", is_deleted=True)

    assert list(selectors.benefits_off_track()) == [old, new]
    assert list(selectors.benefits_off_track(since=date(2026, 1, 1))) == [new]
    assert list(selectors.benefits_off_track(org_a)) == [old]


def test_dashboard_selector(org_a, owner_a, make_member, django_assert_num_queries):
    colleague = make_member(org_a, Role.BENEFIT_OWNER)
    mine = BenefitFactory(
        business_case__organisation=org_a,
        owner=owner_a,
        status="off_track",
        next_measurement_due=date(2026, 1, 1),
    )
    responsible = BenefitFactory(
        business_case__organisation=org_a,
        owner=colleague,
        responsible=owner_a,
        next_measurement_due=date(2026, 2, 10),
    )
    BenefitFactory(
        business_case__organisation=org_a, owner=owner_a, next_measurement_due=date(2026, 6, 1)
    )
    BenefitFactory(
        business_case__organisation=org_a,
        owner=colleague,
        status="off_track",
        next_measurement_due=date(2025, 12, 1),
    )

    # The two lists are one UNION where LIMIT is allowed in its branches (PostgreSQL).
    lists = 1 if connection.features.supports_slicing_ordering_in_compound else 2
    with django_assert_num_queries(lists + 1):
        dashboard = selectors.benefits_dashboard(
            user=owner_a, organisation=org_a, today=date(2026, 1, 15)
        )

    assert dashboard.off_track == [mine]
    assert dashboard.due == [mine, responsible]
    assert (dashboard.off_track_count, dashboard.overdue_count) == (2, 2)
