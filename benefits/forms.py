"""Forms of benefits realisation; the rules that span several fields live in the models/services."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import localized_formfield
from contracts.models import Contract
from organisations.models import Organisation

from . import selectors
from .formats import plain
from .models import Benefit, BusinessCase, Evaluation, InterimTarget, Measurement
from .rules import BenefitStatus


def _show_plain(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    """Show stored values without the zeros of their four decimal places (12, not 12.0000)."""
    for name in names:
        value = form.initial.get(name)
        if isinstance(value, Decimal):
            form.initial[name] = plain(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BusinessCaseForm(forms.ModelForm):
    # Declared: the default field would query the scoped Contract manager at import time.
    contracts = forms.ModelMultipleChoiceField(
        label=_("Contracts"),
        queryset=Contract.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    change_note = forms.CharField(
        label=_("Change note"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What changed and why; kept with the previous figures in the history."),
    )

    class Meta:
        model = BusinessCase
        formfield_callback = localized_formfield
        fields = [
            "title",
            "purpose",
            "scope",
            "investment_cost",
            "annual_running_cost",
            "expected_annual_net_benefit",
            "owner",
            "go_live_date",
            "contracts",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "scope": forms.Textarea(attrs={"rows": 3}),
            "go_live_date": DateInput(),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.organisation_members(organisation=organisation)
        self.fields["contracts"].queryset = selectors.contracts_for_choice(
            organisation=organisation
        )
        self.fields["contracts"].help_text = _(
            "The contracts the acquisition led to; hold Ctrl (⌘ on Mac) to choose several."
        )
        _show_plain(self, ("investment_cost", "annual_running_cost", "expected_annual_net_benefit"))
        if self.instance.pk is None:
            # A new case has no previous version; the note is optional and says "Created".
            self.fields["change_note"].required = False
            self.fields["change_note"].help_text = _("Optional: where the figures come from.")


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        formfield_callback = localized_formfield
        fields = [
            "kind",
            "title",
            "description",
            "category",
            "owner",
            "responsible",
            "prerequisites",
            "indicator_name",
            "indicator_unit",
            "indicator_data_source",
            "direction",
            "values_may_be_negative",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "measurement_frequency_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "baseline_date": DateInput(),
            "target_date": DateInput(),
        }
        help_texts = {
            "indicator_name": _("What is measured, e.g. “Minutes per case”."),
            "indicator_unit": _("E.g. minutes, %, DKK, cases."),
            "indicator_data_source": _("Where the figures come from, e.g. the ESDH statistics."),
            "target_value": _("On the better side of the baseline (a level to keep may equal it)."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["owner"].queryset = selectors.benefit_owners(organisation=organisation)
        self.fields["owner"].required = True
        self.fields["responsible"].queryset = selectors.organisation_members(
            organisation=organisation
        )
        _show_plain(self, ("baseline_value", "target_value"))


class InterimTargetForm(forms.ModelForm):
    class Meta:
        model = InterimTarget
        formfield_callback = localized_formfield
        fields = ["target_date", "value"]
        widgets = {"target_date": DateInput()}
        labels = {"target_date": _("Interim target date"), "value": _("Interim target value")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _show_plain(self, ("value",))


class BaseInterimTargetFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        days = [
            form.cleaned_data["target_date"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("target_date")
        ]
        if len(set(days)) != len(days):
            raise forms.ValidationError(_("Two interim targets fall on the same day."))

    def points(self):
        return [
            form.instance.point
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("target_date")
            and form.cleaned_data.get("value") is not None
        ]


InterimTargetFormSet = forms.modelformset_factory(
    InterimTarget,
    form=InterimTargetForm,
    formset=BaseInterimTargetFormSet,
    extra=3,
    can_delete=True,
    max_num=24,
    validate_max=True,
)


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        formfield_callback = localized_formfield
        fields = [
            "measured_on",
            "value",
            "comment",
            "evidence_note",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {
            "measured_on": DateInput(),
            "comment": forms.Textarea(attrs={"rows": 2}),
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, benefit: Benefit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.benefit = benefit
        self.instance.organisation_id = benefit.organisation_id
        if benefit.indicator_unit:
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": benefit.indicator_unit}
        if not self.is_bound:
            self.initial.setdefault("measured_on", timezone.localdate())


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        formfield_callback = localized_formfield
        fields = ["evaluated_on", "summary", "lessons_learned", "realised_annual_net_benefit"]
        widgets = {
            "evaluated_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "lessons_learned": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, benefits, **kwargs):
        super().__init__(*args, **kwargs)
        self.benefit_fields = []
        for benefit in benefits:
            name = f"comment_{benefit.pk}"
            self.fields[name] = forms.CharField(
                label=_("Comment on “%(title)s”") % {"title": benefit.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=4000,
            )
            self.benefit_fields.append((benefit, name))
        if not self.is_bound:
            self.initial.setdefault("evaluated_on", timezone.localdate())

    def comments(self) -> dict[int, str]:
        data = self.cleaned_data
        return {benefit.pk: data.get(name, "") for benefit, name in self.benefit_fields}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX)"),
        help_text=_(
            "The columns of the export: benefit no., date, value, and optionally comment and "
            "evidence link. A day already measured is updated."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class BenefitFilterForm(forms.Form):
    """The overview's filters (GET); every field is optional."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + [(status.value, status.label) for status in BenefitStatus],
    )
    owner = forms.ModelChoiceField(
        label=_("Benefit owner"), required=False, queryset=None, empty_label=_("All")
    )
    business_case = forms.ModelChoiceField(
        label=_("Business case"), required=False, queryset=None, empty_label=_("All")
    )
    overdue = forms.BooleanField(label=_("Only overdue measurements"), required=False)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.benefit_owners_in_use(organisation=organisation)
        self.fields["business_case"].queryset = selectors.business_case_choices(
            organisation=organisation
        )

    def apply(self, benefits, *, today):
        if not self.is_valid():
            return benefits
        data = self.cleaned_data
        if data["status"]:
            benefits = benefits.filter(status=data["status"])
        if data["owner"]:
            benefits = benefits.filter(owner=data["owner"])
        if data["business_case"]:
            benefits = benefits.filter(business_case=data["business_case"])
        if data["overdue"]:
            benefits = benefits.filter(next_measurement_due__lt=today)
        return benefits
