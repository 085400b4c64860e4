"""Demo business cases with benefits and measurements for each demo municipality.

Idempotent: a business case is found by title, a benefit by its case and title, and
measurements are added only to a benefit created in this run, so a second run changes nothing.
Dates count from the day of the first run, so the statuses shown are varied whenever it runs:
on track, at risk, off track, realised and not started.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from contracts.models import Contract
from organisations.demo import DemoWorld
from organisations.models import Organisation

from . import services
from .models import Benefit, BusinessCase
from .rules import Point


@dataclass
class DemoBenefit:
    title: str
    description: str
    category: str
    indicator: str
    unit: str
    source: str
    direction: str
    baseline: str
    target: str
    # Months from today: the baseline lies in the past, the target ahead (or behind).
    baseline_months: int
    target_months: int
    frequency: int
    # (months from today, value)
    measurements: list[tuple[int, str]] = field(default_factory=list)
    interim: list[tuple[int, str]] = field(default_factory=list)
    kind: str = Benefit.Kind.BENEFIT
    prerequisites: str = ""


@dataclass
class DemoCase:
    title: str
    purpose: str
    scope: str
    investment: str
    running: str
    net_benefit: str
    go_live_months: int | None
    contract_words: tuple[str, ...]
    benefits: list[DemoBenefit]
    # (change note, field changes) applied as later versions of the business case.
    updates: list[tuple[str, dict]] = field(default_factory=list)


CASES = [
    DemoCase(
        title="Nyt ESDH-system",
        purpose=(
            "Erstatte det udtjente ESDH-system med en løsning, der understøtter digital "
            "sagsbehandling, automatisk journalisering og aktindsigt."
        ),
        scope="Alle forvaltninger; integration til borger.dk, Digital Post og økonomisystemet.",
        investment="3200000",
        running="650000",
        net_benefit="1100000",
        go_live_months=-10,
        contract_words=("ESDH", "sagsbehandling"),
        updates=[
            (
                "Leverandørens endelige tilbud var 300.000 kr. højere end skønnet.",
                {"investment_cost": Decimal("3500000")},
            )
        ],
        benefits=[
            DemoBenefit(
                title="Kortere sagsbehandlingstid på aktindsigt",
                description="Automatisk udtræk af dokumenter gør aktindsigt hurtigere.",
                category=Benefit.Category.NON_CASH,
                indicator="Dage pr. aktindsigtssag",
                unit="dage",
                source="ESDH-statistik, månedligt udtræk",
                direction="lower",
                baseline="12",
                target="5",
                baseline_months=-12,
                target_months=12,
                frequency=3,
                interim=[(0, "8.5")],
                measurements=[(-9, "11"), (-6, "10"), (-3, "9.5"), (0, "8.5")],
                prerequisites="Sagsbehandlerne er uddannet i det nye system.",
            ),
            DemoBenefit(
                title="Færre licenser til gamle fagsystemer",
                description="Tre fagsystemer lukkes, når sagerne er flyttet til ESDH.",
                category=Benefit.Category.CASH_RELEASING,
                indicator="Licensudgift pr. år",
                unit="kr.",
                source="Økonomisystemet, konto for it-licenser",
                direction="lower",
                baseline="900000",
                target="300000",
                baseline_months=-12,
                target_months=6,
                frequency=6,
                measurements=[(-6, "850000"), (-1, "820000")],
                prerequisites="Data er migreret og de gamle systemer opsagt rettidigt.",
            ),
            DemoBenefit(
                title="Automatisk journalisering af e-mails",
                description="Andel af e-mails, der journaliseres uden manuel indgriben.",
                category=Benefit.Category.QUALITATIVE,
                indicator="Automatisk journaliserede e-mails",
                unit="%",
                source="ESDH-rapport om journalisering",
                direction="higher",
                baseline="20",
                target="70",
                baseline_months=-12,
                target_months=6,
                frequency=3,
                measurements=[(-6, "45"), (-2, "72")],
            ),
            DemoBenefit(
                title="Ekstra tid til oplæring",
                description="Medarbejderne bruger tid på oplæring i overgangsperioden.",
                kind=Benefit.Kind.DISBENEFIT,
                category=Benefit.Category.NON_CASH,
                indicator="Timer til oplæring pr. måned",
                unit="timer",
                source="Tidsregistrering",
                direction="lower",
                baseline="400",
                target="40",
                baseline_months=-10,
                target_months=8,
                frequency=2,
                measurements=[(-8, "380"), (-4, "330"), (-1, "300")],
            ),
        ],
    ),
    DemoCase(
        title="Fælles SMS-platform",
        purpose=(
            "Samle kommunens ni SMS-løsninger på én fælles platform, så borgerne får ensartede "
            "påmindelser, og kommunen betaler for én løsning."
        ),
        scope="Påmindelser fra tandpleje, jobcenter, hjemmepleje, bibliotek og borgerservice.",
        investment="450000",
        running="180000",
        net_benefit="520000",
        go_live_months=-4,
        contract_words=("SMS",),
        benefits=[
            DemoBenefit(
                title="Én SMS-løsning i stedet for ni",
                description="De otte andre løsninger opsiges, når afdelingerne er flyttet.",
                category=Benefit.Category.CASH_RELEASING,
                indicator="SMS-løsninger i drift",
                unit="løsninger",
                source="Kontraktregistret",
                direction="lower",
                baseline="9",
                target="1",
                baseline_months=-6,
                target_months=6,
                frequency=3,
                measurements=[(-3, "6"), (0, "4")],
            ),
            DemoBenefit(
                title="Færre udeblivelser i tandplejen",
                description="Påmindelser dagen før nedbringer udeblivelser.",
                category=Benefit.Category.NON_CASH,
                indicator="Udeblivelser",
                unit="%",
                source="Tandplejens bookingsystem",
                direction="lower",
                baseline="9",
                target="4",
                baseline_months=-6,
                target_months=12,
                frequency=3,
            ),
            DemoBenefit(
                title="Lavere SMS-udgift",
                description="Fælles indkøb giver en lavere pris pr. SMS.",
                category=Benefit.Category.CASH_RELEASING,
                indicator="Pris pr. SMS",
                unit="øre",
                source="Fakturaer fra SMS-leverandøren",
                direction="lower",
                baseline="35",
                target="22",
                baseline_months=-6,
                target_months=6,
                frequency=3,
                measurements=[(-3, "30"), (-1, "21")],
            ),
        ],
    ),
]


def _months(today: date, months: int) -> date:
    return today + relativedelta(months=months)


def _member(world: DemoWorld, organisation: Organisation, suffix: str):
    return world.users.get(f"{organisation.slug}.{suffix}")


@transaction.atomic
def load_demo(world: DemoWorld) -> None:
    today = timezone.localdate()
    for organisation in world.municipalities:
        for case in CASES:
            _load_case(world, organisation, case, today)


def _load_case(world: DemoWorld, organisation: Organisation, case: DemoCase, today: date) -> None:
    owner = _member(world, organisation, "admin")
    benefit_owner = _member(world, organisation, "gevinst")
    responsible = _member(world, organisation, "system")
    business_case = BusinessCase.objects.filter(organisation=organisation, title=case.title).first()
    contracts = _matching_contracts(organisation, case.contract_words)
    if business_case is None:
        business_case = services.business_case_create(
            organisation=organisation,
            created_by=owner,
            contracts=contracts,
            title=case.title,
            purpose=case.purpose,
            scope=case.scope,
            investment_cost=Decimal(case.investment),
            annual_running_cost=Decimal(case.running),
            expected_annual_net_benefit=Decimal(case.net_benefit),
            owner=owner,
            go_live_date=_months(today, case.go_live_months) if case.go_live_months else None,
        )
        for note, changes in case.updates:
            services.business_case_update(
                business_case=business_case, changed_by=owner, change_note=note, **changes
            )
    else:
        # The contracts' demo data may arrive after ours: link what exists now.
        linked = set(business_case.contracts.values_list("pk", flat=True))
        missing = [contract for contract in contracts if contract.pk not in linked]
        if missing:
            services.business_case_update(
                business_case=business_case,
                changed_by=owner,
                change_note="Kontrakter tilknyttet",
                contracts=[*business_case.contracts.all(), *missing],
            )
    for benefit in case.benefits:
        _load_benefit(business_case, benefit, benefit_owner, responsible, today)


def _matching_contracts(organisation: Organisation, words: tuple[str, ...]) -> list[Contract]:
    found: dict[int, Contract] = {}
    for word in words:
        for contract in Contract.objects.filter(
            organisation=organisation, is_deleted=False, title__icontains=word
        ).order_by("pk")[:9]:
            found[contract.pk] = contract
    return list(found.values())


def _load_benefit(business_case, demo: DemoBenefit, owner, responsible, today: date) -> None:
    if Benefit.objects.filter(business_case=business_case, title=demo.title).exists():
        return
    benefit = services.benefit_create(
        business_case=business_case,
        created_by=owner,
        interim_targets=[
            Point(_months(today, months), Decimal(value)) for months, value in demo.interim
        ],
        kind=demo.kind,
        title=demo.title,
        description=demo.description,
        category=demo.category,
        owner=owner,
        responsible=responsible,
        prerequisites=demo.prerequisites,
        indicator_name=demo.indicator,
        indicator_unit=demo.unit,
        indicator_data_source=demo.source,
        direction=demo.direction,
        baseline_value=Decimal(demo.baseline),
        baseline_date=_months(today, demo.baseline_months),
        target_value=Decimal(demo.target),
        target_date=_months(today, demo.target_months),
        measurement_frequency_months=demo.frequency,
        today=today,
    )
    for months, value in demo.measurements:
        services.measurement_record(
            benefit=benefit,
            recorded_by=owner,
            measured_on=_months(today, months),
            value=Decimal(value),
            today=today,
        )
