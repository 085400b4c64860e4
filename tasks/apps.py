"""App configuration for tasks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Jobs and notifications")

    def ready(self) -> None:
        from celery.signals import task_postrun

        from organisations import cache
        from organisations.selectors import PER_ORGANISATION_FIGURES

        from .selectors import UNREAD_FIGURE, unread_count_expression

        PER_ORGANISATION_FIGURES[UNREAD_FIGURE] = unread_count_expression
        # Tasks write in bulk, without model signals: what pages cached of the data is stale.
        task_postrun.connect(cache.forget_after_task, dispatch_uid="tenant-cache-after-task")
