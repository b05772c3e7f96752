"""Announcements are deleted once past the municipality's retention (core.retention)."""

from django.db import transaction
from django.dispatch import receiver

from announcements.models import Announcement
from core.retention import retention_due


@receiver(retention_due, dispatch_uid="announcements_retention")
@transaction.atomic
def delete_old_announcements(sender, *, cutoff, **kwargs) -> dict[str, int]:
    deleted = 0
    municipality_ids = Announcement.objects.values_list("municipality_id", flat=True).distinct()
    for municipality_id in list(municipality_ids):
        before = cutoff(municipality_id, "announcement_days")
        old = Announcement.objects.filter(municipality_id=municipality_id, sent_at__lt=before)
        _count, by_model = old.delete()
        deleted += by_model.get(Announcement._meta.label, 0)
    return {"announcements": deleted}
