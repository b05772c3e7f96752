from celery import shared_task
from django.utils import timezone

from meetings import services


@shared_task(acks_late=True)
def schedule_weekly_digests() -> int:
    """Sunday evening: next week's meetings, once per person (the outbox key makes it once)."""
    return services.weekly_digests_schedule(now=timezone.now())
