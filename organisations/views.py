"""Views: switch organisation and language; members (administrators), organisations (superuser)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import selectors, services
from .forms import MemberAddForm, MemberRolesForm, OrganisationForm
from .middleware import SESSION_KEY
from .models import Organisation
from .permissions import roles_required, superuser_required
from .roles import MANAGE_MEMBERS


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def organisation_switch(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("organisation", ""))
    except ValueError:
        wanted = None
    organisation = next((o for o in request.user_organisations if o.pk == wanted), None)
    if organisation is None:
        raise Http404
    request.session[SESSION_KEY] = organisation.pk
    messages.success(request, _("You are now working in %(name)s.") % {"name": organisation.name})
    return redirect(_safe_next(request, reverse("dashboard")))


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language, remembered on the profile too so emails use the same language."""
    response = set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(user._meta.get_field("language").choices):
        user.language = language
        user.save(update_fields=["language"])
    return response


@roles_required(MANAGE_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = MemberAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.member_add(
                organisation=organisation,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                roles=form.cleaned_data["roles"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": user})
            return redirect("organisations:member-list")
    members = selectors.members_of(organisation=organisation)
    return render(request, "organisations/member_list.html", {"members": members, "form": form})


@roles_required(MANAGE_MEMBERS)
def member_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    organisation = request.organisation
    member = selectors.member_of(organisation=organisation, user_id=user_id)
    if member is None:
        raise Http404
    form = MemberRolesForm(
        request.POST if request.method == "POST" else None, initial={"roles": member.roles}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_roles(
                organisation=organisation, user=member.user, roles=form.cleaned_data["roles"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["roles"]:
                messages.success(
                    request, _("The roles of %(name)s were saved.") % {"name": member.user}
                )
            else:
                messages.success(
                    request,
                    _("%(name)s was removed from %(organisation)s.")
                    % {"name": member.user, "organisation": organisation},
                )
            return redirect("organisations:member-list")
    return render(request, "organisations/member_edit.html", {"member": member, "form": form})


@superuser_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s was created.") % {"name": organisation})
            return redirect("organisations:organisation-list")
    organisations = Organisation.objects.order_by("name")
    return render(
        request,
        "organisations/organisation_list.html",
        {"organisations": organisations, "form": form},
    )


@superuser_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(name)s was saved.") % {"name": organisation})
        return HttpResponseRedirect(reverse("organisations:organisation-list"))
    return render(
        request,
        "organisations/organisation_edit.html",
        {"organisation": organisation, "form": form},
    )
