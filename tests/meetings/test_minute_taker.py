"""The minute-taker (R25): a meeting names who takes the minutes (its creator unless the
organiser chooses another organiser); the morning after the meeting without minutes, the
minute-taker is reminded, once."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from meetings import services
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import MeetingFactory, MunicipalityMembershipFactory, UserFactory
from tests.meetings.helpers import staff_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def colleague(municipality):
    return MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.COORDINATOR
    ).user


def name_minute_taker(by, meeting, user):
    """`by` changes only who takes the minutes of `meeting`."""
    services.meeting_update(
        by=by,
        meeting=meeting,
        fields={"minute_taker": user},
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
    )


def reminders():
    return Notification.objects.filter(kind="meeting_minutes_reminder")


def test_a_new_meeting_names_its_creator_as_minute_taker(coordinator, municipality):
    start = timezone.now() + timedelta(days=5)
    meeting = staff_meeting(coordinator, municipality, "cooperation", "Samarbeidsmøte", start)
    assert meeting.minute_taker == coordinator


def test_the_organiser_names_another_organiser_but_not_an_outsider(
    client, coordinator, colleague, municipality
):
    meeting = MeetingFactory(municipality=municipality, minute_taker=coordinator)
    outsider = UserFactory()
    with pytest.raises(ValidationError) as refused:
        name_minute_taker(coordinator, meeting, outsider)
    assert "minute_taker" in refused.value.message_dict
    client.force_login(coordinator)
    page = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert "Who takes the minutes" in page
    name_minute_taker(coordinator, meeting, colleague)
    meeting.refresh_from_db()
    assert meeting.minute_taker == colleague


def test_the_minute_taker_is_reminded_once_the_morning_after_a_meeting_without_minutes(
    coordinator, colleague, municipality, mailoutbox
):
    day = timezone.localdate() + timedelta(days=10)
    start = timezone.make_aware(datetime.combine(day, time(18)))
    MeetingFactory(
        municipality=municipality,
        title="Samarbeidsmøte",
        minute_taker=colleague,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    next_morning = timezone.make_aware(datetime.combine(day + timedelta(days=1), time(8)))
    assert services.minutes_reminders_send_due(now=start + timedelta(hours=3, minutes=30)) == 0
    assert services.minutes_reminders_send_due(now=next_morning - timedelta(minutes=5)) == 0
    later = next_morning + timedelta(minutes=25)
    assert services.minutes_reminders_send_due(now=later) == 1
    assert services.minutes_reminders_send_due(now=later + timedelta(days=1)) == 0
    [reminder] = reminders()
    assert reminder.recipient == colleague
    notifications_send_due(now=later)
    [mail] = mailoutbox
    assert mail.to == [colleague.email]
    assert "Minutes not yet written: Samarbeidsmøte" in mail.subject
    assert "minute-taker" in mail.body


def test_no_reminder_when_the_minutes_are_written_or_the_meeting_was_cancelled(
    colleague, municipality
):
    start = timezone.now() + timedelta(days=1)
    times = {"starts_at": start, "ends_at": start + timedelta(hours=2)}
    MeetingFactory(municipality=municipality, minute_taker=colleague, minutes="Referat.", **times)
    MeetingFactory(municipality=municipality, minute_taker=colleague, status="cancelled", **times)
    assert services.minutes_reminders_send_due(now=start + timedelta(days=3)) == 0
    assert not reminders().exists()
