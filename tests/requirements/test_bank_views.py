"""The bank through HTTP: reading, searching, editorial permissions and local requirements."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_scopes import scopes_disabled

from organisations.roles import Role
from requirements import services
from requirements.models import Category, Requirement, RequirementRelation, RequirementVersion
from requirements.selectors import search_published_requirements

from .factories import content, local_requirement

pytestmark = pytest.mark.django_db
Status = RequirementVersion.Status


def test_every_member_reads_the_published_bank(bank, org_b, make_member, client_for):
    reader = make_member(org_b, Role.READER)
    response = client_for(reader).get(reverse("requirements:bank"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "SIK-001" in page and "Kryptering under transport" in page and "ARK-001" in page
    detail = client_for(reader).get(reverse("requirements:requirement", args=[bank.log.uuid]))
    assert detail.status_code == 200
    assert "Løsningen skal logge alle opslag i personoplysninger." in detail.content.decode()


def test_anonymous_is_sent_to_login(bank, client):
    response = client.get(reverse("requirements:bank"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_drafts_are_hidden_from_readers(bank, editor, org_a, make_member, client_for):
    with scopes_disabled():
        draft_only = services.requirement_create(
            organisation=None,
            key="SIK-077",
            category=bank.security,
            content=content(title="Hemmelig kladde"),
            actor=editor,
        )
    reader = make_member(org_a, Role.READER)
    page = client_for(reader).get(reverse("requirements:bank")).content.decode()
    assert "SIK-077" not in page
    detail = client_for(reader).get(reverse("requirements:requirement", args=[draft_only.uuid]))
    assert detail.status_code == 404
    editor_page = client_for(editor).get(reverse("requirements:bank")).content.decode()
    assert "SIK-077" in editor_page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "krypteres"}, ["SIK-002"]),
        ({"q": "sik-001"}, ["SIK-001"]),
        ({"kind": "award"}, ["ARK-001"]),
        ({"tag": "kryptering"}, ["SIK-002"]),
        ({"status": "published"}, ["ARK-001", "SIK-001", "SIK-002"]),
    ],
)
def test_search_and_filters(bank, org_a, make_member, client_for, params, expected):
    reader = make_member(org_a, Role.READER)
    response = client_for(reader).get(reverse("requirements:bank"), params)
    keys = [r.key for r in response.context["page"]]
    assert keys == expected


def test_category_filter_includes_subcategories(bank, org_a, make_member, client_for):
    reader = make_member(org_a, Role.READER)
    client = client_for(reader)
    response = client.get(reverse("requirements:bank"), {"category": bank.security.pk})
    assert [r.key for r in response.context["page"]] == ["SIK-001", "SIK-002"]
    page = client.get(reverse("requirements:category", args=["SIK-LOG"]))
    assert [r.key for r in page.context["page"]] == ["SIK-001"]
    assert client.get(reverse("requirements:category", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize(
    ("language", "names", "other"),
    [
        ("en", ["Arkivering", "Information security", "\u2003Logging"], "Logning"),
        ("da", ["Arkivering", "Informationssikkerhed", "\u2003Logning"], "Logging"),
    ],
)
def test_categories_are_named_in_the_language_of_the_page(
    bank, org_a, make_member, client_for, language, names, other
):
    with scopes_disabled():
        # Without an English name the Danish one is shown in English too.
        Category.objects.filter(pk=bank.archive.pk).update(name_en="")
    client = client_for(make_member(org_a, Role.READER, language=language))

    response = client.get(reverse("requirements:bank"))

    choices = response.context["form"].fields["category"].choices[1:]
    assert [label for _pk, label in choices] == names
    page = response.content.decode()
    assert all(f">{name.strip()}</a></td>" in page for name in names)
    assert f">{other}</a></td>" not in page
    category_page = client.get(reverse("requirements:category", args=["SIK-LOG"]))
    assert f"<h1>{names[-1].strip()}</h1>" in category_page.content.decode()


def test_search_published_requirements_for_the_guidance_search(bank):
    hits = search_published_requirements("kryptering", 5)
    assert [(hit.key, hit.title, hit.url) for hit in hits] == [
        (
            "SIK-002",
            "SIK-002 Kryptering under transport",
            f"/app/requirements/r/{bank.encrypt.uuid}/",
        )
    ]
    assert hits[0].summary == "Data skal krypteres under transport med TLS 1.2 eller nyere."
    assert search_published_requirements("", 5) == []


def test_relations_show_both_ways(bank, org_a, make_member, client_for):
    with scopes_disabled():
        RequirementRelation.objects.create(source=bank.encrypt, type="depends_on", target=bank.log)
    client = client_for(make_member(org_a, Role.READER))
    source_page = client.get(reverse("requirements:requirement", args=[bank.encrypt.uuid]))
    target_page = client.get(reverse("requirements:requirement", args=[bank.log.uuid]))
    assert "Afhænger af" in source_page.content.decode()
    assert "Er forudsætning for" in target_page.content.decode()


def test_only_bank_editors_change_the_shared_bank(bank, org_a, make_member, client_for):
    # Every municipal role, including a "bank editor" membership in a municipality.
    outsider = make_member(org_a, *Role.values)
    client = client_for(outsider)
    version = bank.log.current_version
    posts = [
        reverse("requirements:requirement-withdraw", args=[bank.log.uuid]),
        reverse("requirements:version-approve", args=[bank.log.uuid, 1]),
        reverse("requirements:version-submit", args=[bank.log.uuid, 1]),
        reverse("requirements:relation-add", args=[bank.log.uuid]),
    ]
    for url in posts:
        assert client.post(url, {"type": "refines", "target": "SIK-002"}).status_code == 403, url
    assert (
        client.get(reverse("requirements:requirement-edit", args=[bank.log.uuid])).status_code
        == 403
    )
    assert client.get(reverse("requirements:review-queue")).status_code == 403
    assert client.get(reverse("requirements:import")).status_code == 403
    assert client.get(reverse("requirements:export")).status_code == 403
    assert (
        client.post(
            reverse("requirements:release-list"), {"number": "2026.9", "released_on": "2026-02-01"}
        ).status_code
        == 403
    )
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    with scopes_disabled():
        assert RequirementRelation.objects.count() == 0
        assert bank.log.versions.count() == 1


def test_editorial_workflow_over_http(bank, editor, second_editor, client_for):
    author, approver = client_for(editor), client_for(second_editor)
    url = reverse("requirements:requirement-edit", args=[bank.log.uuid])
    form = content(title="Logning af alle opslag", key="SIK-001", category=bank.logging.pk)
    form["sources"] = "Databeskyttelsesforordningen\nISO 27001"
    form["tags"] = "logning, personoplysninger"
    response = author.post(url, form)
    assert response.status_code == 302
    with scopes_disabled():
        draft = bank.log.versions.get(number=2)
        assert draft.sources == ["Databeskyttelsesforordningen", "ISO 27001"]
    author.post(reverse("requirements:version-submit", args=[bank.log.uuid, 2]))
    # The author cannot approve; the approve button is not even offered.
    page = author.get(reverse("requirements:version", args=[bank.log.uuid, 2])).content.decode()
    assert "Godkend og udgiv" not in page
    author.post(reverse("requirements:version-approve", args=[bank.log.uuid, 2]))
    with scopes_disabled():
        draft.refresh_from_db()
        assert draft.status == Status.REVIEW
    queue = approver.get(reverse("requirements:review-queue"))
    assert [v.pk for v in queue.context["versions"]] == [draft.pk]
    approver.post(reverse("requirements:version-approve", args=[bank.log.uuid, 2]))
    with scopes_disabled():
        draft.refresh_from_db()
        bank.log.refresh_from_db()
        assert (draft.status, bank.log.current_version_id) == (Status.PUBLISHED, draft.pk)
    diff = approver.get(reverse("requirements:diff", args=[bank.log.uuid]), {"a": 1, "b": 2})
    html = diff.content.decode()
    assert "<ins>alle </ins>" in html
    assert "<del>art. 32</del>" in html


def test_readers_do_not_see_drafts_in_history(bank, editor, org_a, make_member, client_for):
    with scopes_disabled():
        services.requirement_save_draft(
            requirement=bank.log, content=content(title="Kladde"), actor=editor
        )
    client = client_for(make_member(org_a, Role.READER))
    page = client.get(reverse("requirements:requirement", args=[bank.log.uuid]))
    assert [v.number for v in page.context["versions"]] == [1]
    assert client.get(reverse("requirements:version", args=[bank.log.uuid, 2])).status_code == 404


def test_municipality_creates_local_requirement_visible_only_to_itself(
    bank, org_a, org_b, planner_a, make_member, client_for
):
    client = client_for(planner_a)
    form = content(title="Lokal integration til Nordby-portalen", key="NOR-001")
    form.update(category=bank.security.pk, tags="", sources="")
    response = client.post(reverse("requirements:requirement-new"), form)
    assert response.status_code == 302
    with scopes_disabled():
        requirement = Requirement.objects.get(key="NOR-001")
        assert requirement.organisation == org_a
        assert requirement.current_version.status == Status.PUBLISHED
    bank_page = client.get(reverse("requirements:bank"), {"status": "local"})
    assert [r.key for r in bank_page.context["page"]] == ["NOR-001"]

    other = client_for(make_member(org_b, *Role.values))
    assert (
        other.get(reverse("requirements:requirement", args=[requirement.uuid])).status_code == 404
    )
    other_bank = other.get(reverse("requirements:bank"), {"q": "Nordby"}).content.decode()
    assert "NOR-001" not in other_bank
    assert search_published_requirements("Nordby", 10) == []


def test_reader_cannot_create_local_requirement(bank, org_a, make_member, client_for):
    reader = make_member(org_a, Role.READER)
    response = client_for(reader).post(
        reverse("requirements:requirement-new"), {**content(), "key": "X-1"}
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert not Requirement.objects.filter(key="X-1").exists()


def test_editor_cannot_edit_municipal_local_requirement(bank, org_a, editor, client_for):
    with scopes_disabled():
        requirement = local_requirement(
            organisation=org_a, key="NOR-002", category=bank.security, actor=None
        )
    response = client_for(editor).get(reverse("requirements:requirement", args=[requirement.uuid]))
    assert response.status_code == 404


def test_release_made_by_editor(bank, second_editor, client_for):
    response = client_for(second_editor).post(
        reverse("requirements:release-list"),
        {"number": "2026.2", "released_on": "2026-06-01", "note": "Sommer"},
    )
    assert response.status_code == 302
    page = client_for(second_editor).get(response["Location"])
    assert [e.requirement.key for e in page.context["entries"]] == ["ARK-001", "SIK-001", "SIK-002"]


def test_a_relation_is_removed_from_either_end_but_not_through_another_requirement(
    bank, editor, client_for
):
    with scopes_disabled():
        relation = services.relation_add(source=bank.encrypt, type="depends_on", target=bank.log)

    def delete(requirement):
        url = reverse("requirements:relation-delete", args=[requirement.uuid, relation.pk])
        return client_for(editor).post(url)

    with scopes_disabled():
        assert delete(bank.archive_req).status_code == 404
        assert RequirementRelation.objects.filter(pk=relation.pk).exists()
        assert delete(bank.log).status_code == 302  # the relation's target
        assert not RequirementRelation.objects.filter(pk=relation.pk).exists()


def test_a_taken_key_is_explained_not_a_database_error(bank, org_a, editor, planner_a, client_for):
    with scopes_disabled():
        taken = bank.log.key
    form = content(title="Endnu et logkrav", key=taken.lower())
    form.update(category=bank.security.pk, tags="", sources="")
    response = client_for(editor).post(reverse("requirements:requirement-new"), form)
    assert response.status_code == 200
    assert "Kravbanken har allerede et krav med denne nøgle." in response.content.decode()

    local = {**form, "key": "NOR-009"}
    client = client_for(planner_a)
    assert client.post(reverse("requirements:requirement-new"), local).status_code == 302
    response = client.post(reverse("requirements:requirement-new"), local)
    assert response.status_code == 200
    assert "Jeres organisation har allerede et krav med denne nøgle." in (response.content.decode())
    assert "Begrænsning" not in response.content.decode()


def test_tag_filter_offers_only_tags_the_municipality_can_see(
    bank, org_a, org_b, planner_a, make_member, client_for
):
    form = content(title="Lokal integration", key="NOR-002")
    form.update(category=bank.security.pk, tags="nordby-hemmelig", sources="")
    assert (
        client_for(planner_a).post(reverse("requirements:requirement-new"), form).status_code == 302
    )

    def offered(user):
        response = client_for(user).get(reverse("requirements:bank"))
        return [name for name, _label in response.context["form"].fields["tag"].choices if name]

    shared = ["arkiv", "kryptering", "logning"]
    assert offered(planner_a) == [*shared, "nordby-hemmelig"]
    assert offered(make_member(org_b, Role.READER)) == shared
    # Filtering by the other municipality's tag finds nothing and is refused as a choice.
    response = client_for(make_member(org_b, Role.READER)).get(
        reverse("requirements:bank"), {"tag": "nordby-hemmelig"}
    )
    assert "NOR-002" not in response.content.decode()


def test_a_tag_longer_than_sixty_characters_is_refused_by_name(bank, planner_a, client_for):
    long_tag = "t" * 61
    form = content(title="Lokal integration", key="NOR-003")
    form.update(category=bank.security.pk, tags=f"kort, {long_tag}", sources="")
    response = client_for(planner_a).post(reverse("requirements:requirement-new"), form)
    assert response.status_code == 200
    assert response.context["form"].errors["tags"] == [
        f"Et mærke kan højst være 60 tegn: “{long_tag}” er 61."
    ]
    with scopes_disabled():
        assert not Requirement.objects.filter(key="NOR-003").exists()


# --- Two editors at one draft ------------------------------------------------------------------


def in_english(client):
    """The client's pages in English (messages new in this code may not be in Danish yet)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def edit_url(requirement) -> str:
    return reverse("requirements:requirement-edit", args=[requirement.uuid])


