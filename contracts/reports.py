"""PDF reports of the contract register: a one-page fact sheet per contract and the portfolio.

Text follows the active language (call inside the request). The portfolio builds one table per
page: reportlab splits one long table in time that grows worse than linearly with its rows.
"""

import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    KeepInFrame,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from config.pdf import cell_markup, page_footer, pdf_document
from organisations.models import Organisation
from organisations.scoping import tenant

from . import selectors
from .calendar import SUMMARY_LABELS
from .deadlines import DeadlineKind, OptionState
from .exchange import current_term_end_annotation, final_end_annotation
from .models import Contract, ContractOption

FACTSHEET_LIST_LIMIT = 8
PORTFOLIO_ROWS_PER_PAGE = 30
MARGIN = 15 * mm
GRID = colors.HexColor("#c7ced6")
HEADER_FILL = colors.HexColor("#eef2f5")

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("Title", parent=_styles["Title"], fontSize=16, leading=19, alignment=TA_LEFT)
HEADING = ParagraphStyle(
    "Heading", parent=_styles["Heading2"], fontSize=11, leading=13, spaceBefore=6, spaceAfter=3
)
BODY = ParagraphStyle("Body", parent=_styles["BodyText"], fontSize=8.5, leading=10.5)
SMALL = ParagraphStyle("Small", parent=BODY, fontSize=7.5, leading=9, textColor=colors.grey)


def _text(value) -> str:
    return "—" if value in (None, "") else str(value)


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _amount(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{number_format(value, 2, force_grouping=True)} kr."


def _paragraph(value, style=BODY) -> Paragraph:
    return Paragraph(escape(_text(value)), style)


def _cell(value) -> Paragraph:
    return value if isinstance(value, Paragraph) else Paragraph(cell_markup(_text(value)), BODY)


def _table(rows: Sequence[Sequence], widths: Sequence[float], *, header: bool = True) -> Table:
    table = Table(
        [[_cell(cell) for cell in row] for row in rows],
        colWidths=widths,
        repeatRows=1 if header else 0,
        hAlign="LEFT",
    )
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(style))
    return table


def _facts(pairs: Iterable[tuple[str, object]], width: float) -> Table:
    """A two-column table of label and value."""
    rows = [[_paragraph(label, BODY), _paragraph(value)] for label, value in pairs]
    table = _table(rows, [width * 0.38, width * 0.62], header=False)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), HEADER_FILL)]))
    return table


def _notice_given(contract: Contract) -> list[tuple[str, str]]:
    """When notice has been given: when, and when the termination takes effect."""
    if not contract.notice_given_on:
        return []
    return [
        (_("Notice given on"), _day(contract.notice_given_on)),
        (_("Termination takes effect"), _day(contract.termination_effective)),
    ]


def _notice_terms(contract: Contract) -> str:
    if not contract.notice_months:
        return "—"
    text = _months(contract.notice_months)
    if contract.notice_to_end_of:
        text = f"{text}, {contract.get_notice_to_end_of_display().lower()}"
    return text


def _months(value: int | None) -> str:
    if not value:
        return "—"
    return ngettext("%(months)s month", "%(months)s months", value) % {"months": value}


def _option_state(option: ContractOption) -> str:
    return option.state_label + (
        f" ({_day(option.exercised_on)})" if option.state == OptionState.USED else ""
    )


def _term_end_text(agreed: date, renewed_to: date | None) -> str:
    if renewed_to is None:
        return _day(agreed)
    return _("%(agreed)s, renewed to %(current)s") % {
        "agreed": _day(agreed),
        "current": _day(renewed_to),
    }


