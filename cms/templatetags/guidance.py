"""Show the most relevant published guidance inside the app's own pages.

    {% load guidance %}
    {% guidance_for phase="operation" topics="contract,invoice" limit=3 %}
    {% guidance_for_roles roles=current_roles limit=3 %}

Both render templates/cms/_guidance_aside.html, or nothing when no guide matches.
"""

from collections.abc import Iterable

from django import template
from django.utils.translation import gettext_lazy as _

from .. import selectors

register = template.Library()


def _keys(value: str | Iterable[str] | None) -> list[str]:
    """ "a, b" or ["a", "b"] -> ["a", "b"]."""
    if not value:
        return []
    parts = value.split(",") if isinstance(value, str) else value
    return [str(part).strip() for part in parts if str(part).strip()]


def _aside(context, pages, heading, heading_level) -> dict:
    request = context.get("request")
    if request is not None:
        # Several asides on one page need distinct ids for aria-labelledby.
        request._guidance_aside_count = getattr(request, "_guidance_aside_count", 0) + 1
        number = request._guidance_aside_count
    else:
        number = 1
    return {
        "aside_id": f"guidance-aside-{number}",
        "heading": heading,
        "heading_level": heading_level if heading_level in (2, 3, 4) else 2,
        "guides": [
            {
                "title": page.title,
                "url": page.get_url(request=request),
                "summary": page.summary,
                "kind": page.get_verbose_name(),
            }
            for page in pages
        ],
    }


@register.inclusion_tag("cms/_guidance_aside.html", takes_context=True)
def guidance_for(context, phase="", topics="", limit=3, heading="", heading_level=2):
    """Quick guides and checklists tagged with one of the phases or topics (comma-separated)."""
    pages = selectors.guides_for_context(
        phases=_keys(phase), topics=_keys(topics), limit=int(limit)
    )
    return _aside(context, pages, heading or _("Relevant guidance"), heading_level)


@register.inclusion_tag("cms/_guidance_aside.html", takes_context=True)
def guidance_for_roles(context, roles=(), limit=3, heading="", heading_level=2):
    """Role descriptions and quick guides for the app roles held (e.g. current_roles)."""
    pages = selectors.guides_for_roles(app_roles=_keys(roles), limit=int(limit))
    return _aside(context, pages, heading or _("Guidance for your role"), heading_level)
