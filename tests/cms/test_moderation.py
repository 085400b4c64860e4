"""Editors draft and submit; only a moderator's approval publishes (Wagtail admin, test client)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield
from wagtail.test.utils.timestamps import submittable_timestamp

from cms.models import HomePage, QuickGuidePage
from cms.services import MODERATION_WORKFLOW, guidance_moderation_setup
from cms.tasks import publish_scheduled
from organisations.roles import Role
from tests.cms.factories import make_quick_guide

pytestmark = pytest.mark.django_db


def edit_form(client, page, **changes):
    """The page's edit form as the admin renders it, with a new body and the given changes."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(
        nested_form_data({"body": streamfield([("tip", {"text": "Tjek licenserne hvert år."})])})
    )
    for name, value in changes.items():
        data[name] = value
    return url, data


def current_task_state(page):
    return WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(page.pk), status="in_progress"
    ).current_task_state


def approve_url(page, action="approve"):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, current_task_state(page).pk]
    )


def test_setup_assigns_the_workflow_and_is_idempotent(guide_index, moderation):
    home = HomePage.objects.get()
    editors, moderators = moderation
    count = GroupPagePermission.objects.count()
    guidance_moderation_setup(home=home)
    assert GroupPagePermission.objects.count() == count
    workflow = WorkflowPage.objects.get(page=home).workflow
    assert (workflow.name, workflow.active) == (MODERATION_WORKFLOW, True)
    [task] = [t.specific for t in workflow.tasks]
    assert list(task.groups.all()) == [moderators]
    assert sorted(
        GroupPagePermission.objects.filter(group=editors, page=home).values_list(
            "permission__codename", flat=True
        )
    ) == ["add_page", "change_page"]
    assert not GroupPagePermission.objects.filter(
        group=editors, permission__codename="publish_page"
    ).exists()
    assert guide_index.get_workflow() == workflow


def test_editor_may_edit_but_not_publish(guide_index, editor, moderator):
    page = make_quick_guide(guide_index, title="Licenser")
    editor_perms = page.permissions_for_user(editor)
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert page.permissions_for_user(moderator).can_publish()


def test_editor_submits_a_change_and_moderator_approval_publishes_it(
    guide_index, editor, moderator, client_for, org_a, make_member
):
    page = make_quick_guide(guide_index, title="Licenser", roles=["contract_manager"])
    reader = client_for(make_member(org_a, Role.READER))
    editor_client = client_for(editor)

    url, data = edit_form(editor_client, page, title="Licensgennemgang", **{"action-submit": "1"})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    page.refresh_from_db()
    # The draft waits for a moderator; readers still see the published version.
    assert (page.title, page.draft_title, page.live) == ("Licenser", "Licensgennemgang", True)
    assert page.has_unpublished_changes
    state = page.current_workflow_state
    assert (state.workflow.name, state.requested_by, state.status) == (
        MODERATION_WORKFLOW,
        editor,
        "in_progress",
    )
    assert "<h1>Licenser</h1>" in reader.get(page.url).content.decode()

    # Publishing directly only saves another draft for an editor.
    live_revision = page.live_revision_id
    url, data = edit_form(editor_client, page, title="Licensgennemgang", **{"action-publish": "1"})
    editor_client.post(url, data)
    page.refresh_from_db()
    assert (page.title, page.live_revision_id) == ("Licenser", live_revision)
    assert page.latest_revision_id != live_revision
    assert page.current_workflow_state.status == "in_progress"

    # An editor cannot approve the task either.
    response = editor_client.post(approve_url(page), {"comment": ""})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "Licenser"

    response = client_for(moderator).post(approve_url(page), {"comment": "Fint."}, follow=True)
    assert response.status_code == 200
    page.refresh_from_db()
    assert (page.title, page.live, page.has_unpublished_changes) == (
        "Licensgennemgang",
        True,
        False,
    )
    assert page.current_workflow_state is None
    assert page.live_revision.user == editor
    assert "<h1>Licensgennemgang</h1>" in reader.get(page.url).content.decode()


