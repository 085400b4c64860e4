"""Views: browse and search the bank, its editorial work and releases, and specifications."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config import pending_uploads
from config.forms import applied_filters
from config.pagination import Paginator
from organisations.models import Organisation
from organisations.permissions import has_role, member_required
from organisations.roles import EDIT_SHARED_BANK, EDIT_SPECIFICATIONS

from . import forms, imports, selectors, services
from .diff import field_diffs, word_diff
from .exports import build_document
from .exports.pdf import render_pdf
from .exports.reqif import render_reqif
from .exports.spreadsheets import bank_dataset, render_compliance_xlsx
from .exports.word import render_docx
from .models import Requirement, RequirementVersion, SpecificationItem

Status = RequirementVersion.Status
PAGE_SIZE = 50
# What a kept upload (config.pending_uploads) is for.
BANK_IMPORT = "requirement-bank"


# --- Who may do what ---------------------------------------------------------------------------


def can_edit_bank(request: HttpRequest) -> bool:
    """Bank editors of the editorial organisation change the shared bank."""
    organisation = getattr(request, "organisation", None)
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.EDITORIAL
        and has_role(request, EDIT_SHARED_BANK)
    )


def can_edit_local(request: HttpRequest) -> bool:
    """Municipal members who edit specifications also keep the local requirements."""
    organisation = getattr(request, "organisation", None)
    return (
        organisation is not None
        and organisation.kind == Organisation.Kind.MUNICIPALITY
        and has_role(request, EDIT_SPECIFICATIONS)
    )


def can_edit_requirement(request: HttpRequest, requirement: Requirement) -> bool:
    if requirement.is_local:
        return can_edit_local(request) and requirement.organisation_id == request.organisation.pk
    return can_edit_bank(request)


def bank_editor_required(view):
    @member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_edit_bank(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _fail(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- The bank ----------------------------------------------------------------------------------


def _bank_page(request: HttpRequest, *, category_key: str = "") -> HttpResponse:
    editor = can_edit_bank(request)
    # The category tree is read once and serves the filter choices and the subcategories.
    tree = selectors.flatten(selectors.category_tree())
    form = forms.BankFilterForm(
        request.GET or None, organisation=request.organisation, editor=editor, tree=tree
    )
    filters = applied_filters(form)
    category, category_ids = None, None
    if category_key:
        category = next((n.category for n in tree if n.category.key == category_key), None)
        if category is None:
            raise Http404
        category_ids = selectors.descendant_ids(category.pk, tree=tree)
    elif filters.get("category"):
        category_ids = selectors.descendant_ids(filters["category"], tree=tree)
    requirements = selectors.bank_requirements(
        organisation=request.organisation,
        query=filters.get("q", ""),
        category_ids=category_ids,
        tag=filters.get("tag", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        include_unpublished=editor,
    )
    page = Paginator(requirements, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requirements/bank.html",
        {
            "form": form,
            "page": page,
            "category": category,
            "query_string": query.urlencode(),
            "can_edit_bank": editor,
            "can_edit_local": can_edit_local(request),
            "release": selectors.latest_release(),
        },
    )


@member_required
def bank(request: HttpRequest) -> HttpResponse:
    return _bank_page(request)


@member_required
def category(request: HttpRequest, key: str) -> HttpResponse:
    return _bank_page(request, category_key=key)


@member_required
def requirement_detail(request: HttpRequest, uuid) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    editable = can_edit_requirement(request, requirement)
    versions = selectors.versions_of(requirement, include_unpublished=editable)
    if requirement.current_version is None and not editable:
        raise Http404
    shown = requirement.current_version or (versions[0] if versions else None)
    return render(
        request,
        "requirements/requirement.html",
        {
            "requirement": requirement,
            "version": shown,
            "versions": versions,
            "draft": services.open_draft(requirement) if editable else None,
            "relations": selectors.relations_of(requirement),
            "tags": requirement.tags.order_by("name"),
            "editable": editable,
            "can_edit_bank": can_edit_bank(request),
            "relation_form": forms.RelationForm()
            if editable and not requirement.is_local
            else None,
        },
    )


@member_required
def version_detail(request: HttpRequest, uuid, number: int) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    editable = can_edit_requirement(request, requirement)
    version = selectors.version_of(requirement, number, include_unpublished=editable)
    previous = selectors.previous_version(requirement, number, include_unpublished=editable)
    return render(
        request,
        "requirements/version.html",
        {
            "requirement": requirement,
            "version": version,
            "comments": version.comments.select_related("author") if editable else [],
            "editable": editable,
            "comment_form": forms.CommentForm() if editable else None,
            "may_approve": editable
            and version.status == Status.REVIEW
            and request.user.pk not in services.version_writers(version),
            "diffs": _version_diffs(previous, version) if previous else None,
            "previous": previous,
        },
    )


def _labels() -> dict[str, str]:
    fields = RequirementVersion._meta
    return {name: fields.get_field(name).verbose_name for name in RequirementVersion.CONTENT_FIELDS}


def _as_strings(version: RequirementVersion) -> dict[str, str]:
    values = {name: getattr(version, name) for name in RequirementVersion.CONTENT_FIELDS}
    values["sources"] = "\n".join(version.sources)
    values["kind"] = str(version.get_kind_display())
    return values


def _version_diffs(old: RequirementVersion, new: RequirementVersion):
    return field_diffs(_as_strings(old), _as_strings(new), _labels())


@member_required
def version_diff(request: HttpRequest, uuid) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    editable = can_edit_requirement(request, requirement)
    versions = selectors.versions_of(requirement, include_unpublished=editable)
    by_number = {version.number: version for version in versions}
    try:
        a, b = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        a, b = (versions[1].number, versions[0].number) if len(versions) > 1 else (0, 0)
    old, new = by_number.get(min(a, b)), by_number.get(max(a, b))
    return render(
        request,
        "requirements/diff.html",
        {
            "requirement": requirement,
            "versions": versions,
            "old": old,
            "new": new,
            "diffs": _version_diffs(old, new) if old and new else None,
        },
    )


@member_required
def requirement_new(request: HttpRequest) -> HttpResponse:
    if can_edit_bank(request):
        organisation = None
    elif can_edit_local(request):
        organisation = request.organisation
    else:
        raise PermissionDenied
    form = forms.RequirementCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            requirement = services.requirement_create(
                organisation=organisation,
                key=data["key"],
                category=data["category"],
                tags=data["tags"],
                content=data,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(key)s was created.") % {"key": requirement.key})
            return redirect(requirement)
    return render(
        request, "requirements/requirement_form.html", {"form": form, "local": organisation}
    )


@member_required
def requirement_edit(request: HttpRequest, uuid) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    if not can_edit_requirement(request, requirement):
        raise PermissionDenied
    draft = services.open_draft(requirement)
    if draft is not None and draft.status == Status.REVIEW:
        messages.error(request, _("This requirement is in review and cannot be edited now."))
        return redirect(requirement)
    basis = draft or requirement.current_version
    initial = forms.VersionForm.initial_from(basis)
    initial.update(
        key=requirement.key,
        category=requirement.category_id,
        tags=", ".join(requirement.tags.values_list("name", flat=True)),
        seen=basis.edit_key if basis else "",
    )
    form = forms.RequirementEditForm(request.POST or None, initial=initial)
    conflict_diffs = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.requirement_edit(
                requirement=requirement,
                key=data["key"],
                category=data["category"],
                tags=data["tags"],
                content=data,
                actor=request.user,
                # A post without it (a script) is not checked.
                seen=data["seen"] if "seen" in request.POST else None,
            )
        except services.Conflict as conflict:
            form.add_error(None, conflict)
            # Saving again, having seen theirs, replaces it.
            form.data = form.data.copy()
            form.data["seen"] = conflict.current.edit_key
            requirement.refresh_from_db()
            conflict_diffs = _edit_diffs(requirement, conflict.current, data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s was saved.") % {"number": version.number}
            )
            return redirect(requirement)
    return render(
        request,
        "requirements/requirement_form.html",
        {
            "form": form,
            "requirement": requirement,
            "draft": draft,
            "local": requirement.organisation,
            "conflict_diffs": conflict_diffs,
        },
    )


def _edit_diffs(requirement: Requirement, saved: RequirementVersion, data: dict):
    """How the edit form's input differs from what is saved: the version's content and the
    requirement's key, category and tags."""
    fields = Requirement._meta
    labels = {name: fields.get_field(name).verbose_name for name in ("key", "category", "tags")}
    mine = RequirementVersion(**services.version_content(data))
    saved_tags = requirement.tags.values_list("name", flat=True)
    theirs = {
        "key": requirement.key,
        "category": requirement.category.display_name,
        "tags": ", ".join(sorted(saved_tags)),
        **_as_strings(saved),
    }
    yours = {
        "key": data["key"].strip().upper(),
        "category": data["category"].display_name,
        "tags": ", ".join(sorted(set(data["tags"]))),
        **_as_strings(mine),
    }
    return field_diffs(theirs, yours, {**labels, **_labels()})


