import time

from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.services import notification_schedule


@receiver(email_confirmed)
def welcome_after_first_verification(sender, request, email_address, **kwargs):
    """The first verified address gets a welcome e-mail with what to do next (sent once)."""
    user = email_address.user
    if user.emailaddress_set.filter(verified=True).count() == 1:
        notification_schedule(
            recipient=user,
            kind="account_welcome",
            subject=user,
            due_at=user.date_joined.replace(microsecond=0),
        )


@receiver(user_logged_in)
def start_the_idle_clock(sender, request, user, **kwargs):
    """Signing in counts as activity, so the first pages after it cause no session write."""
    from accounts.middleware import IdleTimeoutMiddleware

    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time())
