"""Show the most relevant published guidance inside the app's own pages.

    {% load guidance %}
    {% guidance_for phase="operation" topics="contract,invoice" limit=3 %}
    {% guidance_for_roles roles=current_roles limit=3 %}

Both render templates/cms/_guidance_aside.html, or nothing when no guide matches. The guides
found are cached per site and language (cms.cache): an aside on every list and detail page would
otherwise cost two Wagtail queries and a page URL lookup per request.
"""

from collections.abc import Callable, Iterable

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import cache, selectors

register = template.Library()


def _keys(value: str | Iterable[str] | None) -> list[str]:
    """ "a, b" or ["a", "b"] -> ["a", "b"]."""
    if not value:
        return []
    parts = value.split(",") if isinstance(value, str) else value
    return [str(part).strip() for part in parts if str(part).strip()]


def _guides(request, key: tuple, find: Callable[[], list]) -> list[dict]:
    """The guides `find()` returns, as what the aside shows, from the cache when it has them."""
    host = request.get_host() if request is not None else ""
    cache_key = ("aside", host, get_language(), *key)
    return cache.remembered(
        cache_key,
        lambda: [
            {
                "title": page.title,
                "url": page.get_url(request=request),
                "summary": page.summary,
                "kind": str(page.get_verbose_name()),
            }
            for page in find()
        ],
    )


def _aside(context, guides: list[dict], heading, heading_level) -> dict:
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
        "guides": guides,
    }


@register.inclusion_tag("cms/_guidance_aside.html", takes_context=True)
def guidance_for(context, phase="", topics="", limit=3, heading="", heading_level=2):
    """Quick guides and checklists tagged with one of the phases or topics (comma-separated)."""
    phases, topic_keys, limit = _keys(phase), _keys(topics), int(limit)
    guides = _guides(
        context.get("request"),
        ("context", *phases, "|", *topic_keys, limit),
        lambda: selectors.guides_for_context(phases=phases, topics=topic_keys, limit=limit),
    )
    return _aside(context, guides, heading or _("Relevant guidance"), heading_level)


@register.inclusion_tag("cms/_guidance_aside.html", takes_context=True)
def guidance_for_roles(context, roles=(), limit=3, heading="", heading_level=2):
    """Role descriptions and quick guides for the app roles held (e.g. current_roles)."""
    app_roles, limit = sorted(_keys(roles)), int(limit)
    guides = _guides(
        context.get("request"),
        ("roles", *app_roles, limit),
        lambda: selectors.guides_for_roles(app_roles=app_roles, limit=limit),
    )
    return _aside(context, guides, heading or _("Guidance for your role"), heading_level)
