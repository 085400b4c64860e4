"""A contract's history as its page shows it: the contract's own changes, its options' and
milestones' (added, changed, removed) and its attachments (uploaded, removed), newest first.

django-simple-history keeps a historical row per save of the contract, an option and a
milestone. Each entry names what changed in words: a choice by its label, a related row
(supplier, person, main contract) by its name, ja/nej for a tick box, amounts with thousands
separators. Saves that changed nothing the page shows (only the stored next dates, or the IT
systems) are left out.

One query reads the newest historical rows of the contract, its options and its milestones
together: a UNION of the three tables, each row's fields as a JSON object, with the names of the
related rows (supplier, people, main contract) joined in as they are now. Attachments come from
the contract's list (prefetched with their uploaders on the contract page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import BooleanField, DateField, DecimalField, Model, Value
from django.db.models.functions import JSONObject
from django.template.defaultfilters import yesno
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.models import User

from .models import Contract, ContractOption, Milestone, Supplier

# Historical rows read at most: far more than a page of entries needs, each with the row
# before it, while a contract edited thousands of times costs no more.
HISTORY_ROWS = 500
# PostgreSQL's JSONB_BUILD_OBJECT takes at most 100 arguments: 50 fields per object.
_FIELDS_PER_OBJECT = 40


def _tracked(model: type[Model]) -> tuple:
    """The fields of `model` its historical rows keep and the history compares."""
    kept = {f.name for f in model.history.model._meta.fields}
    unchanging = {"id", "organisation", "created_at", "contract"}
    return tuple(f for f in model._meta.concrete_fields if f.name in kept - unchanging)


# The fields of a related row its __str__ reads: the history names it with them, read in the
# same query (a join per relation) instead of a query per related model.
# Every model a tracked field relates to needs an entry.
_NAMED_BY = {
    User: ("first_name", "last_name", "username"),
    Supplier: ("name",),
    Contract: ("title", "reference"),
}

_TRACKED = {
    "contract": (Contract, _tracked(Contract)),
    "option": (ContractOption, _tracked(ContractOption)),
    "milestone": (Milestone, _tracked(Milestone)),
}


@dataclass
class HistoryEntry:
    """One change: when, by whom (None: the system), what ('+' created, '~' changed, '-'
    deleted), of what (empty for the contract itself) and the fields that changed, as
    (field name, old, new) in words."""

    date: datetime
    user: str | None
    action: str
    subject: str = ""
    changes: list[tuple] = field(default_factory=list)


def contract_history(*, contract: Contract, limit: int = 50) -> list[HistoryEntry]:
    """The newest `limit` entries of the contract's history (see the module docstring)."""
    entries = []
    for kind, values, older, when, action, user in _rows(contract):
        changes = []
        if action == "~" and older is None:
            continue  # the row before fell outside the rows read: what changed is unknown
        if action == "~":
            fields = _TRACKED[kind][1]
            changes = [f for f in fields if older[f.attname] != values[f.attname]]
            if not changes:
                continue
        entries.append((kind, values, older, when, action, user, changes))
    entries = entries[-limit:]
    shown_entries = [
        HistoryEntry(
            date=when,
            user=user,
            action=action,
            subject="" if kind == "contract" else _term_subject(kind, values),
            changes=[shown(f, older[f.attname], values[f.attname]) for f in changes],
        )
        for kind, values, older, when, action, user, changes in entries
    ] + _uploads(contract)
    # Oldest first, then turned: entries saved in the same instant stay in the order they
    # were saved, newest on top (a reverse sort would keep ties oldest first).
    shown_entries.sort(key=lambda entry: entry.date)
    shown_entries.reverse()
    return shown_entries[:limit]


