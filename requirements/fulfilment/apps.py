"""App configuration for requirement fulfilment (kravopfyldelse)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "requirements.fulfilment"
    label = "fulfilment"
    verbose_name = _("Requirement fulfilment")
