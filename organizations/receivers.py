"""An invitation's e-mail goes through the outbox; its `sent_at` follows the outbox row."""

from django.dispatch import receiver

from notifications.models import Notification
from notifications.signals import notification_sent
from organizations.models import Invitation


@receiver(notification_sent, sender=Notification)
def mark_invitation_sent(sender, notification, now, **kwargs):
    if notification.kind == "organization_invitation":
        Invitation.objects.filter(pk=notification.subject_id, sent_at__isnull=True).update(
            sent_at=now
        )
