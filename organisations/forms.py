"""Forms for organisations and their members."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation
from .roles import Role


class MemberRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A member without roles is removed from the organisation."),
    )


class MemberAddForm(MemberRolesForm):
    email = forms.EmailField(label=_("Email"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    field_order = ["email", "first_name", "last_name", "roles"]

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if not roles:
            raise forms.ValidationError(_("Choose at least one role."))
        return roles


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "municipality_code", "is_active"]

    def clean_municipality_code(self):
        code = self.cleaned_data["municipality_code"].strip()
        if code and (len(code) != 3 or not code.isdigit()):
            raise forms.ValidationError(_("A municipality code has three digits, e.g. 101."))
        return code
