"""Wagtail pages and snippets for guidance, and the checklist runs municipalities save."""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from modelcluster.fields import ParentalManyToManyField
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from organisations.permissions import has_role
from organisations.roles import RUN_CHECKLISTS

from .blocks import ChecklistStreamBlock, GuideStreamBlock, ResponsibilitiesStreamBlock

# --- Snippets: the vocabulary pages are tagged with -----------------------------------------


class Phase(index.Indexed, models.Model):
    """One of the five phases of an IT acquisition."""

    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("order"), FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.FilterField("slug")]

    class Meta:
        ordering = ["order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class GuidanceRole(index.Indexed, models.Model):
    """A role in an acquisition (contract manager, IT architect ...), used to tag guidance."""

    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.FilterField("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("guidance role")
        verbose_name_plural = _("guidance roles")

    def __str__(self) -> str:
        return self.name


class Topic(index.Indexed, models.Model):
    """What a guide is about (contract, invoice ...); the app's pages ask for guides by topic."""

    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.FilterField("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


# --- Pages -----------------------------------------------------------------------------------


class HomePage(Page):
    """The root of the guidance site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.GuideIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guide_indexes"] = GuideIndexPage.objects.child_of(self).live().order_by("path")
        return context


class GuideIndexPage(Page):
    """Holds the quick guides, checklists and role descriptions, listed by phase."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.QuickGuidePage", "cms.ChecklistPage", "cms.RoleDescriptionPage"]

    class Meta:
        verbose_name = _("guide index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import guide_index_sections  # selectors import these models

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = guide_index_sections(index_page=self)
        return context


class GuidancePage(Page):
    """What every guidance page has: a short summary, and a place in a guide index."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences; shown in lists, search results and in the app."),
    )

    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
    ]

    class Meta:
        abstract = True


class TaggedGuidancePage(GuidancePage):
    """A guidance page tagged with phases, roles and topics, so the app can show it in context."""

    phases = ParentalManyToManyField(Phase, verbose_name=_("phases"), blank=True, related_name="+")
    roles = ParentalManyToManyField(
        GuidanceRole, verbose_name=_("roles"), blank=True, related_name="+"
    )
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")

    tagging_panel = MultiFieldPanel(
        [
            FieldPanel("phases", widget=forms.CheckboxSelectMultiple),
            FieldPanel("roles", widget=forms.CheckboxSelectMultiple),
            FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        ],
        heading=_("Where the guidance is shown"),
    )

    class Meta:
        abstract = True


class QuickGuidePage(TaggedGuidancePage):
    """A short, practical guide: steps, tips, warnings, links and an optional checklist."""

    body = StreamField(GuideStreamBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        TaggedGuidancePage.tagging_panel,
        FieldPanel("body"),
    ]
    search_fields = [
        *GuidancePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]

    class Meta:
        verbose_name = _("quick guide")
        verbose_name_plural = _("quick guides")


@dataclass(frozen=True)
class ChecklistPoint:
    """One point of a checklist page as a run records it; `key` is the list item's block id."""

    key: str
    group: str
    text: str
    help_text: str


class ChecklistPage(TaggedGuidancePage):
    """A checklist with points in groups; municipalities run it and tick the points."""

    groups = StreamField(ChecklistStreamBlock(), verbose_name=_("points"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        TaggedGuidancePage.tagging_panel,
        FieldPanel("groups"),
    ]
    search_fields = [
        *GuidancePage.search_fields,
        index.SearchField("groups"),
        index.AutocompleteField("groups"),
    ]

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def points(self) -> list[ChecklistPoint]:
        return [
            ChecklistPoint(
                key=item.id,
                group=group.value["title"],
                text=item.value["text"],
                help_text=item.value["help_text"],
            )
            for group in self.groups
            for item in group.value["items"].bound_blocks
        ]

    def get_context(self, request, *args, **kwargs):
        from .selectors import checklist_runs_for  # selectors import these models

        context = super().get_context(request, *args, **kwargs)
        organisation = getattr(request, "organisation", None)
        context["can_run_checklists"] = has_role(request, RUN_CHECKLISTS)
        context["recent_runs"] = (
            list(checklist_runs_for(organisation=organisation).filter(checklist=self)[:5])
            if organisation is not None
            else []
        )
        return context


class RoleDescriptionPage(GuidancePage):
    """What one role is responsible for in each phase."""

    role = models.ForeignKey(
        GuidanceRole, verbose_name=_("role"), on_delete=models.PROTECT, related_name="descriptions"
    )
    responsibilities = StreamField(
        ResponsibilitiesStreamBlock(), verbose_name=_("responsibilities")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("role"),
        FieldPanel("summary"),
        FieldPanel("responsibilities"),
    ]
    search_fields = [
        *GuidancePage.search_fields,
        index.SearchField("responsibilities"),
        index.AutocompleteField("responsibilities"),
    ]

    class Meta:
        verbose_name = _("role description")
        verbose_name_plural = _("role descriptions")


# --- Checklist runs: a municipality's record of working through a checklist ----------------


class ChecklistRun(models.Model):
    """One use of a checklist for a procurement or contract, e.g. "New SMS solution"."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The run keeps its own copy of the points, so deleting the page keeps the record.
    checklist = models.ForeignKey(
        ChecklistPage,
        verbose_name=_("checklist"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("used for"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the name of the procurement or contract."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        indexes = [models.Index(fields=["organisation", "-created_at"], name="cms_run_org_created")]

    def __str__(self) -> str:
        return self.title


class ChecklistRunItem(models.Model):
    """One point of a run: ticked or not, with a comment, by whom and when."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    run = models.ForeignKey(
        ChecklistRun,
        verbose_name=_("checklist run"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    item_key = models.CharField(_("point key"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"))
    group = models.CharField(_("group"), max_length=200, blank=True)
    text = models.CharField(_("point"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    checked = models.BooleanField(_("checked"), default=False)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords()

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("checklist run point")
        verbose_name_plural = _("checklist run points")
        constraints = [
            models.UniqueConstraint(fields=["run", "item_key"], name="cms_run_item_unique_key")
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.run_id and self.organisation_id != self.run.organisation_id:
            raise ValidationError(_("The point must belong to the run's organisation."))
