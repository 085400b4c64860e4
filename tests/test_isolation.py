"""Another municipality never sees or changes municipality A's objects: 404 on every id route."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisations.roles import Role
from tests.isolation import EXEMPT, PROJECT_APPS, ROUTES, World

ID_CONVERTER = re.compile(r"<(?:int|uuid|slug|str|path):\w+>|\(\?P<\w+>")


def id_routes() -> set[str]:
    """Names of the project's URL patterns that take an object id, found by walking the resolver."""
    found: set[str] = set()

    def walk(patterns, namespace: str, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if not module.startswith(PROJECT_APPS):
                    continue
                if ID_CONVERTER.search(prefix + str(pattern.pattern)) and pattern.name:
                    found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_id_route_is_covered():
    missing = id_routes() - set(ROUTES) - set(EXEMPT)
    assert not missing, f"Add these routes to tests/isolation.py ROUTES: {sorted(missing)}"


def test_registry_has_no_stale_routes():
    assert set(ROUTES) <= id_routes()


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_other_municipality_gets_404(route, org_a, org_b, make_member, client_for):
    world = World(
        organisation=org_a, make_member=lambda *roles, **kw: make_member(org_a, *roles, **kw)
    )
    url = reverse(route, kwargs=ROUTES[route](world))
    outsider = make_member(org_b, *Role.values)
    client = client_for(outsider)
    get, post = client.get(url), client.post(url, {})
    assert get.status_code in (404, 405), f"GET {url} answered {get.status_code}"
    assert post.status_code in (404, 405), f"POST {url} answered {post.status_code}"
    assert 404 in (get.status_code, post.status_code)
    assert org_a.name not in get.content.decode()