def opened_edit_form(client, requirement) -> dict:
    """The edit form as it is opened, ready to be posted back as the browser would."""
    form = client.get(edit_url(requirement)).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_a_draft_saved_by_another_editor_meanwhile_is_not_overwritten_unseen(
    bank, editor, second_editor, client_for
):
    mine, theirs = in_english(client_for(editor)), client_for(second_editor)
    my_form = opened_edit_form(mine, bank.log)
    their_form = opened_edit_form(theirs, bank.log)
    their_form["title"] = "Logning af alle opslag"
    assert theirs.post(edit_url(bank.log), their_form).status_code == 302
    my_form.update(text="Løsningen skal logge opslag og ændringer.", tags="logning, revision")

    response = mine.post(edit_url(bank.log), my_form)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith(f"{second_editor} changed this requirement at ")
    assert error.endswith("save again to replace theirs.")
    with scopes_disabled():
        draft = bank.log.versions.get(number=2)
        assert (draft.title, draft.text, draft.edited_by) == (
            "Logning af alle opslag",
            "Løsningen skal logge alle opslag i personoplysninger.",
            second_editor,
        )
        assert list(bank.log.tags.values_list("name", flat=True)) == ["logning"]
    # What I typed is still in the form, and how it differs from theirs is shown below it.
    form = response.context["form"]
    assert (form["text"].value(), form["tags"].value()) == (my_form["text"], "logning, revision")
    changed = {diff.name: diff for diff in response.context["conflict_diffs"] if diff.changed}
    assert list(changed) == ["tags", "title", "text"]
    page = response.content.decode()
    assert "Your changes compared with the saved version" in page
    assert "Logning af <del>alle </del>opslag" in page
    assert "logning<ins>, revision</ins>" in page
    # The re-shown form has seen theirs: saving again replaces it.
    assert form["seen"].value() == draft.edit_key
    again = mine.post(edit_url(bank.log), {name: form[name].value() for name in form.fields})
    assert again.status_code == 302
    with scopes_disabled():
        draft.refresh_from_db()
        assert (draft.title, draft.text, draft.edited_by) == (
            "Logning af opslag",
            "Løsningen skal logge opslag og ændringer.",
            editor,
        )
        assert bank.log.versions.count() == 2
        assert sorted(bank.log.tags.values_list("name", flat=True)) == ["logning", "revision"]


