"""Benefit charts drawn with reportlab graphics: one Drawing for inline SVG and for PDFs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from defusedxml.minidom import parseString
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.colors import HexColor, white
from reportlab.lib.validators import isString
from reportlab.pdfbase.pdfmetrics import stringWidth

from benefits.formats import quantity
from benefits.rules import IndicatorPlan, Point
from config.formats import lazy_short_date, month_and_year, short_date

if TYPE_CHECKING:
    from xml.dom.minidom import Element

# The class carried by each measurement marker in the SVG, for styling and for counting in tests.
MEASUREMENT_CLASS = "benefit-chart-measurement"

FONT = "Helvetica"
BOLD_FONT = "Helvetica-Bold"
TITLE_SIZE = 11
LABEL_SIZE = 8
PADDING = 6
MARKER_RADIUS = 3

# Every line colour reaches 3:1 against white (WCAG 1.4.11); the series also differ by line
# style (thin, dashed, solid with markers), so colour is never the only cue.
TEXT_COLOUR = HexColor("#1a1a1a")
AXIS_COLOUR = HexColor("#595959")
GRID_COLOUR = HexColor("#dddddd")
BASELINE_COLOUR = HexColor("#595959")
PLANNED_COLOUR = HexColor("#1f4e79")
MEASURED_COLOUR = HexColor("#b34700")

_MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)

# reportlab writes PDF font names ("Helvetica-Bold") as the SVG font family, which browsers do
# not know; map them to CSS families and weights.
_SVG_FONTS = {
    FONT: {"family": "Helvetica, Arial, sans-serif"},
    BOLD_FONT: {"family": "Helvetica, Arial, sans-serif", "weight": "bold"},
}


class TitledDrawing(Drawing):
    """A Drawing that carries its accessible name and description for the SVG it renders to."""

    _attrMap = AttrMap(
        BASE=Drawing,
        title=AttrMapValue(isString, desc="Accessible name of the chart"),
        description=AttrMapValue(isString, desc="Text alternative describing the figures"),
    )

    # reportlab copies drawings by calling the class with width and height only.
    def __init__(
        self,
        width: float = 400,
        height: float = 200,
        *nodes: object,
        title: str = "",
        description: str = "",
        **keywords: object,
    ) -> None:
        super().__init__(width, height, *nodes, **keywords)
        self.title = title
        self.description = description


def benefit_chart(
    *,
    plan: IndicatorPlan,
    measurements: Sequence[Point],
    unit: str,
    title: str,
    width: float = 480,
    height: float = 240,
) -> TitledDrawing:
    """Draw an indicator's baseline, planned path and measurements over time.

    The baseline is a thin horizontal line, the planned path (baseline, interim targets, target)
    is dashed and the measurements are a solid line with a marker each. Strings are translated
    and numbers formatted in the language active when the chart is drawn.
    """
    ordered = sorted(measurements, key=lambda point: point.day)
    unit = str(unit)
    drawing = TitledDrawing(
        width, height, title=str(title), description=_description(plan, ordered, unit)
    )
    # An opaque background keeps the chart legible on dark pages and coloured PDF panels.
    drawing.add(Rect(0, 0, width, height, fillColor=white, strokeColor=None))

    values = [plan.baseline, plan.target, *(point.value for point in plan.interim)]
    values += [point.value for point in ordered]
    value_ticks = _value_ticks(min(values), max(values))
    value_labels = [number_format(tick, use_l10n=True, force_grouping=True) for tick in value_ticks]
    first_day = min([plan.baseline_date, *(point.day for point in ordered)])
    last_day = max([plan.target_date, *(point.day for point in ordered)])

    widest_label = max(stringWidth(label, FONT, LABEL_SIZE) for label in value_labels)
    left = PADDING + widest_label + 4
    right = width - PADDING - 12
    legend_y = PADDING + 2
    bottom = legend_y + LABEL_SIZE + 6 + LABEL_SIZE + 6
    top = height - PADDING - TITLE_SIZE - 6 - LABEL_SIZE - 10
    low, high = value_ticks[0], value_ticks[-1]
    first_ordinal, last_ordinal = first_day.toordinal(), last_day.toordinal()

    def x_of(day: date) -> float:
        share = (day.toordinal() - first_ordinal) / (last_ordinal - first_ordinal)
        return left + share * (right - left)

    def y_of(value: Decimal) -> float:
        return bottom + float((value - low) / (high - low)) * (top - bottom)

    drawing.add(
        String(
            PADDING,
            height - PADDING - TITLE_SIZE,
            _fit(str(title), BOLD_FONT, TITLE_SIZE, width - 2 * PADDING),
            fontName=BOLD_FONT,
            fontSize=TITLE_SIZE,
            fillColor=TEXT_COLOUR,
        )
    )
    if unit:
        drawing.add(_label(PADDING, top + 10, _fit(unit, FONT, LABEL_SIZE, width - 2 * PADDING)))

    for tick, label in zip(value_ticks, value_labels, strict=True):
        y = y_of(tick)
        drawing.add(Line(left, y, right, y, strokeColor=GRID_COLOUR, strokeWidth=0.5))
        drawing.add(_label(left - 4, y - LABEL_SIZE / 3, label, anchor="end"))

    max_day_ticks = max(2, int((right - left) // 60))
    day_ticks, day_label = _day_ticks(first_day, last_day, max_ticks=max_day_ticks)
    for day in day_ticks:
        x = x_of(day)
        label = day_label(day)
        half = stringWidth(label, FONT, LABEL_SIZE) / 2
        label_x = min(max(x, PADDING + half), width - PADDING - half)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=AXIS_COLOUR, strokeWidth=0.75))
        drawing.add(_label(label_x, bottom - 3 - LABEL_SIZE, label, anchor="middle"))

    drawing.add(Line(left, bottom, left, top, strokeColor=AXIS_COLOUR, strokeWidth=0.75))
    drawing.add(Line(left, bottom, right, bottom, strokeColor=AXIS_COLOUR, strokeWidth=0.75))

    baseline_y = y_of(plan.baseline)
    drawing.add(Line(left, baseline_y, right, baseline_y, **_BASELINE_STYLE))
    drawing.add(PolyLine([(x_of(p.day), y_of(p.value)) for p in plan.path()], **_PLANNED_STYLE))

    if len(ordered) > 1:
        drawing.add(PolyLine([(x_of(p.day), y_of(p.value)) for p in ordered], **_MEASURED_STYLE))
    for point in ordered:
        drawing.add(_marker(x_of(point.day), y_of(point.value)))
    if not ordered:
        message = str(_("No measurements yet"))
        message_width = stringWidth(message, FONT, LABEL_SIZE)
        centre_x, centre_y = (left + right) / 2, (bottom + top) / 2
        # A white box keeps the message readable where the planned path crosses it.
        drawing.add(
            Rect(
                centre_x - message_width / 2 - 4,
                centre_y - 4,
                message_width + 8,
                LABEL_SIZE + 6,
                fillColor=white,
                strokeColor=GRID_COLOUR,
            )
        )
        drawing.add(_label(centre_x, centre_y, message, anchor="middle"))

    _add_legend(drawing, x=left, y=legend_y)
    return drawing


def chart_svg(drawing: TitledDrawing) -> str:
    """The drawing as an `<svg>` element to place inline in HTML.

    No XML declaration or DOCTYPE; `role="img"` with the title as `aria-label` and `<title>`, the
    description as `<desc>`, and no fixed ids, so several charts can share one page.
    """
    # useClip: the default clip path has the fixed id "clip", which would repeat on the page.
    document = parseString(renderSVG.drawToString(drawing, useClip=True, fontHacks=_SVG_FONTS))
    svg = document.documentElement
    svg.setAttribute("role", "img")
    svg.setAttribute("aria-label", drawing.title)
    svg.setAttribute("class", "benefit-chart")
    _replace_text(svg.getElementsByTagName("title")[0], drawing.title)
    description = svg.getElementsByTagName("desc")[0]
    if drawing.description:
        _replace_text(description, drawing.description)
    else:
        svg.removeChild(description)
    for group in svg.getElementsByTagName("g"):
        if group.hasAttribute("id"):
            group.removeAttribute("id")
    for element in svg.getElementsByTagName("*"):
        _style_to_attributes(element)
    return svg.toxml()


_BASELINE_STYLE = {"strokeColor": BASELINE_COLOUR, "strokeWidth": 1}
_PLANNED_STYLE = {"strokeColor": PLANNED_COLOUR, "strokeWidth": 1.5, "strokeDashArray": [5, 3]}
_MEASURED_STYLE = {"strokeColor": MEASURED_COLOUR, "strokeWidth": 1.5}


def _description(plan: IndicatorPlan, ordered: Sequence[Point], unit: str) -> str:
    """A text alternative with the figures the chart shows."""

    sentences = [
        format_lazy(
            _("Baseline {baseline} on {baseline_date}; target {target} by {target_date}"),
            baseline=quantity(plan.baseline, unit),
            baseline_date=lazy_short_date(plan.baseline_date),
            target=quantity(plan.target, unit),
            target_date=lazy_short_date(plan.target_date),
        )
    ]
    if ordered:
        latest = ordered[-1]
        sentences.append(
            format_lazy(
                _("Latest measurement {value} on {day}"),
                value=quantity(latest.value, unit),
                day=lazy_short_date(latest.day),
            )
        )
    else:
        sentences.append(_("No measurements yet"))
    return " ".join(f"{sentence}." for sentence in sentences)


def _value_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Round-numbered ticks (steps of 1, 2 or 5 times a power of ten) covering low to high."""
    if low == high:
        # Equal values would give a zero-height axis; open a band around them.
        padding = abs(low) / 10 or Decimal(1)
        low, high = low - padding, high + padding
    rough_step = (high - low) / 4
    magnitude = Decimal(1).scaleb(rough_step.adjusted())
    step = next(magnitude * factor for factor in (1, 2, 5, 10) if rough_step <= magnitude * factor)
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    return [first + step * index for index in range(int((last - first) / step) + 1)]


