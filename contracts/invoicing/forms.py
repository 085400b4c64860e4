"""Forms for invoices: uploads, column mapping, matching, review and the list filters."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.forms import applied_filters

from .checks import DeviationKind
from .models import Invoice
from .spreadsheet import FIELDS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern).

    Empty files pass: the import rejects each by name ("The file is empty.") and imports the
    others, where the field's error would refuse the whole upload without saying which file.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xml,.zip"}))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(item, initial) for item in data] if isinstance(data, list | tuple) else []
        if not isinstance(data, list | tuple) and data:
            files = [single(data, initial)]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class InvoiceFilesForm(forms.Form):
    files = MultipleFileField(
        label=_("Invoice files"),
        help_text=_(
            "OIOUBL 2.1 or Peppol BIS 3 invoices and credit notes (XML), one or several, or ZIP "
            "archives of them."
        ),
    )


class SpreadsheetForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "A CSV or XLSX export from the finance system with one row per invoice line. Rows of "
            "the same invoice must follow each other. You choose the columns on the next page."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class MappingForm(forms.Form):
    """One choice of column per invoice field; the required fields must have one."""

    def __init__(self, *args, header: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(index), heading or _("Column %(number)s") % {"number": index + 1})
            for index, heading in enumerate(header)
        ]
        for field in FIELDS:
            self.fields[field.name] = forms.ChoiceField(
                label=format_lazy("{} *", field.label) if field.required else field.label,
                choices=choices,
                required=field.required,
            )

    def mapping(self) -> dict[str, int | None]:
        return {
            name: int(value) if value not in ("", None) else None
            for name, value in self.cleaned_data.items()
        }


class MatchForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None)
    remember = forms.BooleanField(
        label=_("Remember for this supplier and reference"), required=False, initial=True
    )

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda contract: (
            f"{contract} · {contract.supplier.name}"
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Invoice.Status.APPROVED, _("Approve")),
            (Invoice.Status.DISPUTED, _("Dispute")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when disputing, and when approving an invoice with deviations."),
    )


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + Invoice.Status.choices
    )
    matched = forms.ChoiceField(
        label=_("Contract"),
        required=False,
        choices=[("", _("All")), ("yes", _("Matched")), ("no", _("Not matched"))],
    )
    deviations = forms.BooleanField(label=_("Only with open deviations"), required=False)
    contract = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DeviationFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Deviation"),
        required=False,
        choices=[("", _("All"))] + [(kind.value, kind.label) for kind in DeviationKind],
    )
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=None, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    issued_from = forms.DateField(
        label=_("Issued from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    issued_to = forms.DateField(
        label=_("Issued until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers
        self.fields["supplier"].empty_label = _("All")

    def clean_issued_to(self):
        issued_from, issued_to = (
            self.cleaned_data.get("issued_from"),
            self.cleaned_data["issued_to"],
        )
        if issued_from and issued_to and issued_to < issued_from:
            raise forms.ValidationError(_("The end date is before the start date."))
        return issued_to

    def filters(self) -> dict:
        """The valid filters (a field with an error is left out, and the page says so)."""
        data = applied_filters(self)
        return {
            "kind": data.get("kind", ""),
            "supplier": data.get("supplier"),
            "query": data.get("q", "").strip(),
            "issued_from": data.get("issued_from"),
            "issued_to": data.get("issued_to"),
        }

    def described(self) -> list[str]:
        """The filters applied, in words ("Leverandør: Fjordsoft A/S"), for the printed report."""
        described = []
        for name, value in applied_filters(self).items():
            if value in (None, ""):
                continue
            field = self.fields[name]
            if isinstance(value, date):
                shown = date_format(value)
            elif name == "kind":
                shown = DeviationKind(value).label
            else:
                shown = str(value).strip()
            described.append(f"{field.label}: {shown}")
        return described
