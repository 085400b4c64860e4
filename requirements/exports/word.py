"""The specification as a Word document (python-docx): numbered requirements and a compliance
table, the way municipalities put tender annexes together."""

from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from . import DRAFT_COLOUR as DRAFT_RGB
from . import SpecificationDocument, compliance_header, compliance_row, draft_mark, draft_notice

DRAFT_COLOUR = RGBColor.from_string(DRAFT_RGB)


def render_docx(document: SpecificationDocument) -> bytes:
    word = Document()
    word.core_properties.title = document.title
    word.core_properties.author = document.organisation
    word.add_heading(document.title, level=0)
    if document.draft:
        _mark_as_draft(word)
    word.add_paragraph(document.organisation)
    if document.procurement:
        word.add_paragraph(_("Procurement: %(name)s") % {"name": document.procurement})
    word.add_paragraph(_("Bank release %(number)s") % {"number": document.release})
    word.add_paragraph(
        _("Generated %(date)s")
        % {"date": formats.date_format(document.generated_at, "DATE_FORMAT")}
    )
    if document.description:
        word.add_paragraph(document.description)

    word.add_heading(_("Requirements"), level=1)
    for section in document.sections:
        word.add_heading(f"{section.number} {section.title}", level=2)
        for item in section.items:
            word.add_heading(f"{item.number} {item.key} {item.title}", level=3)
            meta = word.add_paragraph()
            meta.add_run(
                f"{item.kind_text} · "
                + _("Priority: %(priority)s") % {"priority": item.priority_label}
            ).italic = True
            for line in item.text.splitlines() or [""]:
                word.add_paragraph(line)

    word.add_heading(_("Compliance table"), level=1)
    word.add_paragraph(
        _("The supplier states for each requirement whether it is met, partly met or not met.")
    )
    header = compliance_header()
    items = document.included
    table = word.add_table(rows=len(items) + 1, cols=len(header))
    table.style = "Table Grid"
    # Reading cells through table.rows is quadratic; the flat cell list is built once.
    cells = table._cells
    columns = len(header)
    for column, label in enumerate(header):
        cell = cells[column]
        cell.text = label
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = Pt(9)
    for row, item in enumerate(items, start=1):
        values = compliance_row(item)
        for column, value in enumerate(values):
            if value:
                cells[row * columns + column].text = value
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _mark_as_draft(word) -> None:
    """The draft mark in the header of every page, and the notice under the title."""
    header = word.sections[0].header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark = header.add_run(draft_mark())
    mark.bold = True
    mark.font.size = Pt(14)
    mark.font.color.rgb = DRAFT_COLOUR
    notice = word.add_paragraph().add_run(draft_notice())
    notice.bold = True
    notice.font.color.rgb = DRAFT_COLOUR
