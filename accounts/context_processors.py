from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from accounts.selectors import unread_notification_count, user_roles
from accounts.tenancy import Tenant


def roles(request):
    """What the signed-in user may act as, their staff municipalities and the active one (the
    tenant, `accounts.tenancy`) for the header.

    All are lazy: a page that does not use them costs no query.
    """
    user = request.user
    tenant = getattr(request, "tenant", None) or Tenant(request)
    return {
        "roles": SimpleLazyObject(lambda: user_roles(user)),
        "header_municipalities": SimpleLazyObject(lambda: tenant.municipalities),
        "tenant": tenant,
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
