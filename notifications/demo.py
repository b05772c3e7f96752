"""Demo data of the notifications app: the volunteer has a verified (made-up) mobile number and
has chosen nothing by SMS yet. Without `SMS_SVEVE_USER` and `SMS_SVEVE_PASSWORD` (the demo's
case) the settings page says SMS is not available; with a Sveve account set, the volunteer's
settings offer the three kinds. Nothing is sent to the made-up number until someone ticks one."""

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
            "sms_kinds": [],
        },
    )
