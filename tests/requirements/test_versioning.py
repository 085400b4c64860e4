"""Versioning: immutable published versions, the two-editor review, releases, relations."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scopes_disabled

from requirements import selectors, services
from requirements.diff import Segment, word_diff
from requirements.models import RequirementRelation, RequirementVersion

from .factories import content, publish_new_version

pytestmark = pytest.mark.django_db
Status = RequirementVersion.Status


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_new_shared_requirement_starts_as_draft(bank, editor):
    requirement = services.requirement_create(
        organisation=None, key="sik-099", category=bank.security, content=content(), actor=editor
    )
    version = requirement.versions.get()
    assert (requirement.key, version.number, version.status) == ("SIK-099", 1, Status.DRAFT)
    assert requirement.current_version is None


def test_editing_a_published_requirement_creates_a_new_version(bank, editor):
    published = bank.log.current_version
    draft = services.requirement_save_draft(
        requirement=bank.log, content=content(title="Ny titel"), actor=editor
    )
    assert (draft.number, draft.status) == (2, Status.DRAFT)
    published.refresh_from_db()
    assert (published.title, published.status) == ("Logning af opslag", Status.PUBLISHED)
    # Saving again updates the same open draft rather than adding versions.
    again = services.requirement_save_draft(
        requirement=bank.log, content=content(title="Anden titel"), actor=editor
    )
    assert again.pk == draft.pk
    assert bank.log.versions.count() == 2


def test_approval_publishes_and_supersedes(bank, editor, second_editor):
    old = bank.log.current_version
    new = publish_new_version(bank.log, author=editor, approver=second_editor, title="Ny titel")
    old.refresh_from_db()
    assert (old.status, new.status, bank.log.current_version_id) == (
        Status.SUPERSEDED,
        Status.PUBLISHED,
        new.pk,
    )
    assert old.title == "Logning af opslag"
    assert new.published_by == second_editor


def test_submitter_cannot_approve_own_version(bank, editor):
    draft = services.requirement_save_draft(
        requirement=bank.log, content=content(title="Ny"), actor=editor
    )
    services.version_submit(version=draft, actor=editor)
    with pytest.raises(ValidationError, match="En anden kravredaktør"):
        services.version_approve(version=draft, actor=editor)
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    bank.log.refresh_from_db()
    assert bank.log.current_version.number == 1


def test_no_one_who_saved_a_draft_may_approve_it(bank, editor, second_editor, editorial):
    third = type(editor).objects.create(username="karl")
    draft = services.requirement_save_draft(
        requirement=bank.log, content=content(title="Ny"), actor=editor
    )
    services.requirement_save_draft(
        requirement=bank.log, content=content(title="Rettet"), actor=second_editor
    )
    # The drafter saves last and submits: only the history remembers the second editor.
    services.requirement_save_draft(
        requirement=bank.log, content=content(title="Rettet igen"), actor=editor
    )
    services.version_submit(version=draft, actor=editor)
    draft.refresh_from_db()

    assert services.version_writers(draft) == {editor.pk, second_editor.pk}
    with pytest.raises(ValidationError, match="En anden kravredaktør"):
        services.version_approve(version=draft, actor=second_editor)
    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == (Status.REVIEW, None)
    services.version_approve(version=draft, actor=third)
    assert (draft.status, draft.published_by) == (Status.PUBLISHED, third)


def test_version_in_review_cannot_be_edited_and_send_back_needs_a_comment(
    bank, editor, second_editor
):
    draft = services.requirement_save_draft(
        requirement=bank.log, content=content(title="Ny"), actor=editor
    )
    services.version_submit(version=draft, actor=editor)
    with pytest.raises(ValidationError):
        services.requirement_save_draft(
            requirement=bank.log, content=content(title="Ændret"), actor=editor
        )
    with pytest.raises(ValidationError):
        services.version_send_back(version=draft, actor=second_editor, comment=" ")
    services.version_send_back(version=draft, actor=second_editor, comment="Skarpere formulering.")
    draft.refresh_from_db()
    assert draft.title == "Ny"
    assert draft.status == Status.DRAFT
    assert [c.text for c in draft.comments.all()] == ["Skarpere formulering."]


def test_published_versions_cannot_be_submitted_or_approved_again(bank, second_editor):
    version = bank.log.current_version
    with pytest.raises(ValidationError):
        services.version_submit(version=version, actor=second_editor)
    with pytest.raises(ValidationError):
        services.version_approve(version=version, actor=second_editor)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED


def test_release_pins_what_was_published_at_the_time(bank, editor, second_editor):
    publish_new_version(bank.log, author=editor, approver=second_editor, title="Version 2")
    pinned = {e.requirement.key: e.version.number for e in bank.release.entries.all()}
    assert pinned == {"SIK-001": 1, "SIK-002": 1, "ARK-001": 1}
    second = services.release_create(
        number="2026.2", released_on=date(2026, 6, 1), note="", actor=second_editor
    )
    pinned_second = {e.requirement.key: e.version.number for e in second.entries.all()}
    assert pinned_second == {"SIK-001": 2, "SIK-002": 1, "ARK-001": 1}
    # The first release still pins version 1, untouched by the later publication.
    assert bank.release.entries.get(requirement=bank.log).version.number == 1


def test_release_excludes_drafts_withdrawn_and_local(bank, editor, second_editor, org_a):
    services.requirement_create(
        organisation=None, key="SIK-050", category=bank.security, content=content(), actor=editor
    )
    services.requirement_withdraw(requirement=bank.encrypt, actor=second_editor)
    services.requirement_create(
        organisation=org_a, key="LOK-001", category=bank.security, content=content(), actor=None
    )
    release = services.release_create(
        number="2026.2", released_on=date(2026, 6, 1), note="", actor=second_editor
    )
    assert sorted(e.requirement.key for e in release.entries.all()) == ["ARK-001", "SIK-001"]


def test_release_number_format(bank, second_editor):
    with pytest.raises(ValidationError):
        services.release_create(number="v2", released_on=date(2026, 1, 1), note="", actor=None)
    assert [r.number for r in type(bank.release).objects.all()] == ["2026.1"]


@pytest.mark.parametrize(
    ("number", "day", "field", "message"),
    [
        ("2025.9", date(2026, 6, 1), "number", "efter den seneste udgave, 2026.1"),
        ("2026.1", date(2026, 6, 1), "number", "allerede en udgave af kravbanken med dette nummer"),
        ("2026.2", date(2020, 1, 1), "released_on", "før den seneste udgaves, 15. januar 2026"),
    ],
)
def test_a_release_comes_after_the_latest_in_number_and_date(
    bank, second_editor, number, day, field, message
):
    with pytest.raises(ValidationError) as refused, translation.override("da"):
        services.release_create(number=number, released_on=day, note="", actor=second_editor)
    assert message in " ".join(refused.value.message_dict[field])
    assert [r.number for r in type(bank.release).objects.all()] == ["2026.1"]


def test_release_numbers_compare_as_numbers_not_text(bank, second_editor):
    services.release_create(
        number="2026.9", released_on=date(2026, 2, 1), note="", actor=second_editor
    )
    later = services.release_create(
        number="2026.10", released_on=date(2026, 3, 1), note="", actor=second_editor
    )
    assert later.number == "2026.10"


def test_key_can_be_renamed_but_stable_id_stays(bank):
    uuid = bank.log.uuid
    services.requirement_update_identity(
        requirement=bank.log, key="SIK-100", category=bank.logging, tags=["logning"]
    )
    bank.log.refresh_from_db()
    assert (bank.log.key, bank.log.uuid) == ("SIK-100", uuid)
    assert [h.key for h in bank.log.history.order_by("history_date")][-2:] == [
        "SIK-001",
        "SIK-100",
    ]


def test_relations_are_typed_and_not_duplicated_backwards(bank):
    services.relation_add(source=bank.encrypt, type="depends_on", target=bank.log)
    with pytest.raises(ValidationError):
        services.relation_add(source=bank.log, type="refines", target=bank.encrypt)
    with pytest.raises(ValidationError):
        services.relation_add(source=bank.log, type="refines", target=bank.log)
    assert RequirementRelation.objects.count() == 1


def test_local_requirement_versions_publish_directly(bank, org_a):
    requirement = services.requirement_create(
        organisation=org_a, key="LOK-001", category=bank.security, content=content(), actor=None
    )
    assert requirement.current_version.status == Status.PUBLISHED
    services.requirement_save_draft(
        requirement=requirement, content=content(title="Ny lokal"), actor=None
    )
    requirement.refresh_from_db()
    statuses = list(requirement.versions.order_by("number").values_list("status", flat=True))
    assert statuses == [Status.SUPERSEDED, Status.PUBLISHED]
    assert requirement.current_version.title == "Ny lokal"


def test_word_diff_marks_insertions_and_deletions():
    assert word_diff("Data skal logges.", "Data skal altid logges i 5 år.") == [
        Segment("equal", "Data skal "),
        Segment("insert", "altid "),
        Segment("equal", "logges"),
        Segment("insert", " i 5 år"),
        Segment("equal", "."),
    ]


def test_the_previous_version_is_one_the_reader_may_see(bank, editor):
    published = bank.log.current_version
    draft = services.requirement_save_draft(
        requirement=bank.log, content=content(title="Ny titel"), actor=editor
    )

    assert selectors.previous_version(bank.log, 3, include_unpublished=True) == draft
    assert selectors.previous_version(bank.log, 3, include_unpublished=False) == published
    assert selectors.previous_version(bank.log, published.number, include_unpublished=True) is None
