"""XLSX export and import of measurements, written with openpyxl directly.

The export streams rows (write-only workbook) and escapes text that a spreadsheet would take for
a formula. The import reads the first sheet, checks every row against the organisation's
benefits in a fixed number of queries, and reports each problem by row, column and message; the
service stores nothing unless every row is valid.
"""

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from config.spreadsheets import escape_formula, parse_decimal, unescape_formula
from config.uploads import MEGABYTE, too_large
from organisations.models import Organisation

from .models import NEGATIVE_MESSAGE, VALUE_DIGITS, Benefit, Measurement

MAX_ROWS = 5000
MAX_FILE_SIZE = 5 * MEGABYTE
# An XLSX is a ZIP archive: refuse archives that unpack to far more than a measurement sheet.
MAX_UNPACKED_SIZE = 100 * MEGABYTE
MAX_ENTRIES = 500
VALUE_LIMIT = Decimal("1E14")
# The decimals a value is stored with.
PLACES = VALUE_DIGITS["decimal_places"]
STORED_STEP = Decimal(1).scaleb(-PLACES)

# Column keys in export order, with their headers; imports accept the headers of every language.
COLUMNS = {
    "benefit_id": gettext_lazy("Benefit no."),
    "business_case": gettext_lazy("Business case"),
    "benefit": gettext_lazy("Benefit"),
    "indicator": gettext_lazy("Indicator"),
    "unit": gettext_lazy("Unit"),
    "measured_on": gettext_lazy("Date"),
    "value": gettext_lazy("Value"),
    "comment": gettext_lazy("Comment"),
    "evidence_url": gettext_lazy("Evidence link"),
}
REQUIRED_COLUMNS = ("benefit_id", "measured_on", "value")
IMPORTED_COLUMNS = (*REQUIRED_COLUMNS, "comment", "evidence_url")
COLUMN_WIDTHS = {"business_case": 30, "benefit": 40, "indicator": 30, "comment": 40}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


# Export -----------------------------------------------------------------------------------


def export_measurements(
    measurements: Iterable[Measurement], *, template_benefits: Iterable[Benefit] = ()
) -> bytes:
    """An XLSX of measurements (their benefits selected), then one empty row per template benefit
    to fill in. Headers are in the active language."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Measurements")[:31])
    for index, key in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTHS.get(key, 14)
    sheet.freeze_panes = "A2"
    sheet.append([_header_cell(sheet, str(label)) for label in COLUMNS.values()])
    for measurement in measurements:
        sheet.append(
            _row(
                measurement.benefit,
                measured_on=measurement.measured_on,
                value=measurement.value,
                comment=measurement.comment,
                evidence_url=measurement.evidence_url,
            )
        )
    for benefit in template_benefits:
        sheet.append(_row(benefit))
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _header_cell(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=escape_formula(text))
    cell.font = Font(bold=True)
    return cell


def _row(benefit: Benefit, **values) -> list:
    row = {
        "benefit_id": benefit.pk,
        "business_case": benefit.business_case.title,
        "benefit": benefit.title,
        "indicator": benefit.indicator_name,
        "unit": benefit.indicator_unit,
        "measured_on": values.get("measured_on"),
        "value": values.get("value"),
        "comment": values.get("comment", ""),
        "evidence_url": values.get("evidence_url", ""),
    }
    return [escape_formula(row[key]) for key in COLUMNS]


# Import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    """A row as read: the spreadsheet row number and the imported columns' cell values."""

    row: int
    cells: dict


@dataclass
class ImportItem:
    """A valid row. A comment or evidence link of None: the file has no such column, so the
    stored one stays as it is."""

    row: int
    benefit: Benefit
    measured_on: date
    value: Decimal
    comment: str | None
    evidence_url: str | None
    previous_value: Decimal | None = None
    previous_comment: str = ""
    previous_evidence_url: str = ""
    is_new: bool = True

    @property
    def value_changed(self) -> bool:
        return self.previous_value != self.value

    @property
    def is_unchanged(self) -> bool:
        return (
            not self.is_new
            and not self.value_changed
            and self.comment in (None, self.previous_comment)
            and self.evidence_url in (None, self.previous_evidence_url)
        )


