from celery import shared_task
from django.utils import timezone

from grants import services


@shared_task(acks_late=True)
def schedule_grant_reminders() -> int:
    return services.grant_reminders_schedule(now=timezone.now())
