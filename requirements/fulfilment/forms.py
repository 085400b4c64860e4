"""Forms of requirement fulfilment: linking, picking, assessing and the list filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.uploads import validate_document
from requirements.models import Requirement, Specification

from .models import FulfilmentItem
from .selectors import Only, Show, categories

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _category_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None, choices=()
    )


class LinkSpecificationForm(forms.Form):
    specification = forms.ModelChoiceField(
        label=_("Specification"),
        queryset=Specification.objects.none(),
        help_text=_(
            "Every requirement included as is or modified becomes a requirement of the contract, "
            "with the agreed version and text."
        ),
    )

    def __init__(self, *args, specifications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specification"].queryset = specifications


class PickFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    category = _category_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + categories().choices


class AssessForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=FulfilmentItem.Status.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the requirement is not met or waived."),
        max_length=4000,
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the test case, the document or what was demonstrated."),
        max_length=4000,
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        validators=[validate_document],
        help_text=_("Optional; a new file replaces the current one."),
    )
    remove_evidence_file = forms.BooleanField(label=_("Remove the current file"), required=False)
    next_review = forms.DateField(label=_("Next review"), required=False, widget=DATE)
    # The assessment the user saw when the form was opened (FulfilmentItem.seen_key): saving
    # over one made since is refused once, so that nobody's evidence is overwritten unseen.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, item: FulfilmentItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        if item is None or not item.evidence_file:
            del self.fields["remove_evidence_file"]

    def clean_next_review(self):
        # Checked here as well as by the service, so it shows beside the form's other errors.
        # A date that passed unchanged does not block saving anything else.
        day = self.cleaned_data["next_review"]
        kept = self.item is not None and day == self.item.next_review
        if day is not None and day < timezone.localdate() and not kept:
            raise forms.ValidationError(_("The next review cannot be in the past."))
        return day

    def clean(self):
        # The model's rules (FulfilmentItem.clean), checked here too so that they show beside
        # the form's other mistakes.
        data = super().clean()
        status = data.get("status")
        if status in FulfilmentItem.COMMENT_REQUIRED and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Explain why the requirement is not met or waived."))
        evidence_refused = any(
            name in self.errors for name in ("evidence_text", "evidence_url", "evidence_file")
        )
        if (
            status == FulfilmentItem.Status.MET
            and not evidence_refused
            and not self._has_evidence(data)
        ):
            self.add_error(
                "evidence_text",
                _("Say what shows that the requirement is met: a text, a link or a file."),
            )
        return data

    def _has_evidence(self, data: dict) -> bool:
        kept_file = (
            self.item is not None
            and bool(self.item.evidence_file)
            and not data.get("remove_evidence_file")
        )
        return bool(
            (data.get("evidence_text") or "").strip()
            or data.get("evidence_url")
            or data.get("evidence_file")
            or kept_file
        )

    @classmethod
    def initial_for(cls, item: FulfilmentItem) -> dict:
        return {
            "status": item.status,
            "comment": item.comment,
            "evidence_text": item.evidence_text,
            "evidence_url": item.evidence_url,
            "next_review": item.next_review,
            "seen": item.seen_key,
        }


class MatrixFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(FulfilmentItem.Status.choices),
    )
    category = _category_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + categories().choices


class PortfolioFilterForm(forms.Form):
    category = _category_field()
    only = forms.ChoiceField(
        label=_("Contracts"),
        required=False,
        choices=[
            (Only.ALL, _("All with requirements")),
            (Only.SHORTFALL, _("With requirements not met or partly met")),
            (Only.NOT_ASSESSED, _("With requirements not assessed")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + categories().choices


class WorklistFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (Show.TODO, _("To assess or review")),
            (Show.REVIEW, _("Review due")),
            (Show.ALL, _("All on my contracts")),
        ],
    )


class PickForm(forms.Form):
    requirements = forms.ModelMultipleChoiceField(
        label=_("Requirements"), queryset=Requirement.objects.none()
    )

    def __init__(self, *args, pickable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirements"].queryset = pickable
