"""Forms of the contract register; querysets are limited to the current organisation."""

from decimal import Decimal

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from config.forms import localized_formfield, suggest_choices
from config.uploads import validate_document
from config.widgets import QuickSelect
from organisations.models import Organisation
from organisations.roles import Role
from organisations.selectors import people_by_role, users_with_role

from .deadlines import OptionState, add_months
from .models import (
    Contract,
    ContractAttachment,
    ContractOption,
    ITSystem,
    Milestone,
    Supplier,
    normalise_cvr,
    reference_key,
)
from .selectors import (
    contract_match,
    contract_named,
    supplier_label,
    supplier_match,
    supplier_named,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTRACT_DATE_FIELDS = (
    "signed_on",
    "start_date",
    "term_end",
    "irrevocable_until",
    "price_regulation_date",
    "dpa_date",
    "dpa_next_inspection",
)


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "cvr", "contact_name", "contact_email", "contact_phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        # Room for the way it is often written: "DK 29 87 65 41".
        self.fields["cvr"].max_length = 16
        self.fields["cvr"].widget.attrs["maxlength"] = 16
        self.fields["cvr"].validators = []
        self.fields["cvr"].help_text = _("8 digits; spaces and a leading “DK” are removed.")

    def clean_cvr(self):
        cvr = normalise_cvr(self.cleaned_data["cvr"])
        clash = Supplier.objects.filter(organisation=self.organisation, cvr=cvr)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("%(name)s already has CVR number %(cvr)s.")
                % {"name": clash.first().name, "cvr": cvr}
            )
        return cvr


