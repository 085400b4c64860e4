"""Demo data: each demo municipality's ESDH contract follows up its requirements, with a few
assessments. Runs after the contracts and requirements demos; running it twice changes nothing."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from contracts.models import Contract
from organisations.demo import DemoWorld
from requirements.models import Requirement, RequirementVersion, Specification

from . import services
from .models import FulfilmentItem

CONTRACT_TITLE = "ESDH-løsning"
PICKED_CATEGORIES = ("ARK", "SIK")
PICKED_COUNT = 10
Status = FulfilmentItem.Status

# The first assessments in key order: (status, comment, evidence, next review in days).
ASSESSMENTS = [
    (
        Status.MET,
        "",
        "Demonstreret ved overtagelsesprøven; testprotokol i ESDH-sagen.",
        None,
    ),
    (
        Status.NOT_MET,
        "Ikke leveret som aftalt. Leverandøren har lovet en rettelse i næste version; følges "
        "op på næste leverandørmøde.",
        "",
        45,
    ),
    (
        Status.PARTLY,
        "Kun delvist leveret; manglerne er beskrevet i testrapporten.",
        "Testrapport fra driftsprøven.",
        30,
    ),
    (
        Status.WAIVED,
        "Frafaldet ved forhandlingen mod en lavere pris; kommunen har en anden løsning.",
        "",
        None,
    ),
]


def _specification(organisation) -> Specification | None:
    """The municipality's demo specification for an ESDH system, if the requirements demo made
    one (another procurement's specification would be the wrong one to link)."""
    return (
        Specification.objects.filter(organisation=organisation, title__icontains="ESDH")
        .order_by("created_at", "pk")
        .first()
    )


def _bank_requirements():
    """About ten published shared requirements on archiving and security."""
    return (
        Requirement.objects.filter(
            Q(category__key__in=PICKED_CATEGORIES) | Q(category__parent__key__in=PICKED_CATEGORIES),
            organisation__isnull=True,
            current_version__status=RequirementVersion.Status.PUBLISHED,
        )
        .select_related("current_version")
        .order_by("key")[:PICKED_COUNT]
    )


@transaction.atomic
def load_demo(world: DemoWorld) -> None:
    today = timezone.localdate()
    with scopes_disabled():
        for organisation in world.municipalities:
            contract = (
                Contract.objects.filter(
                    organisation=organisation, title=CONTRACT_TITLE, is_deleted=False
                )
                .select_related("organisation")
                .first()
            )
            if contract is None or FulfilmentItem.objects.filter(contract=contract).exists():
                continue
            owner = world.users.get(f"{organisation.slug}.system")
            specification = _specification(organisation)
            if specification is not None:
                services.contract_link_specification(
                    contract=contract, specification=specification, actor=owner
                )
            else:
                services.contract_add_requirements(
                    contract=contract, requirements=_bank_requirements(), actor=owner
                )
            items = list(FulfilmentItem.objects.filter(contract=contract).order_by("key"))
            # Half of them at most, so the worklist has work left in it.
            assessed = items[: len(items) // 2]
            for item, (status, comment, evidence, review) in zip(
                assessed, ASSESSMENTS, strict=False
            ):
                services.fulfilment_item_assess(
                    item=item,
                    status=status,
                    comment=comment,
                    evidence_text=evidence,
                    next_review=today + timedelta(days=review) if review else None,
                    actor=owner,
                    today=today,
                )
