"""The agenda goes to those invited N days before the meeting (R34): 3 by default, or the
municipality's own number; exactly once, however often the beat task runs."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AgendaSchedule
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import MeetingFactory, ParticipationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AGENDA = "1. Velkommen\n2. Nytt fra foreningene"


@pytest.fixture
def meeting(municipality, organization, contact):
    start = timezone.now() + timedelta(days=10)
    meeting = MeetingFactory(
        municipality=municipality,
        title="Samarbeidsmøte",
        agenda=AGENDA,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    ParticipationFactory(meeting=meeting, organization=organization)
    return meeting


def agendas():
    return Notification.objects.filter(kind="meeting_agenda")


def test_the_agenda_goes_out_three_days_before_and_only_once(meeting, contact, mailoutbox):
    assert services.agendas_send_due(now=meeting.starts_at - timedelta(days=3, minutes=5)) == 0
    assert not agendas().exists()
    at = meeting.starts_at - timedelta(days=3) + timedelta(minutes=5)
    assert services.agendas_send_due(now=at) == 1
    assert services.agendas_send_due(now=at + timedelta(hours=1)) == 0
    assert services.agendas_send_due(now=at + timedelta(days=2)) == 0
    [notification] = agendas()
    assert notification.recipient == contact
    notifications_send_due(now=at)
    [mail] = mailoutbox
    assert mail.to == [contact.email]
    assert "Agenda: Samarbeidsmøte" in mail.subject
    assert "Nytt fra foreningene" in mail.body  # the plain-text part
    assert "Nytt fra foreningene" in mail.alternatives[0][0]


def test_the_municipality_chooses_how_many_days_before(meeting, municipality):
    AgendaSchedule.objects.create(municipality=municipality, days_before=7)
    assert services.agendas_send_due(now=meeting.starts_at - timedelta(days=7, minutes=5)) == 0
    assert services.agendas_send_due(now=meeting.starts_at - timedelta(days=6, hours=23)) == 1


def test_no_agenda_for_a_cancelled_meeting_one_without_agenda_or_those_who_said_no(
    meeting, municipality, organization
):
    at = meeting.starts_at - timedelta(days=2)
    empty = MeetingFactory(
        municipality=municipality, agenda="", starts_at=meeting.starts_at, ends_at=meeting.ends_at
    )
    ParticipationFactory(meeting=empty, organization=organization)
    cancelled = MeetingFactory(
        municipality=municipality,
        agenda=AGENDA,
        status="cancelled",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
    )
    ParticipationFactory(meeting=cancelled, organization=organization)
    meeting.participations.update(response="no")
    assert services.agendas_send_due(now=at) == 1  # marked as done, but nobody to tell
    assert not agendas().exists()


def test_the_coordinator_sets_the_number_of_days_on_the_agenda_templates_page(
    client, coordinator, municipality
):
    client.force_login(coordinator)
    url = reverse("meetings:agenda_templates")
    assert 'value="3"' in client.get(url).content.decode()
    client.post(url, {"agenda_days_before": "5"})
    assert AgendaSchedule.objects.get(municipality=municipality).days_before == 5
    page = client.post(url, {"agenda_days_before": "40"}).content.decode()
    assert "Ensure this value is less than or equal to 14" in page


def test_the_beat_schedule_runs_the_agenda_task():
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "meetings.tasks.send_due_agendas" in tasks