def test_an_editor_saving_twice_in_a_row_meets_no_conflict(bank, editor, client_for):
    client = client_for(editor)
    form = opened_edit_form(client, bank.log)
    assert client.post(edit_url(bank.log), {**form, "title": "Første udkast"}).status_code == 302

    # Sent again from the same page (back and save): the draft since is the editor's own.
    response = client.post(edit_url(bank.log), {**form, "title": "Andet udkast"})

    assert response.status_code == 302
    reopened = opened_edit_form(client, bank.log)
    assert client.post(edit_url(bank.log), {**reopened, "title": "Tredje"}).status_code == 302
    with scopes_disabled():
        assert list(bank.log.versions.values_list("number", "title")) == [
            (1, "Logning af opslag"),
            (2, "Tredje"),
        ]


def test_the_pages_of_a_draft_say_who_edited_it_last(bank, editor, second_editor, client_for):
    client = client_for(second_editor)
    form = opened_edit_form(client, bank.log)
    client.post(edit_url(bank.log), {**form, "title": "Ny titel"})
    with scopes_disabled():
        draft = bank.log.versions.get(number=2)
    with translation.override("en"):
        when = date_format(timezone.localtime(draft.edited_at), "SHORT_DATETIME_FORMAT")
    reader = in_english(client_for(editor))

    pages = [
        reader.get(reverse("requirements:version", args=[bank.log.uuid, 2])),
        reader.get(reverse("requirements:requirement", args=[bank.log.uuid])),
    ]

    for page in pages:
        assert f"last edited by {second_editor} at {when}" in page.content.decode()
    published = reader.get(reverse("requirements:version", args=[bank.log.uuid, 1]))
    assert "last edited" not in published.content.decode()


