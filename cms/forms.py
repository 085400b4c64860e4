"""Forms for guidance search and checklist runs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChecklistRun, ChecklistRunItem
from .services import PointUpdate


class GuidanceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search guidance"), max_length=200, required=False)


class ChecklistRunStartForm(forms.ModelForm):
    class Meta:
        model = ChecklistRun
        fields = ["title", "subject"]


class ChecklistRunPointsForm(forms.Form):
    """A checkbox and a comment per point of a run; field names carry the point's id."""

    def __init__(self, *args, items: list[ChecklistRunItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            described_by = {"aria-describedby": f"help-{item.pk}"} if item.help_text else {}
            self.fields[f"checked-{item.pk}"] = forms.BooleanField(
                label=item.text,
                required=False,
                initial=item.checked,
                widget=forms.CheckboxInput(attrs=described_by),
            )
            self.fields[f"comment-{item.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=1000,
                initial=item.comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[ChecklistRunItem, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[f"checked-{item.pk}"], self[f"comment-{item.pk}"]) for item in self.items
        ]

    def updates(self) -> list[PointUpdate]:
        """The points whose tick or comment the user changed."""
        changed = set(self.changed_data)
        return [
            PointUpdate(
                item_id=item.pk,
                checked=self.cleaned_data[f"checked-{item.pk}"],
                comment=self.cleaned_data[f"comment-{item.pk}"],
            )
            for item in self.items
            if {f"checked-{item.pk}", f"comment-{item.pk}"} & changed
        ]
