"""Imports: bank requirements from CSV/XLSX (editors) and suppliers' filled-in compliance lists.

Every row is checked first; nothing is stored unless every row is valid, and the report says
row, field and message for each problem. A dry run does the whole import and rolls it back.
"""

import re
from dataclasses import dataclass, field
from io import BytesIO

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from config.spreadsheets import NOT_CSV_TEXT, csv_delimiter, csv_text, unescape_formula
from organisations.models import User

from . import services
from .exports.spreadsheets import (
    ANSWER_COLUMN,
    BANK_COLUMNS,
    COMMENT_COLUMN,
    META_SHEET,
    answer_labels,
)
from .models import Category, Kind, Requirement, RequirementVersion, Specification

KEY_PATTERN = re.compile(r"^[A-ZÆØÅ0-9][A-ZÆØÅ0-9-]*$")
REQUIRED = ("key", "category", "kind", "title", "text")


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def read_table(data: bytes, filename: str) -> tablib.Dataset:
    """A CSV (UTF-8 or Windows-1252; ; , or tab) or XLSX upload as a tablib dataset with the
    first row as headers."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return tablib.Dataset().load(BytesIO(data), format="xlsx")
    if name.endswith(".csv"):
        text = csv_text(data)
        if text is None:
            raise ValidationError(NOT_CSV_TEXT)
        return tablib.Dataset().load(text, format="csv", delimiter=csv_delimiter(text))
    raise ValidationError(_("Upload a CSV or XLSX file."))


def _cell(value) -> str:
    if value is None:
        return ""
    return unescape_formula(str(value).strip())


def _validate_bank_row(
    number: int, row: dict, categories: dict[str, Category], seen: set[str]
) -> list[RowError]:
    errors = [
        RowError(number, name, _("This field is required."))
        for name in REQUIRED
        if not row.get(name)
    ]
    key = row.get("key", "").upper()
    if key and not KEY_PATTERN.match(key):
        errors.append(RowError(number, "key", _("Use capitals, digits and hyphens.")))
    if key in seen:
        errors.append(RowError(number, "key", _("The key appears twice in the file.")))
    seen.add(key)
    if row.get("category") and row["category"] not in categories:
        errors.append(
            RowError(number, "category", _("Unknown category %(key)s.") % {"key": row["category"]})
        )
    if row.get("kind") and row["kind"] not in Kind.values:
        errors.append(
            RowError(
                number,
                "kind",
                _("Use one of: %(kinds)s.") % {"kinds": ", ".join(Kind.values)},
            )
        )
    if len(row.get("title", "")) > 300:
        errors.append(RowError(number, "title", _("At most 300 characters.")))
    return errors


def import_bank(*, data: bytes, filename: str, actor: User, dry_run: bool) -> ImportReport:
    """New keys become new requirements, known keys get a new draft; all go to review."""
    report = ImportReport()
    try:
        dataset = read_table(data, filename)
    except ValidationError as error:
        report.errors.append(RowError(0, "file", error.messages[0]))
        return report
    except Exception:  # tablib raises many kinds of errors for a broken file
        report.errors.append(RowError(0, "file", _("The file could not be read.")))
        return report
    headers = [str(header or "").strip().lower() for header in dataset.headers or []]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        report.errors.append(
            RowError(1, ", ".join(missing), _("Columns missing from the header row."))
        )
        return report
    categories = {category.key: category for category in Category.objects.all()}
    existing = {
        requirement.key: requirement
        for requirement in Requirement.objects.filter(organisation__isnull=True)
        .select_related("category", "current_version")
        .prefetch_related("tags")
    }
    open_versions = dict(
        RequirementVersion.objects.filter(
            requirement__organisation__isnull=True,
            status__in=[RequirementVersion.Status.DRAFT, RequirementVersion.Status.REVIEW],
        ).values_list("requirement__key", "status")
    )
    rows: list[tuple[int, dict]] = []
    seen: set[str] = set()
    for index, values in enumerate(dataset, start=2):
        row = {
            name: _cell(value)
            for name, value in zip(headers, values, strict=False)
            if name in BANK_COLUMNS
        }
        if not any(row.values()):
            continue
        row["key"] = row.get("key", "").upper()
        errors = _validate_bank_row(index, row, categories, seen)
        requirement = existing.get(row["key"])
        if not errors and requirement is not None and _unchanged(requirement, row):
            report.unchanged += 1  # as published: no new version to review
            continue
        status = open_versions.get(row["key"])
        if status == RequirementVersion.Status.REVIEW:
            errors.append(RowError(index, "key", _("A version of this requirement is in review.")))
        elif status == RequirementVersion.Status.DRAFT:
            errors.append(
                RowError(
                    index,
                    "key",
                    _(
                        "An editor's draft of this requirement is open; submit or delete it "
                        "first, so that the import does not overwrite it."
                    ),
                )
            )
        report.errors.extend(errors)
        rows.append((index, row))
    report.rows = len(rows) + report.unchanged
    if report.errors or not rows:
        if not report.rows and not report.errors:
            report.errors.append(RowError(0, "file", _("The file has no rows.")))
        report.committed = not report.errors and not dry_run  # nothing to store
        return report
    try:
        with transaction.atomic():
            for index, row in rows:
                try:
                    _import_bank_row(row, categories, existing, actor, report)
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        report.errors.extend(RowError(index, name, m) for m in messages)
            if report.errors or dry_run:
                raise _Rollback
    except _Rollback:
        report.committed = False
    else:
        report.committed = True
    return report


def _unchanged(requirement: Requirement, row: dict) -> bool:
    """Whether the row says what the requirement's published version already says (content,
    category and, when the column is filled, tags)."""
    version = requirement.current_version
    if version is None or requirement.category.key != row.get("category"):
        return False
    content = services.version_content({name: row.get(name, "") for name in BANK_COLUMNS})
    if any(content[name] != getattr(version, name) for name in RequirementVersion.CONTENT_FIELDS):
        return False
    tags = {tag.strip().lower() for tag in re.split(r"[,;]", row.get("tags", "")) if tag.strip()}
    return not tags or tags == {tag.name.lower() for tag in requirement.tags.all()}


def _import_bank_row(
    row: dict,
    categories: dict[str, Category],
    existing: dict[str, Requirement],
    actor: User,
    report: ImportReport,
) -> None:
    tags = [tag for tag in re.split(r"[,;]", row.get("tags", "")) if tag.strip()]
    content = {name: row.get(name, "") for name in services.CONTENT_FIELDS}
    requirement = existing.get(row["key"])
    if requirement is None:
        requirement = services.requirement_create(
            organisation=None,
            key=row["key"],
            category=categories[row["category"]],
            tags=tags,
            content=content,
            actor=actor,
        )
        version = requirement.versions.get(number=1)
        report.created += 1
    else:
        services.requirement_update_identity(
            requirement=requirement,
            key=row["key"],
            category=categories[row["category"]],
            tags=tags or list(requirement.tags.all()),
        )
        version = services.requirement_save_draft(
            requirement=requirement, content=content, actor=actor
        )
        report.updated += 1
    services.version_submit(version=version, actor=actor)


@dataclass
class ComplianceReport:
    answers: dict[int, tuple[str, str]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_compliance(*, data: bytes, specification: Specification, items) -> ComplianceReport:
    """Answers from a filled-in compliance list; `items` are the specification's included ones."""
    report = ComplianceReport()
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors for broken files
        report.errors.append(RowError(0, "file", _("The file is not an XLSX workbook.")))
        return report
    try:
        meta = {
            row[0]: row[1]
            for row in workbook[META_SHEET].iter_rows(max_col=2, values_only=True)
            if len(row) == 2
        }
    except KeyError:
        meta = {}
    if str(meta.get("specification")) != str(specification.pk):
        report.errors.append(
            RowError(0, "file", _("This is not the compliance list of this specification."))
        )
        return report
    # A draft's list has its mark above the table; lists made before say nothing: row 1.
    header_row = meta.get("header_row")
    if not isinstance(header_row, int) or header_row < 1:
        header_row = 1
    by_stable_id = {str(item.requirement.uuid): item for item in items}
    labels = answer_labels()
    sheet = workbook.worksheets[0]
    first = header_row + 1
    for number, values in enumerate(sheet.iter_rows(min_row=first, values_only=True), start=first):
        values = list(values) + [None] * COMMENT_COLUMN
        stable_id = _cell(values[0])
        answer_text = _cell(values[ANSWER_COLUMN - 1]).lower()
        comment = _cell(values[COMMENT_COLUMN - 1])
        if not stable_id and not answer_text and not comment:
            continue
        item = by_stable_id.get(stable_id)
        if item is None:
            report.errors.append(RowError(number, "id", _("Unknown requirement id.")))
            continue
        if answer_text and answer_text not in labels:
            report.errors.append(RowError(number, "answer", _("Write met, partly met or not met.")))
            continue
        report.answers[item.pk] = (labels.get(answer_text, ""), comment)
    workbook.close()
    return report
