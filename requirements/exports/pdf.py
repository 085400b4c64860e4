"""The specification as PDF (reportlab): a numbered requirement list and a compliance table.

Speed matters for 500-requirement specifications: each requirement is one light flowable that
wraps with `simpleSplit` instead of parsing Paragraph markup, and the compliance table is built
as small grid tables of a page's worth of rows, because one long reportlab table splits worse
than linearly.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from config.pdf import page_footer, pdf_document

from . import DRAFT_COLOUR as DRAFT_RGB
from . import SpecificationDocument, compliance_header, compliance_row, draft_mark, draft_notice

FONT, BOLD = "Helvetica", "Helvetica-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
ROWS_PER_TABLE = 40
DRAFT_COLOUR = colors.HexColor(f"#{DRAFT_RGB}")


Line = tuple[str, float, str, float]  # font, size, text, advance to the next line


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        # Short texts (keys, headings) are measured once instead of word by word.
        if len(paragraph) < 60 and stringWidth(paragraph, font, size) <= width:
            lines.append(paragraph)
            continue
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            # Only a line of one word can be too wide: a word longer than the line (a link, a
            # long compound), which is broken inside.
            if " " not in line and stringWidth(line, font, size) > width:
                lines.extend(_broken_word(line, font, size, width))
            else:
                lines.append(line)
    return lines


# Where a long word breaks most readably: after these, if that leaves half a line or more.
_BREAK_AFTER = "/-._?&=#"


def _broken_word(word: str, font: str, size: float, width: float) -> list[str]:
    """`word` in pieces no wider than `width`; simpleSplit leaves such a word on a line of its
    own, running past the margin or the cell's edge."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, character in enumerate(word):
        advance = stringWidth(character, font, size)
        if used + advance > width and index > start:
            piece = word[start:index]
            cut = max(piece.rfind(mark) for mark in _BREAK_AFTER) + 1
            if cut < len(piece) / 2:
                cut = len(piece)
            pieces.append(piece[:cut])
            start += cut
            used = stringWidth(word[start:index], font, size)
        used += advance
    pieces.append(word[start:])
    return pieces


