"""Integrity checks for the demo guidance content (slugs, references, minimum content)."""

import re

import pytest

from cms.demo_content import (
    CHECKLISTS,
    PHASES,
    QUICK_GUIDES,
    ROLE_DESCRIPTIONS,
    ROLES,
    TOPICS,
)

PHASE_SLUGS = [slug for _order, slug, _danish, _english in PHASES]
ROLE_SLUGS = [slug for slug, _danish, _english in ROLES]
PAGE_SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ALL_PAGES = [*QUICK_GUIDES, *CHECKLISTS, *ROLE_DESCRIPTIONS]

guides = pytest.mark.parametrize("guide", QUICK_GUIDES, ids=lambda guide: guide["slug"])
checklists = pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda item: item["slug"])
role_descriptions = pytest.mark.parametrize(
    "description", ROLE_DESCRIPTIONS, ids=lambda description: description["slug"]
)


def test_phases_are_the_five_in_order():
    assert [(order, slug) for order, slug, _danish, _english in PHASES] == [
        (1, "scope"),
        (2, "market"),
        (3, "strategy"),
        (4, "specification"),
        (5, "operation"),
    ]


def test_role_slugs():
    assert ROLE_SLUGS == [
        "contract_manager",
        "system_owner",
        "benefit_owner",
        "procurement_legal",
        "it_architect",
        "security",
        "business_owner",
    ]


@pytest.mark.parametrize(
    ("names", "expected_count"),
    [
        ([danish for _order, _slug, danish, _english in PHASES], 5),
        ([english for _order, _slug, _danish, english in PHASES], 5),
        ([danish for _slug, danish, _english in ROLES], 7),
        ([english for _slug, _danish, english in ROLES], 7),
    ],
)
def test_phase_and_role_names_are_filled_in_and_unique(names, expected_count):
    assert all(name.strip() for name in names)
    assert len(set(names)) == expected_count


def test_page_slugs_are_unique_across_all_guidance():
    slugs = [page["slug"] for page in ALL_PAGES]
    assert sorted(slug for slug in set(slugs) if slugs.count(slug) > 1) == []
    assert len(slugs) == len(QUICK_GUIDES) + 2 + 6


@pytest.mark.parametrize("slug", [page["slug"] for page in ALL_PAGES])
def test_page_slug_is_a_lowercase_ascii_slug(slug):
    assert PAGE_SLUG_PATTERN.fullmatch(slug)


def test_there_are_seventeen_quick_guides():
    assert len(QUICK_GUIDES) == 17


@pytest.mark.parametrize("phase", PHASE_SLUGS)
def test_every_phase_has_a_guide_of_its_own(phase):
    assert any(guide["phases"] == [phase] for guide in QUICK_GUIDES)


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_is_used_by_some_guide(topic):
    assert any(topic in guide["topics"] for guide in QUICK_GUIDES)


@guides
def test_guide_has_title_and_summary(guide):
    assert guide["title"].strip()
    assert guide["summary"].strip()


@guides
def test_guide_references_known_phases_roles_and_topics(guide):
    assert guide["phases"]
    assert guide["roles"]
    assert guide["topics"]
    assert set(guide["phases"]) <= set(PHASE_SLUGS)
    assert set(guide["roles"]) <= set(ROLE_SLUGS)
    assert set(guide["topics"]) <= set(TOPICS)


@guides
def test_guide_has_between_three_and_seven_filled_in_steps(guide):
    assert 3 <= len(guide["steps"]) <= 7
    assert all(title.strip() and text.strip() for title, text in guide["steps"])


@guides
def test_guide_tips_warnings_and_checklist_are_filled_in(guide):
    assert all(text.strip() for text in [*guide["tips"], *guide["warnings"], *guide["checklist"]])


@guides
def test_guide_links_are_labelled_https_links(guide):
    assert all(label.strip() and url.startswith("https://") for label, url in guide["links"])


def test_checklist_slugs():
    assert [checklist["slug"] for checklist in CHECKLISTS] == [
        "den-gode-anskaffelsesproces",
        "arkitekturafklaring",
    ]


def test_process_checklist_has_one_group_per_phase():
    process = CHECKLISTS[0]
    assert process["phases"] == PHASE_SLUGS
    assert [title for title, _items in process["groups"]] == [
        danish for _order, _slug, danish, _english in PHASES
    ]


@checklists
def test_checklist_has_between_eight_and_twenty_items_with_help_texts(checklist):
    items = [item for _title, group in checklist["groups"] for item in group]
    assert 8 <= len(items) <= 20
    assert all(text.strip() and help_text.strip() for text, help_text in items)


@checklists
def test_checklist_references_known_phases_and_has_intro(checklist):
    assert checklist["title"].strip()
    assert checklist["intro"].strip()
    assert checklist["phases"]
    assert set(checklist["phases"]) <= set(PHASE_SLUGS)
    assert all(title.strip() and group for title, group in checklist["groups"])


def test_role_descriptions_cover_the_six_roles():
    assert [description["role"] for description in ROLE_DESCRIPTIONS] == [
        "contract_manager",
        "system_owner",
        "benefit_owner",
        "procurement_legal",
        "it_architect",
        "security",
    ]


@role_descriptions
def test_role_description_has_responsibilities_in_every_phase(description):
    assert description["role"] in ROLE_SLUGS
    assert description["title"].strip()
    assert description["summary"].strip()
    assert list(description["responsibilities"]) == PHASE_SLUGS
    assert all(
        duties and all(duty.strip() for duty in duties)
        for duties in description["responsibilities"].values()
    )
