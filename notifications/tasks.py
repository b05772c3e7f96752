"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from notifications import services


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


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_notification(notification_id: int) -> bool:
    """One notification at once (an invitation right after it is made); if this never runs
    (the broker is down), `send_due_notifications` sends it."""
    return services.notification_send_now(notification_id=notification_id, now=timezone.now())
