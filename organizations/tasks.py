from celery import shared_task


# 5,000 rows take a few minutes (each organisation gets its history records one by one): more
# than the default limits. A soft time limit rolls the import back and marks the batch failed.
@shared_task(
    acks_late=True, reject_on_worker_lost=True, soft_time_limit=30 * 60, time_limit=31 * 60
)
def import_organizations(batch_id: int, by_id: int | None, invite: bool) -> int:
    """Thin wrapper: the service imports a queued batch once, all or nothing."""
    from organizations.importing import import_batch_run

    batch = import_batch_run(batch_id=batch_id, by_id=by_id, invite=invite)
    return batch.created_count if batch is not None else 0


@shared_task
def schedule_confirm_reminders() -> int:
    """Thin wrapper: the yearly "is the profile still correct?" e-mails (issue #18)."""
    from django.utils import timezone

    from organizations.services import organization_confirm_reminders_schedule

    return organization_confirm_reminders_schedule(now=timezone.now())
