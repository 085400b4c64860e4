"""The guidance tags show the most relevant live guides in the app's pages, in bounded queries."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from cms.selectors import guidance_roles_for, guides_for_context, guides_for_roles
from organisations.roles import Role
from tests.cms.factories import make_checklist, make_quick_guide, make_role_description

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    request = RequestFactory().get("/app/contracts/")
    return Template("{% load guidance %}" + source).render(Context({"request": request, **context}))


@pytest.fixture
def guides(guide_index):
    make_quick_guide(
        guide_index, title="Fakturakontrol", phases=["operation"], topics=["invoice", "contract"]
    )
    make_quick_guide(guide_index, title="Drift", phases=["operation"], topics=["contract"])
    make_quick_guide(guide_index, title="Gevinster", phases=["operation"], topics=["benefits"])
    make_quick_guide(guide_index, title="Udbud", phases=["strategy"], topics=["contract"])
    make_quick_guide(guide_index, title="Behov", phases=["specification"], topics=["requirements"])
    make_quick_guide(
        guide_index,
        title="Kladde",
        phases=["operation"],
        topics=["invoice", "contract"],
        live=False,
    )
    make_checklist(
        guide_index, title="Arkitektur", phases=["specification"], topics=["architecture"]
    )
    return guide_index


def titles(pages) -> list[str]:
    return [page.title for page in pages]


def test_guides_for_contract_pages_rank_topics_then_phase(guides):
    pages = guides_for_context(phases=["operation"], topics=["contract", "invoice"], limit=10)
    assert titles(pages) == ["Fakturakontrol", "Drift", "Gevinster", "Udbud"]
    assert titles(guides_for_context(phases=["operation"], topics=["contract", "invoice"])) == [
        "Fakturakontrol",
        "Drift",
        "Gevinster",
    ]


def test_guides_for_specification_pages_include_checklists(guides):
    pages = guides_for_context(phases=["specification"], topics=["requirements", "architecture"])
    assert titles(pages) == ["Behov", "Arkitektur"]


def test_nothing_asked_nothing_shown(guides):
    assert guides_for_context(phases=[], topics=[]) == []
    assert guides_for_context(phases=["operation"], limit=0) == []
    assert render('{% guidance_for phase="nonexistent" %}').strip() == ""


def test_guidance_for_tag_renders_an_accessible_aside(guides, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        html = render('{% guidance_for phase="operation" topics="contract,invoice" limit=2 %}')
    assert '<aside class="card guidance-aside" aria-labelledby="guidance-aside-1">' in html
    assert '<h2 id="guidance-aside-1">Relevant vejledning</h2>' in html
    assert '<a href="/vejledninger/fakturakontrol/">Fakturakontrol</a>' in html
    assert '<a href="/vejledninger/drift/">Drift</a>' in html
    assert "Gevinster" not in html
    assert "Kladde" not in html
    assert 'href="/app/guidance/search/"' in html


def test_tag_queries_do_not_grow_with_the_number_of_guides(
    guide_index, django_assert_max_num_queries
):
    for number in range(12):
        make_quick_guide(
            guide_index, title=f"Guide {number}", phases=["operation"], topics=["contract"]
        )
    with django_assert_max_num_queries(5):
        html = render('{% guidance_for phase="operation" topics="contract" limit=10 %}')
    assert html.count("<li>") == 10


def test_two_asides_on_a_page_get_distinct_ids(guides):
    html = render(
        '{% guidance_for phase="operation" %}'
        '{% guidance_for phase="specification" heading_level=3 %}'
    )
    assert 'id="guidance-aside-1"' in html
    assert '<h3 id="guidance-aside-2">' in html


def test_app_roles_map_to_guidance_roles():
    assert guidance_roles_for([Role.CONTRACT_MANAGER]) == ["contract_manager"]
    assert guidance_roles_for([Role.BANK_EDITOR, Role.ADMINISTRATOR]) == [
        "business_owner",
        "it_architect",
        "security",
    ]
    assert guidance_roles_for([Role.READER]) == ["procurement_legal"]
    assert guidance_roles_for([]) == []


def test_guidance_for_roles_shows_role_description_then_guides(guide_index):
    make_quick_guide(
        guide_index, title="Fakturakontrol", roles=["contract_manager", "system_owner"]
    )
    make_quick_guide(guide_index, title="Kontraktstyring", roles=["contract_manager"])
    make_quick_guide(guide_index, title="Marked", roles=["procurement_legal"])
    make_role_description(guide_index, role="contract_manager", title="Kontraktansvarlig")
    make_role_description(guide_index, role="security", title="Sikkerhed")
    pages = guides_for_roles(app_roles=[Role.CONTRACT_MANAGER], limit=3)
    assert titles(pages) == ["Kontraktansvarlig", "Fakturakontrol", "Kontraktstyring"]
    assert titles(guides_for_roles(app_roles=[Role.SYSTEM_OWNER, Role.CONTRACT_MANAGER])) == [
        "Kontraktansvarlig",
        "Fakturakontrol",
        "Kontraktstyring",
    ]
    html = render(
        "{% guidance_for_roles roles=current_roles limit=2 %}",
        current_roles=frozenset({Role.CONTRACT_MANAGER}),
    )
    assert "Vejledning til din rolle" in html
    assert "Kontraktansvarlig" in html and "Fakturakontrol" in html
    assert "Kontraktstyring" not in html


def test_dashboard_shows_the_guides_for_the_members_role(
    guide_index, org_a, make_member, client_for
):
    make_quick_guide(guide_index, title="Fakturakontrol", roles=["contract_manager"])
    make_quick_guide(guide_index, title="Gevinstopfølgning", roles=["benefit_owner"])
    html = client_for(make_member(org_a, Role.CONTRACT_MANAGER)).get(reverse("dashboard"))
    html = html.content.decode()
    assert '<a href="/vejledninger/fakturakontrol/">Fakturakontrol</a>' in html
    assert "Gevinstopfølgning" not in html
