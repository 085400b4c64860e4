"""App configuration for cms."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Guidance")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_slug_changed, page_unpublished, post_page_move

        from . import cache

        # What guidance shows depends on pages (published, moved, renamed, deleted) and on the
        # phases, topics and roles they are tagged with. Receivers are module-level functions:
        # a function defined here would be weakly referenced and gone once ready() returns.
        post_save.connect(cache.forget_on_change, dispatch_uid="cms-guidance-cache-save")
        post_delete.connect(cache.forget_on_change, dispatch_uid="cms-guidance-cache-delete")
        for name, signal in (
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
            ("slug", page_slug_changed),
        ):
            signal.connect(cache.forget_after_commit, dispatch_uid=f"cms-guidance-cache-{name}")