@dataclass
class ImportCheck:
    items: list[ImportItem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def created(self) -> int:
        return sum(1 for item in self.items if item.is_new)

    @property
    def updated(self) -> int:
        return sum(1 for item in self.items if not item.is_new and not item.is_unchanged)

    @property
    def unchanged(self) -> int:
        return sum(1 for item in self.items if item.is_unchanged)


def _labels_by_language() -> dict[str, str]:
    """Header text (lower case, in every language) -> column key."""
    headers = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, label in COLUMNS.items():
                headers[str(label).strip().lower()] = key
    return headers


def read_measurements(upload) -> list[ImportRow]:
    """The rows of an uploaded XLSX; raises ValidationError for problems with the whole file."""
    if upload.size > MAX_FILE_SIZE:
        raise ValidationError(too_large(upload.size, MAX_FILE_SIZE))
    data = upload.read()
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            if (
                len(entries) > MAX_ENTRIES
                or sum(entry.file_size for entry in entries) > MAX_UNPACKED_SIZE
            ):
                raise ValidationError(_("The spreadsheet is too large to read."))
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValidationError(_("The file is not an XLSX spreadsheet.")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        known = _labels_by_language()
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            key = known.get(unescape_formula(str(cell or "")).strip().lower())
            if key in IMPORTED_COLUMNS and key not in positions:
                positions[key] = index
        missing = [key for key in REQUIRED_COLUMNS if key not in positions]
        if missing:
            raise ValidationError(
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": ", ".join(f"“{COLUMNS[key]}”" for key in missing)}
            )
        result = []
        for number, values in enumerate(rows, 2):
            cells = {
                key: values[index] if index < len(values) else None
                for key, index in positions.items()
            }
            if all(_blank(value) for value in cells.values()):
                continue
            if len(result) == MAX_ROWS:
                raise ValidationError(
                    _("The spreadsheet has more than %(limit)s rows; split it up.")
                    % {"limit": MAX_ROWS}
                )
            result.append(ImportRow(row=number, cells=cells))
        return result
    finally:
        workbook.close()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    return unescape_formula(str(value).strip())


def _parse_id(value) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _text(value)
    return int(text) if text.isdigit() else None


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _parse_value(value) -> Decimal | None:
    """A number cell as the spreadsheet holds it (a float's binary noise rounded off to the
    stored places); text as Danish finance users write numbers, "850.000" and "1.234,5"
    included. None when the cell is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            return None
        if abs(number) >= VALUE_LIMIT:
            return number  # too large to round to the stored places; the check says so
        return number.quantize(STORED_STEP, rounding=ROUND_HALF_UP)
    return parse_decimal(_text(value), dot_groups_thousands=True)


def _decimal_places(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def check_measurements(
    *, organisation: Organisation, rows: Iterable[ImportRow], today: date
) -> ImportCheck:
    """Check every row: the benefit exists in the organisation, the date and value are valid, no
    day is given twice. Runs two queries whatever the number of rows."""
    rows = list(rows)
    column = {key: str(label) for key, label in COLUMNS.items()}
    ids = {_parse_id(row.cells.get("benefit_id")) for row in rows} - {None}
    benefits = {
        benefit.pk: benefit
        for benefit in Benefit.objects.with_scopes_disabled()
        .filter(organisation=organisation, is_deleted=False, pk__in=ids)
        .select_related("business_case")
    }
    existing = {
        (benefit_id, day): stored
        for benefit_id, day, *stored in Measurement.objects.with_scopes_disabled()
        .filter(benefit_id__in=benefits)
        .values_list("benefit_id", "measured_on", "value", "comment", "evidence_url")
    }
    check = ImportCheck()
    seen: dict[tuple[int, date], int] = {}
    url_validator = URLValidator(schemes=["http", "https"])
    for row in rows:
        errors = []

        def error(key: str, message: str, row: ImportRow = row, errors: list = errors) -> None:
            errors.append(RowError(row.row, column[key], message))

        raw_id = row.cells.get("benefit_id")
        benefit_id = _parse_id(raw_id)
        benefit = benefits.get(benefit_id)
        if _blank(raw_id):
            error("benefit_id", _("Give the benefit's number."))
        elif benefit is None:
            error(
                "benefit_id",
                _("There is no benefit number “%(value)s” in %(organisation)s.")
                % {"value": _text(raw_id), "organisation": organisation.name},
            )

        raw_date, raw_value = row.cells.get("measured_on"), row.cells.get("value")
        if benefit is not None and _blank(raw_date) and _blank(raw_value):
            # A template row left empty: nothing to import.
            continue
        measured_on = _parse_date(raw_date)
        if _blank(raw_date):
            error("measured_on", _("Give the date of the measurement."))
        elif measured_on is None:
            error(
                "measured_on",
                _("“%(value)s” is not a date; write it as YYYY-MM-DD.")
                % {"value": _text(raw_date)},
            )
        elif measured_on > today:
            error("measured_on", _("A measurement cannot be dated in the future."))
        elif benefit is not None and measured_on < benefit.baseline_date:
            error(
                "measured_on",
                _("A measurement cannot be dated before the baseline date %(date)s.")
                % {"date": date_format(benefit.baseline_date)},
            )

        value = _parse_value(raw_value)
        if _blank(raw_value):
            error("value", _("Give the measured value."))
        elif value is None:
            error("value", _("“%(value)s” is not a number.") % {"value": _text(raw_value)})
        elif abs(value) >= VALUE_LIMIT:
            error("value", _("The value is too large."))
        elif _decimal_places(value) > PLACES:
            # Rounding would store another figure than the file gives.
            error(
                "value",
                _("“%(value)s” has more than %(places)s decimals.")
                % {"value": _text(raw_value), "places": PLACES},
            )
        elif value < 0 and benefit is not None and not benefit.values_may_be_negative:
            error("value", str(NEGATIVE_MESSAGE))

        # A column the file does not have is None: not "", which would clear the stored text.
        comment = _text(row.cells["comment"]) if "comment" in row.cells else None
        evidence_url = _text(row.cells["evidence_url"]) if "evidence_url" in row.cells else None
        if evidence_url:
            try:
                url_validator(evidence_url)
            except ValidationError:
                error("evidence_url", _("Enter a web address starting with https:// or http://."))
            if len(evidence_url) > 500:
                error("evidence_url", _("The link is longer than 500 characters."))

        if benefit is not None and measured_on is not None:
            key = (benefit.pk, measured_on)
            if key in seen:
                error(
                    "measured_on",
                    _("Row %(row)s already gives this benefit a value on this day.")
                    % {"row": seen[key]},
                )
            else:
                seen[key] = row.row

        if errors:
            check.errors.extend(errors)
            continue
        previous_value, previous_comment, previous_evidence_url = existing.get(
            (benefit.pk, measured_on), (None, "", "")
        )
        check.items.append(
            ImportItem(
                row=row.row,
                benefit=benefit,
                measured_on=measured_on,
                value=value.quantize(STORED_STEP),
                comment=comment,
                evidence_url=evidence_url,
                previous_value=previous_value,
                previous_comment=previous_comment,
                previous_evidence_url=previous_evidence_url,
                is_new=(benefit.pk, measured_on) not in existing,
            )
        )
    return check


def rows_from_items(items: Iterable[ImportItem]) -> list[ImportRow]:
    """Checked items as rows again, to carry through the preview and be checked once more; a
    column the file did not have stays out."""
    return [
        ImportRow(
            row=item.row,
            cells={
                "benefit_id": item.benefit.pk,
                "measured_on": item.measured_on.isoformat(),
                "value": str(item.value),
                **({} if item.comment is None else {"comment": item.comment}),
                **({} if item.evidence_url is None else {"evidence_url": item.evidence_url}),
            },
        )
        for item in items
    ]
