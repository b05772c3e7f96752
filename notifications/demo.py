"""Demo data of the notifications app: the volunteer has a verified mobile number and wants
reminders and cancellations of meetings by SMS as well. Without `SMS_SVEVE_USER` and
`SMS_SVEVE_PASSWORD` (the demo's case) nothing goes by SMS and the settings page says so; with
a Sveve account set, the volunteer's settings show the choice."""

from django.utils import timezone

from accounts.models import User
from notifications.models import NotificationSettings

DEMO_MOBILE = "+4740000000"  # made up: change it before a demo with real SMS credentials


def seed(volunteer: User | None) -> None:
    if volunteer is None:
        return
    NotificationSettings.objects.get_or_create(
        user=volunteer,
        defaults={
            "mobile_number": DEMO_MOBILE,
            "mobile_verified_at": timezone.now(),
            "sms_kinds": ["meeting_reminder", "meeting_cancelled"],
        },
    )