def _rows(contract: Contract) -> list[tuple]:
    """(kind, values, the row before's values or None, when, action, user) of the newest
    historical rows, oldest first; values by attname, as the model's fields read them."""
    queries = []
    for kind, (model, fields) in _TRACKED.items():
        where = {"id": contract.pk} if model is Contract else {"contract_id": contract.pk}
        # Each field by its attname, and for a related row the fields that name it, joined.
        columns = [f.attname for f in fields]
        columns += [
            f"{f.name}__{name}"
            for f in fields
            if f.is_relation
            for name in _NAMED_BY[f.related_model]
        ]
        chunks = [
            columns[i : i + _FIELDS_PER_OBJECT] for i in range(0, len(columns), _FIELDS_PER_OBJECT)
        ]
        values = JSONObject(
            **{
                f"part{number}": JSONObject(**{column: column for column in chunk})
                for number, chunk in enumerate(chunks)
            }
        )
        queries.append(
            model.history.model.objects.filter(**where)
            .order_by()  # a part of a UNION has no order of its own
            .annotate(entry_kind=Value(kind), entry_values=values)
            .values_list(
                "entry_kind",
                "id",
                "history_date",
                "history_id",
                "history_type",
                "entry_values",
                "history_user_id",
                "history_user__first_name",
                "history_user__last_name",
                "history_user__username",
            )
        )
    newest = queries[0].union(*queries[1:], all=True).order_by("-history_date", "-history_id")
    rows = []
    previous: dict[tuple[str, int], dict] = {}
    for kind, pk, when, _history_id, action, parts, user_id, *names in reversed(
        newest[:HISTORY_ROWS]
    ):
        _model, fields = _TRACKED[kind]
        raw = {key: value for part in parts.values() for key, value in part.items()}
        values = {
            f.attname: _related(f, raw) if f.is_relation else f.to_python(raw[f.attname])
            for f in fields
        }
        user = None if user_id is None else User.display_name(*names)
        rows.append((kind, values, previous.get((kind, pk)), when, action, user))
        previous[kind, pk] = values
    return rows


@dataclass(frozen=True)
class Related:
    """A related row as the history names it: its pk and how it is named now."""

    pk: int
    label: str

    def __str__(self) -> str:
        return self.label


def _related(model_field, raw: dict) -> Related | None:
    pk = raw[model_field.attname]
    if pk is None:
        return None
    model = model_field.related_model
    names = {name: raw[f"{model_field.name}__{name}"] for name in _NAMED_BY[model]}
    if all(value is None for value in names.values()):  # the row is gone
        return Related(pk, f"#{pk}")
    return Related(pk, str(model(**{k: v or "" for k, v in names.items()})))


def _term_subject(kind: str, values: dict) -> str:
    if kind == "option":
        months = values["length_months"]
        return ngettext(
            "Option: %(months)s month, exercise by %(date)s",
            "Option: %(months)s months, exercise by %(date)s",
            months,
        ) % {
            "months": months,
            "date": date_format(values["exercise_by"]),
        }
    label = values["name"] or Milestone.Kind(values["kind"]).label
    return _("Milestone: %(name)s, due %(date)s") % {
        "name": label,
        "date": date_format(values["due_date"]),
    }


def _uploads(contract: Contract) -> list[HistoryEntry]:
    """Attachments are added and may be removed, never changed: their upload and their removal
    are their history."""
    entries = []
    for attachment in contract.attachments.all():
        events = [("+", attachment.uploaded_at, attachment.uploaded_by)]
        if attachment.removed_at is not None:
            events.append(("-", attachment.removed_at, attachment.removed_by))
        subject = _("Attachment: %(title)s") % {"title": attachment.title}
        entries += [
            HistoryEntry(
                date=when, user=None if who is None else str(who), action=action, subject=subject
            )  # fmt: skip
            for action, when, who in events
        ]
    return entries


def shown(model_field, old, new) -> tuple:
    """(the field's name, old, new) as the history shows them."""
    name = capfirst(model_field.verbose_name)
    if model_field.choices:
        labels = dict(model_field.flatchoices)
        return name, labels.get(old, old), labels.get(new, new)
    if isinstance(model_field, BooleanField):
        return name, yesno(old, _("yes,no")), yesno(new, _("yes,no"))
    if isinstance(model_field, DecimalField):
        return name, _amount(old, model_field), _amount(new, model_field)
    if isinstance(model_field, DateField):
        return name, _date(old), _date(new)
    return name, old, new


def _amount(value, model_field: DecimalField) -> str | None:
    if value is None:
        return None
    return number_format(
        Decimal(value), decimal_pos=model_field.decimal_places, force_grouping=True
    )


def _date(value: date | None) -> str | None:
    return None if value is None else date_format(value)
