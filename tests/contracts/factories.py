"""Factories for the contract register: suppliers (valid CVR numbers), IT systems, contracts."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from django_scopes import scopes_disabled
from factory.django import DjangoModelFactory

from contracts.models import Contract, ContractOption, ITSystem, Milestone, Supplier
from contracts.services import contract_deadlines_refresh
from tests.factories import OrganisationFactory

_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def make_cvr(n: int) -> str:
    """The n-th valid CVR number (modulus 11): seven digits from n plus their check digit.

    Distinct for n below 1,285,000; a base whose check digit would be 10 moves on by one.
    """
    base = 1_000_000 + n * 7
    while True:
        digits = str(base)
        remainder = sum(w * int(d) for w, d in zip(_CVR_WEIGHTS, digits, strict=False)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return f"{digits}{check}"
        base += 1


def _today() -> date:
    return timezone.localdate()


class ScopedModelFactory(DjangoModelFactory):
    """Creates tenant rows with scopes disabled (saving history reads the row back)."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


def _refresh(contract: Contract) -> None:
    with scopes_disabled():
        contract_deadlines_refresh(contract=Contract.objects.get(pk=contract.pk))


class SupplierFactory(ScopedModelFactory):
    class Meta:
        model = Supplier
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Leverandør {n} A/S")
    cvr = factory.Sequence(make_cvr)
    contact_email = factory.Sequence(lambda n: f"salg{n}@leverandor.example")


class ITSystemFactory(ScopedModelFactory):
    class Meta:
        model = ITSystem
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"System {n}")
    capability = "ESDH"


class ContractFactory(ScopedModelFactory):
    """An active fixed-term contract (started a year ago, four-year term, three months' notice).

    Its deadlines are stored after creation (pass ``refresh_deadlines=False`` to skip), so the
    stored ContractDeadline rows exist as they would after ``contract_create``. Pass
    ``it_systems=[...]`` to link IT systems.
    """

    class Meta:
        model = Contract
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    supplier = factory.SubFactory(
        SupplierFactory, organisation=factory.SelfAttribute("..organisation")
    )
    title = factory.Sequence(lambda n: f"Kontrakt {n}")
    reference = factory.Sequence(lambda n: f"K-{n:05d}")
    contract_type = Contract.Type.MAIN
    status = Contract.Status.ACTIVE
    start_date = factory.LazyFunction(lambda: _today() - timedelta(days=365))
    term_end = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=4 * 365))
    notice_months = 3
    total_value = 1_000_000
    annual_value = 250_000
    reprocurement_lead_months = 12

    @factory.post_generation
    def it_systems(obj, create, extracted, **kwargs):
        if create and extracted:
            with scopes_disabled():
                obj.it_systems.set(extracted)

    @factory.post_generation
    def refresh_deadlines(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            _refresh(obj)


class ContractOptionFactory(ScopedModelFactory):
    """An unused option; the contract's stored deadlines are refreshed to include it."""

    class Meta:
        model = ContractOption
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory)
    organisation = factory.SelfAttribute("contract.organisation")
    length_months = 12
    exercise_by = factory.LazyAttribute(lambda o: o.contract.term_end - timedelta(days=180))

    @factory.post_generation
    def refresh_deadlines(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            _refresh(obj.contract)


class MilestoneFactory(ScopedModelFactory):
    """An unmet acceptance test due in 60 days; the contract's stored deadlines are refreshed."""

    class Meta:
        model = Milestone
        skip_postgeneration_save = True

    contract = factory.SubFactory(ContractFactory)
    organisation = factory.SelfAttribute("contract.organisation")
    kind = Milestone.Kind.ACCEPTANCE_TEST
    name = "Overtagelsesprøve"
    due_date = factory.LazyFunction(lambda: _today() + timedelta(days=60))
    legal_effect = "Betaling af 30 %"

    @factory.post_generation
    def refresh_deadlines(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            _refresh(obj.contract)
