"""What every PDF the product makes shares: the document's set-up and metadata, and its footer.

The reports themselves (contract fact sheet and portfolio, invoice deviations, specification,
fulfilment and benefits reports) build their own stories with reportlab's platypus.
"""

from collections.abc import Callable
from typing import IO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

CREATOR = "Kommune-IT"
FOOTER_CHARACTERS = 120
# A table row cannot break across pages: text longer than this (or with more lines) is cut in a
# table cell, so that a long comment or evidence note shortens the cell instead of making the
# row taller than a page (which reportlab refuses) or the layout run out of memory.
CELL_CHARACTERS = 1000
CELL_LINES = 30


def pdf_document(
    buffer: IO[bytes],
    *,
    title: str,
    author: str,
    margin: float,
    pagesize: tuple[float, float] = A4,
    invariant: bool = False,
    compress: bool | None = None,
) -> SimpleDocTemplate:
    """A document with the same margin on every side.

    `invariant` makes the bytes the same on every run (fixed dates and ids), for tests; its pages
    are then left uncompressed, so that tests can read their text, unless `compress` says so.
    Otherwise reportlab's settings decide both (rl_config: variable and compressed).
    """
    if compress is None and invariant:
        compress = False
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=author,
        creator=CREATOR,
        # None leaves reportlab's own settings (rl_config), which tests may set.
        invariant=1 if invariant else None,
        pageCompression=None if compress is None else int(compress),
    )


def page_footer(text: str, *, font: str = "Helvetica") -> Callable:
    """An onPage callback: `text` (shortened) at the bottom left, "Page N" at the bottom right,
    within the document's margins."""
    text = text[:FOOTER_CHARACTERS]

    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#4a5561"))
        canvas.drawString(document.leftMargin, 10 * mm, text)
        canvas.drawRightString(
            document.pagesize[0] - document.rightMargin,
            10 * mm,
            _("Page %(number)s") % {"number": document.page},
        )
        canvas.restoreState()

    return draw


def cell_markup(value: object) -> str:
    """`value` as Paragraph markup for a table cell: escaped, line breaks kept, and cut with
    "…" after CELL_CHARACTERS characters or CELL_LINES lines (the app shows the whole text)."""
    text = "" if value is None else str(value)
    lines = text.splitlines()
    cut = len(text) > CELL_CHARACTERS or len(lines) > CELL_LINES
    if cut:
        text = "\n".join(lines[:CELL_LINES])[:CELL_CHARACTERS].rstrip() + " " + _("[…] (cut)")
    return escape(text).replace("\n", "<br/>")
