from allauth.account.signals import email_confirmed
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
