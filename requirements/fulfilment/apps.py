"""App configuration for requirement fulfilment (kravopfyldelse)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "requirements.fulfilment"
    label = "fulfilment"
    verbose_name = _("Requirement fulfilment")

    def ready(self) -> None:
        from contracts.selectors import CONTRACT_PAGE_FIGURES

        from .selectors import tally_figures

        CONTRACT_PAGE_FIGURES.update(tally_figures())