def _day_ticks(
    first: date, last: date, *, max_ticks: int
) -> tuple[list[date], Callable[[date], str]]:
    """First days of months, every 1, 2, 3, 6, 12 … months, and how to label them in the active
    language: the year, or the month and year ("okt 2026").

    A span that holds fewer than two firsts of a month is labelled with its two end days.
    """
    # Months counted from year 0, so "every n months" lands on the same months each year.
    first_month = first.year * 12 + first.month - 1 + (1 if first.day > 1 else 0)
    last_month = last.year * 12 + last.month - 1
    for step in _MONTH_STEPS:
        ticks = [
            date(month // 12, month % 12 + 1, 1)
            for month in range(first_month, last_month + 1)
            if month % step == 0
        ]
        if len(ticks) <= max_ticks:
            break
    if len(ticks) < 2:
        return [first, last], short_date
    return ticks, (_year if step >= 12 else month_and_year)


def _year(day: date) -> str:
    return str(day.year)


def _label(x: float, y: float, text: str, *, anchor: str = "start") -> String:
    return String(
        x, y, text, fontName=FONT, fontSize=LABEL_SIZE, fillColor=TEXT_COLOUR, textAnchor=anchor
    )


def _marker(x: float, y: float) -> Rect:
    # A rounded square with radius = half its side is a circle; reportlab passes SVG attributes
    # (the class) through for rectangles only.
    side = 2 * MARKER_RADIUS
    marker = Rect(
        x - MARKER_RADIUS,
        y - MARKER_RADIUS,
        side,
        side,
        rx=MARKER_RADIUS,
        ry=MARKER_RADIUS,
        fillColor=MEASURED_COLOUR,
        strokeColor=white,
        strokeWidth=1,
    )
    marker._svgAttrs = {"class": MEASUREMENT_CLASS}
    return marker


def _add_legend(drawing: Drawing, *, x: float, y: float) -> None:
    sample_y = y + LABEL_SIZE / 3
    entries = [
        (_BASELINE_STYLE, False, _("Baseline")),
        (_PLANNED_STYLE, False, _("Planned")),
        (_MEASURED_STYLE, True, _("Measured")),
    ]
    for style, with_marker, text in entries:
        drawing.add(Line(x, sample_y, x + 18, sample_y, **style))
        if with_marker:
            drawing.add(
                Circle(x + 9, sample_y, MARKER_RADIUS, fillColor=MEASURED_COLOUR, strokeColor=None)
            )
        label = str(text)
        drawing.add(_label(x + 22, y, label))
        x += 22 + stringWidth(label, FONT, LABEL_SIZE) + 14


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis when it is wider than `width`."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(f"{text}…", font, size) > width:
        text = text[:-1]
    return f"{text}…"


def _style_to_attributes(element: Element) -> None:
    """Move inline `style` declarations to SVG presentation attributes.

    A strict Content Security Policy (no 'unsafe-inline' styles) ignores style attributes, which
    left every shape filled black; presentation attributes are not styles and always apply.
    reportlab writes "fill: None" for unfilled lines, which no browser reads as "none".
    """
    if not element.hasAttribute("style"):
        return
    for declaration in element.getAttribute("style").split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name and value:
            element.setAttribute(name, "none" if value == "None" else value)
    element.removeAttribute("style")


def _replace_text(element: Element, text: str) -> None:
    for child in list(element.childNodes):
        element.removeChild(child)
    element.appendChild(element.ownerDocument.createTextNode(text))
