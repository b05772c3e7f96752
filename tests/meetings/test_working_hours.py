"""Meetings on volunteers' terms (R32): the meeting form warns when a meeting with organisations
is set on a weekday before 17:00, and asks why; the reason reaches those invited."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.time import COPENHAGEN, OSLO
from meetings.models import Kind, Meeting
from meetings.planner import in_working_hours
from notifications.services import notifications_send_due
from tests.factories import person_of, verified_in
from tests.meetings.test_views import content, field_html, meeting_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CREATE = reverse("meetings:create")
REASON = "Kommunens tolk er bare ledig på dagtid."


def next_weekday(weekday: int) -> date:
    day = timezone.localdate() + timedelta(days=7)
    while day.weekday() != weekday or day.month == 12 or (day.month, day.day) <= (1, 2):
        day += timedelta(days=1)
    return day


@pytest.fixture
def organization(municipality):
    organization = verified_in(municipality, "Drammen Frivilligsentral")
    person_of(organization, "contact")
    return organization


@pytest.mark.parametrize(
    ("weekday", "hour", "expected"),
    [(1, 10, True), (1, 16, True), (1, 17, False), (5, 10, False), (6, 11, False)],
)
def test_working_hours_are_weekdays_before_five(weekday, hour, expected):
    day = next_weekday(weekday)
    assert in_working_hours(datetime.combine(day, time(hour), tzinfo=OSLO), "NO") is expected
    assert in_working_hours(datetime.combine(day, time(hour), tzinfo=COPENHAGEN), "DK") is expected


def test_a_public_holiday_is_not_working_hours():
    may_17 = date(2028, 5, 17)  # a Wednesday: Norway's Constitution Day, not Denmark's
    assert in_working_hours(datetime.combine(may_17, time(10), tzinfo=OSLO), "DK") is True
    assert in_working_hours(datetime.combine(may_17, time(10), tzinfo=OSLO), "NO") is False


def test_a_10_oclock_tuesday_meeting_with_organisations_shows_the_warning(
    client, coordinator, municipality, organization
):
    client.force_login(coordinator)
    tuesday = next_weekday(1)
    data = meeting_data(
        municipality,
        tuesday,
        online_url="https://meet.example.no/dag",
        start_time="10:00",
        end_time="11:30",
        organizations=[organization.pk],
    )

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "when most volunteers are at work" in field_html(
        content(response), "working_hours_reason"
    )
    assert data["title"] in content(response)  # what was typed is kept


def test_with_a_reason_it_saves_and_those_invited_see_the_reason(
    client, coordinator, municipality, organization, mailoutbox
):
    client.force_login(coordinator)
    data = meeting_data(
        municipality,
        next_weekday(1),
        online_url="https://meet.example.no/dag",
        start_time="10:00",
        end_time="11:30",
        organizations=[organization.pk],
        working_hours_reason=REASON,
    )

    response = client.post(CREATE, data)

    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.working_hours_reason == REASON
    assert REASON in content(client.get(meeting.get_absolute_url()))
    notifications_send_due(now=timezone.now())
    [invitation] = mailoutbox
    assert REASON in invitation.body
    assert REASON in invitation.alternatives[0][0]


@pytest.mark.parametrize(
    ("weekday", "start", "end", "invite"),
    [(1, "18:00", "20:00", True), (5, "11:00", "13:00", True), (1, "10:00", "11:00", False)],
)
def test_no_reason_is_needed_in_the_evening_at_weekends_or_without_organisations(
    client, coordinator, municipality, organization, weekday, start, end, invite
):
    client.force_login(coordinator)
    data = meeting_data(
        municipality,
        next_weekday(weekday),
        kind=Kind.INTERNAL_FOLLOW_UP,
        online_url="https://meet.example.no/x",
        start_time=start,
        end_time=end,
        working_hours_reason="stale",
        **({"organizations": [organization.pk]} if invite else {}),
    )

    response = client.post(CREATE, data)

    assert response.status_code == 302, field_html(content(response), "working_hours_reason")
    assert Meeting.objects.get().working_hours_reason == ""  # a reason only where one is asked
