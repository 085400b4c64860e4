"""App configuration for invoices: imported OIOUBL/Peppol invoices checked against contracts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "contracts.invoicing"
    label = "invoicing"
    verbose_name = _("Invoices")
