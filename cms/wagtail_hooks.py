"""Wagtail hooks: guidance is for signed-in users only; phases, roles and topics as snippets."""

from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import GuidanceRole, Phase, Topic


@hooks.register("before_serve_page")
def require_sign_in(page, request, serve_args, serve_kwargs):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


class PhaseViewSet(SnippetViewSet):
    model = Phase
    icon = "order"
    list_display = ["order", "name", "slug"]
    ordering = ["order"]


class GuidanceRoleViewSet(SnippetViewSet):
    model = GuidanceRole
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class GuidanceTaxonomyGroup(SnippetViewSetGroup):
    items = (PhaseViewSet, GuidanceRoleViewSet, TopicViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Guidance tags")
    menu_name = "guidance-tags"


register_snippet(GuidanceTaxonomyGroup)
