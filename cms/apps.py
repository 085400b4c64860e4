"""App configuration for cms."""

from django.apps import AppConfig
from django.apps import apps as django_apps
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
        # phases, topics and roles they are tagged with. The receivers are module-level
        # functions (one defined here would be weakly referenced and gone once ready() returns),
        # connected per model: a receiver for every sender would cost every model of the
        # project Django's fast delete (one DELETE statement without loading the rows).
        for model in django_apps.get_models():
            if issubclass(model, Page | Phase | Topic | GuidanceRole):
                label = model._meta.label_lower
                post_save.connect(
                    cache.forget_on_change, sender=model, dispatch_uid=f"guidance-save-{label}"
                )
                post_delete.connect(
                    cache.forget_on_change, sender=model, dispatch_uid=f"guidance-delete-{label}"
                )
        for name, signal in (
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
            ("slug", page_slug_changed),
        ):
            signal.connect(cache.forget_after_commit, dispatch_uid=f"cms-guidance-cache-{name}")

        from django.db.models.signals import post_migrate

        from .sites import sync_default_site

        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="cms-sync-default-site")
