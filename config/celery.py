"""The Celery application: configured from Django settings, tasks discovered in every app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kommuneit")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
