"""django-import-export resources for suppliers and contracts, with widgets for Danish sheets.

Widgets read what municipal spreadsheets contain: ISO or Danish dates (31-03-2026, 31.03.2026),
amounts with a decimal comma and thousands dots (1.234.567,50), CVR numbers with or without
"DK", choices by code or by their Danish or English label, and people by username or email.
They raise ValueError with a translated message, which the resource reports against the row and
column. Rendering returns typed values (dates, Decimals, booleans); the exporter formats them.

The resources look every existing row and reference up once per import (one query per table,
not per row) and save in bulk with django-simple-history's helpers, so history is kept.
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from config.spreadsheets import unescape_formula
from organisations.models import Membership, Organisation, User
from organisations.roles import Role

from .models import Contract, Supplier, normalise_cvr, reference_key

CHANGE_REASON = "import"
# Text a spreadsheet would run as a formula; exports put an apostrophe before it.
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")
_THOUSANDS_DOTS = re.compile(r"-?\d{1,3}(\.\d{3})+")
_CURRENCY = re.compile(r"^(kr\.?|dkk)|(kr\.?|dkk|,-)$", re.IGNORECASE)


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """A cell as text; whole numbers from spreadsheets lose their ".0" (phone numbers, CVRs)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.Widget):
    """Text; the apostrophe our exports put before formula-like text is taken off again."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return ""
        return unescape_formula(_text(value))

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DateWidget(widgets.Widget):
    """ISO (2026-03-31) or Danish (31-03-2026, 31.03.2026, 31/03/2026) dates; a blank clears."""

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        candidate = text.split(" ")[0].split("T")[0]  # "2026-03-31 00:00:00" from some sheets
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(candidate, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date: write it as 2026-03-31 or 31-03-2026.") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value


def parse_amount(value) -> Decimal:
    """An amount as written in Danish or English: 1.234.567,50 · 1234567,50 · 1,234,567.50."""
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = _CURRENCY.sub("", str(value).strip()).strip()
    text = text.replace("\u00a0", "").replace(" ", "").replace("'", "")
    if "," in text and "." in text:
        # The separator that comes last is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    elif _THOUSANDS_DOTS.fullmatch(text):
        text = text.replace(".", "")  # 1.500 is fifteen hundred in a Danish sheet
    amount = Decimal(text)
    if not amount.is_finite():
        raise InvalidOperation
    return amount


class AmountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        try:
            return parse_amount(value)
        except (InvalidOperation, ValueError):
            raise ValueError(
                _("“%(value)s” is not an amount: write it as 1234567,50 or 1.234.567,50.")
                % {"value": _text(value)}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        try:
            number = parse_amount(value)
        except (InvalidOperation, ValueError):
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": _text(value)})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return value


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its label in any of the site's languages, case-insensitively.

    With ``keep_when_blank`` a blank cell leaves the value alone (the model's default for a new
    row), for choices that may not be empty.
    """

    def __init__(self, choices, *, keep_when_blank: bool = False):
        super().__init__(coerce_to_string=False)
        self.choices = list(choices)
        self.keep_when_blank = keep_when_blank
        self._lookup: dict[str, str] | None = None

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            self._lookup = {}
            for code, _label in settings.LANGUAGES:
                with translation.override(code):
                    for value, label in self.choices:
                        self._lookup.setdefault(str(label).casefold(), value)
            for value, _label in self.choices:
                self._lookup[str(value).casefold()] = value
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None if self.keep_when_blank else ""
        text = _text(value)
        try:
            return self.lookup()[text.casefold()]
        except KeyError:
            listed = ", ".join(f"{value} ({label})" for value, label in self.choices if value)
            raise ValueError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": text, "choices": listed}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.Widget):
    TRUE = {"1", "x", "yes", "y", "true", "ja", "j", "sand"}
    FALSE = {"0", "no", "n", "false", "nej", "falsk"}

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is not yes or no.") % {"value": _text(value)})

    def render(self, value, obj=None, **kwargs):
        return bool(value)


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


class CVRWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            raise ValueError(_("Give the CVR number."))
        try:
            return normalise_cvr(_text(value))
        except ValidationError as error:
            raise ValueError(_validation_message(error)) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class SupplierByCVRWidget(widgets.Widget):
    """The organisation's supplier with this CVR number (looked up once per import)."""

    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.organisation: Organisation | None = None
        self._suppliers: dict[str, Supplier] | None = None

    def suppliers(self) -> dict[str, Supplier]:
        if self._suppliers is None:
            self._suppliers = {
                supplier.cvr: supplier
                for supplier in Supplier.objects.filter(organisation=self.organisation)
            }
        return self._suppliers

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            raise ValueError(_("Give the supplier's CVR number."))
        try:
            cvr = normalise_cvr(_text(value))
        except ValidationError as error:
            raise ValueError(_validation_message(error)) from None
        try:
            return self.suppliers()[cvr]
        except KeyError:
            raise ValueError(
                _(
                    "%(organisation)s has no supplier with CVR number %(cvr)s: import or "
                    "create the supplier first."
                )
                % {"organisation": self.organisation, "cvr": cvr}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.cvr if value else ""


_AMBIGUOUS = object()


class MemberWidget(widgets.Widget):
    """A member holding ``role`` in the organisation, by username or email; a blank clears."""

    def __init__(self, role: Role):
        super().__init__(coerce_to_string=False)
        self.role = role
        self.organisation: Organisation | None = None
        self._members: dict | None = None

    def members(self) -> dict:
        if self._members is None:
            self._members = {}
            users = User.objects.filter(
                is_active=True,
                pk__in=Membership.objects.with_scopes_disabled()
                .filter(organisation=self.organisation, role=self.role)
                .values("user_id"),
            )
            for user in users:
                self._members[user.username.casefold()] = user
                if user.email:
                    key = user.email.casefold()
                    known = self._members.get(key)
                    self._members[key] = user if known in (None, user) else _AMBIGUOUS
        return self._members

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        text = _text(value)
        user = self.members().get(text.casefold())
        if user is _AMBIGUOUS:
            raise ValueError(
                _("Several members have the email “%(value)s”: give the username instead.")
                % {"value": text}
            )
        if user is None:
            raise ValueError(
                _(
                    "“%(value)s” is not a member of %(organisation)s with the role "
                    "“%(role)s” (give a username or an email)."
                )
                % {"value": text, "organisation": self.organisation, "role": self.role.label}
            )
        return user

    def render(self, value, obj=None, **kwargs):
        return (value.email or value.username) if value else ""


class Column(fields.Field):
    """A resource field with a label and help text for the import page and the row report."""

    def __init__(self, *, label, help_text="", required: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.label = label
        self.help_text = help_text
        self.required = required


def _model_column(model, name: str, widget, **kwargs) -> Column:
    model_field = model._meta.get_field(name)
    return Column(
        attribute=name,
        column_name=name,
        widget=widget,
        label=model_field.verbose_name,
        help_text=kwargs.pop("help_text", model_field.help_text),
        **kwargs,
    )


class TenantResource(resources.ModelResource):
    """Imports one organisation's rows, matched on ``key`` within that organisation.

    ``line_numbers`` maps each data row to its line in the sheet, for messages that name rows.
    """

    key: str
    # Foreign keys the widgets resolve and check; full_clean would query for each of them.
    checked_by_widgets: frozenset[str] = frozenset({"organisation"})

    def __init__(self, *, organisation: Organisation, user: User | None = None, line_numbers=()):
        super().__init__()
        self.organisation = organisation
        self.user = user
        self.line_numbers = list(line_numbers)
        self.columns_in_file: set[str] = set()
        self._existing: dict | None = None
        self._seen: dict = {}
        for field in self.fields.values():
            if hasattr(field.widget, "organisation"):
                field.widget.organisation = organisation

    # -- reading ---------------------------------------------------------------------------

    def get_queryset(self):
        return self._meta.model.objects.filter(organisation=self.organisation)

    def line(self, row_number: int) -> int:
        if 0 < row_number <= len(self.line_numbers):
            return self.line_numbers[row_number - 1]
        return row_number + 1

    def match_key(self, value):
        """What rows are matched on: the key as it is (a CVR number is normalised already)."""
        return value

    def existing(self) -> dict:
        """Existing rows by match_key; a key held by several rows maps to _AMBIGUOUS."""
        if self._existing is None:
            self._existing = {}
            for instance in self.get_queryset().exclude(**{self.key: ""}):
                key = self.match_key(getattr(instance, self.key))
                self._existing[key] = _AMBIGUOUS if key in self._existing else instance
        return self._existing

    def before_import(self, dataset, **kwargs):
        self.columns_in_file = set(dataset.headers or ())

    def get_instance(self, instance_loader, row):
        field = self.fields[self.key]
        if field.column_name not in row:
            return None
        try:
            key = field.clean(row)
        except ValueError:
            return None  # reported when the field is imported
        instance = self.existing().get(self.match_key(key)) if key else None
        if instance is _AMBIGUOUS:
            raise ValidationError(
                {
                    self.key: _(
                        "Several existing rows have “%(value)s”; change them so it is unique."
                    )
                    % {"value": key}
                }
            )
        if instance is not None:
            instance._import_snapshot = self._snapshot(instance)
        return instance

    def init_instance(self, row=None):
        return self._meta.model(organisation=self.organisation)

    def _import_attributes(self) -> list[str]:
        return [
            self._meta.model._meta.get_field(field.attribute).attname
            for field in self.get_import_fields()
            if not field.readonly and field.column_name in self.columns_in_file
        ]

    def _snapshot(self, instance) -> dict:
        return {name: getattr(instance, name) for name in self._import_attributes()}

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        key = getattr(instance, self.key)
        if key and self.key not in errors:
            first = self._seen.setdefault(self.match_key(key), kwargs["row_number"])
            if first != kwargs["row_number"]:
                errors[self.key] = [
                    ValidationError(
                        _("“%(value)s” is also in row %(row)s of the file.")
                        % {"value": key, "row": self.line(first)}
                    )
                ]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        snapshot = getattr(instance, "_import_snapshot", None)
        if import_validation_errors or snapshot is None:
            return False
        return self._snapshot(instance) == snapshot

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Uniqueness is checked against the rows loaded once (and within the file) instead of
        # one query per row and constraint; widgets have already resolved the foreign keys.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=set(errors) | self.checked_by_widgets,
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # -- writing ---------------------------------------------------------------------------

    def get_bulk_update_fields(self):
        return [
            field.attribute
            for field in self.get_import_fields()
            if not field.readonly
            and field.column_name in self.columns_in_file
            and field.attribute != self.key
        ]

    # A dry run (the preview) validates rows without inserting them: uniqueness is checked
    # against the rows loaded up front, and the commit reports anything the database refuses.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
        if self.create_instances:
            try:
                bulk_create_with_history(
                    self.create_instances,
                    self._meta.model,
                    batch_size=batch_size,
                    default_user=self.user,
                    default_change_reason=CHANGE_REASON,
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
        if self.update_instances:
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                    default_user=self.user,
                    default_change_reason=CHANGE_REASON,
                    manager=self._meta.model.objects.with_scopes_disabled(),
                )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets the primary key sequence here, for imports that carry ids. These
        # carry none, and a reset could race with other inserts.
        pass

    @classmethod
    def columns(cls) -> list[Column]:
        return [
            cls.fields[name] for name in cls._meta.fields if isinstance(cls.fields[name], Column)
        ]


class SupplierResource(TenantResource):
    key = "cvr"

    cvr = _model_column(Supplier, "cvr", CVRWidget(), required=True)
    name = _model_column(Supplier, "name", TextWidget(), required=True)
    contact_name = _model_column(Supplier, "contact_name", TextWidget())
    contact_email = _model_column(Supplier, "contact_email", TextWidget())
    contact_phone = _model_column(Supplier, "contact_phone", TextWidget())
    notes = _model_column(Supplier, "notes", TextWidget())

    class Meta:
        model = Supplier
        fields = ("cvr", "name", "contact_name", "contact_email", "contact_phone", "notes")
        import_id_fields = ("cvr",)
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        clean_model_instances = True


def _choice(name: str, *, keep_when_blank: bool = False, **kwargs) -> Column:
    model_field = Contract._meta.get_field(name)
    return _model_column(
        Contract,
        name,
        ChoiceWidget(model_field.choices, keep_when_blank=keep_when_blank),
        saves_null_values=not keep_when_blank,
        **kwargs,
    )


def _date(name: str, **kwargs) -> Column:
    return _model_column(Contract, name, DateWidget(), **kwargs)


def _number(name: str, **kwargs) -> Column:
    return _model_column(Contract, name, WholeNumberWidget(), **kwargs)


def _amount(name: str, **kwargs) -> Column:
    return _model_column(Contract, name, AmountWidget(), **kwargs)


def _text_column(name: str, **kwargs) -> Column:
    return _model_column(Contract, name, TextWidget(), **kwargs)


def _export_only(attribute: str, column_name: str, widget, label, *, computed: bool) -> Column:
    """A column written on export and ignored on import: computed by the register, or shown
    so that the sheet can be read without looking things up."""
    note = (
        gettext_lazy("Computed by the register; ignored on import.")
        if computed
        else gettext_lazy("Exported for reading; ignored on import.")
    )
    return Column(
        attribute=attribute,
        column_name=column_name,
        widget=widget,
        label=label,
        help_text=note,
        readonly=True,
    )


def _member(name: str, role: Role) -> Column:
    return _model_column(
        Contract,
        name,
        MemberWidget(role),
        # Lazy as a whole: "%" on a lazy text would translate it once, when this module loads.
        help_text=lazy(
            lambda: (
                _("Username or email of a member with the role “%(role)s”.") % {"role": role.label}
            ),
            str,
        )(),
    )


class ContractResource(TenantResource):
    """Contracts matched on their reference number (rows without one are always new).

    Options, milestones, IT systems and the main contract are not part of the sheet; the export
    adds the supplier's name, the IT systems and the computed deadlines, which an import ignores.
    """

    key = "reference"
    checked_by_widgets = frozenset(
        {"organisation", "supplier", "contract_manager", "deputy_contract_manager", "system_owner"}
    )

    reference = _text_column(
        "reference",
        help_text=gettext_lazy("Matches an existing contract; empty: always a new contract."),
    )
    title = _text_column("title", required=True)
    supplier = Column(
        attribute="supplier",
        column_name="supplier_cvr",
        widget=SupplierByCVRWidget(),
        label=gettext_lazy("supplier's CVR number"),
        help_text=gettext_lazy("The supplier must exist in the register (import suppliers first)."),
        required=True,
    )
    supplier_name = _export_only(
        "supplier__name", "supplier_name", TextWidget(), gettext_lazy("supplier"), computed=False
    )
    contract_type = _choice("contract_type", keep_when_blank=True)
    status = _choice("status", keep_when_blank=True)
    template = _choice("template")
    procurement_form = _choice("procurement_form")
    responsible_unit = _text_column("responsible_unit")
    contract_manager = _member("contract_manager", Role.CONTRACT_MANAGER)
    deputy_contract_manager = _member("deputy_contract_manager", Role.CONTRACT_MANAGER)
    system_owner = _member("system_owner", Role.SYSTEM_OWNER)
    signed_on = _date("signed_on")
    start_date = _date("start_date")
    term_end = _date("term_end")
    irrevocable_until = _date("irrevocable_until")
    notice_months = _number("notice_months")
    notice_to_end_of = _choice("notice_to_end_of")
    tacit_renewal_months = _number("tacit_renewal_months")
    total_value = _amount("total_value")
    annual_value = _amount("annual_value")
    payment_model = _choice("payment_model")
    payment_frequency = _choice("payment_frequency")
    price_regulation_index = _text_column("price_regulation_index")
    price_regulation_date = _date("price_regulation_date")
    dpa_concluded = _model_column(Contract, "dpa_concluded", YesNoWidget(), saves_null_values=False)
    dpa_date = _date("dpa_date")
    dpa_oversight_interval_months = _number("dpa_oversight_interval_months")
    dpa_next_inspection = _date("dpa_next_inspection")
    reprocurement_lead_months = _model_column(
        Contract, "reprocurement_lead_months", WholeNumberWidget(), saves_null_values=False
    )
    next_notice_deadline = _export_only(
        "next_notice_date",
        "next_notice_deadline",
        DateWidget(),
        gettext_lazy("next notice deadline"),
        computed=True,
    )
    final_end = _export_only(
        "final_end",
        "final_end",
        DateWidget(),
        gettext_lazy("final end including options"),
        computed=True,
    )
    it_system_names = _export_only(
        "it_system_names", "it_systems", TextWidget(), gettext_lazy("IT systems"), computed=False
    )

    class Meta:
        model = Contract
        fields = (
            "reference",
            "title",
            "supplier",
            "supplier_name",
            "contract_type",
            "status",
            "template",
            "procurement_form",
            "responsible_unit",
            "contract_manager",
            "deputy_contract_manager",
            "system_owner",
            "signed_on",
            "start_date",
            "term_end",
            "irrevocable_until",
            "notice_months",
            "notice_to_end_of",
            "tacit_renewal_months",
            "total_value",
            "annual_value",
            "payment_model",
            "payment_frequency",
            "price_regulation_index",
            "price_regulation_date",
            "dpa_concluded",
            "dpa_date",
            "dpa_oversight_interval_months",
            "dpa_next_inspection",
            "reprocurement_lead_months",
            "next_notice_deadline",
            "final_end",
            "it_system_names",
        )
        import_id_fields = ("reference",)
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        report_skipped = True
        skip_diff = True
        clean_model_instances = True

    def match_key(self, value):
        # As invoices are matched to contracts: whatever the case and surrounding spaces.
        return reference_key(str(value))

    def get_queryset(self):
        return super().get_queryset().filter(is_deleted=False)

    def before_save_instance(self, instance, row, **kwargs):
        instance.updated_at = timezone.now()  # bulk_update does not apply auto_now

    def get_bulk_update_fields(self):
        return [*super().get_bulk_update_fields(), "updated_at"]

    def dehydrate_it_system_names(self, contract: Contract) -> str:
        return "; ".join(system.name for system in contract.it_systems.all())
