from celery import shared_task
from django.utils import timezone

from meetings import services


@shared_task(acks_late=True)
def schedule_weekly_digests() -> int:
    """Sunday evening: next week's meetings, once per person (the outbox key makes it once)."""
    return services.weekly_digests_schedule(now=timezone.now())


@shared_task(acks_late=True)
def send_due_agendas() -> int:
    """The agendas whose day has come (N days before each meeting), once each."""
    return services.agendas_send_due(now=timezone.now())


@shared_task(acks_late=True)
def send_minutes_reminders() -> int:
    """Minute-takers of yesterday's meetings (and older) without minutes, once each."""
    return services.minutes_reminders_send_due(now=timezone.now())
