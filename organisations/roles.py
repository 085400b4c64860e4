"""The roles a member can hold in an organisation, and which roles may do what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    CONTRACT_MANAGER = "contract_manager", _("Contract manager")
    SYSTEM_OWNER = "system_owner", _("System owner")
    BENEFIT_OWNER = "benefit_owner", _("Benefit owner")
    READER = "reader", _("Reader")
    BANK_EDITOR = "bank_editor", _("Bank editor")


# Every role may read its organisation's data; these sets say who may change what.
MANAGE_MEMBERS = frozenset({Role.ADMINISTRATOR})
CHANGE_CONTRACTS = frozenset({Role.ADMINISTRATOR, Role.CONTRACT_MANAGER})
ASSESS_FULFILMENT = frozenset({Role.ADMINISTRATOR, Role.SYSTEM_OWNER, Role.CONTRACT_MANAGER})
CHANGE_BENEFITS = frozenset({Role.ADMINISTRATOR, Role.BENEFIT_OWNER})
EDIT_SPECIFICATIONS = frozenset({Role.ADMINISTRATOR, Role.CONTRACT_MANAGER, Role.SYSTEM_OWNER})
EDIT_SHARED_BANK = frozenset({Role.BANK_EDITOR})
RUN_CHECKLISTS = frozenset(
    {Role.ADMINISTRATOR, Role.CONTRACT_MANAGER, Role.SYSTEM_OWNER, Role.BENEFIT_OWNER}
)
