"""Make the Celery broker usable: create the filesystem broker's folders, or check Redis answers."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from config.celery import app


class Command(BaseCommand):
    help = "Create the filesystem broker's folders, or check that Redis at REDIS_URL answers."

    def handle(self, *args, **options):
        if not settings.REDIS_URL:
            options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
            for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
                settings.CELERY_FILESYSTEM_BROKER_DIR.joinpath(options[key]).mkdir(
                    parents=True, exist_ok=True
                )
            self.stdout.write(f"Filesystem broker in {settings.CELERY_FILESYSTEM_BROKER_DIR}")
            return
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
        except Exception as error:  # noqa: BLE001 - any failure means the broker is unusable
            self.stderr.write(
                f"Redis at {settings.REDIS_URL} does not answer ({error}). "
                "Start Redis, or unset REDIS_URL to use the filesystem broker."
            )
            sys.exit(1)
        self.stdout.write(f"Redis broker at {settings.REDIS_URL}")
