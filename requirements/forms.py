"""Forms for the bank, its editorial work and specifications."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.uploads import too_large

from . import selectors, services
from .models import (
    BankRelease,
    Category,
    Kind,
    RequirementRelation,
    RequirementVersion,
    Specification,
)
from .models import SpecificationItem as Item


def category_choices(tree=None) -> list[tuple[int, str]]:
    """Categories indented by depth; `tree` is the flattened tree when the caller has it."""
    nodes = tree if tree is not None else selectors.flatten(selectors.category_tree())
    return [
        (node.category.pk, "\u2003" * node.depth + node.category.display_name) for node in nodes
    ]


class SizeLimitedFileField(forms.FileField):
    """A file no larger than settings.MAX_UPLOAD_SIZE."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(too_large(upload.size, settings.MAX_UPLOAD_SIZE))
        return upload


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, organisation=None, editor: bool = False, tree=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories")), *category_choices(tree)]
        self.fields["tag"].choices = [("", _("All tags"))] + [
            (name, name)
            for name in selectors.tags(organisation=organisation).values_list("name", flat=True)
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *Kind.choices]
        statuses = [
            ("", _("Any status")),
            (RequirementVersion.Status.PUBLISHED, _("Published")),
            (RequirementVersion.Status.WITHDRAWN, _("Withdrawn")),
            ("local", _("Local requirements")),
        ]
        if editor:
            statuses += [
                (RequirementVersion.Status.DRAFT, _("Has a draft")),
                (RequirementVersion.Status.REVIEW, _("In review")),
            ]
        self.fields["status"].choices = statuses


class RequirementIdentityForm(forms.Form):
    key = forms.CharField(label=_("Key"), max_length=30, help_text=_("For example SIK-012."))
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()

    def clean_category(self):
        return Category.objects.get(pk=self.cleaned_data["category"])

    def clean_tags(self):
        names = [tag.strip().lower() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        try:
            services.check_tag_names(names)
        except ValidationError as error:
            raise ValidationError(error.message_dict["tags"]) from None
        return names


class VersionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Requirement text"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    kind = forms.ChoiceField(label=_("Default kind"), choices=Kind.choices)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    buyer_guidance = forms.CharField(
        label=_("Guidance for the buyer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    verification = forms.CharField(
        label=_("How fulfilment is verified"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10000,
    )
    evidence = forms.CharField(
        label=_("Expected evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=10000,
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Law, standard or shared architecture principle; one per line."),
        max_length=4000,
    )
    cost_note = forms.CharField(
        label=_("Cost note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What this requirement typically adds to price."),
        max_length=4000,
    )
    change_note = forms.CharField(
        label=_("Change note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What this version changes."),
        max_length=4000,
    )

    @classmethod
    def initial_from(cls, version: RequirementVersion | None) -> dict:
        if version is None:
            return {}
        initial = {name: getattr(version, name) for name in cls.base_fields}
        initial["sources"] = version.sources_text
        initial["change_note"] = (
            "" if version.status != version.Status.DRAFT else version.change_note
        )
        return initial


class RequirementCreateForm(RequirementIdentityForm, VersionForm):
    pass


class RequirementEditForm(RequirementCreateForm):
    # The edit_key of the version the form was opened from: saving over a version someone else
    # saved since is refused once, so that nobody's changes are overwritten unseen.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class RelationForm(forms.Form):
    type = forms.ChoiceField(label=_("Relation"), choices=RequirementRelation.Type.choices)
    target = forms.CharField(label=_("Other requirement (key)"), max_length=30)

    def clean_target(self):
        key = self.cleaned_data["target"].strip().upper()
        requirement = selectors.shared_requirement_by_key(key)
        if requirement is None:
            raise forms.ValidationError(_("No requirement in the shared bank has this key."))
        return requirement


class ReleaseForm(forms.ModelForm):
    class Meta:
        model = BankRelease
        fields = ["number", "released_on", "note"]
        widgets = {"released_on": forms.DateInput(attrs={"type": "date"})}


class ImportForm(forms.Form):
    file = SizeLimitedFileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: key, category, kind, title, text and optionally purpose, buyer_guidance, "
            "verification, evidence, sources, cost_note, tags, change_note."
        ),
    )


class SpecificationForm(forms.ModelForm):
    categories = forms.TypedMultipleChoiceField(
        label=_("Categories"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The requirements of these categories (and their subcategories) are walked."),
    )

    class Meta:
        model = Specification
        fields = ["title", "procurement", "description", "release"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [
            (node.category.pk, node.category.display_name) for node in selectors.category_tree()
        ]
        self.fields["release"].queryset = selectors.releases()
        self.fields["release"].empty_label = None
        if self.instance.pk:
            del self.fields["release"]
            self.initial["categories"] = list(self.instance.categories.values_list("pk", flat=True))

    def clean_categories(self):
        return list(Category.objects.filter(pk__in=self.cleaned_data["categories"]))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            choice for choice in Item.Decision.choices if choice[0] != Item.Decision.UNDECIDED
        ],
        widget=forms.RadioSelect,
    )
    modified_text = forms.CharField(
        label=_("Modified text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only when including the requirement modified."),
        max_length=10000,
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for anything but including the requirement as is."),
        max_length=4000,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    weight = forms.IntegerField(
        label=_("Weight (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("For award criteria."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Item.Priority.choices)


class KeepVersionForm(forms.Form):
    note = forms.CharField(
        label=_("Why keep the pinned version?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class AddLocalForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Local requirement"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = list(choices)


class ComplianceImportForm(forms.Form):
    supplier_name = forms.CharField(label=_("Supplier"), max_length=200)
    file = SizeLimitedFileField(label=_("Filled-in compliance list (XLSX)"))
