"""Celery tasks: thin wrappers around services, safe to run twice."""

from celery import shared_task
from django.utils import timezone

from referrals import services


@shared_task(acks_late=True)
def schedule_referral_reminders() -> int:
    services.referrals_expire(now=timezone.now())
    return services.referral_reminders_schedule(now=timezone.now())


@shared_task(acks_late=True)
def purge_personal_data() -> dict[str, int]:
    return services.retention_purge(now=timezone.now())


@shared_task(acks_late=True)
def schedule_offer_reminders() -> int:
    return services.offer_reminders_schedule(now=timezone.now())


@shared_task(acks_late=True)
def schedule_referral_follow_ups() -> int:
    return services.referral_follow_ups_schedule(now=timezone.now())
