"""Reminders and notices through the accounts outbox (Notification rows, sent by
`notifications_send_due`): scheduled once, moved with the meeting, never stale, sent once."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.time import OSLO
from meetings.models import Kind, Meeting
from meetings.services import (
    REMINDER_KIND,
    feed_for,
    feed_set_digest,
    meeting_cancel,
    meeting_create,
    participation_answer,
    weekly_digests_schedule,
)
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import UserFactory, VenueFactory
from tests.meetings.helpers import NOW, TUESDAY, at, move

pytestmark = pytest.mark.django_db


def english_user():
    return UserFactory(preferred_language="en")


def dialogue(coordinator, municipality, day: date, fields=None, **invitees) -> Meeting:
    """A dialogue meeting on `day`, 18:00–20:00 Oslo time, made at NOW with `people` or
    `organizations` invited."""
    return meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": Kind.DIALOGUE, "title": "Dialogmøte", **(fields or {})},
        starts_at=at(day),
        ends_at=at(day, 20),
        now=NOW,
        **invitees,
    )


def reminders(**filters) -> list[Notification]:
    return list(Notification.objects.filter(kind=REMINDER_KIND, **filters).order_by("due_at"))


def due_times(user) -> list[datetime]:
    return [n.due_at.astimezone(OSLO) for n in reminders(recipient=user, sent_at__isnull=True)]


def send_due(now: datetime) -> list[mail.EmailMessage]:
    """Run the sender at `now` and return what it sent."""
    mail.outbox.clear()
    notifications_send_due(now=now)
    return list(mail.outbox)


@pytest.fixture
def people():
    return {answer: english_user() for answer in ("yes", "maybe", "no", "pending")}


@pytest.fixture
def meeting(coordinator, municipality, people):
    """Tuesday 8 September 2026, 18:00–20:00 Oslo time; four invited people, three answered."""
    created = dialogue(coordinator, municipality, TUESDAY, people=people.values())
    for response, person in people.items():
        if response != "pending":
            participation = created.participations.get(user=person)
            participation_answer(by=person, participation=participation, response=response, now=NOW)
    return created


# -- scheduling -------------------------------------------------------------------------------


def test_yes_and_maybe_get_reminders_two_days_and_three_hours_before(meeting, people):
    expected = [at(date(2026, 9, 6)), at(TUESDAY, 15)]

    assert due_times(people["yes"]) == expected
    assert due_times(people["maybe"]) == expected
    assert {n.subject for n in reminders()} == {meeting}


def test_no_and_no_answer_get_no_reminders(meeting, people):
    assert due_times(people["no"]) == []
    assert due_times(people["pending"]) == []
    assert len(reminders()) == 4


def test_changing_the_answer_to_no_removes_the_reminders(meeting, people):
    person = people["yes"]

    participation_answer(
        by=person, participation=meeting.participations.get(user=person), response="no", now=NOW
    )

    assert due_times(person) == []
    assert due_times(people["maybe"]) == [at(date(2026, 9, 6)), at(TUESDAY, 15)]


def test_answering_late_schedules_only_the_reminders_still_ahead(meeting, people):
    late = at(TUESDAY, 12)
    person = people["pending"]

    participation_answer(
        by=person, participation=meeting.participations.get(user=person), response="yes", now=late
    )

    assert due_times(person) == [at(TUESDAY, 15)]


def test_an_organisations_yes_reminds_its_admins_and_contact_persons(
    coordinator, municipality, organization, organization_admin, contact_person, member
):
    meeting = dialogue(coordinator, municipality, TUESDAY, organizations=[organization])

    participation_answer(
        by=contact_person,
        participation=meeting.participations.get(),
        response="yes",
        now=NOW,
    )

    assert {n.recipient for n in reminders()} == {organization_admin, contact_person}
    assert due_times(member) == []
    assert len(reminders()) == 4


def test_a_meeting_with_its_own_reminder_times_uses_them(coordinator, municipality):
    person = english_user()
    meeting = dialogue(
        coordinator, municipality, TUESDAY, fields={"reminder_minutes": [60]}, people=[person]
    )

    participation_answer(
        by=person, participation=meeting.participations.get(), response="yes", now=NOW
    )

    assert due_times(person) == [at(TUESDAY, 17)]


# -- a changed time ---------------------------------------------------------------------------


def test_a_new_start_time_replaces_the_unsent_reminders(meeting, people, coordinator):
    move(coordinator, meeting, at(TUESDAY, 19))

    assert due_times(people["yes"]) == [at(date(2026, 9, 6), 19), at(TUESDAY, 16)]
    assert due_times(people["maybe"]) == [at(date(2026, 9, 6), 19), at(TUESDAY, 16)]
    assert due_times(people["no"]) == []


def test_no_stale_reminder_goes_out_at_the_old_time(meeting, people, coordinator):
    send_due(NOW)  # the invitations
    move(coordinator, meeting, at(TUESDAY, 19))
    send_due(NOW)  # the notices of the new time

    at_old_time = send_due(at(date(2026, 9, 6)))
    at_new_time = send_due(at(date(2026, 9, 6), 19))

    assert at_old_time == []
    assert sorted(m.to[0] for m in at_new_time) == sorted(
        [people["yes"].email, people["maybe"].email]
    )
    assert all("19:00" in m.body for m in at_new_time)


def test_a_sent_reminder_stays_sent_when_the_meeting_moves(meeting, people, coordinator):
    send_due(at(date(2026, 9, 6)))  # the invitations and the two-day reminders
    after_first_reminder = at(date(2026, 9, 6), 12)

    move(coordinator, meeting, at(TUESDAY, 19), now=after_first_reminder)

    person = people["yes"]
    assert reminders(recipient=person, sent_at__isnull=False)[0].due_at == at(date(2026, 9, 6))
    assert due_times(person) == [at(date(2026, 9, 6), 19), at(TUESDAY, 16)]


def test_only_those_who_said_yes_or_maybe_hear_of_a_new_time(meeting, people, coordinator):
    send_due(NOW)  # the invitations

    move(coordinator, meeting, at(TUESDAY, 19))
    sent = send_due(NOW)

    assert sorted(m.to[0] for m in sent) == sorted([people["yes"].email, people["maybe"].email])
    assert all(m.subject == "New time: Dialogmøte" for m in sent)
    assert all("19:00" in m.body for m in sent)


# -- sending ----------------------------------------------------------------------------------


def test_each_reminder_is_sent_once_even_if_the_sender_runs_twice(meeting, people):
    send_due(NOW)  # the invitations
    two_days_before = at(date(2026, 9, 6))

    first = send_due(two_days_before)
    second = send_due(two_days_before)
    later = send_due(at(TUESDAY, 15, 30))

    assert sorted(m.to[0] for m in first) == sorted([people["yes"].email, people["maybe"].email])
    assert second == []
    assert len(later) == 2  # the three-hour reminders, once each
    assert Notification.objects.filter(kind=REMINDER_KIND, sent_at__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(TUESDAY, "16:00"), (date(2026, 11, 10), "17:00")],  # summer time, winter time
)
def test_reminder_emails_have_text_and_html_and_show_oslo_time(
    coordinator, municipality, day, utc_hour
):
    person = english_user()
    meeting = dialogue(coordinator, municipality, day, people=[person])
    participation_answer(
        by=person, participation=meeting.participations.get(), response="yes", now=NOW
    )
    send_due(at(day, 14))  # the invitation and the two-day reminder

    (message,) = send_due(at(day, 15))
    (html, mimetype) = message.alternatives[0]

    assert message.to == [person.email]
    assert message.subject == "Reminder: Dialogmøte"
    assert mimetype == "text/html"
    for part in (message.body, html):
        assert "18:00–20:00" in part
        assert utc_hour not in part
        assert f"/meetings/{meeting.pk}/" in part
    assert f"{day:%B} {day.year}" in message.body
    assert message.extra_headers["Message-ID"].startswith("<notification-")


# -- cancelling -------------------------------------------------------------------------------


def test_cancelling_sends_a_notice_at_once_and_removes_the_reminders(meeting, people, coordinator):
    send_due(NOW)  # the invitations

    meeting_cancel(by=coordinator, meeting=meeting, now=NOW)
    notices = send_due(NOW)

    assert sorted(m.to[0] for m in notices) == sorted(p.email for p in people.values())
    assert all(m.subject == "Cancelled: Dialogmøte" for m in notices)
    assert all(m.alternatives[0][1] == "text/html" for m in notices)
    assert reminders() == []
    assert send_due(at(date(2026, 9, 6))) == []
    assert send_due(at(TUESDAY, 15)) == []


def test_cancelling_one_occurrence_keeps_the_reminders_of_the_others(coordinator, municipality):
    person = english_user()
    first = meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": Kind.DIALOGUE, "title": "Samarbeid"},
        starts_at=at(TUESDAY),
        ends_at=at(TUESDAY, 20),
        people=[person],
        repeat={"frequency": "WEEKLY", "interval": 1, "until": None, "count": 2},
        now=NOW,
    )
    second = Meeting.objects.exclude(pk=first.pk).get()
    for occurrence in (first, second):
        participation_answer(
            by=person, participation=occurrence.participations.get(), response="yes", now=NOW
        )

    meeting_cancel(by=coordinator, meeting=first, now=NOW)

    assert due_times(person) == [at(date(2026, 9, 13)), at(date(2026, 9, 15), 15)]


# -- the weekly digest ------------------------------------------------------------------------

SUNDAY_EVENING = at(date(2026, 9, 6), 17, 55)


@pytest.fixture
def digest_readers(meeting, people):
    """The yes and maybe people asked for the weekly digest; the others did not."""
    for response in ("yes", "maybe"):
        feed_set_digest(feed=feed_for(user=people[response]), weekly_digest=True)
    feed_for(user=people["no"])
    return [people["yes"], people["maybe"]]


def test_one_digest_per_person_who_asked_for_it(digest_readers):
    count = weekly_digests_schedule(now=SUNDAY_EVENING)

    digests = Notification.objects.filter(kind="meeting_digest")
    assert count == 2
    assert sorted(n.recipient_id for n in digests) == sorted(p.pk for p in digest_readers)
    assert {n.due_at for n in digests} == {at(date(2026, 9, 6), 18)}


def test_running_the_digest_twice_the_same_sunday_evening_makes_one_row_each(digest_readers):
    weekly_digests_schedule(now=SUNDAY_EVENING)
    weekly_digests_schedule(now=SUNDAY_EVENING + timedelta(minutes=40))

    assert Notification.objects.filter(kind="meeting_digest").count() == 2


def test_the_next_sunday_makes_the_next_weeks_digest(digest_readers, coordinator, meeting):
    weekly_digests_schedule(now=SUNDAY_EVENING)
    move(coordinator, meeting, at(date(2026, 9, 15)))  # into the following week

    weekly_digests_schedule(now=SUNDAY_EVENING + timedelta(weeks=1))

    digests = Notification.objects.filter(kind="meeting_digest", recipient=digest_readers[0])
    assert [n.context["week_start"] for n in digests.order_by("due_at")] == [
        "2026-09-07",
        "2026-09-14",
    ]


def test_no_digest_for_a_week_without_meetings(digest_readers):
    count = weekly_digests_schedule(now=SUNDAY_EVENING + timedelta(weeks=1))

    assert count == 0
    assert not Notification.objects.filter(kind="meeting_digest").exists()


def test_the_digest_lists_next_weeks_meetings_in_oslo_time(digest_readers, meeting):
    weekly_digests_schedule(now=SUNDAY_EVENING)

    sent = [m for m in send_due(at(date(2026, 9, 6), 18)) if m.subject == "Your meetings next week"]

    assert sorted(m.to[0] for m in sent) == sorted(p.email for p in digest_readers)
    html = sent[0].alternatives[0][0]
    assert "- 08.09.2026 18:00 Dialogmøte" in sent[0].body
    assert "08.09.2026 18:00 –" in html
    assert f"/meetings/{meeting.pk}/" in html
    assert "16:00" not in sent[0].body + html


def test_a_batch_reads_the_meeting_and_its_venue_once_however_many_reminders(
    coordinator, municipality
):
    people = [english_user() for _ in range(6)]
    venue = VenueFactory(municipality=municipality, name="Union Scene")
    meeting = dialogue(coordinator, municipality, TUESDAY, fields={"venue": venue}, people=people)
    for person in people:
        participation = meeting.participations.get(user=person)
        participation_answer(by=person, participation=participation, response="yes", now=NOW)
    send_due(NOW)  # the invitations

    with CaptureQueriesContext(connection) as queries:
        sent = send_due(at(date(2026, 9, 6)))

    assert len(sent) == 6
    assert all("Union Scene" in message.body for message in sent)
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "meetings_meeting"' in q["sql"]]
    assert len(reads) == 1  # one query for the batch, not one per message
    assert 'JOIN "meetings_venue"' in reads[0]
    assert not any('FROM "meetings_venue"' in q["sql"] for q in queries.captured_queries)