def test_an_editor_who_edited_the_draft_may_not_approve_it(
    bank, editor, second_editor, editorial, make_member, client_for
):
    author, helper = client_for(editor), client_for(second_editor)
    version_url = reverse("requirements:version", args=[bank.log.uuid, 2])
    approve_url = reverse("requirements:version-approve", args=[bank.log.uuid, 2])
    opened = opened_edit_form(author, bank.log)
    assert author.post(edit_url(bank.log), {**opened, "title": "Ny titel"}).status_code == 302
    # Another editor edits the author's draft, then the author sends it for review.
    opened = opened_edit_form(helper, bank.log)
    assert (
        helper.post(edit_url(bank.log), {**opened, "purpose": "Misbrug opdages."}).status_code
        == 302
    )
    author.post(reverse("requirements:version-submit", args=[bank.log.uuid, 2]))
    assert "Godkend og udgiv" not in helper.get(version_url).content.decode()

    response = helper.post(approve_url, follow=True)

    assert [str(message) for message in response.context["messages"]] == [
        "En anden kravredaktør skal godkende denne version."
    ]
    with scopes_disabled():
        draft = bank.log.versions.get(number=2)
        bank.log.refresh_from_db()
        assert (draft.status, bank.log.current_version.number) == (Status.REVIEW, 1)
    third_editor = make_member(editorial, Role.BANK_EDITOR)
    third = client_for(third_editor)
    assert "Godkend og udgiv" in third.get(version_url).content.decode()
    third.post(approve_url)
    with scopes_disabled():
        draft.refresh_from_db()
        assert (draft.status, draft.purpose, draft.published_by) == (
            Status.PUBLISHED,
            "Misbrug opdages.",
            third_editor,
        )
