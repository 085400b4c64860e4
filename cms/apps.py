"""App configuration for cms."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Guidance")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

        from . import cache
        from .models import GuidanceRole, Phase, Topic

        # What guidance shows depends on pages (published, moved, renamed, deleted) and on the
        # phases, topics and roles they are tagged with.
        def forget_guidance(sender, **kwargs) -> None:
            if issubclass(sender, Page | Phase | Topic | GuidanceRole):
                cache.forget_all()

        post_save.connect(forget_guidance, dispatch_uid="cms-guidance-cache-save")
        post_delete.connect(forget_guidance, dispatch_uid="cms-guidance-cache-delete")
        for signal in (page_unpublished, post_page_move, page_slug_changed):
            signal.connect(cache.forget_all, dispatch_uid=f"cms-guidance-cache-{id(signal)}")