def contract_factsheet_pdf(
    *, contract: Contract, organisation: Organisation, today: date | None = None
) -> bytes:
    """One page about a contract (fetched with selectors.contract_detail): parties, terms,
    values, the next open deadlines, options and milestones; long lists are cut short."""
    today = today or timezone.localdate()
    buffer = io.BytesIO()
    document = pdf_document(buffer, title=contract.title, author=organisation.name, margin=MARGIN)
    width = document.width
    half = (width - 6 * mm) / 2
    deadlines = [d for d in contract.deadlines.all() if not d.done]
    selectors.label_deadlines(contract, deadlines)
    final_end = next(
        (d.due_date for d in contract.deadlines.all() if d.kind == DeadlineKind.FINAL_END),
        None,
    )
    renewed_to = selectors.renewed_to(
        contract, selectors.current_term_end_of(contract, contract.deadlines.all())
    )
    supplier = contract.supplier

    parties = _facts(
        [
            (_("Municipality"), organisation.name),
            (_("Supplier"), f"{supplier.name} (CVR {supplier.cvr})"),
            (
                _("Supplier contact"),
                ", ".join(
                    part
                    for part in (
                        supplier.contact_name,
                        supplier.contact_email,
                        supplier.contact_phone,
                    )
                    if part
                ),
            ),
            (_("Contract manager"), contract.contract_manager),
            (_("Deputy contract manager"), contract.deputy_contract_manager),
            (_("System owner"), contract.system_owner),
            (_("Responsible unit"), contract.responsible_unit),
            (_("IT systems"), ", ".join(s.name for s in contract.it_systems.all())),
        ],
        half,
    )
    terms = _facts(
        [
            (_("Type"), contract.get_contract_type_display()),
            (_("Contract template"), contract.get_template_display()),
            (_("Procurement form"), contract.get_procurement_form_display()),
            (_("Signed"), _day(contract.signed_on)),
            (_("Start date"), _day(contract.start_date)),
            (
                _("Term end date"),
                _term_end_text(contract.term_end, renewed_to)
                if contract.term_end
                else _("Open-ended"),
            ),
            (_("Irrevocable until"), _day(contract.irrevocable_until)),
            (_("Notice period"), _notice_terms(contract)),
            (_("Tacit renewal"), _months(contract.tacit_renewal_months)),
            (_("Final end including options"), _day(final_end or contract.term_end)),
            *_notice_given(contract),
        ],
        half,
    )
    values = _facts(
        [
            (_("Total value"), _amount(contract.total_value)),
            (_("Annual value"), _amount(contract.annual_value)),
            (_("Payment model"), contract.get_payment_model_display()),
            (_("Payment frequency"), contract.get_payment_frequency_display()),
            (
                _("Price regulation"),
                " · ".join(
                    part
                    for part in (
                        contract.price_regulation_index,
                        _day(contract.price_regulation_date)
                        if contract.price_regulation_date
                        else "",
                    )
                    if part
                ),
            ),
        ],
        half,
    )
    dpa = _facts(
        [
            (
                _("Data processing agreement"),
                _day(contract.dpa_date) if contract.dpa_concluded else _("No"),
            ),
            (_("Oversight interval"), _months(contract.dpa_oversight_interval_months)),
            (_("Next inspection"), _day(contract.dpa_next_inspection)),
            (_("Re-procurement lead time"), _months(contract.reprocurement_lead_months)),
        ],
        half,
    )

    story: list = [
        _paragraph(contract.title, TITLE),
        _paragraph(
            " · ".join(
                part
                for part in (
                    contract.reference,
                    contract.get_status_display(),
                    _("Fact sheet printed %(date)s") % {"date": _day(today)},
                )
                if part
            ),
            SMALL,
        ),
        Spacer(1, 3 * mm),
        Table(
            [
                [_paragraph(_("Parties"), HEADING), _paragraph(_("Terms"), HEADING)],
                [parties, terms],
                [_paragraph(_("Values"), HEADING), _paragraph(_("Data protection"), HEADING)],
                [values, dpa],
            ],
            colWidths=[half + 6 * mm, half],
            hAlign="LEFT",
            style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        ),
        _paragraph(_("Next deadlines"), HEADING),
    ]
    if deadlines:
        story.append(
            _table(
                [[_("Date"), _("Deadline"), _("Note")]]
                + [
                    [
                        _day(d.due_date),
                        d.label,
                        _("takes effect %(date)s") % {"date": _day(d.effective_date)}
                        if d.effective_date
                        else (_("overdue") if d.due_date < today else ""),
                    ]
                    for d in deadlines[:FACTSHEET_LIST_LIMIT]
                ],
                [width * 0.18, width * 0.42, width * 0.40],
            )
        )
        story += _more(len(deadlines))
    else:
        story.append(_paragraph(_("No open deadlines."), SMALL))

    options = list(contract.options.all())
    story.append(_paragraph(_("Options"), HEADING))
    if options:
        story.append(
            _table(
                [[_("Length"), _("Last day to exercise"), _("State"), _("Note")]]
                + [
                    [
                        _months(option.length_months),
                        _day(option.exercise_by),
                        _option_state(option),
                        option.note,
                    ]
                    for option in options[:FACTSHEET_LIST_LIMIT]
                ],
                [width * 0.15, width * 0.2, width * 0.2, width * 0.45],
            )
        )
        story += _more(len(options))
    else:
        story.append(_paragraph(_("No options."), SMALL))

    milestones = list(contract.milestones.all())
    story.append(_paragraph(_("Milestones"), HEADING))
    if milestones:
        story.append(
            _table(
                [[_("Milestone"), _("Due date"), _("Met on"), _("Legal effect")]]
                + [
                    [str(m), _day(m.due_date), _day(m.met_on), m.legal_effect]
                    for m in milestones[:FACTSHEET_LIST_LIMIT]
                ],
                [width * 0.3, width * 0.15, width * 0.15, width * 0.4],
            )
        )
        story += _more(len(milestones))
    else:
        story.append(_paragraph(_("No milestones."), SMALL))

    # Whatever the contract holds, the fact sheet stays on one page.
    document.build([KeepInFrame(document.width, document.height, story, mode="shrink")])
    return buffer.getvalue()