def test_moderator_can_reject_and_nothing_is_published(guide_index, editor, moderator, client_for):
    page = make_quick_guide(guide_index, title="Ny guide", live=False)
    editor_client = client_for(editor)
    url, data = edit_form(editor_client, page, **{"action-submit": "1"})
    editor_client.post(url, data)
    client_for(moderator).post(approve_url(page, "reject"), {"comment": "Kortere, tak."})
    page.refresh_from_db()
    assert page.live is False
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "needs_changes"


def test_revisions_and_preview_work(guide_index, editor, client_for):
    page = make_quick_guide(guide_index, title="Licenser")
    client = client_for(editor)
    url, data = edit_form(client, page, title="Licenser – kladde")
    client.post(url, data)
    page.refresh_from_db()
    assert page.revisions.count() == 2
    revision = page.latest_revision
    response = client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]))
    assert response.status_code == 200
    assert "Tjek licenserne hvert år." in response.content.decode()

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    _url, data = edit_form(client, page, title="Forhåndsvisning")
    assert client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    html = client.get(preview_url).content.decode()
    assert "<h1>Forhåndsvisning</h1>" in html
    page.refresh_from_db()
    assert page.title == "Licenser"


def test_approved_change_with_a_go_live_date_is_published_on_schedule(
    guide_index, editor, moderator, client_for
):
    page = make_quick_guide(guide_index, title="Exit", live=False)
    go_live = timezone.now() + datetime.timedelta(days=2)
    editor_client = client_for(editor)
    url, data = edit_form(
        editor_client, page, go_live_at=submittable_timestamp(go_live), **{"action-submit": "1"}
    )
    assert editor_client.post(url, data).status_code == 302
    client_for(moderator).post(approve_url(page), {"comment": ""})
    page.refresh_from_db()
    assert page.live is False
    assert page.latest_revision.approved_go_live_at is not None

    publish_scheduled()  # the beat job, run in this process
    page.refresh_from_db()
    assert page.live is False
    with time_machine.travel(go_live + datetime.timedelta(minutes=5)):
        publish_scheduled()
    page.refresh_from_db()
    assert page.live is True
    assert QuickGuidePage.objects.live().filter(pk=page.pk).exists()
    assert (
        settings.CELERY_BEAT_SCHEDULE["guidance: publish and unpublish scheduled pages"]["task"]
        == publish_scheduled.name
    )


def test_the_admin_speaks_danish_where_wagtails_catalogue_does_not(editor, client_for, guide_index):
    """config/locale_wagtail fills in what Wagtail's own Danish leaves in English."""
    client = client_for(editor)

    explorer = client.get(reverse("wagtailadmin_explore", args=[guide_index.pk])).content.decode()
    editing = client.get(reverse("wagtailadmin_pages:edit", args=[guide_index.pk]))

    assert "Billeder" in explorer and "Rapporter" in explorer
    assert "Sidens titel, som offentligheden skal se den" in editing.content.decode()


def test_an_english_named_moderation_workflow_is_renamed_not_duplicated(guide_index):
    from wagtail.models import GroupApprovalTask, Workflow

    first = guidance_moderation_setup(home=guide_index)
    Workflow.objects.filter(pk=first.pk).update(name="Moderator approval")
    GroupApprovalTask.objects.filter(name="Redaktionens godkendelse").update(
        name="Moderator approval"
    )

    again = guidance_moderation_setup(home=guide_index)

    ours = ["Redaktionens godkendelse", "Moderator approval"]  # Wagtail's own is left alone
    assert again.pk == first.pk
    assert list(Workflow.objects.filter(name__in=ours).values_list("name", flat=True)) == [
        "Redaktionens godkendelse"
    ]
    assert list(GroupApprovalTask.objects.filter(name__in=ours).values_list("name", flat=True)) == [
        "Redaktionens godkendelse"
    ]
