"""The fulfilment report of one contract as PDF (reportlab), for the meeting with the supplier.

Text follows the active language (call inside the request). Tables are cut into chunks of
ROWS_PER_TABLE rows: reportlab splits one long table worse than linearly.
"""

from datetime import date
from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from config.pdf import cell_markup, page_footer, pdf_document
from contracts.models import Contract
from requirements.exports.pdf import BOLD, FONT, TextBlock

from .models import FulfilmentItem
from .selectors import Matrix
from .tally import STATUSES, Tally

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
ROWS_PER_TABLE = 25
GRID = colors.HexColor("#c7ced6")
HEADER_FILL = colors.HexColor("#eef2f5")
_styles = getSampleStyleSheet()
CELL = ParagraphStyle("Cell", parent=_styles["BodyText"], fontName=FONT, fontSize=8, leading=10)
CELL_BOLD = ParagraphStyle("CellBold", parent=CELL, fontName=BOLD)

Status = FulfilmentItem.Status
SHORTFALL = (Status.NOT_MET, Status.PARTLY)


def _cell(value, style=CELL) -> Paragraph:
    return Paragraph(cell_markup(value), style)


def _percent(value: int | None) -> str:
    return "—" if value is None else f"{value} %"


def _tables(header: list[str], rows: list[list], widths: list[float]) -> list[Flowable]:
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    head = [_cell(label, CELL_BOLD) for label in header]
    tables: list[Flowable] = []
    for start in range(0, len(rows), ROWS_PER_TABLE):
        chunk = [head, *rows[start : start + ROWS_PER_TABLE]]
        tables.append(Table(chunk, colWidths=widths, style=style, repeatRows=1, hAlign="LEFT"))
        tables.append(Spacer(1, 2 * mm))
    return tables


def _tally_row(label: str, tally: Tally) -> list:
    return [
        _cell(label),
        *(_cell(tally.count(status)) for status in STATUSES),
        _cell(_percent(tally.percent_met)),
    ]


def _summary(matrix: Matrix) -> list[Flowable]:
    header = [_("Category"), *(str(Status(status).label) for status in STATUSES), _("Met (%)")]
    rows = [_tally_row(group.label, group.tally) for group in matrix.groups]
    rows.append(_tally_row(_("Total"), matrix.tally))
    first = TEXT_WIDTH * 0.28
    rest = (TEXT_WIDTH - first) / 6
    return _tables(header, rows, [first] + [rest] * 6)


def _assessment(item: FulfilmentItem) -> str:
    parts = [item.comment, item.evidence_text, item.evidence_url]
    if item.evidence_file:
        parts.append(_("File: %(name)s") % {"name": item.evidence_filename})
    return "\n".join(part for part in parts if part)


def _answer(item: FulfilmentItem) -> str:
    answer = getattr(item, "supplier_answer", None)
    if answer is None or not answer.answer:
        return "—"
    text = str(answer.get_answer_display())
    return f"{text}: {answer.comment}" if answer.comment else text


def _item_rows(items: list[FulfilmentItem]) -> list[list]:
    return [
        [
            _cell(item.key),
            _cell(item.title),
            _cell(item.get_status_display()),
            _cell(_assessment(item)),
            _cell(_answer(item)),
        ]
        for item in items
    ]


ITEM_WIDTHS = [w * TEXT_WIDTH for w in (0.12, 0.28, 0.12, 0.30, 0.18)]


def render_report(
    *,
    contract: Contract,
    matrix: Matrix,
    today: date,
    invariant: bool = False,
) -> bytes:
    """The report as PDF bytes: summary, shortfalls, then every requirement by category.

    `invariant` gives byte-stable, uncompressed output whose text tests can read.
    """
    buffer = BytesIO()
    title = _("Fulfilment report")
    footer = f"{contract.title} · {title}"
    pdf = pdf_document(
        buffer,
        title=f"{title}: {contract.title}",
        author=contract.organisation.name,
        margin=MARGIN,
        invariant=invariant,
    )
    tally = matrix.tally
    facts = [
        contract.organisation.name,
        _("Supplier: %(name)s") % {"name": contract.supplier.name},
        _("System owner: %(name)s") % {"name": contract.system_owner or "—"},
        _("Printed %(date)s") % {"date": formats.date_format(today, "DATE_FORMAT")},
    ]
    story: list[Flowable] = [
        TextBlock(title, font=BOLD, size=18, space_after=4),
        TextBlock(str(contract), font=BOLD, size=13, space_after=4),
        TextBlock("\n".join(facts), size=10, space_after=8),
        TextBlock(
            _("Percentage met: %(percent)s of %(assessed)s assessed requirements.")
            % {"percent": _percent(tally.percent_met), "assessed": tally.assessed},
            font=BOLD,
            size=11,
            space_after=2,
        ),
        TextBlock(
            _("Assessed: %(percent)s of %(applicable)s applicable requirements (waived excluded).")
            % {"percent": _percent(tally.percent_assessed), "applicable": tally.applicable},
            size=10,
            space_after=2,
        ),
        TextBlock(
            _(
                "Percentage met = met ÷ (met + partly met + not met). Waived and not assessed "
                "requirements are not counted."
            ),
            size=8,
            space_after=8,
        ),
        TextBlock(_("Summary by category"), font=BOLD, size=13, space_after=4),
        *_summary(matrix),
    ]
    shortfalls = [
        item for group in matrix.groups for item in group.items if item.status in SHORTFALL
    ]
    story += [
        CondPageBreak(40 * mm),
        TextBlock(_("Not met and partly met"), font=BOLD, size=13, space_after=4),
    ]
    if shortfalls:
        header = [_("Key"), _("Requirement"), _("Status"), _("Assessment"), _("Supplier's answer")]
        story += _tables(header, _item_rows(shortfalls), ITEM_WIDTHS)
    else:
        story.append(TextBlock(_("None."), size=10, space_after=8))
    story += [
        CondPageBreak(40 * mm),
        TextBlock(_("All requirements"), font=BOLD, size=13, space_after=4),
    ]
    header = [_("Key"), _("Requirement"), _("Status"), _("Assessment"), _("Supplier's answer")]
    for group in matrix.groups:
        story.append(CondPageBreak(30 * mm))
        story.append(
            TextBlock(
                f"{group.label} · "
                + _("%(met)s of %(assessed)s assessed met")
                % {"met": group.tally.met, "assessed": group.tally.assessed},
                font=BOLD,
                size=10,
                space_after=3,
            )
        )
        story += _tables(header, _item_rows(group.items), ITEM_WIDTHS)
    if not matrix.groups:
        story.append(TextBlock(_("The contract has no requirements yet."), size=10))
    on_page = page_footer(footer, font=FONT)
    pdf.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
