"""Celery application: settings come from Django settings (CELERY_*), tasks are autodiscovered."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("brobygger")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