def _editable_version(request: HttpRequest, uuid, number: int):
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    if requirement.is_local or not can_edit_bank(request):
        raise PermissionDenied
    return requirement, selectors.version_of(requirement, number, include_unpublished=True)


@require_POST
@member_required
def version_submit(request: HttpRequest, uuid, number: int) -> HttpResponse:
    requirement, version = _editable_version(request, uuid, number)
    try:
        services.version_submit(version=version, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The version was sent for review."))
    return redirect(version)


@require_POST
@member_required
def version_approve(request: HttpRequest, uuid, number: int) -> HttpResponse:
    requirement, version = _editable_version(request, uuid, number)
    try:
        services.version_approve(version=version, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The version was published."))
    return redirect(version)


@require_POST
@member_required
def version_send_back(request: HttpRequest, uuid, number: int) -> HttpResponse:
    requirement, version = _editable_version(request, uuid, number)
    try:
        services.version_send_back(
            version=version, actor=request.user, comment=request.POST.get("text", "")
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The version was sent back to draft."))
    return redirect(version)


@require_POST
@member_required
def version_comment(request: HttpRequest, uuid, number: int) -> HttpResponse:
    requirement, version = _editable_version(request, uuid, number)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        services.version_comment(
            version=version, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The comment was added."))
    else:
        messages.error(request, _("Write a comment."))
    return redirect(version)


@require_POST
@member_required
def requirement_withdraw(request: HttpRequest, uuid) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    if not can_edit_requirement(request, requirement):
        raise PermissionDenied
    try:
        services.requirement_withdraw(requirement=requirement, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("%(key)s was withdrawn.") % {"key": requirement.key})
    return redirect(requirement)


@require_POST
@member_required
def relation_add(request: HttpRequest, uuid) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    if requirement.is_local or not can_edit_bank(request):
        raise PermissionDenied
    form = forms.RelationForm(request.POST)
    if form.is_valid():
        try:
            services.relation_add(
                source=requirement,
                type=form.cleaned_data["type"],
                target=form.cleaned_data["target"],
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The relation was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(requirement)


@require_POST
@member_required
def relation_delete(request: HttpRequest, uuid, pk: int) -> HttpResponse:
    requirement = selectors.requirement_for(organisation=request.organisation, uuid=uuid)
    if requirement.is_local or not can_edit_bank(request):
        raise PermissionDenied
    relation = selectors.relation_of(requirement, pk)
    services.relation_remove(relation=relation)
    messages.success(request, _("The relation was removed."))
    return redirect(requirement)


@bank_editor_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "requirements/review_queue.html", {"versions": selectors.review_queue()})


@member_required
def release_list(request: HttpRequest) -> HttpResponse:
    editor = can_edit_bank(request)
    form = forms.ReleaseForm(
        request.POST if request.method == "POST" else None,
        initial={"released_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not editor:
            raise PermissionDenied
        if form.is_valid():
            try:
                release = services.release_create(
                    number=form.cleaned_data["number"],
                    released_on=form.cleaned_data["released_on"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Release %(number)s was made.") % {"number": release})
                return redirect(release)
    return render(
        request,
        "requirements/release_list.html",
        {"releases": selectors.releases(), "form": form if editor else None},
    )


@member_required
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = selectors.release_or_404(pk)
    return render(
        request,
        "requirements/release.html",
        {"release": release, "entries": selectors.release_entries(release)},
    )


@never_cache
@bank_editor_required
def bank_import(request: HttpRequest) -> HttpResponse:
    """Upload and check (a dry run: nothing stored), then import the checked file on confirmation:
    every row or none. The editor uploads once; what is imported is the file that was checked."""
    form = forms.ImportForm()
    report = token = None
    action = request.POST.get("action")
    if request.method == "POST" and action in ("confirm", "cancel"):
        try:
            kept = pending_uploads.take(request, request.POST.get("token", ""), purpose=BANK_IMPORT)
        except pending_uploads.AlreadyTaken:
            messages.warning(
                request,
                _(
                    "That import was already confirmed or cancelled; the file was not imported "
                    "again."
                ),
            )
            return redirect("requirements:import")
        if kept is None:
            messages.error(
                request,
                _("That import is no longer waiting for confirmation; upload the file again."),
            )
            return redirect("requirements:import")
        if action == "cancel":
            messages.info(request, _("The import was cancelled; nothing was changed."))
            return redirect("requirements:import")
        report = imports.import_bank(
            data=kept.content, filename=kept.about["filename"], actor=request.user, dry_run=False
        )
        if report.committed:
            messages.success(
                request,
                _(
                    "%(created)s new and %(updated)s changed requirements were sent for review; "
                    "%(unchanged)s were as published and were left as they are."
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("requirements:review-queue")
        messages.error(request, _("Nothing was imported: the file no longer passes the checks."))
    elif request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            report = imports.import_bank(
                data=data, filename=upload.name, actor=request.user, dry_run=True
            )
            if report.ok and (report.created or report.updated):
                token = pending_uploads.keep(
                    request, data, purpose=BANK_IMPORT, filename=upload.name
                )
            form = forms.ImportForm()
    return render(
        request, "requirements/import.html", {"form": form, "report": report, "token": token}
    )


@bank_editor_required
def bank_export(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        raise Http404
    requirements = selectors.bank_requirements(organisation=None, include_unpublished=False)
    dataset = bank_dataset(requirements.filter(organisation__isnull=True))
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[file_format]
    response = HttpResponse(dataset.export(file_format), content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition_header(
        True, f"kravbank-{stamp}.{file_format}"
    )
    return response


# --- Specifications ----------------------------------------------------------------------------


def specification_editor_required(view):
    """Municipal members with EDIT_SPECIFICATIONS; others may read but not change."""

    @member_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_edit_local(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@member_required
def specification_list(request: HttpRequest) -> HttpResponse:
    specifications = selectors.specifications_for(organisation=request.organisation)
    return render(
        request,
        "requirements/specification_list.html",
        {
            "specifications": specifications,
            "local_requirements": selectors.local_requirements(organisation=request.organisation),
            "can_edit": can_edit_local(request),
        },
    )


@specification_editor_required
def specification_new(request: HttpRequest) -> HttpResponse:
    form = forms.SpecificationForm(request.POST or None)
    if not selectors.latest_release():
        messages.error(request, _("The bank has no release yet."))
        return redirect("requirements:specification-list")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            specification = services.specification_create(
                organisation=request.organisation,
                title=data["title"],
                procurement=data["procurement"],
                description=data["description"],
                release=data["release"],
                categories=data["categories"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The specification was created."))
            return redirect(specification)
    return render(request, "requirements/specification_form.html", {"form": form})


def _specification(request: HttpRequest, pk: int):
    return selectors.specification_for(organisation=request.organisation, pk=pk)


@member_required
def specification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    tree = selectors.flatten(selectors.category_tree())
    counts = selectors.category_counts(specification)
    walk = [(node, counts[node.category.pk]) for node in tree if node.category.pk in counts]
    chosen = request.GET.get("category", "")
    only = request.GET.get("only", "")
    category_ids = None
    current_category = None
    if chosen:
        current_category = next((n.category for n in tree if n.category.key == chosen), None)
        if current_category is None:
            raise Http404
        category_ids = [current_category.pk]
    elif not only:
        # Show the first category with undecided requirements, so the page stays short.
        current_category = next(
            (node.category for node, (total, decided) in walk if decided < total),
            walk[0][0].category if walk else None,
        )
        category_ids = [current_category.pk] if current_category else None
    items = selectors.specification_items(
        specification,
        category_ids=category_ids,
        only=only if only in ("undecided", "flagged") else "",
        order={node.category.pk: index for index, node in enumerate(tree)},
    )
    editable = can_edit_local(request) and not specification.is_final
    local_choices = []
    if editable:
        local_choices = [
            (str(requirement.pk), f"{requirement.key} {requirement.current_version.title}")
            for requirement in selectors.addable_local_requirements(
                specification, organisation=request.organisation
            )
        ]
    return render(
        request,
        "requirements/specification.html",
        {
            "specification": specification,
            "progress": selectors.specification_progress(specification),
            "walk": walk,
            "items": items,
            "current_category": current_category,
            "only": only,
            "editable": editable,
            "can_edit": can_edit_local(request),
            "add_local_form": forms.AddLocalForm(choices=local_choices) if local_choices else None,
            "categories": specification.categories.all(),
        },
    )


@specification_editor_required
def specification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    form = forms.SpecificationForm(request.POST or None, instance=specification)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.specification_update(
                specification=specification,
                title=data["title"],
                procurement=data["procurement"],
                description=data["description"],
                categories=data["categories"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The specification was saved."))
            return redirect(specification)
    return render(
        request,
        "requirements/specification_form.html",
        {"form": form, "specification": specification},
    )


@member_required
def item_detail(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    item = selectors.item_for(specification=specification, item_pk=item_pk)
    editable = can_edit_local(request) and not specification.is_final
    initial = {
        "decision": item.decision if item.is_decided else None,
        "modified_text": item.modified_text or item.version.text,
        "justification": item.justification,
        "kind": item.kind,
        "weight": item.weight,
        "priority": item.priority,
    }
    form = forms.DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.item_decide(
                    item=item,
                    decision=data["decision"],
                    justification=data["justification"],
                    modified_text=data["modified_text"],
                    kind=data["kind"],
                    weight=data["weight"],
                    priority=data["priority"],
                    actor=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, _("The decision on %(key)s was saved.") % {"key": item.requirement.key}
                )
                following = selectors.next_undecided(specification, after=item)
                return redirect(following or specification)
    newer = item.newer_version
    modified_diff = (
        word_diff(item.version.text, item.modified_text)
        if item.decision == SpecificationItem.Decision.MODIFIED
        else None
    )
    return render(
        request,
        "requirements/item.html",
        {
            "specification": specification,
            "item": item,
            "form": form,
            "editable": editable,
            "newer": newer,
            "newer_diffs": _version_diffs(item.version, newer) if newer else None,
            "modified_diff": modified_diff,
            "keep_form": forms.KeepVersionForm() if newer and editable else None,
        },
    )


@require_POST
@specification_editor_required
def item_adopt(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    item = selectors.item_for(specification=specification, item_pk=item_pk)
    try:
        services.item_adopt_newer_version(item=item, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request,
            _("%(key)s now uses version %(number)s.")
            % {"key": item.requirement.key, "number": item.version.number},
        )
    return redirect(item)


@require_POST
@specification_editor_required
def item_keep(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    item = selectors.item_for(specification=specification, item_pk=item_pk)
    try:
        services.item_keep_version(item=item, note=request.POST.get("note", ""), actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The pinned version is kept."))
    return redirect(item)


@require_POST
@specification_editor_required
def specification_add_local(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    requirement = (
        selectors.local_requirements(organisation=request.organisation)
        .filter(pk=request.POST.get("requirement") or 0)
        .first()
    )
    if requirement is None:
        messages.error(request, _("Choose one of your local requirements."))
        return redirect(specification)
    try:
        services.specification_add_local_requirement(
            specification=specification, requirement=requirement, actor=request.user
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("%(key)s was added.") % {"key": requirement.key})
    return redirect(specification)


@require_POST
@specification_editor_required
def specification_final(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    try:
        services.specification_mark_final(specification=specification, actor=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("The specification is final."))
    return redirect(specification)


@require_POST
@specification_editor_required
def specification_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    services.specification_reopen(specification=specification, actor=request.user)
    messages.success(request, _("The specification is open for changes again."))
    return redirect(specification)


EXPORTS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "reqif": ("application/xml", "reqif"),
    "json": ("application/json", "json"),
}


@member_required
def specification_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    specification = _specification(request, pk)
    if file_format not in EXPORTS:
        raise Http404
    document = build_document(specification)
    renderers = {
        "pdf": render_pdf,
        "docx": render_docx,
        "xlsx": render_compliance_xlsx,
        "reqif": render_reqif,
        "json": lambda doc: doc.to_json().encode(),
    }
    content_type, extension = EXPORTS[file_format]
    response = HttpResponse(renderers[file_format](document), content_type=content_type)
    name = slugify(specification.title) or "kravspecifikation"
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{extension}")
    return response


@member_required
def specification_responses(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _specification(request, pk)
    editable = can_edit_local(request)
    form = forms.ComplianceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            items = [
                item for item in selectors.specification_items(specification) if item.is_included
            ]
            report = imports.read_compliance(
                data=form.cleaned_data["file"].read(), specification=specification, items=items
            )
            if report.ok:
                services.supplier_response_save(
                    specification=specification,
                    supplier_name=form.cleaned_data["supplier_name"],
                    answers=report.answers,
                    actor=request.user,
                )
                messages.success(
                    request,
                    _("The answers of %(supplier)s were read.")
                    % {"supplier": form.cleaned_data["supplier_name"]},
                )
                return redirect("requirements:responses", pk=specification.pk)
    return render(
        request,
        "requirements/responses.html",
        {
            "specification": specification,
            "table": selectors.supplier_responses(specification),
            "form": form if editable else None,
            "report": report,
        },
    )
