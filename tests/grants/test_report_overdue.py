"""When a granted application's report deadline passes without a report, the organisation's
contact person is reminded once, through the notifications outbox, and the coordinator's
overview marks the application as overdue."""

from datetime import date, datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from core.time import OSLO
from grants import tasks
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DUE = date(2026, 1, 31)


def _run_the_daily_task_on(moment: datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        tasks.schedule_grant_reminders.apply().get()


def test_a_report_that_is_not_sent_by_its_deadline_is_reminded_once(organization, contact_person):
    application = ApplicationFactory(
        organization=organization, title="Språkkafé 2025", status="granted", report_due_on=DUE
    )
    _run_the_daily_task_on(datetime(2026, 1, 31, 6, 40, tzinfo=OSLO))  # the day itself
    assert not Notification.objects.filter(kind="grant_report_overdue").exists()

    for day in (1, 2, 9):  # the task runs every day after the deadline
        _run_the_daily_task_on(datetime(2026, 2, day, 6, 40, tzinfo=OSLO))
    rows = list(Notification.objects.filter(kind="grant_report_overdue"))
    assert [(row.recipient, row.subject) for row in rows] == [(contact_person, application)]

    assert notifications_send_due(now=datetime(2026, 2, 2, 10, 0, tzinfo=OSLO)) >= 1
    assert notifications_send_due(now=datetime(2026, 2, 3, 10, 0, tzinfo=OSLO)) == 0
    overdue = [m for m in mail.outbox if "Report overdue" in m.subject]
    assert len(overdue) == 1
    assert overdue[0].to == [contact_person.email]
    assert "Språkkafé 2025" in overdue[0].body


def test_a_reported_or_not_granted_application_gets_no_overdue_reminder(
    organization, contact_person
):
    ApplicationFactory(
        organization=organization, status="reported", report_due_on=DUE, reported_on=DUE
    )
    ApplicationFactory(organization=organization, status="rejected", report_due_on=DUE)
    _run_the_daily_task_on(datetime(2026, 2, 2, 6, 40, tzinfo=OSLO))
    assert not Notification.objects.filter(kind="grant_report_overdue").exists()


def test_the_coordinator_sees_an_overdue_report(client, organization, coordinator):
    ApplicationFactory(
        organization=organization, title="Overdue one", status="granted", report_due_on=DUE
    )
    ApplicationFactory(
        organization=organization,
        title="Reported one",
        status="reported",
        report_due_on=DUE,
        reported_on=DUE,
    )
    client.force_login(coordinator)
    html = client.get(reverse("grants:overview")).content.decode()
    rows = {row.split("</th>")[0]: row for row in html.split("<tr>") if "</th>" in row}
    overdue = next(row for key, row in rows.items() if "Overdue one" in key)
    reported = next(row for key, row in rows.items() if "Reported one" in key)
    assert "Report overdue" in overdue
    assert "Report overdue" not in reported
