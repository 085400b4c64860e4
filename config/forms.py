"""A choice among many rows, typed rather than picked from a list.

A municipality has hundreds of suppliers and thousands of contracts: a <select> of them all made
the contract form a 365 kB page, and finding one supplier among 800 options is slow work.
`SuggestedChoiceField` is a text input instead. The page's script (static js/suggest.js) fills
its <datalist> from a suggestions URL as the user types; each suggestion is a row's label, which
names that row alone. On submit the text is resolved to one row of the field's queryset:

- the row whose label is the text (case aside), else
- the one row that `match(text)` finds;

no row, or several, is a form error that repeats what was typed. Without the script the field
works the same, as plain text.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# Rows compared with the text: enough to tell one from several, and to find an exact label
# among the partial matches of a short text.
_CANDIDATES = 50


class SuggestInput(forms.TextInput):
    """A text input with its own (initially empty) <datalist>, filled by js/suggest.js."""

    def __init__(self, attrs=None, *, suggest_url: str = ""):
        super().__init__(attrs)
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or name}-suggestions"
        widget_attrs.update(
            {"list": list_id, "autocomplete": "off", "data-suggest-url": self.suggest_url}
        )
        context["widget"]["list_id"] = list_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        html = self._render(self.template_name, context, renderer)
        return html + format_html('<datalist id="{}"></datalist>', context["widget"]["list_id"])


class SuggestedChoiceField(forms.ModelChoiceField):
    """A model choice written as text (see the module docstring).

    `match(text)` gives the condition for the rows the text may mean (e.g. a name that contains
    it); `label(row)` gives the text that names a row, shown in the field and offered by the
    suggestions. Give the messages for "no_match" and "several" in `error_messages` to name
    the rows ("No supplier matches …"); both get the text typed as %(value)s.
    """

    widget = SuggestInput
    default_error_messages = {
        "no_match": _("Nothing matches “%(value)s”. Type part of the name, or pick a suggestion."),
        "several": _("“%(value)s” matches several. Type more of the name, or pick a suggestion."),
    }

    def __init__(
        self,
        queryset,
        *,
        match: Callable[[str], Q],
        label: Callable[[Model], str] = str,
        suggest_url: str,
        **kwargs,
    ):
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("widget", SuggestInput(suggest_url=suggest_url))
        super().__init__(queryset, **kwargs)
        self.match = match
        self.row_label = label

    def prepare_value(self, value):
        """The row's label for the input; typed text as it is (a bound form shows it again)."""
        return self.row_label(value) if isinstance(value, Model) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            return value
        text = " ".join(str(value).split())
        if not text:
            return None
        candidates = list(self.queryset.filter(self.match(text))[:_CANDIDATES])
        exact = [row for row in candidates if self.row_label(row).casefold() == text.casefold()]
        chosen = exact or candidates
        if len(chosen) == 1:
            return chosen[0]
        code = "several" if chosen else "no_match"
        raise ValidationError(self.error_messages[code], code=code, params={"value": text})

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_text = "" if initial in self.empty_values else str(self.prepare_value(initial))
        return initial_text != " ".join(str(data or "").split())


def suggest_choices(
    form: forms.BaseForm,
    name: str,
    *,
    queryset,
    match: Callable[[str], Q],
    suggest_url: str,
    label: Callable[[Model], str] = str,
    error_messages: dict | None = None,
) -> None:
    """Make `form`'s choice field `name` (a ModelForm's foreign key, say) a SuggestedChoiceField
    over `queryset`, keeping its label, help text and whether it is required; a row given as
    the initial value (a primary key, as a ModelForm gives it) shows as its label."""
    old = form.fields[name]
    form.fields[name] = SuggestedChoiceField(
        queryset,
        match=match,
        label=label,
        suggest_url=suggest_url,
        required=old.required,
        label_suffix=old.label_suffix,
        help_text=old.help_text,
        error_messages=error_messages,
    )
    form.fields[name].label = old.label
    initial = form.initial.get(name)
    if initial not in (None, "") and not isinstance(initial, Model):
        row = queryset.filter(pk=initial).first()
        form.initial[name] = label(row) if row is not None else ""
