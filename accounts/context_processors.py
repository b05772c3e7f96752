from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from accounts.models import Municipality
from accounts.selectors import unread_notification_count, user_roles


def roles(request):
    """What the signed-in user may act as, and their municipalities for the header.

    Both are lazy: a page that does not use them costs no query.
    """
    user = request.user

    def municipalities() -> list[Municipality]:
        ids = user_roles(user).municipalities
        if not ids:
            return []
        return list(Municipality.objects.filter(pk__in=ids).only("name", "slug").order_by("name"))

    return {
        "roles": SimpleLazyObject(lambda: user_roles(user)),
        "header_municipalities": SimpleLazyObject(municipalities),
    }


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
