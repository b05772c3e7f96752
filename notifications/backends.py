"""Authentication backends that load the signed-in user together with their unread count.

Every page shows the number of unread notifications in the header. Loading it in the same query
that loads the user on each request (a correlated COUNT over `notification_unread_idx`) keeps
that at zero extra queries per page. Everything else is Django's and allauth's own behaviour.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from notifications.selectors import with_unread_notification_count


class _UnreadCountMixin:
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = with_unread_notification_count(user_model._default_manager.all()).get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ModelBackend(_UnreadCountMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(_UnreadCountMixin, AllauthBackend):
    pass