class ITSystemForm(forms.ModelForm):
    class Meta:
        model = ITSystem
        fields = ["name", "capability", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        formfield_callback = localized_formfield
        fields = [
            "title", "reference", "contract_type", "status", "supplier", "it_systems", "parent",
            "responsible_unit", "contract_manager", "deputy_contract_manager", "system_owner",
            "template", "procurement_form", "signed_on", "start_date", "term_end",
            "irrevocable_until", "notice_months", "notice_to_end_of", "tacit_renewal_months",
            "reprocurement_lead_months", "total_value", "annual_value", "payment_model",
            "payment_frequency", "price_regulation_index", "price_regulation_date",
            "dpa_concluded", "dpa_date", "dpa_oversight_interval_months", "dpa_next_inspection",
            "exit_plan_notes",
        ]  # fmt: skip
        widgets = dict.fromkeys(CONTRACT_DATE_FIELDS, DATE)
        # Scoped models' managers refuse queries at import time; __init__ sets the real querysets.
        field_classes = {
            "supplier": SafeModelChoiceField,
            "parent": SafeModelChoiceField,
            "it_systems": SafeModelMultipleChoiceField,
        }
        widgets |= dict.fromkeys(
            ["contract_manager", "deputy_contract_manager", "system_owner"], QuickSelect
        )
        widgets["exit_plan_notes"] = forms.Textarea(attrs={"rows": 3})
        widgets["it_systems"] = forms.CheckboxSelectMultiple

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["it_systems"].queryset = ITSystem.objects.filter(organisation=organisation)
        # Typed, with suggestions: a municipality has hundreds of suppliers and thousands of
        # contracts, too many for a list to choose from.
        suggest_choices(
            self,
            "supplier",
            queryset=Supplier.objects.filter(organisation=organisation).only("name", "cvr"),
            exact=supplier_named,
            match=supplier_match,
            row_label=supplier_label,
            suggest_url=reverse("contracts:supplier-suggestions"),
            error_messages={
                "no_match": _(
                    "No supplier matches “%(value)s”. Type part of its name or its CVR number, "
                    "and pick a suggestion (a new supplier is added under Suppliers)."
                ),
                "several": _(
                    "“%(value)s” matches several suppliers. Type more of the name, or the CVR "
                    "number, or pick a suggestion."
                ),
            },
        )
        parents = Contract.objects.filter(organisation=organisation, is_deleted=False)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        suggest_choices(
            self,
            "parent",
            queryset=parents.only("title", "reference"),
            exact=contract_named,
            match=contract_match,
            suggest_url=reverse("contracts:contract-suggestions")
            + (f"?exclude={self.instance.pk}" if self.instance.pk else ""),
            error_messages={
                "no_match": _(
                    "No contract matches “%(value)s”. Type part of its title or its reference, "
                    "and pick a suggestion."
                ),
                "several": _(
                    "“%(value)s” matches several contracts. Type more of the title, or the "
                    "reference, or pick a suggestion."
                ),
            },
        )
        managers = users_with_role(organisation=organisation, role=Role.CONTRACT_MANAGER)
        self.fields["contract_manager"].queryset = managers
        self.fields["deputy_contract_manager"].queryset = managers
        self.fields["system_owner"].queryset = users_with_role(
            organisation=organisation, role=Role.SYSTEM_OWNER
        )
        self.fields["status"].choices = [
            choice
            for choice in Contract.Status.choices
            if choice[0] != Contract.Status.NOTICE_GIVEN or self.instance.notice_given_on
        ]

    def clean_reference(self):
        """A reference number names one contract: invoices are matched to contracts by it. Only a
        reference typed now is checked, so a contract that shares an old one stays editable."""
        reference = self.cleaned_data["reference"]  # stripped by the field
        if reference_key(reference) == reference_key(self.instance.reference or ""):
            return reference
        taken = (
            Contract.objects.filter(
                organisation=self.instance.organisation,
                is_deleted=False,
                reference__iexact=reference,
            )
            .exclude(pk=self.instance.pk)
            .first()
            if reference
            else None
        )
        if taken is not None:
            raise forms.ValidationError(
                _(
                    "The contract “%(title)s” has this reference number already. Invoices are "
                    "matched to contracts by it, so it must be the only one."
                )
                % {"title": taken.title}
            )
        return reference

    def clean(self):
        cleaned = super().clean()
        irrevocable, term_end = cleaned.get("irrevocable_until"), cleaned.get("term_end")
        if (
            irrevocable
            and term_end
            and irrevocable > term_end
            # A renewed term may end after it; otherwise notice could never take effect.
            and not cleaned.get("tacit_renewal_months")
            and {"irrevocable_until", "term_end", "tacit_renewal_months"} & set(self.changed_data)
        ):
            self.add_error(
                "irrevocable_until",
                _("The irrevocable period ends after the term ends (%(date)s).")
                % {"date": date_format(term_end)},
            )
        manager, deputy = cleaned.get("contract_manager"), cleaned.get("deputy_contract_manager")
        if manager and deputy and manager == deputy:
            self.add_error(
                "deputy_contract_manager", _("The deputy must be another person than the manager.")
            )
        return cleaned


def _live_forms(formset: BaseInlineFormSet) -> list[forms.Form]:
    """The formset's forms that are kept: filled in (an untouched extra row has no
    cleaned_data) and not marked for deletion."""
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class OptionFormSetBase(BaseInlineFormSet):
    """Options must be exercisable within the contract's life: not before it starts, and each
    unused one by the end of the term as the options before it would extend it (in a "2+1+1"
    contract the second option is decided during the first option year)."""

    start_date = None
    term_end = None

    def clean(self):
        super().clean()
        forms_by_deadline = sorted(
            (form for form in _live_forms(self) if form.cleaned_data.get("exercise_by")),
            key=lambda form: form.cleaned_data["exercise_by"],
        )
        extended_end = self.term_end
        for form in forms_by_deadline:
            exercise_by = form.cleaned_data["exercise_by"]
            if self.start_date and exercise_by < self.start_date and form.has_changed():
                form.add_error(
                    "exercise_by",
                    _(
                        "The last day to exercise the option is before the contract starts "
                        "(%(date)s)."
                    )
                    % {"date": date_format(self.start_date)},
                )
            if form.instance.state != OptionState.UNUSED or extended_end is None:
                continue  # a used option's months are in the term end already
            if exercise_by > extended_end:
                form.add_error(
                    "exercise_by",
                    _("The last day to exercise the option is after the term ends (%(date)s).")
                    % {"date": date_format(extended_end)},
                )
            if not form.errors and form.cleaned_data.get("length_months"):
                extended_end = add_months(extended_end, form.cleaned_data["length_months"])


class MilestoneFormSetBase(BaseInlineFormSet):
    """Milestones fall due after the contract starts, and their payments add up to 100 % at
    most. Checked when milestones are typed, so rows stored before stay editable around."""

    start_date = None

    def clean(self):
        super().clean()
        total, changed = Decimal(0), False
        for form in _live_forms(self):
            changed = changed or form.has_changed()
            due_date = form.cleaned_data.get("due_date")
            if self.start_date and due_date and due_date < self.start_date and form.has_changed():
                form.add_error(
                    "due_date",
                    _("The milestone falls due before the contract starts (%(date)s).")
                    % {"date": date_format(self.start_date)},
                )
            total += form.cleaned_data.get("payment_percentage") or 0
        if total > 100 and changed:
            raise forms.ValidationError(
                _("The milestones' payments add up to %(total)s %%; at most 100 %% can be paid.")
                % {"total": number_format(total.normalize(), use_l10n=True)}
            )


OptionFormSet = inlineformset_factory(
    Contract,
    ContractOption,
    formset=OptionFormSetBase,
    fields=["length_months", "exercise_by", "note"],
    widgets={"exercise_by": DATE},
    extra=1,
    can_delete=True,
)

MilestoneFormSet = inlineformset_factory(
    Contract,
    Milestone,
    formset=MilestoneFormSetBase,
    fields=["kind", "name", "due_date", "legal_effect", "payment_percentage"],
    widgets={"due_date": DATE},
    formfield_callback=localized_formfield,
    extra=1,
    can_delete=True,
)


class NoticeForm(forms.Form):
    given_on = forms.DateField(label=_("Notice given on"), widget=DATE)
    effective = forms.DateField(label=_("Termination takes effect"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return given_on

    def clean(self):
        cleaned = super().clean()
        given_on, effective = cleaned.get("given_on"), cleaned.get("effective")
        if given_on and effective and effective < given_on:
            self.add_error("effective", _("Termination cannot take effect before notice is given."))
        return cleaned


class ActionDateForm(forms.Form):
    """The date of a recorded action (option exercised, milestone met); today by default."""

    day = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"day": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ContractAttachment
        fields = ["title", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A long file name is no reason to refuse the file: storage shortens it to fit.
        self.fields["file"].max_length = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload)
        return upload


def _person_filter(label: str) -> forms.TypedChoiceField:
    """A filter on a person by id; the choices, the organisation's holders of the role, are set
    by the form."""
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, widget=QuickSelect
    )


class ContractFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + Contract.Status.choices,
        widget=QuickSelect,
    )
    # Typed, not chosen from a list: a municipality has hundreds of suppliers. The page's
    # script suggests matching names as the user types; the filter works without it.
    supplier = forms.CharField(
        label=_("Supplier (name or CVR number)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"list": "supplier-suggestions", "autocomplete": "off"}),
    )
    template = forms.ChoiceField(
        label=_("Contract template"),
        required=False,
        choices=[("", _("All"))] + Contract.Template.choices,
        widget=QuickSelect,
    )
    procurement_form = forms.ChoiceField(
        label=_("Procurement form"),
        required=False,
        choices=[("", _("All"))] + Contract.ProcurementForm.choices,
        widget=QuickSelect,
    )
    contract_manager = _person_filter(_("Contract manager"))
    system_owner = _person_filter(_("System owner"))
    deadline_within = forms.IntegerField(
        label=_("Deadline within (days)"), required=False, min_value=0, max_value=3650
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("next_deadline", _("Next deadline")),
            ("next_notice", _("Last day to give notice")),
            ("title", _("Title")),
            ("supplier", _("Supplier")),
            ("-total_value", _("Value, highest first")),
            ("term_end", _("Term end")),
        ],
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].widget.attrs["data-suggest-url"] = reverse(
            "contracts:supplier-suggestions"
        )
        roles = {"contract_manager": Role.CONTRACT_MANAGER, "system_owner": Role.SYSTEM_OWNER}
        people = people_by_role(organisation=organisation, roles=roles.values())
        for name, role in roles.items():
            self.fields[name].choices = [("", _("All")), *people[role]]
