"""The fulfilment summary on a contract's page: `{% fulfilment_contract_summary contract %}`."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("fulfilment/_contract_summary.html")
def fulfilment_contract_summary(contract):
    return {"contract": contract, "summary": selectors.contract_summary(contract=contract)}
