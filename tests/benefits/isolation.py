"""Isolation-test builders for the benefits app's id-taking routes."""

from datetime import date
from decimal import Decimal

from django_scopes import scopes_disabled

from benefits.models import Evaluation
from tests.benefits.factories import BenefitFactory, BusinessCaseFactory, MeasurementFactory


def _business_case(world):
    return world.once(
        "business_case",
        lambda: BusinessCaseFactory(organisation=world.organisation, go_live_date=date(2025, 1, 1)),
    )


def _benefit(world):
    return world.once("benefit", lambda: BenefitFactory(business_case=_business_case(world)))


def _measurement(world):
    # A file name only: the outsider is refused before any file is opened.
    return world.once(
        "measurement",
        lambda: MeasurementFactory(benefit=_benefit(world), evidence_file="benefits/evidence.txt"),
    )


def _evaluation(world):
    def build():
        case = _business_case(world)
        with scopes_disabled():
            return Evaluation.objects.create(
                organisation=world.organisation,
                business_case=case,
                evaluated_on=date(2025, 6, 1),
                summary="Evaluering",
                expected_annual_net_benefit=Decimal("1"),
                business_case_version=1,
            )

    return world.once("evaluation", build)


def business_case_in(world) -> dict:
    return {"pk": _business_case(world).pk}


def benefit_in(world) -> dict:
    return {"pk": _benefit(world).pk}


def measurement_in(world) -> dict:
    return {"pk": _measurement(world).pk}


def evaluation_in(world) -> dict:
    return {"pk": _evaluation(world).pk}


ROUTES = {
    "benefits:business-case-detail": business_case_in,
    "benefits:business-case-edit": business_case_in,
    "benefits:business-case-history": business_case_in,
    "benefits:business-case-report": business_case_in,
    "benefits:benefit-create": business_case_in,
    "benefits:evaluation-create": business_case_in,
    "benefits:evaluation-detail": evaluation_in,
    "benefits:benefit-detail": benefit_in,
    "benefits:benefit-edit": benefit_in,
    "benefits:benefit-delete": benefit_in,
    "benefits:measurement-create": benefit_in,
    "benefits:measurement-delete": measurement_in,
    "benefits:measurement-evidence": measurement_in,
}
