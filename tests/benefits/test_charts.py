"""Tests for the benefit chart: the drawing, its inline SVG and its use in PDFs."""

from datetime import date
from decimal import Decimal

import pytest
from defusedxml.minidom import parseString
from django.conf import settings
from django.utils import translation
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import PolyLine

from benefits.charts import MEASUREMENT_CLASS, benefit_chart, chart_svg
from benefits.rules import Direction, IndicatorPlan, Point

if not settings.configured:
    # Run with -p no:django: the chart needs only the translation machinery, untranslated.
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


D = Decimal

LOWER = IndicatorPlan(
    direction=Direction.LOWER,
    baseline=D("100"),
    baseline_date=date(2025, 1, 1),
    target=D("60"),
    target_date=date(2027, 1, 1),
    interim=(Point(date(2026, 1, 1), D("80")),),
)
HIGHER = IndicatorPlan(
    direction=Direction.HIGHER,
    baseline=D("50"),
    baseline_date=date(2025, 1, 1),
    target=D("90"),
    target_date=date(2026, 1, 1),
)
THREE_MEASUREMENTS = [
    Point(date(2025, 4, 1), D("98")),
    Point(date(2026, 3, 1), D("85")),
    Point(date(2025, 10, 1), D("90.5")),
]


def render(plan=LOWER, measurements=(), *, unit="minutes", title="Time per case"):
    drawing = benefit_chart(plan=plan, measurements=measurements, unit=unit, title=title)
    return parseString(chart_svg(drawing)).documentElement


def markers(svg):
    return [
        element
        for element in svg.getElementsByTagName("*")
        if element.getAttribute("class") == MEASUREMENT_CLASS
    ]


def texts(svg):
    return [element.firstChild.data for element in svg.getElementsByTagName("text")]


def only_text(svg, tag):
    (element,) = svg.getElementsByTagName(tag)
    return element.firstChild.data


@pytest.mark.parametrize(
    ("measurements", "expected"),
    [([], 0), (THREE_MEASUREMENTS[:1], 1), (THREE_MEASUREMENTS, 3)],
)
def test_one_marker_per_measurement(measurements, expected):
    assert len(markers(render(measurements=measurements))) == expected


def test_svg_is_an_inline_element_without_declaration_or_doctype():
    svg = chart_svg(benefit_chart(plan=LOWER, measurements=[], unit="minutes", title="T"))

    assert svg.startswith("<svg ")
    assert svg.endswith("</svg>")
    assert "<?xml" not in svg
    assert "DOCTYPE" not in svg
    # Several charts share a page: reportlab's fixed ids ("clip", "group") must not repeat.
    assert " id=" not in svg


def test_svg_styles_are_presentation_attributes_for_a_strict_csp():
    svg = render(measurements=THREE_MEASUREMENTS)
    elements = svg.getElementsByTagName("*")

    # The app's CSP ignores style attributes: shapes would be filled black.
    assert not [element for element in elements if element.hasAttribute("style")]
    (measured,) = [
        element
        for element in svg.getElementsByTagName("polyline")
        if element.getAttribute("stroke") == "rgb(70%,27%,0%)"
    ]
    assert (measured.getAttribute("fill"), measured.getAttribute("stroke-width")) == ("none", "1.5")
    title = next(element for element in svg.getElementsByTagName("text"))
    assert (title.getAttribute("font-weight"), title.getAttribute("font-size")) == ("bold", "11px")


def test_svg_is_accessible_with_title_and_description():
    svg = render(measurements=THREE_MEASUREMENTS, title="Time per case <Aarhus & Odense>")

    assert svg.getAttribute("role") == "img"
    assert svg.getAttribute("aria-label") == "Time per case <Aarhus & Odense>"
    assert only_text(svg, "title") == "Time per case <Aarhus & Odense>"
    assert only_text(svg, "desc") == (
        "Baseline 100 minutes on 01/01/2025; target 60 minutes by 01/01/2027. "
        "Latest measurement 85 minutes on 01/03/2026."
    )
    assert "Time per case <Aarhus & Odense>" in texts(svg)


def test_description_without_measurements():
    svg = render(measurements=[], unit="")

    assert only_text(svg, "desc") == (
        "Baseline 100 on 01/01/2025; target 60 by 01/01/2027. No measurements yet."
    )


def test_chart_shows_title_unit_legend_and_axes():
    shown = texts(render(measurements=THREE_MEASUREMENTS))

    assert shown == [
        "Time per case",
        "minutes",
        "60",
        "70",
        "80",
        "90",
        "100",
        "Jan 2025",
        "Jul 2025",
        "Jan 2026",
        "Jul 2026",
        "Jan 2027",
        "Baseline",
        "Planned",
        "Measured",
    ]


def test_chart_without_measurements_says_so():
    assert "No measurements yet" in texts(render(measurements=[]))


def test_equal_values_get_an_axis_of_height():
    flat = IndicatorPlan(Direction.HIGHER, D("5"), date(2025, 1, 1), D("5"), date(2025, 1, 20))

    shown = texts(render(plan=flat, measurements=[Point(date(2025, 1, 10), D("5"))], unit="%"))

    # Ticks around the single value; a span without two month starts shows its end days.
    assert shown[2:7] == ["4.5", "5.0", "5.5", "01/01/2025", "20/01/2025"]


def test_zero_everywhere_gets_an_axis_of_height():
    flat = IndicatorPlan(Direction.LOWER, D("0"), date(2025, 1, 1), D("0"), date(2026, 1, 1))

    shown = texts(render(plan=flat, measurements=[Point(date(2025, 6, 1), D("0"))]))

    assert shown[2:7] == ["-1.0", "-0.5", "0.0", "0.5", "1.0"]


def test_lower_is_better_path_runs_downwards_through_the_interim_target():
    drawing = benefit_chart(plan=LOWER, measurements=[], unit="minutes", title="T")
    (planned,) = [
        shape for shape in drawing.contents if isinstance(shape, PolyLine) and shape.strokeDashArray
    ]

    y_values = planned.points[1::2]
    assert len(y_values) == 3
    assert y_values[0] > y_values[1] > y_values[2]


def test_measurements_are_drawn_in_date_order_whatever_the_input_order():
    drawing = benefit_chart(plan=LOWER, measurements=THREE_MEASUREMENTS, unit="", title="T")
    (measured,) = [
        shape
        for shape in drawing.contents
        if isinstance(shape, PolyLine) and not shape.strokeDashArray
    ]

    x_values = measured.points[0::2]
    assert x_values == sorted(x_values)


def test_measurements_beyond_the_plan_widen_the_axes():
    measurements = [Point(date(2024, 11, 1), D("40")), Point(date(2026, 3, 1), D("120"))]

    shown = texts(render(plan=HIGHER, measurements=measurements, unit="%"))

    # Quarterly ticks fall on January, April, July and October.
    assert shown[2:12] == ["40", "60", "80", "100", "120"] + [
        "Jan 2025",
        "Apr 2025",
        "Jul 2025",
        "Oct 2025",
        "Jan 2026",
    ]


def test_long_titles_are_shortened_on_the_chart_but_whole_in_the_title():
    title = "Time per case " * 10

    svg = render(title=title)

    assert only_text(svg, "title") == title
    assert texts(svg)[0].endswith("…")
    assert len(texts(svg)[0]) < len(title)


def test_the_drawing_renders_into_a_pdf():
    drawing = benefit_chart(plan=LOWER, measurements=THREE_MEASUREMENTS, unit="", title="T")

    assert renderPDF.drawToString(drawing).startswith(b"%PDF")