class TextBlock(Flowable):
    """Plain text wrapped to the frame width, in one or more parts (text, font, size, space
    after); splits between lines across pages, keeping the first `keep` lines together."""

    def __init__(
        self,
        text: str = "",
        *,
        font: str = FONT,
        size: float = 10,
        space_after: float = 4,
        parts: list[tuple[str, str, float, float]] | None = None,
        keep: int = 1,
    ):
        super().__init__()
        self.parts = parts if parts is not None else [(text, font, size, space_after)]
        self.keep = keep
        self.lines: list[Line] | None = None
        self._layout_width: float | None = None

    def _layout(self, width: float) -> list[Line]:
        lines: list[Line] = []
        for text, font, size, gap in self.parts:
            part = _lines(text, font, size, width)
            for index, line in enumerate(part):
                lines.append(
                    (font, size, line, size * 1.25 + (gap if index == len(part) - 1 else 0))
                )
        return lines

    def wrap(self, available_width, available_height):
        if self.lines is None or self._layout_width != available_width:
            self.lines = self._layout(available_width)
            self._layout_width = available_width
        self.width = available_width
        self.height = sum(line[3] for line in self.lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        used, fits = 0.0, 0
        for _font, size, _text, advance in self.lines:
            if used + size * 1.25 > available_height:
                break
            used += advance
            fits += 1
        if fits < max(1, min(self.keep, len(self.lines))) or fits >= len(self.lines):
            return []
        first, rest = TextBlock(parts=[]), TextBlock(parts=[])
        first.lines, rest.lines = self.lines[:fits], self.lines[fits:]
        first._layout_width = rest._layout_width = available_width
        return [first, rest]

    def draw(self):
        text = self.canv.beginText()
        y, current = self.height, None
        for font, size, line, advance in self.lines:
            if (font, size) != current:
                text.setFont(font, size)
                current = (font, size)
            text.setTextOrigin(0, y - size)
            text.textLine(line)  # unlike textOut, it does not measure the line again
            y -= advance
        self.canv.drawText(text)


class RowTable(Flowable):
    """A grid of plain-text cells with a repeated header row, split row by row across pages.

    It draws what a reportlab Table with a grid would, without Table's per-cell style
    machinery; the story holds one RowTable per chunk of rows, never one long table.
    """

    SIZE, LEADING, PAD = 8, 10, 3

    def __init__(self, header: list[str], rows: list[list[str]], widths: list[float]):
        super().__init__()
        self.widths = widths
        self.header = self._cells(header, BOLD)
        self.rows = [self._cells(row, FONT) for row in rows]

    def _cells(self, values: list[str], font: str) -> tuple[str, float, list[list[str]]]:
        cells = [
            _lines(value, font, self.SIZE, width - 2 * self.PAD)
            for value, width in zip(values, self.widths, strict=True)
        ]
        height = max(len(lines) for lines in cells) * self.LEADING + 2 * self.PAD
        return font, height, cells

    def wrap(self, available_width, available_height):
        self.width = sum(self.widths)
        self.height = self.header[1] + sum(row[1] for row in self.rows)
        return self.width, self.height

    def split(self, available_width, available_height):
        used, fits = self.header[1], 0
        for row in self.rows:
            if used + row[1] > available_height:
                break
            used += row[1]
            fits += 1
        if fits < 1 or fits >= len(self.rows):
            return []
        return [self._part(self.rows[:fits]), self._part(self.rows[fits:])]

    def _part(self, rows) -> "RowTable":
        # A fresh flowable: a copy would carry platypus' bookkeeping (e.g. `_postponed`).
        part = RowTable.__new__(RowTable)
        Flowable.__init__(part)
        part.widths, part.header, part.rows = self.widths, self.header, rows
        return part

    def draw(self):
        canvas = self.canv
        canvas.setLineWidth(0.4)
        canvas.setStrokeColor(colors.grey)
        canvas.setFillColor(colors.HexColor("#eef2f5"))
        canvas.rect(0, self.height - self.header[1], self.width, self.header[1], stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        text = canvas.beginText()
        y = self.height
        edges = [0.0]
        for width in self.widths:
            edges.append(edges[-1] + width)
        for font, height, cells in [self.header, *self.rows]:
            text.setFont(font, self.SIZE)
            for x, lines in zip(edges, cells, strict=False):
                for index, line in enumerate(lines):
                    text.setTextOrigin(
                        x + self.PAD, y - self.PAD - self.SIZE - index * self.LEADING
                    )
                    text.textOut(line)
            y -= height
            canvas.line(0, y, self.width, y)
        canvas.drawText(text)
        canvas.line(0, self.height, self.width, self.height)
        for x in edges:
            canvas.line(x, 0, x, self.height)


def compliance_tables(document: SpecificationDocument) -> list[Flowable]:
    header = compliance_header()
    # The frame keeps 6 points of padding on each side. The last column is as wide as its
    # heading ("Kommentar"), which would otherwise be broken inside like any word too long.
    widths = [14 * mm, 20 * mm, 60 * mm, 30 * mm, 22 * mm, TEXT_WIDTH - 12 - 146 * mm]
    rows = [compliance_row(item) for item in document.included]
    return [
        RowTable(header, rows[start : start + ROWS_PER_TABLE], widths)
        for start in range(0, len(rows), ROWS_PER_TABLE)
    ]


def render_pdf(document: SpecificationDocument, *, invariant: bool = False) -> bytes:
    """`invariant` gives byte-identical output for tests (fixed dates, uncompressed pages)."""
    buffer = BytesIO()
    footer = f"{document.organisation} · {document.title} · " + _("Bank release %(number)s") % {
        "number": document.release
    }
    pdf = pdf_document(
        buffer,
        title=document.title,
        author=document.organisation,
        margin=MARGIN,
        invariant=invariant,
    )
    story: list[Flowable] = [
        TextBlock(document.title, font=BOLD, size=18, space_after=6),
        TextBlock(
            "\n".join(
                line
                for line in (
                    document.organisation,
                    _("Procurement: %(name)s") % {"name": document.procurement}
                    if document.procurement
                    else "",
                    _("Bank release %(number)s") % {"number": document.release},
                    _("Generated %(date)s")
                    % {"date": formats.date_format(document.generated_at, "DATE_FORMAT")},
                )
                if line
            ),
            size=10,
            space_after=8,
        ),
    ]
    if document.draft:
        story.insert(1, _draft_notice())
    if document.description:
        story.append(TextBlock(document.description, space_after=10))
    story.append(TextBlock(_("Requirements"), font=BOLD, size=14, space_after=6))
    for section in document.sections:
        story.append(CondPageBreak(40 * mm))
        story.append(
            TextBlock(f"{section.number} {section.title}", font=BOLD, size=12, space_after=4)
        )
        for item in section.items:
            meta = f"{item.kind_text} · " + _("Priority: %(priority)s") % {
                "priority": item.priority_label
            }
            story.append(
                TextBlock(
                    parts=[
                        (f"{item.number} {item.key} {item.title}", BOLD, 10, 2),
                        (meta, FONT, 8, 2),
                        (item.text, FONT, 10, 8),
                    ],
                    keep=3,
                )
            )
    story.append(PageBreak())
    story.append(TextBlock(_("Compliance table"), font=BOLD, size=14, space_after=6))
    story.append(
        TextBlock(
            _("The supplier states for each requirement whether it is met, partly met or not met."),
            size=9,
            space_after=6,
        )
    )
    story.extend(compliance_tables(document))
    story.append(Spacer(1, 1))
    on_page = page_footer(footer, font=FONT)
    if document.draft:
        on_page = _marked_as_draft(on_page)
    pdf.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _draft_notice() -> Paragraph:
    style = ParagraphStyle(
        "draft", fontName=BOLD, fontSize=10, leading=12.5, textColor=DRAFT_COLOUR, spaceAfter=8
    )
    return Paragraph(escape(draft_notice()), style)


def _marked_as_draft(on_page):
    """`on_page`, and the draft mark at the top right of every page."""
    mark = draft_mark()

    def draw(canvas, template) -> None:
        on_page(canvas, template)
        canvas.saveState()
        canvas.setFont(BOLD, 14)
        canvas.setFillColor(DRAFT_COLOUR)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 13 * mm, mark)
        canvas.restoreState()

    return draw
