"""App configuration for tasks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = _("Jobs and notifications")

    def ready(self) -> None:
        from organisations.selectors import PER_ORGANISATION_FIGURES

        from .selectors import UNREAD_FIGURE, unread_count_expression

        PER_ORGANISATION_FIGURES[UNREAD_FIGURE] = unread_count_expression
