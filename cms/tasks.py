"""Periodic jobs of the guidance CMS."""

from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True)
def publish_scheduled() -> None:
    """Publish approved pages whose go-live time has come and unpublish expired ones.

    Wagtail only stores the go-live and expiry times an editor sets; its `publish_scheduled`
    command acts on them, so beat runs it every few minutes. It is idempotent: a second run
    finds nothing left to do.
    """
    call_command("publish_scheduled")
