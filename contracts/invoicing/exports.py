"""Exports of open invoice deviations: an XLSX workbook and a PDF report.

Text follows the active language (call inside the request). Spreadsheet text cells that a
spreadsheet program would run as formulas are escaped. The PDF builds one table per page:
reportlab splits one long table in time that grows worse than linearly with its rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from config.pdf import cell_markup, page_footer, pdf_document
from config.spreadsheets import escape_formula
from organisations.models import Organisation

from .models import InvoiceDeviation

# More rows than a report can usefully show; the workbook takes all of them (Excel's limit is
# about a million rows).
PDF_ROW_LIMIT = 2000
XLSX_ROW_LIMIT = 500_000
PDF_ROWS_PER_PAGE = 22

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("Title", parent=_styles["Title"], fontSize=15, leading=18, alignment=0)
BODY = ParagraphStyle("Body", parent=_styles["BodyText"], fontSize=8, leading=10)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=7.5, leading=9, textColor=colors.grey)
GRID = colors.HexColor("#c7ced6")
HEADER_FILL = colors.HexColor("#eef2f5")


def _headings() -> list[str]:
    return [
        _("Deviation"),
        _("Message"),
        _("Invoice number"),
        _("Type"),
        _("Issue date"),
        _("Supplier"),
        _("Supplier CVR number"),
        _("Contract"),
        _("Contract reference"),
        _("Amount excluding VAT"),
        _("Currency"),
        _("Status"),
    ]


def _row(deviation: InvoiceDeviation) -> list:
    invoice = deviation.invoice
    contract = invoice.contract
    supplier = invoice.supplier
    return [
        deviation.get_kind_display(),
        deviation.message_text,
        invoice.number,
        invoice.get_kind_display(),
        invoice.issue_date,
        supplier.name if supplier else invoice.supplier_name,
        supplier.cvr if supplier else invoice.supplier_cvr,
        contract.title if contract else "",
        contract.reference if contract else "",
        invoice.net_amount,
        invoice.currency,
        invoice.get_status_display(),
    ]


def deviations_xlsx(deviations: Iterable[InvoiceDeviation]) -> bytes:
    """A workbook with one row per deviation; dates and amounts are typed cells."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Deviations")[:31])
    sheet.append(_headings())
    for count, deviation in enumerate(deviations):
        if count >= XLSX_ROW_LIMIT:
            break
        sheet.append([escape_formula(value) for value in _row(deviation)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def deviations_pdf(
    deviations: Iterable[InvoiceDeviation],
    *,
    organisation: Organisation,
    total: int,
    filters: Sequence[str] = (),
) -> bytes:
    """A landscape A4 report of the deviations (at most PDF_ROW_LIMIT rows), saying which
    `filters` (in words) chose them."""
    buffer = io.BytesIO()
    title = _("Open invoice deviations")
    document = pdf_document(
        buffer, title=title, author=organisation.name, margin=12 * mm, pagesize=landscape(A4)
    )
    story = [
        Paragraph(escape(f"{title} · {organisation.name}"), TITLE),
        Paragraph(
            escape(
                _("%(count)s open deviations, made %(date)s.")
                % {
                    "count": total,
                    "date": date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
                }
            ),
            SMALL,
        ),
    ]
    if filters:
        story.append(
            Paragraph(
                escape(_("Filtered by: %(filters)s") % {"filters": " · ".join(filters)}), SMALL
            )
        )
    story.append(Spacer(1, 4 * mm))
    if total > PDF_ROW_LIMIT:
        story.append(
            Paragraph(
                escape(
                    _("The report shows the first %(limit)s; export to XLSX for all of them.")
                    % {"limit": PDF_ROW_LIMIT}
                ),
                BODY,
            )
        )
    width = document.width
    shares = (0.13, 0.29, 0.09, 0.08, 0.15, 0.16, 0.10)
    widths = [width * share for share in shares]
    headings = [
        _("Deviation"),
        _("Message"),
        _("Invoice"),
        _("Issue date"),
        _("Supplier"),
        _("Contract"),
        _("Amount excluding VAT"),
    ]
    page: list[list] = []
    pages = 0
    for count, deviation in enumerate(deviations):
        if count >= PDF_ROW_LIMIT:
            break
        invoice = deviation.invoice
        page.append(
            [
                deviation.get_kind_display(),
                deviation.message_text,
                invoice.number,
                date_format(invoice.issue_date, "SHORT_DATE_FORMAT"),
                invoice.supplier.name if invoice.supplier else invoice.supplier_name,
                str(invoice.contract) if invoice.contract else "—",
                f"{number_format(invoice.net_amount, 2, force_grouping=True)} {invoice.currency}",
            ]
        )
        if len(page) == PDF_ROWS_PER_PAGE:
            if pages:
                story.append(PageBreak())
            story.append(_table([headings, *page], widths))
            pages += 1
            page = []
    if page or not pages:
        if pages:
            story.append(PageBreak())
        if page:
            story.append(_table([headings, *page], widths))
        else:
            story.append(Paragraph(escape(_("There are no open deviations.")), BODY))
    footer = page_footer(f"{title} · {organisation.name}")
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _table(rows: list[list], widths: list[float]) -> Table:
    table = Table(
        [[Paragraph(cell_markup(cell), BODY) for cell in row] for row in rows],
        colWidths=widths,
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table
