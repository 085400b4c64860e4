"""The benefits realisation report of a business case as a PDF (reportlab), charts included."""

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from config.formats import short_date
from config.pdf import cell_markup, page_footer, pdf_document

from .formats import amount, percent, quantity
from .models import BusinessCase, Evaluation
from .rules import BenefitStatus
from .selectors import BenefitReport

MARGIN = 18 * mm
HEADER_BACKGROUND = colors.HexColor("#eef2f5")
GRID = colors.HexColor("#d5dbe1")


def _styles() -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontName="Helvetica", fontSize=9.5)
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=18, alignment=0),
        "h2": ParagraphStyle("h2", parent=sheet["Heading2"], fontSize=13, spaceBefore=10),
        "h3": ParagraphStyle("h3", parent=sheet["Heading3"], fontSize=11, spaceBefore=8),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "head": ParagraphStyle(
            "head", parent=body, fontSize=8, leading=10, fontName="Helvetica-Bold"
        ),
    }


def _text(value: object) -> str:
    """Plain text for a Paragraph: escaped, line breaks kept."""
    return escape(str(value)).replace("\n", "<br/>")


def _table(rows: list[list], styles, widths: Sequence[float] | None = None) -> Table:
    cells = [
        [Paragraph(cell_markup(cell), styles["head" if index == 0 else "cell"]) for cell in row]
        for index, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _facts(pairs: list[tuple[str, object]], styles) -> Table:
    cells = [
        [
            Paragraph(cell_markup(label), styles["head"]),
            Paragraph(cell_markup(value), styles["cell"]),
        ]
        for label, value in pairs
    ]
    table = Table(cells, colWidths=[55 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _person(user) -> str:
    return str(user) if user else "–"


def _day(value: date | None) -> str:
    """A date as the reader's language writes it short (15.01.2026 in Danish)."""
    return short_date(value) if value else "–"


def business_case_report(
    *,
    business_case: BusinessCase,
    reports: Sequence[BenefitReport],
    evaluation: Evaluation | None,
    today: date,
    invariant: bool = False,
    compress: bool = True,
) -> bytes:
    """The report as PDF bytes, in the active language.

    `invariant` and `compress=False` make the output byte-stable and its text searchable, for
    tests; pages use the defaults.
    """
    styles = _styles()
    story: list = [
        Paragraph(_text(_("Benefits realisation report")), styles["title"]),
        Paragraph(_text(business_case.title), styles["h2"]),
        Paragraph(
            _text(
                _("%(organisation)s · version %(version)s · printed %(day)s")
                % {
                    "organisation": business_case.organisation.name,
                    "version": business_case.version,
                    "day": _day(today),
                }
            ),
            styles["small"],
        ),
        Spacer(1, 4 * mm),
    ]
    payback = business_case.payback_years
    story.append(
        _facts(
            [
                (_("Purpose"), business_case.purpose),
                (_("Scope"), business_case.scope or "–"),
                (_("Owner"), _person(business_case.owner)),
                (_("Investment"), amount(business_case.investment_cost)),
                (_("Annual running costs"), amount(business_case.annual_running_cost)),
                (
                    _("Expected annual net benefit"),
                    amount(business_case.expected_annual_net_benefit),
                ),
                (
                    _("Payback"),
                    _("%(years)s years") % {"years": quantity(payback)} if payback else "–",
                ),
                (_("Go-live date"), _day(business_case.go_live_date)),
                (
                    _("Contracts"),
                    ", ".join(str(contract) for contract in business_case.contracts.all()) or "–",
                ),
            ],
            styles,
        )
    )

    story.append(Paragraph(_text(_("Benefits")), styles["h2"]))
    if reports:
        rows = [
            [
                _("Benefit"),
                _("Status"),
                _("Achievement"),
                _("Latest"),
                _("Target"),
                _("Next measurement"),
            ]
        ]
        for report in reports:
            benefit = report.benefit
            unit = benefit.indicator_unit
            rows.append(
                [
                    _title_with_kind(benefit),
                    benefit.get_status_display(),
                    percent(benefit.achievement) or "–",
                    quantity(benefit.latest_value, unit) or "–",
                    f"{quantity(benefit.target_value, unit)} ({_day(benefit.target_date)})",
                    _day(benefit.next_measurement_due),
                ]
            )
        story.append(_table(rows, styles, [55 * mm, 22 * mm, 20 * mm, 24 * mm, 34 * mm, None]))
    else:
        story.append(Paragraph(_text(_("The business case has no benefits yet.")), styles["body"]))

    for report in reports:
        story.extend(_benefit_section(report, styles))

    if evaluation is not None:
        story.extend(_evaluation_section(evaluation, styles))

    output = BytesIO()
    document = pdf_document(
        output,
        title=f"{_('Benefits realisation report')}: {business_case.title}",
        author=business_case.organisation.name,
        margin=MARGIN,
        invariant=invariant,
        compress=compress,
    )
    on_page = page_footer(f"{business_case.title} · {_('Benefits realisation report')}")
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return output.getvalue()


def _title_with_kind(benefit) -> str:
    if benefit.kind == benefit.Kind.DISBENEFIT:
        return f"{benefit.title} ({benefit.get_kind_display().lower()})"
    return benefit.title


def _benefit_section(report: BenefitReport, styles) -> list:
    benefit = report.benefit
    unit = benefit.indicator_unit
    assessment = report.assessment
    heading = Paragraph(_text(_title_with_kind(benefit)), styles["h3"])
    facts = _facts(
        [
            (_("Category"), benefit.get_category_display()),
            (_("Benefit owner"), _person(benefit.owner)),
            (_("Responsible for realisation"), _person(benefit.responsible)),
            (
                _("Indicator"),
                f"{benefit.indicator_name} ({benefit.get_direction_display().lower()})",
            ),
            (_("Data source"), benefit.indicator_data_source or "–"),
            (
                _("Baseline"),
                f"{quantity(benefit.baseline_value, unit)} ({_day(benefit.baseline_date)})",
            ),
            (
                _("Target"),
                f"{quantity(benefit.target_value, unit)} ({_day(benefit.target_date)})",
            ),
            (
                _("Interim targets"),
                ", ".join(
                    f"{quantity(target.value, unit)} ({_day(target.target_date)})"
                    for target in report.interim_targets
                )
                or "–",
            ),
            (_("Prerequisites"), benefit.prerequisites or "–"),
            (
                _("Status"),
                f"{BenefitStatus(assessment.status).label}: {assessment.reason}",
            ),
        ],
        styles,
    )
    section = [KeepTogether([heading, facts]), Spacer(1, 3 * mm), report.drawing]
    if benefit.description:
        section.insert(1, Paragraph(_text(benefit.description), styles["body"]))
    if report.rows:
        rows = [[_("Date"), _("Value"), _("Achievement"), _("Trend"), _("Comment")]]
        for row in report.rows:
            measurement = row.measurement
            rows.append(
                [
                    _day(measurement.measured_on),
                    quantity(measurement.value, unit),
                    percent(row.achievement) or "–",
                    row.trend.label,
                    measurement.comment,
                ]
            )
        section.append(_table(rows, styles, [22 * mm, 28 * mm, 22 * mm, 22 * mm, None]))
    return section


def _evaluation_section(evaluation: Evaluation, styles) -> list:
    section = [
        Paragraph(
            _text(_("Evaluation of %(day)s") % {"day": _day(evaluation.evaluated_on)}),
            styles["h2"],
        ),
        _facts(
            [
                (_("Conclusion"), evaluation.summary),
                (_("Lessons learned"), evaluation.lessons_learned or "–"),
                (
                    _("Expected annual net benefit"),
                    amount(evaluation.expected_annual_net_benefit),
                ),
                (
                    _("Realised annual net benefit"),
                    amount(evaluation.realised_annual_net_benefit) or "–",
                ),
                (_("Evaluated by"), _person(evaluation.evaluated_by)),
            ],
            styles,
        ),
        Spacer(1, 3 * mm),
    ]
    items = list(evaluation.items.all())
    if items:
        rows = [
            [
                _("Benefit"),
                _("Expected"),
                _("Realised"),
                _("Achievement"),
                _("Status"),
                _("Comment"),
            ]
        ]
        for item in items:
            unit = item.benefit.indicator_unit
            realised = (
                f"{quantity(item.realised_value, unit)} ({_day(item.realised_on)})"
                if item.realised_value is not None
                else "–"
            )
            rows.append(
                [
                    _title_with_kind(item.benefit),
                    f"{quantity(item.expected_value, unit)} ({_day(item.expected_by)})",
                    realised,
                    percent(item.achievement) or "–",
                    item.get_status_display(),
                    item.comment,
                ]
            )
        section.append(_table(rows, styles, [40 * mm, 28 * mm, 28 * mm, 20 * mm, 20 * mm, None]))
    return section
