"""Writes for guidance: the moderation set-up of the editorial team, and checklist runs."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from organisations.models import Organisation, User

from .models import ChecklistPage, ChecklistRun, ChecklistRunItem, GuidanceRole, Phase, Topic

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
# Its name is shown to editors ("Send til Redaktionens godkendelse"), so it is Danish; earlier
# installations named it in English and are renamed.
MODERATION_WORKFLOW = "Redaktionens godkendelse"
MODERATION_WORKFLOW_EARLIER_NAMES = ("Moderator approval",)
# Page permissions on the guidance home page (and so on every page below it).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
SNIPPET_MODELS = (Phase, GuidanceRole, Topic)


@transaction.atomic
def guidance_moderation_setup(*, home: Page) -> Workflow:
    """Editors draft and submit, Moderators approve and publish; safe to run again.

    Gives both groups access to the Wagtail admin, page permissions on `home`, and assigns the
    moderation workflow (one group approval task for Moderators) to `home`. Editors
    lose any publish permission they may have been given, so nothing they write goes live
    without a moderator's approval.
    """
    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group in (editors, moderators):
        group.permissions.add(admin_access)

    page_permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Page),
            codename__in=MODERATOR_PAGE_PERMISSIONS,
        )
    }
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (moderators, MODERATOR_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=page_permissions[codename]
            )
    GroupPagePermission.objects.filter(group=editors, permission__codename="publish_page").delete()

    snippet_types = ContentType.objects.get_for_models(*SNIPPET_MODELS).values()
    snippet_permissions = Permission.objects.filter(content_type__in=snippet_types)
    moderators.permissions.add(*snippet_permissions)
    editors.permissions.add(*snippet_permissions.filter(codename__startswith="view_"))

    names = (MODERATION_WORKFLOW, *MODERATION_WORKFLOW_EARLIER_NAMES)
    task = GroupApprovalTask.objects.filter(name__in=names).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_WORKFLOW)
    elif not task.active or task.name != MODERATION_WORKFLOW:
        task.active, task.name = True, MODERATION_WORKFLOW
        task.save(update_fields=["active", "name"])
    task.groups.set([moderators])

    workflow = Workflow.objects.filter(name__in=names).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=MODERATION_WORKFLOW, active=True)
    elif not workflow.active or workflow.name != MODERATION_WORKFLOW:
        workflow.active, workflow.name = True, MODERATION_WORKFLOW
        workflow.save(update_fields=["active", "name"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def checklist_run_start(
    *,
    organisation: Organisation,
    checklist: ChecklistPage,
    title: str,
    subject: str = "",
    user: User,
) -> ChecklistRun:
    """Start working through `checklist`; the run copies the points as they are now."""
    points = checklist.points()
    if not points:
        raise ValidationError(_("The checklist has no points to tick."))
    run = ChecklistRun(
        organisation=organisation,
        checklist=checklist,
        title=title.strip(),
        subject=subject.strip(),
        created_by=user,
    )
    run.full_clean()
    run.save()
    items = []
    for position, point in enumerate(points, start=1):
        item = ChecklistRunItem(
            organisation=organisation,
            run=run,
            item_key=point.key,
            position=position,
            group=point.group,
            text=point.text,
            help_text=point.help_text,
        )
        item.full_clean(validate_unique=False, validate_constraints=False)
        items.append(item)
    bulk_create_with_history(items, ChecklistRunItem, default_user=user)
    return run


@dataclass(frozen=True)
class PointUpdate:
    """The wanted state of one point of a run, as submitted in the run's form."""

    item_id: int
    checked: bool
    comment: str


@transaction.atomic
def checklist_run_update_points(
    *, run: ChecklistRun, user: User, updates: Iterable[PointUpdate]
) -> int:
    """Tick, untick and comment points of `run`; returns how many points changed.

    Ticking records who and when; unticking clears both (the history keeps the earlier tick).
    """
    updates = list(updates)
    items = {
        item.pk: item
        for item in ChecklistRunItem.objects.select_for_update().filter(
            organisation=run.organisation_id, run=run, pk__in=[u.item_id for u in updates]
        )
    }
    if len(items) != len({u.item_id for u in updates}):
        raise ValidationError(_("A point does not belong to this checklist run."))
    now = timezone.now()
    changed = 0
    for update in updates:
        item = items[update.item_id]
        comment = update.comment.strip()
        if item.checked == update.checked and item.comment == comment:
            continue
        if item.checked != update.checked:
            item.checked = update.checked
            item.checked_by = user if update.checked else None
            item.checked_at = now if update.checked else None
        item.comment = comment
        item.run = run
        item.full_clean(validate_unique=False, validate_constraints=False)
        item._history_user = user
        item.save()
        changed += 1
    return changed
