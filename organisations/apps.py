"""App configuration for organisations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_save

        from . import cache

        # Every model's saves: what pages cached of an organisation's data is stale once the
        # change commits (organisations.cache).
        post_save.connect(cache.forget_on_change, dispatch_uid="tenant-cache-on-save")
        m2m_changed.connect(
            cache.forget_on_relation_change, dispatch_uid="tenant-cache-on-relation-change"
        )
