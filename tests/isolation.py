"""The registry of id-taking routes for the isolation test, and how to build their objects.

Each entry maps a URL name to a function that, given the World of municipality A, returns the
URL kwargs of one of A's objects. Every app adds its id-taking routes here; the meta-test in
test_isolation.py fails when a route is missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from organisations.models import Organisation, User
from tests.benefits.isolation import ROUTES as BENEFIT_ROUTES
from tests.cms.isolation import ROUTES as CMS_ROUTES
from tests.contracts.isolation import ROUTES as CONTRACT_ROUTES
from tests.contracts.isolation import contract_in
from tests.fulfilment.isolation import ROUTES as FULFILMENT_ROUTES
from tests.invoicing.isolation import ROUTES as INVOICING_ROUTES
from tests.requirements.isolation import EXEMPT as REQUIREMENT_EXEMPT
from tests.requirements.isolation import ROUTES as REQUIREMENT_ROUTES
from tests.tasks.isolation import ROUTES as TASK_ROUTES


@dataclass
class World:
    """Municipality A's objects, created by the builders; `make_member` makes users in A."""

    organisation: Organisation
    make_member: Callable[..., User]
    cache: dict = field(default_factory=dict)

    def once(self, key: str, build: Callable[[], object]):
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


ROUTES: dict[str, Callable[[World], dict]] = {
    "organisations:member-edit": lambda w: {"user_id": w.make_member(w.organisation).pk},
    "organisations:organisation-edit": lambda w: {"pk": w.organisation.pk},
    **CMS_ROUTES,
    **CONTRACT_ROUTES,
    "contracts:contract-factsheet": contract_in,
    **INVOICING_ROUTES,
    **BENEFIT_ROUTES,
    **TASK_ROUTES,
    **FULFILMENT_ROUTES,
    **REQUIREMENT_ROUTES,
}

# Routes whose id is not a tenant object (explain why when adding one).
EXEMPT: dict[str, str] = {
    "contracts:feed": "secret token, not an object id; unknown tokens 404 (tests/contracts/"
    "test_calendar.py), and a feed shows only its own organisation's deadlines",
    **REQUIREMENT_EXEMPT,
}

# Apps whose URL patterns the walk covers; admins and Wagtail have their own permission model.
PROJECT_APPS = ("organisations", "contracts", "requirements", "benefits", "cms", "tasks")
