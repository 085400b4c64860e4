"""Formatting of benefit figures for pages and PDFs: values, percentages, amounts, status badges."""

from django import template

from benefits.formats import amount, percent, quantity

register = template.Library()
register.filter("quantity", quantity)
register.filter("percent", percent)
register.filter("amount", amount)

# Status -> badge class of app.css; the badge always carries the status text too.
STATUS_CLASSES = {
    "on_track": "ok",
    "realised": "ok",
    "at_risk": "warn",
    "off_track": "bad",
    "not_realised": "bad",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(str(status), "")
