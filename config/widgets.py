"""Select widgets that write their options in Python.

Django renders every <option> through a template include, about 40 µs each: a supplier choice
of a municipality with 800 suppliers and three more selects once cost the contract list 30 ms,
ten times the rest of it (suppliers and contracts are typed now, see config.forms; the people
and the short lists of choices remain). These widgets write the same markup (the attributes,
the selected state, option groups, the empty label) with string escaping instead, and read a
model field's choices with one plain query rather than a server-side cursor.
"""

import html
from collections.abc import Iterable

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class QuickSelectMixin:
    """Replaces the template rendering of a Select (or SelectMultiple)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        selected = set(self.format_value(value))
        found = False

        def option(option_value, label) -> str:
            nonlocal found
            text = "" if option_value is None else str(option_value)
            # A single select marks only the first option with the value, as Django's does.
            is_selected = text in selected and (self.allow_multiple_selected or not found)
            found = found or is_selected
            return (
                f'<option value="{_escape(text)}"'
                f"{' selected' if is_selected else ''}>{_escape(label)}</option>"
            )

        parts = [format_html('<select name="{}"{}>', name, flatatt(final_attrs))]
        for option_value, label in self._choice_pairs():
            if isinstance(label, list | tuple):
                # As Django's template: a group without a name is no <optgroup>, and None
                # inside a group is the text "None".
                if option_value:
                    parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(option(str(member), text) for member, text in label)
                if option_value:
                    parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped above

    def _choice_pairs(self) -> Iterable[tuple]:
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            # The iterator would stream the queryset through a server-side cursor (three
            # statements on PostgreSQL); a short list of a municipality's rows needs one.
            field = choices.field
            pairs = [("", field.empty_label)] if field.empty_label is not None else []
            pairs.extend(choices.choice(obj) for obj in field.queryset)
            return pairs
        return choices


def _escape(value) -> str:
    """conditional_escape() without its lazy-string wrapper, which cost most of an option."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class QuickSelect(QuickSelectMixin, forms.Select):
    pass


class QuickSelectMultiple(QuickSelectMixin, forms.SelectMultiple):
    pass