def _more(total: int) -> list:
    if total <= FACTSHEET_LIST_LIMIT:
        return []
    return [
        _paragraph(
            _("… and %(count)s more (see the contract's page).")
            % {"count": total - FACTSHEET_LIST_LIMIT},
            SMALL,
        )
    ]


def portfolio_contracts(*, organisation: Organisation) -> QuerySet[Contract]:
    """The contract list's rows (next deadline, next notice) with the final end added."""
    return (
        selectors.contracts(organisation=organisation)
        .annotate(final_end=final_end_annotation(), current_term_end=current_term_end_annotation())
        .order_by("title", "pk")
    )


PORTFOLIO_FONT, PORTFOLIO_SIZE, PORTFOLIO_PADDING = "Helvetica", 7, 3
PORTFOLIO_HEADER = ParagraphStyle(
    "PortfolioHeader", parent=BODY, fontName="Helvetica-Bold", fontSize=7, leading=8.5
)


def fit(value, width: float, font: str = PORTFOLIO_FONT, size: float = PORTFOLIO_SIZE) -> str:
    """The value's text on one line `width` points wide, cut short with "…" where it is wider."""
    text = _text(value)
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def portfolio_pdf(*, organisation: Organisation, today: date | None = None) -> bytes:
    """Every contract of the organisation with its next deadlines, 30 to a page."""
    today = today or timezone.localdate()
    buffer = io.BytesIO()
    title = _("Contract portfolio · %(organisation)s") % {"organisation": organisation.name}
    document = pdf_document(
        buffer, title=title, author=organisation.name, margin=MARGIN, pagesize=landscape(A4)
    )
    with tenant(organisation):
        contracts = list(portfolio_contracts(organisation=organisation))
    header = [
        _("Contract"),
        _("Reference"),
        _("Supplier"),
        _("Status"),
        _("Contract manager"),
        _("Term end"),
        _("Final end"),
        _("Notice deadline"),
        _("Next deadline"),
        _("Annual value"),
    ]
    fractions = (0.17, 0.09, 0.11, 0.055, 0.11, 0.06, 0.06, 0.085, 0.18, 0.08)
    widths = [document.width * f for f in fractions]
    # Plain strings cut to one line of their column (inside its padding) give every row the same
    # height, so a page's table always fits its page and never splits; the headers may wrap.
    rooms = [width - 2 * PORTFOLIO_PADDING for width in widths]
    header = [_paragraph(label, PORTFOLIO_HEADER) for label in header]
    cell_style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), PORTFOLIO_FONT, PORTFOLIO_SIZE),
            ("LEFTPADDING", (0, 0), (-1, -1), PORTFOLIO_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PORTFOLIO_PADDING),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
        ]
    )
    story: list = [
        _paragraph(title, TITLE),
        _paragraph(
            _("%(count)s contracts · printed %(date)s")
            % {"count": len(contracts), "date": _day(today)},
            SMALL,
        ),
        Spacer(1, 3 * mm),
    ]
    if not contracts:
        story.append(_paragraph(_("The register holds no contracts yet."), BODY))
    for start in range(0, len(contracts), PORTFOLIO_ROWS_PER_PAGE):
        if start:
            story.append(PageBreak())
        rows = [header]
        for contract in contracts[start : start + PORTFOLIO_ROWS_PER_PAGE]:
            next_deadline = ""
            if contract.next_deadline_date:
                next_deadline = (
                    f"{_day(contract.next_deadline_date)} "
                    f"{SUMMARY_LABELS[DeadlineKind(contract.next_deadline_kind)]}"
                )
            values = [
                contract.title,
                contract.reference,
                contract.supplier.name,
                contract.status_label,
                contract.contract_manager,
                _day(contract.current_term_end),
                _day(contract.final_end),
                _day(contract.next_notice_date),
                next_deadline,
                _amount(contract.annual_value),
            ]
            rows.append([fit(value, room) for value, room in zip(values, rooms, strict=True)])
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(cell_style)
        story.append(table)

    footer = page_footer(title)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
