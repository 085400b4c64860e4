"""The requirement bank (categories, requirements, immutable versions, releases), specifications."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope
from simple_history.models import HistoricalRecords

from organisations.models import Organisation


class SharedOrTenantManager(models.Manager):
    """Shared rows (no organisation) for everyone; a municipality's own rows only in its scope.

    django-scopes' ScopedManager filters `organisation = scope`, which would hide the shared bank;
    this manager adds the shared rows and, like django-scopes, refuses to run without a scope.
    """

    organisation_path = "organisation"

    def get_queryset(self):
        queryset = super().get_queryset()
        current = get_scope()
        if not current.get("_enabled", True):
            return queryset
        if "organisation" not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"organisation"})
        value = current["organisation"]
        path = self.organisation_path
        if isinstance(value, list | tuple):
            own = Q(**{f"{path}__in": value})
        elif value is None:
            return queryset
        else:
            own = Q(**{path: value})
        return queryset.filter(own | Q(**{f"{path}__isnull": True}))


class VersionManager(SharedOrTenantManager):
    organisation_path = "requirement__organisation"


# PostgreSQL's text search configuration for the bank: Danish stemming and stop words.
SEARCH_CONFIG = "danish"


class Kind(models.TextChoices):
    MINIMUM = "minimum", _("Minimum requirement")
    AWARD = "award", _("Award criterion")
    INFORMATION = "information", _("Information")


class Category(models.Model):
    """A node in the bank's category tree (arkiv, sikkerhed, mobil, ...); shared by everyone."""

    key = models.CharField(_("key"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("requirements:category", kwargs={"key": self.key})

    @property
    def display_name(self) -> str:
        """The name in the active language: the English name in English when there is one."""
        if self.name_en and (get_language() or "").split("-")[0] == "en":
            return self.name_en
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """A requirement's stable identity; what it says lives in its versions.

    `organisation` is empty for the shared bank and set for a municipality's local requirement.
    `current_version` is the newest published (or withdrawn) version, kept by the services so
    pages and specifications need not search the versions.
    """

    uuid = models.UUIDField(_("stable id"), default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(
        _("key"),
        max_length=30,
        validators=[
            RegexValidator(r"^[A-ZÆØÅ0-9][A-ZÆØÅ0-9-]*$", _("Use capitals, digits and hyphens."))
        ],
        help_text=_("A human key such as SIK-012; it may be renamed, the stable id stays."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_requirements",
        help_text=_("Empty for the shared bank; set for a municipality's local requirement."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="requirements"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True)
    current_version = models.ForeignKey(
        "RequirementVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SharedOrTenantManager()
    history = HistoricalRecords(excluded_fields=["current_version"])

    class Meta:
        ordering = ["key"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(organisation__isnull=True),
                name="requirement_shared_key_unique",
                violation_error_message=_("The bank already has a requirement with this key."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "key"],
                name="requirement_local_key_unique",
                violation_error_message=_(
                    "Your organisation already has a requirement with this key."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.key

    def get_absolute_url(self) -> str:
        return reverse("requirements:requirement", kwargs={"uuid": self.uuid})

    @property
    def is_local(self) -> bool:
        return self.organisation_id is not None


class RequirementVersion(models.Model):
    """What a requirement says at one point; its content never changes once it left draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # The fields that make up a version's content (compared in diffs, frozen when published).
    CONTENT_FIELDS = (
        "title",
        "text",
        "purpose",
        "buyer_guidance",
        "verification",
        "evidence",
        "sources",
        "kind",
        "cost_note",
    )

    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("requirement"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("requirement text"), max_length=10000)
    purpose = models.TextField(_("purpose"), max_length=10000, blank=True)
    buyer_guidance = models.TextField(_("guidance for the buyer"), max_length=10000, blank=True)
    verification = models.TextField(_("how fulfilment is verified"), max_length=10000, blank=True)
    evidence = models.TextField(_("expected evidence"), max_length=10000, blank=True)
    sources = models.JSONField(
        _("sources"),
        default=list,
        blank=True,
        help_text=_("Law, standard or shared architecture principle; one per line."),
    )
    kind = models.CharField(
        _("default kind"), max_length=12, choices=Kind.choices, default=Kind.MINIMUM
    )
    cost_note = models.TextField(
        _("cost note"),
        max_length=4000,
        blank=True,
        help_text=_("What this requirement typically adds to price."),
    )
    change_note = models.TextField(_("change note"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Who saved the draft last and when: every save sets them (the services), so the edit form
    # can tell a draft changed since it was opened, and the history keeps every editor.
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("last edited"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Danish full-text document of published versions, filled by the services on PostgreSQL
    # (GIN-indexed there); SQLite leaves it empty and searches with icontains.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = VersionManager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["requirement", "number"]
        verbose_name = _("requirement version")
        verbose_name_plural = _("requirement versions")
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "number"], name="requirement_version_number_unique"
            ),
            # At most one version is being worked on at a time.
            models.UniqueConstraint(
                fields=["requirement"],
                condition=Q(status__in=["draft", "review"]),
                name="requirement_one_open_draft",
            ),
        ]
        indexes = [models.Index(fields=["status", "requirement"])]

    def __str__(self) -> str:
        return f"{self.requirement.key} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "requirements:version",
            kwargs={"uuid": self.requirement.uuid, "number": self.number},
        )

    @property
    def sources_text(self) -> str:
        return "\n".join(self.sources)

    @property
    def is_open(self) -> bool:
        """Still being worked on (a draft or in review): what it says may change."""
        return self.status in (self.Status.DRAFT, self.Status.REVIEW)

    @property
    def edit_key(self) -> str:
        """What identifies this version as an edit form shows it: it changes with every save."""
        edited = f"@{self.edited_at.isoformat()}" if self.edited_at else ""
        return f"{self.number}{edited}"


class VersionComment(models.Model):
    """A remark in the editorial review of a version."""

    version = models.ForeignKey(
        RequirementVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d}"


class RequirementRelation(models.Model):
    """A typed link between two shared requirements, read both ways."""

    class Type(models.TextChoices):
        REPLACES = "replaces", _("replaces")
        DEPENDS_ON = "depends_on", _("depends on")
        REFINES = "refines", _("refines")
        CONFLICTS_WITH = "conflicts_with", _("conflicts with")

    INVERSE_LABELS = {
        Type.REPLACES: _("is replaced by"),
        Type.DEPENDS_ON: _("is needed by"),
        Type.REFINES: _("is refined by"),
        Type.CONFLICTS_WITH: _("conflicts with"),
    }

    source = models.ForeignKey(
        Requirement,
        verbose_name=_("requirement"),
        on_delete=models.CASCADE,
        related_name="outgoing_relations",
    )
    type = models.CharField(_("relation"), max_length=20, choices=Type.choices)
    target = models.ForeignKey(
        Requirement,
        verbose_name=_("other requirement"),
        on_delete=models.CASCADE,
        related_name="incoming_relations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["type", "pk"]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "type", "target"], name="requirement_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="requirement_relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_type_display()} {self.target}"

    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.Type(self.type)]


class BankRelease(models.Model):
    """A numbered, dated release of the bank: the published versions at that moment."""

    number = models.CharField(
        _("number"),
        max_length=20,
        unique=True,
        error_messages={"unique": _("A release with this number already exists.")},
        validators=[RegexValidator(r"^\d{4}\.\d{1,3}$", _("Use year.number, e.g. 2026.1."))],
    )
    released_on = models.DateField(_("release date"))
    note = models.TextField(_("release note"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    versions = models.ManyToManyField(
        RequirementVersion,
        verbose_name=_("versions"),
        through="BankReleaseEntry",
        related_name="releases",
    )

    class Meta:
        ordering = ["-released_on", "-pk"]
        verbose_name = _("bank release")
        verbose_name_plural = _("bank releases")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("requirements:release", kwargs={"pk": self.pk})


class BankReleaseEntry(models.Model):
    """One pinned version in a release (one per requirement)."""

    release = models.ForeignKey(BankRelease, on_delete=models.CASCADE, related_name="entries")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(RequirementVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("release entry")
        verbose_name_plural = _("release entries")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "requirement"], name="release_entry_unique_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.release} · {self.version}"


class Specification(models.Model):
    """A municipality's tailored set of requirements for one procurement (kravspecifikation)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        FINAL = "final", _("Final")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="specifications",
    )
    title = models.CharField(_("title"), max_length=200)
    procurement = models.CharField(
        _("procurement"), max_length=200, blank=True, help_text=_("Case number or tender name.")
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    release = models.ForeignKey(
        BankRelease,
        verbose_name=_("bank release"),
        on_delete=models.PROTECT,
        related_name="specifications",
    )
    categories = models.ManyToManyField(
        Category,
        verbose_name=_("categories"),
        related_name="+",
        help_text=_("The bank's categories this procurement takes a stance on."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("marked final"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("specification")
        verbose_name_plural = _("specifications")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("requirements:specification", kwargs={"pk": self.pk})

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class SpecificationItem(models.Model):
    """One requirement in a specification: the pinned version and the municipality's stance.

    A contract (fulfilment) copies the included items: `version` pins the bank's wording and
    `effective_text` is what was actually tendered.
    """

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", _("Not decided")
        AS_IS = "as_is", _("Include as is")
        MODIFIED = "modified", _("Include modified")
        EXCLUDED = "excluded", _("Exclude")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    INCLUDED = (Decision.AS_IS, Decision.MODIFIED)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    specification = models.ForeignKey(
        Specification,
        verbose_name=_("specification"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    requirement = models.ForeignKey(
        Requirement, verbose_name=_("requirement"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        RequirementVersion,
        verbose_name=_("pinned version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=15, choices=Decision.choices, default=Decision.UNDECIDED
    )
    modified_text = models.TextField(_("modified text"), max_length=10000, blank=True)
    justification = models.TextField(
        _("justification"),
        max_length=4000,
        blank=True,
        help_text=_("Required for anything but including the requirement as is."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("For award criteria: the weight in percent."),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    # When the bank has a newer version and the municipality keeps this one, the newer version
    # it saw and why it kept the old; a still newer version raises the flag again.
    kept_over_version = models.ForeignKey(
        RequirementVersion,
        verbose_name=_("newer version kept out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kept_note = models.TextField(_("why the pinned version is kept"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("specification item")
        verbose_name_plural = _("specification items")
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "requirement"], name="specification_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.specification} · {self.requirement.key}"

    def get_absolute_url(self) -> str:
        return reverse(
            "requirements:item", kwargs={"pk": self.specification_id, "item_pk": self.pk}
        )

    @property
    def is_decided(self) -> bool:
        return self.decision != self.Decision.UNDECIDED

    @property
    def is_included(self) -> bool:
        return self.decision in self.INCLUDED

    @property
    def effective_text(self) -> str:
        """The text put out to tender: the municipality's wording when modified."""
        if self.decision == self.Decision.MODIFIED:
            return self.modified_text
        return self.version.text

    @property
    def newer_version(self) -> "RequirementVersion | None":
        """The bank's newer published version this item does not use yet, if not kept out."""
        current = self.requirement.current_version
        if (
            current is None
            or current.pk == self.version_id
            or current.number < self.version.number
            or current.status != RequirementVersion.Status.PUBLISHED
            or current.pk == self.kept_over_version_id
        ):
            return None
        return current


class SupplierResponse(models.Model):
    """A supplier's filled-in compliance list for a specification, read back from XLSX."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    specification = models.ForeignKey(
        Specification,
        verbose_name=_("specification"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    supplier_name = models.CharField(_("supplier"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["supplier_name"]
        verbose_name = _("supplier response")
        verbose_name_plural = _("supplier responses")
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "supplier_name"], name="supplier_response_unique"
            )
        ]

    def __str__(self) -> str:
        return self.supplier_name


class SupplierAnswer(models.Model):
    class Answer(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    response = models.ForeignKey(SupplierResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SpecificationItem, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("supplier answer")
        verbose_name_plural = _("supplier answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="supplier_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.response} · {self.get_answer_display()}"
