"""load_demo creates the guidance site in Danish, published, with the workflow; twice is once."""

import pytest
from django_scopes import scopes_disabled
from wagtail.models import Page, Revision, WorkflowPage

from cms.demo import load_demo
from cms.demo_content import CHECKLISTS, QUICK_GUIDES, ROLE_DESCRIPTIONS
from cms.models import (
    ChecklistPage,
    ChecklistRun,
    ChecklistRunItem,
    GuidanceRole,
    GuideIndexPage,
    HomePage,
    Phase,
    QuickGuidePage,
    RoleDescriptionPage,
    Topic,
)
from organisations.demo import load_demo_organisations

pytestmark = pytest.mark.django_db


def snapshot():
    with scopes_disabled():
        return (
            sorted(Page.objects.values_list("url_path", "live", "latest_revision_id")),
            Revision.objects.count(),
            sorted(Phase.objects.values_list("order", "slug", "name")),
            sorted(GuidanceRole.objects.values_list("slug", "name")),
            sorted(Topic.objects.values_list("slug", "name")),
            sorted(ChecklistRun.objects.values_list("title", "organisation__slug")),
            sorted(ChecklistRunItem.objects.values_list("item_key", "checked")),
            sorted(WorkflowPage.objects.values_list("page__url_path", "workflow__name")),
        )


def test_demo_guidance_is_complete_and_idempotent():
    with scopes_disabled():
        world = load_demo_organisations()
        load_demo(world)
        first = snapshot()
        load_demo(world)
    assert snapshot() == first

    index = GuideIndexPage.objects.get()
    assert (index.title, index.slug, index.live) == ("Vejledninger", "vejledninger", True)
    assert index.get_parent().specific_class is HomePage
    guides = QuickGuidePage.objects.child_of(index)
    assert sorted(guides.values_list("slug", flat=True)) == sorted(g["slug"] for g in QUICK_GUIDES)
    assert sorted(ChecklistPage.objects.child_of(index).values_list("slug", flat=True)) == sorted(
        c["slug"] for c in CHECKLISTS
    )
    assert sorted(
        RoleDescriptionPage.objects.child_of(index).values_list("role__slug", flat=True)
    ) == sorted(d["role"] for d in ROLE_DESCRIPTIONS)
    assert (
        not Page.objects.type(QuickGuidePage, ChecklistPage, RoleDescriptionPage)
        .filter(live=False)
        .exists()
    )
    assert all(page.live_revision_id for page in guides)
    assert Phase.objects.count() == 5
    assert GuidanceRole.objects.count() == 7
    assert Topic.objects.count() == 11

    operation = QuickGuidePage.objects.get(slug="drift-og-kontraktstyring")
    assert [p.slug for p in operation.phases.all()] == ["operation"]
    assert sorted(t.slug for t in operation.topics.all()) == [
        "benefits",
        "contract",
        "invoice",
        "renewal",
    ]
    assert [block.block_type for block in operation.body][0] == "steps"
    assert operation.body[-1].block_type == "checklist"

    process = ChecklistPage.objects.get(slug="den-gode-anskaffelsesproces")
    points = process.points()
    assert points[0].group == "Afgrænsning og business case"
    assert len({point.key for point in points}) == len(points)

    with scopes_disabled():
        run = ChecklistRun.objects.get()
        assert (run.title, run.organisation.slug, run.checklist_id) == (
            "Nyt SMS-system",
            "nordby",
            process.pk,
        )
        assert [item.item_key for item in run.items.order_by("position")] == [
            point.key for point in points
        ]
        assert run.items.filter(checked=True).count() == 3
    assert WorkflowPage.objects.get(page=HomePage.objects.get()).workflow.name == (
        "Redaktionens godkendelse"
    )


def test_demo_pages_render(client):
    with scopes_disabled():
        world = load_demo_organisations()
        load_demo(world)
    client.force_login(world.users["nordby.kontrakt"])
    for url in (
        "/",
        "/vejledninger/",
        "/vejledninger/drift-og-kontraktstyring/",
        "/vejledninger/den-gode-anskaffelsesproces/",
        "/vejledninger/rolle-kontraktansvarlig/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
