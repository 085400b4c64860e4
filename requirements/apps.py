"""App configuration for requirements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequirementsConfig(AppConfig):
    name = "requirements"
    verbose_name = _("Requirements")
