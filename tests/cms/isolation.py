"""Isolation-test builders for the cms app's id-taking routes (checklist runs)."""

from cms.services import checklist_run_start
from organisations.roles import Role
from organisations.scoping import tenant
from tests.cms.factories import ensure_page_tree, make_checklist


def checklist_run_in(world) -> dict:
    """A checklist run of municipality A."""

    def build():
        checklist = make_checklist(ensure_page_tree(), title="Isolationstjek")
        with tenant(world.organisation):
            return checklist_run_start(
                organisation=world.organisation,
                checklist=checklist,
                title="Kommune A's gennemgang",
                user=world.make_member(Role.CONTRACT_MANAGER),
            )

    return {"pk": world.once("cms:checklist-run", build).pk}


ROUTES = {"cms:checklist-run-detail": checklist_run_in}
