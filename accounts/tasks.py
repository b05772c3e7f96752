"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task
from django.utils import timezone


@shared_task
def lapse_inactive_staff_roles() -> dict:
    """Nightly: warn of, then lapse, manual staff roles of people who stopped signing in."""
    from accounts.staff.services import staff_roles_lapse_inactive

    return staff_roles_lapse_inactive(now=timezone.now())
