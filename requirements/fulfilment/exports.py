"""The fulfilment matrix of one contract as XLSX: one row per requirement and a summary sheet.

Every text cell is formula-escaped (a leading = + - @ tab or CR gets an apostrophe).
"""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from config.spreadsheets import escape_formula
from contracts.models import Contract

from .models import FulfilmentItem
from .selectors import Matrix
from .tally import STATUSES, Tally

Status = FulfilmentItem.Status


def _row(values) -> list:
    return [escape_formula(value) for value in values]


def _bold_header(sheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _summary_row(label: str, tally: Tally) -> list:
    return _row(
        [
            label,
            *(tally.count(status) for status in STATUSES),
            tally.total,
            tally.percent_met,
            tally.percent_assessed,
        ]
    )


def render_xlsx(*, contract: Contract, matrix: Matrix) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Fulfilment")[:31]
    sheet.append(
        [
            _("Category"),
            _("Key"),
            _("Version"),
            _("Title"),
            _("Agreed text"),
            _("Modified"),
            _("Kind"),
            _("Status"),
            _("Comment"),
            _("Evidence"),
            _("Evidence link"),
            _("Evidence file"),
            _("Supplier's answer"),
            _("Supplier's comment"),
            _("Assessed by"),
            _("Assessed"),
            _("Next review"),
        ]
    )
    _bold_header(sheet)
    for group in matrix.groups:
        for item in group.items:
            answer = getattr(item, "supplier_answer", None)
            sheet.append(
                _row(
                    [
                        group.label,
                        item.key,
                        item.version.number,
                        item.title,
                        item.text,
                        _("Yes") if item.modified else _("No"),
                        item.get_kind_display(),
                        item.get_status_display(),
                        item.comment,
                        item.evidence_text,
                        item.evidence_url,
                        item.evidence_filename,
                        answer.get_answer_display() if answer and answer.answer else "",
                        answer.comment if answer else "",
                        str(item.assessed_by) if item.assessed_by else "",
                        timezone.localtime(item.assessed_at).replace(tzinfo=None)
                        if item.assessed_at
                        else None,
                        item.next_review,
                    ]
                )
            )
    widths = (24, 12, 8, 40, 70, 10, 18, 14, 40, 40, 30, 20, 14, 30, 20, 18, 12)
    for column, width in zip("ABCDEFGHIJKLMNOPQ", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=10):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2, min_col=16, max_col=16):
        for cell in row:
            cell.number_format = "yyyy-mm-dd hh:mm"
    for row in sheet.iter_rows(min_row=2, min_col=17, max_col=17):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"

    summary = workbook.create_sheet(_("Summary")[:31])
    summary.append(
        [
            _("Category"),
            *(str(Status(status).label) for status in STATUSES),
            _("Total"),
            _("Met (%)"),
            _("Assessed (%)"),
        ]
    )
    _bold_header(summary)
    for group in matrix.groups:
        summary.append(_summary_row(group.label, group.tally))
    summary.append(_summary_row(_("Total"), matrix.tally))
    summary.append([])
    summary.append(_row([str(contract), contract.supplier.name]))
    summary.append(
        [
            _(
                "Met (%) = met ÷ (met + partly met + not met). Assessed (%) = (met + partly met "
                "+ not met) ÷ (all − waived). Rounded half up."
            )
        ]
    )
    summary.column_dimensions["A"].width = 30
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
