from django.utils import timezone
from django.utils.functional import cached_property

from notifications.selectors import unread_notification_count


class _NotificationBadge:
    """The header's unread count: one COUNT query, only when a template reads `unread`."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def unread(self) -> int:
        if not self._user.is_authenticated:
            return 0
        return unread_notification_count(self._user, now=timezone.now())


def notifications(request):
    return {"notification_badge": _NotificationBadge(request.user)}
