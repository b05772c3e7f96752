"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from accounts import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def send_due_notifications() -> int:
    return services.notifications_send_due(now=timezone.now())


@shared_task(acks_late=True)
def purge_sent_notifications() -> int:
    return services.notifications_purge_sent(now=timezone.now())


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_digests() -> int:
    return services.notifications_send_digests(now=timezone.now())


@shared_task
def lapse_inactive_staff_roles() -> dict:
    """Nightly: warn of, then lapse, manual staff roles of people who stopped signing in."""
    from accounts.staff.services import staff_roles_lapse_inactive

    return staff_roles_lapse_inactive(now=timezone.now())
