"""Factories for benefits realisation: business cases, benefits (with an owner holding the benefit
owner role), interim targets and measurements. Rows are saved directly; call
`benefits.services.benefit_reassess` when a test needs the stored status."""

from datetime import date
from decimal import Decimal

import factory
from django_scopes import scopes_disabled
from factory.django import DjangoModelFactory

from benefits.models import Benefit, BusinessCase, InterimTarget, Measurement
from organisations.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


class ScopedModelFactory(DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


def benefit_owner_of(organisation):
    """A new user holding the benefit owner role in `organisation`."""
    user = UserFactory()
    with scopes_disabled():
        MembershipFactory(organisation=organisation, user=user, role=Role.BENEFIT_OWNER)
    return user


class BusinessCaseFactory(ScopedModelFactory):
    class Meta:
        model = BusinessCase
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Business case {n}")
    purpose = "Færre manuelle sagsskridt."
    investment_cost = Decimal("1000000")
    annual_running_cost = Decimal("200000")
    expected_annual_net_benefit = Decimal("400000")


class BenefitFactory(ScopedModelFactory):
    """Time per case in minutes, lower is better: 100 on 2025-01-01 to 60 by 2027-01-01."""

    class Meta:
        model = Benefit
        skip_postgeneration_save = True

    business_case = factory.SubFactory(BusinessCaseFactory)
    organisation = factory.SelfAttribute("business_case.organisation")
    title = factory.Sequence(lambda n: f"Benefit {n}")
    category = Benefit.Category.NON_CASH
    owner = factory.LazyAttribute(lambda o: benefit_owner_of(o.organisation))
    indicator_name = "Minutes per case"
    indicator_unit = "minutes"
    direction = "lower"
    baseline_value = Decimal("100")
    baseline_date = date(2025, 1, 1)
    target_value = Decimal("60")
    target_date = date(2027, 1, 1)
    measurement_frequency_months = 6


class InterimTargetFactory(ScopedModelFactory):
    class Meta:
        model = InterimTarget
        skip_postgeneration_save = True

    benefit = factory.SubFactory(BenefitFactory)
    organisation = factory.SelfAttribute("benefit.organisation")
    target_date = date(2026, 1, 1)
    value = Decimal("80")


class MeasurementFactory(ScopedModelFactory):
    class Meta:
        model = Measurement
        skip_postgeneration_save = True

    benefit = factory.SubFactory(BenefitFactory)
    organisation = factory.SelfAttribute("benefit.organisation")
    measured_on = date(2025, 7, 1)
    value = Decimal("90")
