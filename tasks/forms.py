"""Forms of the tasks app: a user's notification preferences."""

from django import forms

from .models import Delivery
from .sources import NotificationKind


def field_name(kind: NotificationKind) -> str:
    return kind.code.replace(".", "__")


class PreferencesForm(forms.Form):
    """One choice per kind that can alert: at once, daily digest, or in the app only."""

    def __init__(self, *args, kinds: list[NotificationKind], current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[field_name(kind)] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=current[kind.code],
            )

    def deliveries(self) -> dict[str, str]:
        return {kind.code: self.cleaned_data[field_name(kind)] for kind in self.kinds}
