"""The contract page's chart: cumulative invoiced amount over time against the contract value."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Line, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from benefits.charts import TitledDrawing, chart_svg
from config import memo

FONT = "Helvetica"
LABEL_SIZE = 8
TEXT_COLOUR = HexColor("#1a1a1a")
# Both reach 3:1 against white (WCAG 1.4.11); the value line is also dashed, so colour is not
# the only cue.
INVOICED_COLOUR = HexColor("#1f4e79")
VALUE_COLOUR = HexColor("#a4161a")


def invoiced_chart(
    *,
    contract_title: str,
    start: date | None,
    end: date | None,
    monthly: Sequence[tuple[date, Decimal]],
    total_value: Decimal | None,
    today: date,
    width: float = 560,
    height: float = 220,
) -> str:
    """An inline, accessible SVG: the invoiced amount summed month by month (a step line from
    the contract start) and the contract's total value as a dashed line.

    Drawing it takes longer than the rest of the contract page; it is cached under its inputs.
    """
    inputs = (contract_title, start, end, tuple(monthly), total_value, today, width, height)
    return memo.by_inputs("invoiced-chart", inputs, lambda: _draw(*inputs))


def _draw(contract_title, start, end, monthly, total_value, today, width, height) -> str:
    points: list[tuple[date, Decimal]] = []
    running = Decimal(0)
    first = min([day for day in (start, monthly[0][0] if monthly else None) if day] or [today])
    points.append((first, Decimal(0)))
    for month, amount in monthly:
        points.append((month, running))
        running += amount or 0
        points.append((month, running))
    # The invoiced line runs to today (or the last invoice); the axis on to the contract's end.
    invoiced_until = max(points[-1][0], min(today, end) if end else today)
    points.append((invoiced_until, running))
    last = max(day for day in (end, invoiced_until) if day)

    values = [value for _day, value in points] + ([total_value] if total_value else [])
    high = max(values + [Decimal(1)])
    low = min(values + [Decimal(0)])

    title = str(format_lazy(_("Invoiced over time: {title}"), title=contract_title))
    drawing = TitledDrawing(
        width, height, title=title, description=_description(running, total_value)
    )
    drawing.add(Rect(0, 0, width, height, fillColor=white, strokeColor=None))
    plot = LinePlot()
    plot.x, plot.y = 70, 40
    plot.width, plot.height = width - 90, height - 70
    series = [[(day.toordinal(), float(value)) for day, value in points]]
    if total_value:
        series.append(
            [(first.toordinal(), float(total_value)), (last.toordinal(), float(total_value))]
        )
    plot.data = series
    plot.lines[0].strokeColor = INVOICED_COLOUR
    plot.lines[0].strokeWidth = 2
    if total_value:
        plot.lines[1].strokeColor = VALUE_COLOUR
        plot.lines[1].strokeWidth = 1.5
        plot.lines[1].strokeDashArray = [5, 3]
    plot.xValueAxis.valueMin = first.toordinal()
    plot.xValueAxis.valueMax = max(last.toordinal(), first.toordinal() + 1)
    plot.xValueAxis.valueSteps = _year_ticks(first, last)
    plot.xValueAxis.labelTextFormat = lambda ordinal: str(date.fromordinal(int(ordinal)).year)
    plot.yValueAxis.valueMin = float(low)
    plot.yValueAxis.valueMax = float(high) * 1.05
    plot.yValueAxis.labelTextFormat = lambda value: number_format(round(value), force_grouping=True)
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = LABEL_SIZE
        axis.labels.fillColor = TEXT_COLOUR
    drawing.add(plot)
    _legend(drawing, y=height - 16, with_value=bool(total_value))
    return chart_svg(drawing)  # which also moves styles to CSP-safe attributes


def _year_ticks(first: date, last: date) -> list[int]:
    years = range(first.year + (1 if (first.month, first.day) != (1, 1) else 0), last.year + 1)
    step = max(1, math.ceil(len(years) / 8))
    ticks = [date(year, 1, 1).toordinal() for year in years[::step]]
    return ticks or [first.toordinal(), last.toordinal()]


def _legend(drawing: TitledDrawing, *, y: float, with_value: bool) -> None:
    x = 70
    entries = [(INVOICED_COLOUR, None, _("Invoiced, cumulative (DKK excl. VAT)"))]
    if with_value:
        entries.append((VALUE_COLOUR, [5, 3], _("Contract value")))
    for colour, dashes, text in entries:
        drawing.add(
            Line(x, y + 3, x + 18, y + 3, strokeColor=colour, strokeWidth=2, strokeDashArray=dashes)
        )
        label = str(text)
        drawing.add(
            String(x + 22, y, label, fontName=FONT, fontSize=LABEL_SIZE, fillColor=TEXT_COLOUR)
        )
        x += 22 + stringWidth(label, FONT, LABEL_SIZE) + 16


def _description(invoiced: Decimal, value: Decimal | None) -> str:
    amount = number_format(invoiced, 2, force_grouping=True)
    if value:
        return str(
            format_lazy(
                _("Invoiced in total {invoiced} DKK of the contract value {value} DKK."),
                invoiced=amount,
                value=number_format(value, 2, force_grouping=True),
            )
        )
    return str(format_lazy(_("Invoiced in total {invoiced} DKK."), invoiced=amount))
