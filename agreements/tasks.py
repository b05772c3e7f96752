from celery import shared_task
from django.utils import timezone

from agreements import services


@shared_task(acks_late=True)
def schedule_agreement_reminders() -> int:
    return services.agreement_reminders_schedule(now=timezone.now())


@shared_task(acks_late=True)
def expire_ended_agreements() -> int:
    return services.agreements_expire(now=timezone.now())
