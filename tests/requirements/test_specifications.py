"""Specifications: decisions and the justification rule, progress, final, newer-version flag."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from organisations.roles import Role
from requirements import services
from requirements.models import Specification, SpecificationItem
from requirements.selectors import specification_progress

from .factories import local_requirement, publish_new_version

pytestmark = pytest.mark.django_db
Decision = SpecificationItem.Decision


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def _item(specification, key):
    return SpecificationItem.objects.select_related(
        "version", "specification", "requirement__current_version"
    ).get(specification=specification, requirement__key=key)


def test_creation_brings_the_chosen_categories_requirements_undecided(bank, specification_a):
    items = SpecificationItem.objects.filter(specification=specification_a)
    assert sorted(items.values_list("requirement__key", "decision", "kind")) == [
        ("ARK-001", "undecided", "award"),
        ("SIK-001", "undecided", "minimum"),
        ("SIK-002", "undecided", "minimum"),
    ]
    assert {item.version.number for item in items} == {1}


def test_creation_only_takes_the_chosen_categories(bank, org_a, planner_a):
    specification = services.specification_create(
        organisation=org_a,
        title="Logning",
        release=bank.release,
        categories=[bank.logging],
        actor=planner_a,
    )
    assert list(specification.items.values_list("requirement__key", flat=True)) == ["SIK-001"]


@pytest.mark.parametrize("decision", [Decision.MODIFIED, Decision.EXCLUDED, Decision.NOT_RELEVANT])
def test_anything_but_as_is_needs_a_justification(bank, specification_a, decision):
    item = _item(specification_a, "SIK-001")
    with pytest.raises(ValidationError) as raised:
        services.item_decide(
            item=item, decision=decision, modified_text="Anden tekst.", kind="minimum", actor=None
        )
    assert "justification" in raised.value.message_dict
    item.refresh_from_db()
    assert (item.decision, item.justification) == (Decision.UNDECIDED, "")


def test_as_is_needs_no_justification(bank, specification_a, planner_a):
    item = _item(specification_a, "SIK-001")
    services.item_decide(item=item, decision=Decision.AS_IS, kind="minimum", actor=planner_a)
    item.refresh_from_db()
    assert (item.decision, item.decided_by, item.effective_text) == (
        Decision.AS_IS,
        planner_a,
        "Løsningen skal logge alle opslag i personoplysninger.",
    )


def test_modified_keeps_both_texts(bank, specification_a):
    item = _item(specification_a, "SIK-001")
    with pytest.raises(ValidationError) as raised:
        services.item_decide(
            item=item,
            decision=Decision.MODIFIED,
            modified_text=item.version.text,
            justification="Fordi.",
            kind="minimum",
            actor=None,
        )
    assert "modified_text" in raised.value.message_dict
    services.item_decide(
        item=item,
        decision=Decision.MODIFIED,
        modified_text="Løsningen skal logge alle opslag og ændringer.",
        justification="Vi skal også se ændringer.",
        kind="minimum",
        actor=None,
    )
    item.refresh_from_db()
    assert item.effective_text == "Løsningen skal logge alle opslag og ændringer."
    assert item.version.text == "Løsningen skal logge alle opslag i personoplysninger."


def test_award_criterion_needs_a_weight(bank, specification_a):
    item = _item(specification_a, "ARK-001")
    with pytest.raises(ValidationError) as raised:
        services.item_decide(item=item, decision=Decision.AS_IS, kind="award", actor=None)
    assert "weight" in raised.value.message_dict
    services.item_decide(item=item, decision=Decision.AS_IS, kind="award", weight=15, actor=None)
    item.refresh_from_db()
    assert (item.kind, item.weight) == ("award", 15)
    services.item_decide(item=item, decision=Decision.AS_IS, kind="minimum", weight=15, actor=None)
    item.refresh_from_db()
    assert (item.kind, item.weight) == ("minimum", None)


def test_progress_and_final_only_when_all_decided(bank, specification_a):
    assert specification_progress(specification_a).decided == 0
    for key in ("SIK-001", "SIK-002"):
        services.item_decide(
            item=_item(specification_a, key), decision="as_is", kind="minimum", actor=None
        )
    progress = specification_progress(specification_a)
    assert (progress.total, progress.decided, progress.included, progress.percent) == (3, 2, 2, 67)
    with pytest.raises(ValidationError, match="1"):
        services.specification_mark_final(specification=specification_a, actor=None)
    specification_a.refresh_from_db()
    assert specification_a.status == Specification.Status.DRAFT
    services.item_decide(
        item=_item(specification_a, "ARK-001"),
        decision="excluded",
        justification="Systemet afleverer via ESDH.",
        kind="award",
        weight=10,
        actor=None,
    )
    services.specification_mark_final(specification=specification_a, actor=None)
    specification_a.refresh_from_db()
    assert specification_a.status == Specification.Status.FINAL
    with pytest.raises(ValidationError):
        services.item_decide(
            item=_item(specification_a, "SIK-001"), decision="as_is", kind="award", actor=None
        )


def test_newer_bank_version_flags_item_adopt(bank, specification_a, editor, second_editor):
    item = _item(specification_a, "SIK-001")
    assert item.newer_version is None
    newer = publish_new_version(
        bank.log, author=editor, approver=second_editor, text="Løsningen skal logge alt."
    )
    item = _item(specification_a, "SIK-001")
    assert item.newer_version == newer
    assert specification_progress(specification_a).flagged == 1
    services.item_adopt_newer_version(item=item, actor=None)
    item = _item(specification_a, "SIK-001")
    assert (item.version.number, item.newer_version) == (2, None)
    assert specification_progress(specification_a).flagged == 0


def test_newer_bank_version_keep_with_note(bank, specification_a, editor, second_editor):
    publish_new_version(bank.log, author=editor, approver=second_editor, text="Ny tekst.")
    item = _item(specification_a, "SIK-001")
    with pytest.raises(ValidationError):
        services.item_keep_version(item=item, note="", actor=None)
    services.item_keep_version(item=item, note="Udbuddet er annonceret.", actor=None)
    item = _item(specification_a, "SIK-001")
    assert (item.version.number, item.newer_version, item.kept_note) == (
        1,
        None,
        "Udbuddet er annonceret.",
    )
    assert specification_progress(specification_a).flagged == 0
    # A still newer version raises the flag again.
    third = publish_new_version(bank.log, author=editor, approver=second_editor, text="Tredje.")
    assert _item(specification_a, "SIK-001").newer_version == third
    assert specification_progress(specification_a).flagged == 1


def test_add_local_requirement(bank, org_a, org_b, specification_a, planner_a):
    own = local_requirement(organisation=org_a, key="NOR-001", category=bank.security, actor=None)
    foreign = local_requirement(
        organisation=org_b, key="SYD-001", category=bank.security, actor=None
    )
    with pytest.raises(ValidationError):
        services.specification_add_local_requirement(
            specification=specification_a, requirement=foreign, actor=planner_a
        )
    item = services.specification_add_local_requirement(
        specification=specification_a, requirement=own, actor=planner_a
    )
    assert (item.decision, item.version.number) == (Decision.AS_IS, 1)
    assert specification_a.items.count() == 4


def test_changing_categories_keeps_decided_items(bank, specification_a, planner_a):
    services.item_decide(
        item=_item(specification_a, "SIK-001"), decision="as_is", kind="minimum", actor=None
    )
    services.specification_update(
        specification=specification_a,
        title="Nyt ESDH-system",
        procurement="",
        description="",
        categories=[bank.archive],
        actor=planner_a,
    )
    keys = sorted(specification_a.items.values_list("requirement__key", flat=True))
    assert keys == ["ARK-001", "SIK-001"]


# --- Through HTTP ------------------------------------------------------------------------------


def test_create_and_decide_over_http(bank, org_a, planner_a, client_for):
    client = client_for(planner_a)
    response = client.post(
        reverse("requirements:specification-new"),
        {
            "title": "Ny borgerportal",
            "procurement": "2026-7",
            "description": "",
            "release": bank.release.pk,
            "categories": [bank.security.pk],
        },
    )
    assert response.status_code == 302
    specification = Specification.objects.get(title="Ny borgerportal")
    item = _item(specification, "SIK-001")
    url = reverse("requirements:item", args=[specification.pk, item.pk])
    refused = client.post(
        url, {"decision": "excluded", "justification": "", "kind": "minimum", "priority": "medium"}
    )
    assert refused.status_code == 200
    assert "justification" in refused.context["form"].errors
    item.refresh_from_db()
    assert item.decision == Decision.UNDECIDED
    ok = client.post(
        url,
        {
            "decision": "modified",
            "modified_text": "Løsningen skal logge alle opslag i 5 år.",
            "justification": "Lokal praksis.",
            "kind": "minimum",
            "priority": "high",
        },
    )
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "<ins>5</ins>" in page or "<ins>5 år</ins>" in page
    detail = client.get(reverse("requirements:specification", args=[specification.pk]))
    assert detail.context["progress"].decided == 1


def test_readers_cannot_decide(bank, org_a, specification_a, make_member, client_for):
    reader = make_member(org_a, Role.READER)
    item = _item(specification_a, "SIK-001")
    url = reverse("requirements:item", args=[specification_a.pk, item.pk])
    client = client_for(reader)
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "as_is", "kind": "minimum", "priority": "medium"})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.decision == Decision.UNDECIDED


def test_other_municipality_cannot_see_specifications(
    bank, specification_a, org_b, make_member, client_for
):
    client = client_for(make_member(org_b, *Role.values))
    listing = client.get(reverse("requirements:specification-list")).content.decode()
    assert "Nyt ESDH-system" not in listing
    assert (
        client.get(reverse("requirements:specification", args=[specification_a.pk])).status_code
        == 404
    )


def test_specification_page_query_count(
    bank, specification_a, planner_a, client_for, django_assert_max_num_queries
):
    client = client_for(planner_a)
    url = reverse("requirements:specification", args=[specification_a.pk])
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url, {"category": "SIK"}).status_code == 200


def test_dashboard_summary(bank, org_a, specification_a, editor, second_editor, editorial):
    from django.template.loader import render_to_string

    from requirements.selectors import dashboard_summary

    publish_new_version(bank.log, author=editor, approver=second_editor, text="Ny.")
    summary = dashboard_summary(organisation=org_a)
    assert [(s.title, s.item_count, s.decided_count) for s in summary.specifications] == [
        ("Nyt ESDH-system", 3, 0)
    ]
    assert (summary.flagged, summary.waiting_for_review) == (1, 0)
    html = render_to_string("requirements/_dashboard.html", {"requirements_summary": summary})
    assert "Nyt ESDH-system" in html
    draft = services.requirement_save_draft(
        requirement=bank.encrypt, content={"title": "X", "text": "Y"}, actor=editor
    )
    services.version_submit(version=draft, actor=editor)
    assert dashboard_summary(organisation=editorial).waiting_for_review == 1
