"""Page types: where each may be created, how it renders; blocks have template, icon, preview."""

import pytest
from django.urls import reverse
from wagtail import blocks

from cms.models import (
    ChecklistPage,
    GuideIndexPage,
    HomePage,
    QuickGuidePage,
    RoleDescriptionPage,
)
from organisations.roles import Role
from tests.cms.factories import make_checklist, make_quick_guide, make_role_description

pytestmark = pytest.mark.django_db

GUIDANCE_TYPES = [QuickGuidePage, ChecklistPage, RoleDescriptionPage]


def test_page_tree_rules(guide_index):
    home = guide_index.get_parent().specific
    assert HomePage.allowed_subpage_models() == [GuideIndexPage]
    assert GuideIndexPage.allowed_parent_page_models() == [HomePage]
    assert GuideIndexPage.allowed_subpage_models() == GUIDANCE_TYPES
    for page_type in GUIDANCE_TYPES:
        assert page_type.allowed_parent_page_models() == [GuideIndexPage]
        assert page_type.allowed_subpage_models() == []
        assert page_type.can_create_at(guide_index)
        assert not page_type.can_create_at(home)
    assert GuideIndexPage.can_create_at(home)
    assert not GuideIndexPage.can_create_at(guide_index)
    assert not HomePage.can_create_at(home.get_parent())  # max_count = 1


def test_editor_creates_a_quick_guide_as_draft_in_the_admin(guide_index, editor, client_for):
    client = client_for(editor)
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "quickguidepage", guide_index.pk])
    assert client.get(add_url).status_code == 200
    home = guide_index.get_parent()
    wrong_parent = reverse("wagtailadmin_pages:add", args=["cms", "quickguidepage", home.pk])
    refused = client.get(wrong_parent)
    assert (refused.status_code, refused["Location"]) == (302, "/cms/")

    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from cms.models import Phase

    data = nested_form_data(
        {
            "title": "Licensgennemgang",
            "slug": "licensgennemgang",
            "summary": "Gennemgå licenserne en gang om året.",
            "body": streamfield([("tip", {"text": "Start med de dyreste licenser."})]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
        }
    )
    data["phases"] = [str(Phase.objects.get(slug="operation").pk)]
    response = client.post(add_url, data)
    assert response.status_code == 302
    page = QuickGuidePage.objects.get(slug="licensgennemgang")
    assert page.get_parent().pk == guide_index.pk
    assert (page.live, page.owner_id) == (False, editor.pk)
    assert [p.slug for p in page.phases.all()] == ["operation"]
    assert page.revisions.count() == 1


def test_quick_guide_page_renders_its_blocks(guide_index, org_a, make_member, client_for):
    body = [
        {"type": "paragraph", "value": "<p>Hvorfor det er vigtigt.</p>"},
        {
            "type": "steps",
            "value": {
                "steps": [
                    {"title": "Find kontrakten", "text": "Se i oversigten."},
                    {"title": "Tjek fristen", "text": "Se opsigelsesvarslet."},
                ]
            },
        },
        {"type": "tip", "value": {"text": "Sæt en påmindelse."}},
        {"type": "warning", "value": {"text": "Fristen kan være lang."}},
        {
            "type": "links",
            "value": {"heading": "", "links": [{"label": "KL", "url": "https://www.kl.dk"}]},
        },
        {"type": "checklist", "value": {"title": "", "items": ["Frist noteret"]}},
    ]
    page = make_quick_guide(
        guide_index, title="Opsigelse", phases=["operation"], roles=["contract_manager"], body=body
    )
    html = client_for(make_member(org_a, Role.READER)).get(page.url).content.decode()
    assert "<h1>Opsigelse</h1>" in html
    assert "<p>Hvorfor det er vigtigt.</p>" in html
    assert '<h3 class="guide-step-title">Find kontrakten</h3>' in html
    assert html.index("Find kontrakten") < html.index("Tjek fristen")
    assert "<strong>Tip:</strong> Sæt en påmindelse." in html
    assert "<strong>Pas på:</strong> Fristen kan være lang." in html
    assert '<a href="https://www.kl.dk" rel="noopener noreferrer">KL</a>' in html
    assert "<li>Frist noteret</li>" in html
    assert "5. Drift og kontraktstyring" in html
    assert "Kontraktansvarlig" in html


def test_index_lists_live_children_by_phase(guide_index, org_a, make_member, client_for):
    make_quick_guide(guide_index, title="Fakturaer", phases=["operation"])
    make_quick_guide(guide_index, title="Kladde", phases=["operation"], live=False)
    make_checklist(guide_index, title="Proces")
    make_role_description(guide_index, role="contract_manager", title="Kontraktansvarlig")
    client = client_for(make_member(org_a, Role.READER))
    html = client.get(guide_index.url).content.decode()
    assert "5. Drift og kontraktstyring" in html
    assert "Fakturaer" in html
    assert "Kladde" not in html
    assert "Proces" in html
    assert "Kontraktansvarlig" in html
    assert client.get("/").status_code == 200
    assert guide_index.title in client.get("/").content.decode()


def test_checklist_and_role_description_pages_render(guide_index, org_a, make_member, client_for):
    checklist = make_checklist(guide_index, title="Proces")
    description = make_role_description(guide_index, role="system_owner", title="Systemejer")
    client = client_for(make_member(org_a, Role.CONTRACT_MANAGER))
    html = client.get(checklist.url).content.decode()
    assert "Behovet er beskrevet" in html
    assert "Uden produktnavne." in html
    assert f"/app/guidance/checklists/runs/new/?checklist={checklist.pk}" in html
    reader_html = client_for(make_member(org_a, Role.READER)).get(checklist.url).content.decode()
    assert "/app/guidance/checklists/runs/new/" not in reader_html
    html = client.get(description.url).content.decode()
    assert "5. Drift og kontraktstyring" in html
    assert "Følger op på fakturaer." in html


def stream_children():
    for model, field_name in (
        (QuickGuidePage, "body"),
        (ChecklistPage, "groups"),
        (RoleDescriptionPage, "responsibilities"),
    ):
        yield from model._meta.get_field(field_name).stream_block.child_blocks.values()


def nested_struct_blocks():
    for block in stream_children():
        yield block
        for child in getattr(block, "child_blocks", {}).values():
            if isinstance(child, blocks.ListBlock) and isinstance(
                child.child_block, blocks.StructBlock
            ):
                yield child.child_block


@pytest.mark.parametrize("block", list(nested_struct_blocks()), ids=lambda b: type(b).__name__)
def test_every_block_has_template_icon_and_preview(block):
    assert block.meta.template.startswith("cms/blocks/")
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert block.is_previewable
    assert str(block.get_description())


@pytest.mark.parametrize("block", list(stream_children()), ids=lambda b: type(b).__name__)
def test_block_preview_renders_in_the_admin(block, editor, client_for):
    response = client_for(editor).get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/cms/cms.css" in html
    assert f"block-{block.name}" in html


def test_admin_edit_views_and_snippets_open_for_editors(guide_index, editor, client_for):
    pages = [
        make_quick_guide(guide_index, title="Guide"),
        make_checklist(guide_index, title="Tjek"),
        make_role_description(guide_index, role="security", title="Sikkerhed"),
    ]
    client = client_for(editor)
    for page in [guide_index, *pages]:
        response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.title
    for name in ("phase", "guidancerole", "topic"):
        response = client.get(reverse(f"wagtailsnippets_cms_{name}:list"))
        assert response.status_code == 200, name
    response = client.get(reverse("wagtailsnippets_cms_phase:list"))
    assert "Drift og kontraktstyring" in response.content.decode()
