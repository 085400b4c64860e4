"""Spreadsheets: the XLSX compliance list suppliers fill in (and its reading back), and the bank
export as CSV/XLSX. Every text cell is formula-escaped."""

from io import BytesIO

import tablib
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from config.spreadsheets import escape_formula

from ..models import SupplierAnswer
from . import DRAFT_COLOUR, SpecificationDocument, draft_mark, draft_notice

META_SHEET = "kommune-it"
ANSWER_COLUMN, COMMENT_COLUMN = 7, 8  # 1-based: G and H


def answer_labels() -> dict[str, str]:
    """Words a supplier may write in the answer column (any language we show) -> answer."""
    labels = {}
    for language in ("da", "en"):
        with translation.override(language):
            for answer in SupplierAnswer.Answer:
                labels[answer.value] = answer.value
                labels[str(answer.label).lower()] = answer.value
    return labels


def render_compliance_xlsx(document: SpecificationDocument) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Compliance")[:31]
    header_row = 1
    if document.draft:
        header_row = _mark_as_draft(sheet)
    header = [
        _("Stable id"),
        _("No."),
        _("Key"),
        _("Requirement"),
        _("Text"),
        _("Kind"),
        _("Answer (met / partly met / not met)"),
        _("Comment"),
    ]
    sheet.append(header)
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for item in document.included:
        sheet.append(
            [
                escape_formula(value)
                for value in (
                    item.stable_id,
                    item.number,
                    item.key,
                    item.title,
                    item.text,
                    item.kind_text,
                    "",
                    "",
                )
            ]
        )
    # The stable id lets the answers come back to the right requirement whatever is re-sorted.
    sheet.column_dimensions["A"].hidden = True
    for column, width in zip("BCDEFGH", (8, 12, 40, 70, 22, 22, 40), strict=True):
        sheet.column_dimensions[column].width = width
    first, last = header_row + 1, header_row + len(document.included)
    for row in sheet.iter_rows(min_row=first, min_col=4, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    choices = ",".join(str(answer.label) for answer in SupplierAnswer.Answer)
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    sheet.add_data_validation(validation)
    if document.included:
        validation.add(f"G{first}:G{last}")
    sheet.freeze_panes = f"B{first}"

    meta = workbook.create_sheet(META_SHEET)
    meta.append(["specification", document.specification_id])
    meta.append(["header_row", header_row])
    meta.sheet_state = "hidden"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _mark_as_draft(sheet) -> int:
    """The draft mark and notice above the table, across its visible columns; returns the row
    the table's header goes in."""
    last_column = get_column_letter(COMMENT_COLUMN)
    for row, (text, size) in enumerate(((draft_mark(), 14), (draft_notice(), 11)), start=1):
        cell = sheet.cell(row=row, column=2, value=escape_formula(text))
        cell.font = Font(bold=True, size=size, color=DRAFT_COLOUR)
        sheet.merge_cells(f"B{row}:{last_column}{row}")
    sheet.append([])  # a blank row before the table
    return 4


BANK_COLUMNS = (
    "stable_id",
    "key",
    "category",
    "kind",
    "title",
    "text",
    "purpose",
    "buyer_guidance",
    "verification",
    "evidence",
    "sources",
    "cost_note",
    "tags",
    "change_note",
    "version",
    "status",
)


def bank_dataset(requirements) -> tablib.Dataset:
    """The current versions of `requirements` (current_version, category and tags loaded)."""
    dataset = tablib.Dataset(headers=list(BANK_COLUMNS))
    for requirement in requirements:
        version = requirement.current_version
        row = {
            "stable_id": str(requirement.uuid),
            "key": requirement.key,
            "category": requirement.category.key,
            "kind": version.kind,
            "title": version.title,
            "text": version.text,
            "purpose": version.purpose,
            "buyer_guidance": version.buyer_guidance,
            "verification": version.verification,
            "evidence": version.evidence,
            "sources": "\n".join(version.sources),
            "cost_note": version.cost_note,
            "tags": ", ".join(tag.name for tag in requirement.tags.all()),
            "change_note": version.change_note,
            "version": version.number,
            "status": version.status,
        }
        dataset.append([escape_formula(row[column]) for column in BANK_COLUMNS])
    return dataset
