"""Requirement fulfilment (kravopfyldelse): per contract and requirement, the agreed wording and
whether the delivered system meets it, with evidence and history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from requirements.models import Kind


class ContractSpecification(models.Model):
    """A contract linked to the specification it was tendered with."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="fulfilment_specifications",
    )
    specification = models.ForeignKey(
        "requirements.Specification",
        verbose_name=_("specification"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["linked_at", "pk"]
        verbose_name = _("linked specification")
        verbose_name_plural = _("linked specifications")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "specification"], name="fulfilment_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} · {self.specification}"


def evidence_path(instance: "FulfilmentItem", filename: str) -> str:
    return f"fulfilment/{instance.organisation_id}/{instance.contract_id}/{filename}"


class FulfilmentItem(models.Model):
    """One requirement a contract must meet: the version and text agreed, and its assessment.

    The wording is copied when the item is created, so later changes in the bank or in the
    specification never alter what the supplier agreed to.
    """

    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed")
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        WAIVED = "waived", _("Waived")

    # Giving up a requirement or finding it unmet must be explained.
    COMMENT_REQUIRED = (Status.NOT_MET, Status.WAIVED)

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("contract"),
        on_delete=models.CASCADE,
        related_name="fulfilment_items",
    )
    requirement = models.ForeignKey(
        "requirements.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.ForeignKey(
        "requirements.RequirementVersion",
        verbose_name=_("agreed version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    specification_item = models.ForeignKey(
        "requirements.SpecificationItem",
        verbose_name=_("specification item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the requirement was picked from the bank directly."),
    )
    key = models.CharField(_("key"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("agreed text"), max_length=10000)
    modified = models.BooleanField(
        _("modified"), default=False, help_text=_("The municipality changed the bank's text.")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    weight = models.PositiveSmallIntegerField(_("weight"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    comment = models.TextField(
        _("comment"),
        max_length=4000,
        blank=True,
        help_text=_("Required when the requirement is not met or waived."),
    )
    evidence_text = models.TextField(_("evidence"), max_length=4000, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=300, blank=True
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "pk"]
        verbose_name = _("fulfilment item")
        verbose_name_plural = _("fulfilment items")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "requirement"], name="fulfilment_item_unique_requirement"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["not_met", "waived"], comment=""),
                name="fulfilment_item_comment_when_not_met_or_waived",
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "status"], name="fulfilment_contract_status"),
            models.Index(fields=["organisation", "status"], name="fulfilment_org_status"),
            # Reviews due (the daily scan and the worklist).
            models.Index(
                fields=["next_review"],
                condition=Q(next_review__isnull=False),
                name="fulfilment_review_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} · {self.contract}"

    def get_absolute_url(self) -> str:
        return reverse("fulfilment:item", kwargs={"pk": self.pk})

    def clean(self):
        if self.status in self.COMMENT_REQUIRED and not self.comment.strip():
            raise ValidationError(
                {"comment": _("Explain why the requirement is not met or waived.")},
                code="comment_required",
            )
        if self.status == self.Status.MET and not self.has_evidence:
            raise ValidationError(
                {
                    "evidence_text": _(
                        "Say what shows that the requirement is met: a text, a link or a file."
                    )
                },
                code="evidence_required",
            )

    @property
    def seen_key(self) -> str:
        """What identifies the assessment a user sees: it changes with every assessment."""
        return self.assessed_at.isoformat() if self.assessed_at else ""

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_text.strip() or self.evidence_url or self.evidence_file)

    @property
    def evidence_filename(self) -> str:
        return self.evidence_file.name.rsplit("/", 1)[-1] if self.evidence_file else ""
