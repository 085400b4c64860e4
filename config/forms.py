"""A choice among many rows, typed rather than picked from a list.

A municipality has hundreds of suppliers and thousands of contracts: a <select> of them all made
the contract form a 365 kB page, and finding one supplier among 800 options is slow work.
`SuggestedChoiceField` is a text input instead. The page's script (static js/suggest.js) fills
its <datalist> from a suggestions URL as the user types; each suggestion is a row's label, which
names that row alone. On submit the text is resolved to one row of the field's queryset:

- the one row that the text names exactly (`exact(text)`: a label as the suggestions give it,
  say, or a whole name), else
- the one row that `match(text)` finds (part of a name, say);

no row, or several, is a form error that repeats what was typed. Without the script the field
works the same, as plain text.

Amounts are typed as text too (`DecimalInput`, `localized_formfield`): read and shown in the
user's language, whatever language the browser itself is set to.
"""

import re
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import DecimalField, Model, Q
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


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

    `exact(text)` gives the condition for the rows the text names exactly (its label, a whole
    name), `match(text)` the condition for the rows it may mean (a name that contains it);
    `row_label(row)` gives the text that names a row, shown in the field and offered by the
    suggestions. Texts longer than `max_length` are refused before any query. Give the
    messages for "no_match" and "several" in `error_messages` to name the rows ("No supplier
    matches …"); both get the text typed as %(value)s.
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
        exact: Callable[[str], Q],
        match: Callable[[str], Q],
        row_label: Callable[[Model], str] = str,
        suggest_url: str,
        max_length: int = 400,
        **kwargs,
    ):
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault(
            "widget", SuggestInput(attrs={"maxlength": max_length}, suggest_url=suggest_url)
        )
        super().__init__(queryset, **kwargs)
        self.exact = exact
        self.match = match
        self.row_label = row_label
        self.max_length = max_length

    def prepare_value(self, value):
        """The row's label for the input; typed text as it is (a bound form shows it again)."""
        return self.row_label(value) if isinstance(value, Model) else value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            # Given a row rather than text (in code): still only one of the queryset's.
            if self.queryset.filter(pk=value.pk).exists():
                return value
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        text = str(value).strip()
        if not text:
            return None
        MaxLengthValidator(self.max_length)(text)
        # Two rows at most tell one from several.
        named = list(self.queryset.filter(self.exact(text))[:2])
        if len(named) == 1:
            return named[0]
        found = named or list(self.queryset.filter(self.match(text))[:2])
        if len(found) == 1:
            return found[0]
        code = "several" if found else "no_match"
        raise ValidationError(self.error_messages[code], code=code, params={"value": text})

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_text = "" if initial in self.empty_values else str(self.prepare_value(initial))
        return initial_text != str(data or "").strip()


def suggest_choices(
    form: forms.BaseForm,
    name: str,
    *,
    queryset,
    exact: Callable[[str], Q],
    match: Callable[[str], Q],
    suggest_url: str,
    row_label: Callable[[Model], str] = str,
    error_messages: dict | None = None,
) -> None:
    """Make `form`'s choice field `name` (a ModelForm's foreign key, say) a SuggestedChoiceField
    over `queryset`, keeping its label, help text and whether it is required; a row given as
    the initial value (a primary key, as a ModelForm gives it) shows as its label."""
    old = form.fields[name]
    form.fields[name] = SuggestedChoiceField(
        queryset,
        exact=exact,
        match=match,
        row_label=row_label,
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
        form.initial[name] = row_label(row) if row is not None else ""


def applied_filters(form: forms.BaseForm) -> dict:
    """What a list's filter form filters by: every field that is valid. A field with an error
    is left out (the page shows the error beside it and says it was not applied), and the
    other filters still work; an unbound form filters by nothing."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return dict(form.cleaned_data)


class DecimalInput(forms.TextInput):
    """An amount typed as the user's language writes it (7,5 in Danish). A number input would
    leave the parsing to the browser: one set to English drops the comma and sends 75."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalizedDecimalField(forms.DecimalField):
    """A number as the active language writes it, thousands separators included: 1.234.567,89
    or 1 234 567,89 in Danish (the way the pages show amounts), 1,234,567.89 in English.

    A separator followed by groups of exactly three digits separates thousands ("250.000" and
    "850.000" are 250,000 and 850,000 in Danish, as the pages write them, whatever decimals the
    field takes); otherwise it is read as Django reads it ("7.5" stays 7.5, "0.500" is a half).
    An exponent ("1e5") is refused: Python reads it, but no one types an amount that way.
    """

    def to_python(self, value):
        typed = value
        if isinstance(value, str) and self.localize:
            value = _SPACES.sub(" ", value.strip())
            decimal = get_format("DECIMAL_SEPARATOR")
            # Thousands are grouped by the language's separator, or by spaces: 1 234 567,89.
            for separator in dict.fromkeys((get_format("THOUSAND_SEPARATOR"), " ")):
                grouped = re.fullmatch(
                    rf"[-+]?[1-9]\d{{0,2}}((?:{re.escape(separator)}\d{{3}})+)"
                    rf"({re.escape(decimal)}\d*)?",
                    value,
                )
                if grouped is None:
                    continue
                value = value.replace(separator, "")
                break
        number = super().to_python(value)
        # The only text with an "e" that Decimal reads is a number with an exponent.
        if number is not None and isinstance(typed, str) and "e" in typed.lower():
            raise ValidationError(
                _("“%(value)s” has an exponent; write the number out in full."),
                code="exponent",
                params={"value": typed.strip()},
            )
        return number


_SPACES = re.compile(r"[ \u00a0\u202f]")


def localized_formfield(model_field, **kwargs) -> forms.Field | None:
    """A ModelForm's formfield_callback (Meta.formfield_callback, or the formset factories'):
    decimal fields read and show numbers in the active language, in a DecimalInput."""
    if isinstance(model_field, DecimalField):
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", DecimalInput)
        kwargs.setdefault("form_class", LocalizedDecimalField)
    return model_field.formfield(**kwargs)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: messages about a field the form has beside
    that field, the others (a field of another row, say) above the form. Form.add_error would
    raise for a field the form does not have."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
