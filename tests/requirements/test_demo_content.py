"""Integrity checks for the requirement bank's demo content (plain data, no database)."""

import re
from collections import Counter

import pytest

from requirements.demo_content import (
    CATEGORIES,
    KINDS,
    RELATION_TYPES,
    RELATIONS,
    REQUIREMENTS,
    TAGS,
)

CATEGORY_BY_KEY = {
    key: (parent, name_da, name_en, desc) for key, parent, name_da, name_en, desc in CATEGORIES
}
REQUIREMENT_KEYS = [requirement["key"] for requirement in REQUIREMENTS]
REQUIRED_TEXT_FIELDS = (
    "key",
    "category",
    "kind",
    "title",
    "text",
    "purpose",
    "buyer_guidance",
    "verification",
    "evidence",
)
PROSE_FIELDS = ("text", "purpose", "buyer_guidance", "verification", "evidence", "cost_note")
# Catches pieces of implicitly concatenated strings that were glued without a space.
GLUED_PUNCTUATION = re.compile(r"[.,;:!?][A-Za-zÆØÅæøå]")


def top_level_key(category_key: str) -> str:
    """Follow parents up to the root category."""
    while (parent := CATEGORY_BY_KEY[category_key][0]) is not None:
        category_key = parent
    return category_key


def by_id(requirement: dict) -> str:
    return requirement["key"]


def test_category_keys_are_unique() -> None:
    duplicates = [key for key, count in Counter(c[0] for c in CATEGORIES).items() if count > 1]
    assert duplicates == []


def test_category_parents_exist_and_come_first() -> None:
    seen: set[str] = set()
    for key, parent, *_ in CATEGORIES:
        assert parent is None or parent in seen, key
        seen.add(key)


@pytest.mark.parametrize("category", CATEGORIES, ids=lambda category: category[0])
def test_category_names_and_description_are_filled_in(category: tuple) -> None:
    _key, _parent, name_da, name_en, description_da = category
    assert name_da.strip() and name_en.strip() and description_da.strip()


def test_at_least_seven_top_level_categories() -> None:
    top_level = [key for key, parent, *_ in CATEGORIES if parent is None]
    assert len(top_level) >= 7


def test_every_top_level_category_has_requirements() -> None:
    used = {top_level_key(requirement["category"]) for requirement in REQUIREMENTS}
    top_level = {key for key, parent, *_ in CATEGORIES if parent is None}
    assert top_level - used == set()


def test_tags_are_unique_lowercase_and_all_used() -> None:
    assert len(TAGS) == len(set(TAGS))
    assert all(tag == tag.strip().lower() and tag for tag in TAGS)
    used = {tag for requirement in REQUIREMENTS for tag in requirement["tags"]}
    assert set(TAGS) - used == set()


def test_at_least_sixty_requirements() -> None:
    assert len(REQUIREMENTS) >= 60


def test_requirement_keys_are_unique() -> None:
    duplicates = [key for key, count in Counter(REQUIREMENT_KEYS).items() if count > 1]
    assert duplicates == []


def test_about_ten_requirements_have_version_history() -> None:
    assert len([r for r in REQUIREMENTS if r.get("versions")]) >= 10


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=by_id)
def test_requirement_fields(requirement: dict) -> None:
    for field in REQUIRED_TEXT_FIELDS:
        assert isinstance(requirement[field], str) and requirement[field].strip(), field
    assert isinstance(requirement["cost_note"], str)
    assert requirement["kind"] in KINDS
    assert requirement["category"] in CATEGORY_BY_KEY
    assert requirement["tags"] and len(requirement["tags"]) == len(set(requirement["tags"]))
    assert set(requirement["tags"]) <= set(TAGS)
    assert requirement["sources"] and all(source.strip() for source in requirement["sources"])


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=by_id)
def test_requirement_key_follows_its_top_level_category(requirement: dict) -> None:
    prefix, number = requirement["key"].rsplit("-", 1)
    assert prefix == top_level_key(requirement["category"])
    assert re.fullmatch(r"\d{3}", number)


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=by_id)
def test_requirement_text_matches_its_kind(requirement: dict) -> None:
    text = requirement["text"]
    if requirement["kind"] == "minimum":
        assert " skal " in f" {text} "
    elif requirement["kind"] == "award":
        assert text.startswith(("Det vægtes positivt", "Beskriv"))
    else:
        assert text.startswith(("Beskriv", "Leverandøren skal oplyse"))


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=by_id)
def test_prose_is_tidy(requirement: dict) -> None:
    for field in PROSE_FIELDS:
        value = requirement[field]
        if not value:
            continue
        assert value == value.strip(), field
        assert "  " not in value, field
        assert not GLUED_PUNCTUATION.search(value), field
        assert value.endswith("."), field


@pytest.mark.parametrize(
    "requirement", [r for r in REQUIREMENTS if "versions" in r or "change_note" in r], ids=by_id
)
def test_version_history(requirement: dict) -> None:
    assert requirement["change_note"].strip()
    assert requirement["versions"]
    for version in requirement["versions"]:
        assert set(version) == {"title", "text", "change_note"}
        assert all(value.strip() for value in version.values())
    newest_older = requirement["versions"][-1]
    # Otherwise the diff between versions would be empty.
    assert (newest_older["title"], newest_older["text"]) != (
        requirement["title"],
        requirement["text"],
    )


def test_relation_count() -> None:
    assert 10 <= len(RELATIONS) <= 15


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda relation: "-".join(relation))
def test_relation_is_valid(relation: tuple[str, str, str]) -> None:
    source, relation_type, target = relation
    assert relation_type in RELATION_TYPES
    assert source in REQUIREMENT_KEYS
    assert target in REQUIREMENT_KEYS
    assert source != target


def test_relations_are_not_repeated_in_either_direction() -> None:
    pairs = [frozenset((source, target)) for source, _type, target in RELATIONS]
    assert len(pairs) == len(set(pairs))


def test_every_relation_type_is_demonstrated() -> None:
    assert {relation_type for _source, relation_type, _target in RELATIONS} == set(RELATION_TYPES)
