"""Reads of the notification centre and the settings: always the asking user's own."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import Now

from core.access import get_or_404
from notifications.models import MobileVerification, Notification, NotificationSettings

if TYPE_CHECKING:
    from accounts.models import User


def notification_settings_of(user: User) -> NotificationSettings | None:
    """The user's own notification settings, if they have saved any."""
    return NotificationSettings.objects.filter(user=user).first()


def mobile_verification_of(user: User) -> MobileVerification | None:
    """The user's own code waiting to be typed, if any."""
    return MobileVerification.objects.filter(user=user).first()


def notifications_visible_to(user: User, *, now: datetime) -> QuerySet[Notification]:
    """The notification centre: the user's own notifications that are due, newest first,
    with their subjects (one query per subject type)."""
    return (
        Notification.objects.filter(recipient=user, due_at__lte=now)
        .select_related("recipient")
        .prefetch_related("subject")
        .order_by("-due_at", "-pk")
    )


def unread_notification_count(user: User, *, now: datetime) -> int:
    """One indexed COUNT (notification_unread_idx). The header reads the count that came with
    the user (`with_unread_notification_count`) and asks this only for a user loaded otherwise."""
    cached = getattr(user, "unread_notification_count", None)
    if cached is not None:
        return cached
    return Notification.objects.filter(
        recipient=user, read_at__isnull=True, due_at__lte=now
    ).count()


def with_unread_notification_count(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate `unread_notification_count`: a correlated COUNT in the same query."""
    unread = (
        Notification.objects.filter(
            recipient=OuterRef("pk"), read_at__isnull=True, due_at__lte=Now()
        )
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return users.annotate(unread_notification_count=Subquery(unread))


def access_notification(user: User, pk: int, *, now: datetime) -> Notification:
    """One of the user's own notifications that is due; 404 otherwise."""
    return get_or_404(notifications_visible_to(user, now=now), pk=pk)
