"""Demo invoices for the demo municipalities: UBL files imported through the real import, so the
contract pages, the unmatched queue and the deviation list have something to show."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from contracts.models import Contract
from organisations.demo import DemoWorld
from organisations.models import Organisation, User

from . import services
from .models import Invoice
from .samples import SampleLine, invoice_xml

UNKNOWN_SUPPLIER_CVR = "10000009"


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def load_demo(world: DemoWorld) -> None:
    """Import a dozen invoices per municipality (once: a municipality with invoices is skipped)."""
    today = timezone.localdate()
    for organisation in world.municipalities:
        if not Invoice.objects.filter(organisation=organisation).exists():
            manager = world.users.get(f"{organisation.slug}.kontrakt")
            _load_organisation(organisation, manager, today)


def _load_organisation(organisation: Organisation, manager: User | None, today: date) -> None:
    year = today.year
    slug = organisation.slug.upper()
    contracts = {
        contract.reference: contract
        for contract in Contract.objects.filter(organisation=organisation).select_related(
            "supplier"
        )
    }
    esdh = contracts.get(f"{slug}-2021-014")
    archive = contracts.get(f"{slug}-2024-007")
    sms = contracts.get(f"{slug}-SMS-2")
    if esdh is None or archive is None or sms is None:
        return  # the contract demo data is missing
    files: list[tuple[str, bytes]] = []

    def add(name: str, contract: Contract | None = None, **values) -> None:
        supplier = contract.supplier if contract is not None else None
        values.setdefault("supplier_cvr", supplier.cvr if supplier else UNKNOWN_SUPPLIER_CVR)
        values.setdefault("supplier_name", supplier.name if supplier else "Nyt Konsulenthus")
        values.setdefault("dialect", "oioubl" if len(files) % 2 else "peppol")
        files.append((name, invoice_xml(**values)))

    quarters = [q for q in range(1, 5) if _quarter(year, q)[0] <= today]
    for quarter in quarters:
        start, end = _quarter(year, quarter)
        add(
            f"esdh-{year}-q{quarter}.xml",
            esdh,
            number=f"E{year}{quarter:02d}",
            issue_date=start,
            contract_reference=esdh.reference,
            period_start=start,
            period_end=end,
            lines=[
                SampleLine("ESDH-LIC", "ESDH-licenser", Decimal("150000.00")),
                SampleLine("ESDH-DRIFT", "Drift og support", Decimal("45000.00")),
            ],
        )
    first_start, first_end = _quarter(year, 1)
    # Support for the first quarter billed again: double billing.
    add(
        f"esdh-{year}-support.xml",
        esdh,
        number=f"E{year}90",
        issue_date=first_end,
        contract_reference=esdh.reference,
        lines=[
            SampleLine(
                "ESDH-DRIFT",
                "Drift og support, ekstra",
                Decimal("45000.00"),
                period_start=first_start,
                period_end=first_end,
            )
        ],
    )
    # The first invoice sent again with another amount: a duplicate number.
    add(
        f"esdh-{year}-q1-igen.xml",
        esdh,
        number=f"E{year}01",
        issue_date=first_start,
        contract_reference=esdh.reference,
        lines=[SampleLine("ESDH-LIC", "ESDH-licenser", Decimal("150000.00"))],
    )
    # More than the archive contract's annual value of 300,000.
    add(
        f"arkiv-{year}.xml",
        archive,
        number=f"A{year}01",
        issue_date=first_end,
        order_reference=archive.reference,
        lines=[SampleLine("ARK-AFL", "Aflevering til arkiv", Decimal("345000.00"))],
    )
    # A credit note for an invoice never received.
    add(
        f"arkiv-{year}-kredit.xml",
        archive,
        kind="credit_note",
        number=f"A{year}K1",
        issue_date=first_end,
        order_reference=archive.reference,
        billing_reference="A1999",
        lines=[SampleLine("ARK-AFL", "Rabat", Decimal("5000.00"))],
    )
    # The SMS supplier has two contracts and gives no reference: the invoice waits.
    add(
        f"sms-{year}.xml",
        sms,
        number=f"S{year}07",
        issue_date=first_end,
        lines=[SampleLine("SMS", "SMS-beskeder", Decimal("12500.00"), Decimal(50000))],
    )
    # A supplier the municipality has not registered.
    add(
        f"konsulent-{year}.xml",
        number=f"K{year}-3",
        issue_date=first_end,
        buyer_reference="IT-afdelingen",
        lines=[SampleLine("KONS", "Konsulenttimer", Decimal("48000.00"), Decimal(40))],
    )
    services.invoices_import_files(
        organisation=organisation,
        user=manager,
        files=[ContentFile(content, name=name) for name, content in files],
    )
    approved = Invoice.objects.filter(
        organisation=organisation, number=f"E{year}01", open_deviation_count=0
    ).first()
    if approved is not None:
        services.invoice_review(
            invoice=approved,
            user=manager,
            decision=Invoice.Status.APPROVED,
            comment="Stemmer med kontrakten.",
        )
    disputed = Invoice.objects.filter(organisation=organisation, number=f"A{year}01").first()
    if disputed is not None:
        services.invoice_review(
            invoice=disputed,
            user=manager,
            decision=Invoice.Status.DISPUTED,
            comment="Overstiger den årlige ramme; leverandøren er bedt om en kreditnota.",
        )
