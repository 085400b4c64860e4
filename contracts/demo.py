"""Demo suppliers, IT systems and contracts for the demo municipalities (idempotent)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organisations.demo import DemoWorld
from organisations.models import Organisation

from . import services
from .deadlines import add_months
from .models import Contract, ContractOption, ITSystem, Milestone, Supplier

WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_with_check_digit(prefix: int) -> str:
    """The valid CVR number starting with the 7 digits of `prefix` (modulus 11), or ''."""
    digits = [int(d) for d in f"{prefix:07d}"]
    check = -sum(w * d for w, d in zip(WEIGHTS, digits, strict=False)) % 11
    return "" if check == 10 else f"{prefix:07d}{check}"


SUPPLIERS = [
    ("Fjordsoft A/S", 2987654),
    ("Kommunedata Nord ApS", 3412345),
    ("SMS-Huset A/S", 3598765),
    ("Borgerbesked ApS", 3711111),
    ("Arkivpartner A/S", 3822222),
    ("Driftcenter Øst A/S", 3933333),
]
SYSTEMS = [
    ("Nordsag ESDH", "ESDH"),
    ("SMS-Huset Pro", "SMS-udsendelse"),
    ("Borgerbesked", "SMS-udsendelse"),
    ("Skole-SMS", "SMS-udsendelse"),
    ("Arkivportalen", "Arkivering"),
    ("Økonomi 360", "Økonomisystem"),
]


def _supplier(organisation: Organisation, name: str, prefix: int) -> Supplier:
    cvr = cvr_with_check_digit(prefix) or cvr_with_check_digit(prefix + 1)
    supplier = Supplier.objects.filter(organisation=organisation, cvr=cvr).first()
    if supplier is None:
        supplier = services.supplier_save(
            supplier=Supplier(
                organisation=organisation,
                name=name,
                cvr=cvr,
                contact_email=f"kontakt@{name.split()[0].lower()}.example",
            )
        )
    return supplier


def _system(organisation: Organisation, name: str, capability: str) -> ITSystem:
    system = ITSystem.objects.filter(organisation=organisation, name=name).first()
    return system or services.it_system_save(
        system=ITSystem(organisation=organisation, name=name, capability=capability)
    )


@transaction.atomic
def load_demo(world: DemoWorld) -> None:
    today = timezone.localdate()
    for organisation in world.municipalities:
        if Contract.objects.filter(organisation=organisation).exists():
            continue
        slug = organisation.slug
        manager = world.users[f"{slug}.kontrakt"]
        owner = world.users[f"{slug}.system"]
        suppliers = [_supplier(organisation, name, prefix) for name, prefix in SUPPLIERS]
        systems = {name: _system(organisation, name, cap) for name, cap in SYSTEMS}
        year = today.year

        def create(organisation=organisation, **fields):
            it_systems = fields.pop("it_systems", [])
            return services.contract_create(
                organisation=organisation, it_systems=it_systems, **fields
            )

        esdh = create(
            title="ESDH-løsning",
            reference=f"{slug.upper()}-2021-014",
            supplier=suppliers[0],
            contract_manager=manager,
            system_owner=owner,
            template=Contract.Template.K02,
            procurement_form=Contract.ProcurementForm.EU_TENDER,
            signed_on=date(year - 5, 3, 1),
            start_date=date(year - 5, 4, 1),
            term_end=date(year + 1, 3, 31),
            irrevocable_until=date(year - 1, 3, 31),
            notice_months=6,
            notice_to_end_of=Contract.NoticeToEndOf.QUARTER,
            total_value=Decimal("4800000"),
            annual_value=Decimal("800000"),
            payment_model=Contract.PaymentModel.SUBSCRIPTION,
            payment_frequency=Contract.PaymentFrequency.QUARTERLY,
            price_regulation_index="Nettoprisindeks",
            price_regulation_date=date(year - 4, 1, 1),
            dpa_concluded=True,
            dpa_date=date(year - 5, 3, 1),
            dpa_oversight_interval_months=12,
            dpa_next_inspection=add_months(today, 1),
            it_systems=[systems["Nordsag ESDH"]],
            exit_plan_notes="Data udleveres som arkiveringsversion og i åbent format ved ophør.",
        )
        ContractOption.objects.create(
            organisation=organisation,
            contract=esdh,
            length_months=12,
            exercise_by=add_months(esdh.term_end, -4),
        )
        ContractOption.objects.create(
            organisation=organisation,
            contract=esdh,
            length_months=12,
            exercise_by=add_months(esdh.term_end, -1),
        )
        services.contract_deadlines_refresh(contract=esdh)

        for index, system_name in enumerate(["SMS-Huset Pro", "Borgerbesked", "Skole-SMS"]):
            create(
                title=f"SMS-udsendelse ({system_name})",
                reference=f"{slug.upper()}-SMS-{index + 1}",
                supplier=suppliers[2 + min(index, 1)],
                contract_manager=manager if index else None,
                template=Contract.Template.SUPPLIER,
                procurement_form=Contract.ProcurementForm.DIRECT_AWARD,
                start_date=date(year - 3, 1, 1),
                term_end=date(year - 1, 12, 31),
                tacit_renewal_months=12,
                notice_months=3,
                annual_value=Decimal(60000 + 15000 * index),
                payment_model=Contract.PaymentModel.TRANSACTION,
                it_systems=[systems[system_name]],
            )

        archive = create(
            title="Arkivering og aflevering",
            reference=f"{slug.upper()}-2024-007",
            supplier=suppliers[4],
            contract_manager=manager,
            system_owner=owner,
            template=Contract.Template.K01,
            procurement_form=Contract.ProcurementForm.SKI_MINI,
            start_date=date(year - 1, 6, 1),
            term_end=add_months(today, 5),
            notice_months=3,
            total_value=Decimal("900000"),
            annual_value=Decimal("300000"),
            it_systems=[systems["Arkivportalen"]],
        )
        Milestone.objects.create(
            organisation=organisation,
            contract=archive,
            kind=Milestone.Kind.ACCEPTANCE_TEST,
            due_date=add_months(today, -2),
            met_on=add_months(today, -2),
            payment_percentage=Decimal(30),
            legal_effect="Betaling af 30 %",
        )
        Milestone.objects.create(
            organisation=organisation,
            contract=archive,
            kind=Milestone.Kind.OPERATION_TEST,
            due_date=today.replace(day=1) if today.day > 14 else today,
            legal_effect="Garanti starter",
        )
        services.contract_deadlines_refresh(contract=archive)

        create(
            title="Økonomisystem drift",
            reference=f"{slug.upper()}-2019-002",
            supplier=suppliers[5],
            template=Contract.Template.K04,
            procurement_form=Contract.ProcurementForm.NEGOTIATION,
            start_date=date(year - 7, 1, 1),
            term_end=add_months(today, -1),
            total_value=Decimal("2500000"),
            it_systems=[systems["Økonomi 360"]],
        )
        create(
            title="Databehandleraftale, ESDH",
            reference=f"{slug.upper()}-DBA-01",
            contract_type=Contract.Type.DPA,
            supplier=suppliers[0],
            parent=esdh,
            contract_manager=manager,
            dpa_concluded=True,
            dpa_date=date(year - 5, 3, 1),
            dpa_oversight_interval_months=12,
            dpa_next_inspection=add_months(today, 2),
        )
