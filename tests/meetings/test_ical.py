"""iCalendar feeds (RFC 5545): parsed back with `icalendar`, series expanded with
`recurring-ical-events`, as a calendar application would."""

import uuid
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events
from django.conf import settings

from core.time import OSLO
from meetings.ical import calendar_for
from meetings.models import Kind, Meeting
from meetings.services import meeting_cancel, meeting_create
from tests.factories import VenueFactory
from tests.meetings.helpers import NOW, at, move

pytestmark = pytest.mark.django_db


def parse(content: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(content)


def events(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def feed(meetings) -> icalendar.Calendar:
    return parse(calendar_for(list(meetings), name="Drammen kommune", now=NOW))


def expanded_starts(calendar: icalendar.Calendar, start: date, end: date) -> list[datetime]:
    found = recurring_ical_events.of(calendar).between(start, end)
    return sorted(event["DTSTART"].dt.astimezone(OSLO) for event in found)


@pytest.fixture
def create(coordinator, municipality):
    def create_meeting(*, start=None, fields=None, **kwargs):
        start = start or at(date(2026, 9, 8))
        return meeting_create(
            by=coordinator,
            municipality=municipality,
            organizer_organization=None,
            fields={"kind": Kind.DIALOGUE, "title": "Dialogmøte", **(fields or {})},
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            now=NOW,
            **kwargs,
        )

    return create_meeting


def weekly(count: int) -> dict:
    return {"frequency": "WEEKLY", "interval": 1, "until": None, "count": count}


def series_rows(first: Meeting) -> list[Meeting]:
    return list(
        Meeting.objects.filter(series=first.series)
        .select_related("series", "venue")
        .order_by("recurrence_id")
    )


# -- the calendar -----------------------------------------------------------------------------


def test_an_empty_feed_is_still_a_valid_calendar_with_its_timezone():
    content = calendar_for([], name="Ingen møter", now=NOW)
    calendar = parse(content)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Brobygger//Meetings//NB"
    assert calendar["METHOD"] == "PUBLISH"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Oslo"
    assert events(calendar) == []
    assert content.endswith(b"END:VCALENDAR\r\n")


def test_lines_end_in_crlf_and_are_folded_at_75_octets(create):
    create(fields={"description": "Lang beskrivelse. " * 20})

    content = calendar_for(Meeting.objects.all(), name="Drammen kommune", now=NOW)

    lines = content.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75


def test_a_meeting_is_one_event_at_its_oslo_time(create, municipality):
    venue = VenueFactory(
        municipality=municipality, name="Grendehuset", room="Storsalen", address="Storgata 1"
    )
    meeting = create(fields={"venue": venue, "description": "Om høstens bosetting."})

    (event,) = events(feed([meeting]))

    assert event["UID"] == str(meeting.uuid)
    assert event["SUMMARY"] == "Dialogmøte"
    assert event["DTSTART"].dt == at(date(2026, 9, 8))
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event["DTEND"].dt == at(date(2026, 9, 8), 20)
    assert event["STATUS"] == "CONFIRMED"
    assert "Grendehuset, Storsalen, Storgata 1" in event["LOCATION"]
    assert event["DESCRIPTION"] == "Om høstens bosetting."
    assert event["URL"] == f"{settings.SITE_URL}/meetings/{meeting.pk}/"


def test_an_online_meeting_has_its_link_as_the_location(create):
    meeting = create(fields={"online_url": "https://meet.example.no/dialog"})

    (event,) = events(feed([meeting]))

    assert event["LOCATION"] == "https://meet.example.no/dialog"


def test_the_uid_is_a_bare_uuid_without_a_host_name(create):
    meeting = create()

    (event,) = events(feed([meeting]))

    assert str(uuid.UUID(str(event["UID"]))) == str(event["UID"])


def test_the_timestamp_is_in_utc(create):
    meeting = create()

    content = calendar_for([meeting], name="Drammen kommune", now=NOW)

    assert b"DTSTAMP:20260901T100000Z" in content


def test_the_uid_stays_and_the_sequence_rises_with_each_change(create, coordinator):
    meeting = create()
    (before,) = events(feed([meeting]))

    move(coordinator, meeting, at(date(2026, 9, 8), 19))
    meeting.refresh_from_db()
    (moved,) = events(feed([meeting]))
    move(coordinator, meeting, meeting.starts_at, title="Nytt navn")
    meeting.refresh_from_db()
    (renamed,) = events(feed([meeting]))

    assert before["UID"] == moved["UID"] == renamed["UID"] == str(meeting.uuid)
    assert [before["SEQUENCE"], moved["SEQUENCE"], renamed["SEQUENCE"]] == [0, 1, 2]
    assert moved["DTSTART"].dt == at(date(2026, 9, 8), 19)
    assert calendar_for([meeting], name="x", now=NOW) == calendar_for([meeting], name="x", now=NOW)


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(create, coordinator):
    meeting = create()

    meeting_cancel(by=coordinator, meeting=meeting, now=NOW)
    meeting.refresh_from_db()
    (event,) = events(feed([meeting]))

    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


# -- series -----------------------------------------------------------------------------------


@pytest.fixture
def autumn_series(create):
    """Tuesdays at 18:00 from 13 October to 17 November 2026; summer time ends on 25 October."""
    return create(start=at(date(2026, 10, 13)), repeat=weekly(6), fields={"title": "Samarbeid"})


def test_a_series_is_one_event_with_a_recurrence_rule(autumn_series):
    (master,) = events(feed(series_rows(autumn_series)))

    assert master["UID"] == str(autumn_series.series.uuid)
    assert dict(master["RRULE"]) == {
        "FREQ": ["WEEKLY"],
        "INTERVAL": [1],
        "BYDAY": ["TU"],
        "COUNT": [6],
    }
    assert master["DTSTART"].dt == at(date(2026, 10, 13))
    assert master["DTEND"].dt == at(date(2026, 10, 13), 20)


def test_a_series_keeps_six_oclock_in_oslo_across_the_end_of_summer_time(autumn_series):
    calendar = feed(series_rows(autumn_series))

    starts = expanded_starts(calendar, date(2026, 10, 1), date(2026, 12, 1))

    assert [s.date() for s in starts] == [date(2026, 10, 13) + timedelta(weeks=n) for n in range(6)]
    assert {s.time() for s in starts} == {time(18, 0)}
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in (2, 2, 1, 1, 1, 1)]


def test_a_series_keeps_six_oclock_in_oslo_across_the_start_of_summer_time(create):
    first = create(start=at(date(2027, 3, 16)), repeat=weekly(3))

    starts = expanded_starts(feed(series_rows(first)), date(2027, 3, 1), date(2027, 4, 30))

    assert starts == [at(date(2027, 3, 16)), at(date(2027, 3, 23)), at(date(2027, 3, 30))]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in (1, 1, 2)]


def test_a_series_with_a_last_date_expands_to_exactly_its_stored_occurrences(create):
    first = create(
        start=at(date(2026, 9, 3), 17, 30),  # Thursdays through the autumn
        repeat={"frequency": "WEEKLY", "interval": 1, "until": date(2026, 12, 10), "count": None},
    )
    rows = series_rows(first)

    starts = expanded_starts(feed(rows), date(2026, 8, 1), date(2027, 1, 1))

    assert starts == [r.starts_at.astimezone(OSLO) for r in rows]
    assert len(starts) == 15
    assert starts[-1] == at(date(2026, 12, 10), 17, 30)


def test_a_cancelled_occurrence_is_an_exdate_and_a_moved_one_an_override(
    autumn_series, coordinator
):
    rows = series_rows(autumn_series)
    meeting_cancel(by=coordinator, meeting=rows[3], now=NOW)  # 3 November
    move(coordinator, rows[4], at(date(2026, 11, 10), 19))  # 10 November, an hour later

    calendar = feed(series_rows(autumn_series))
    master, override = events(calendar)

    assert master["EXDATE"].dts[0].dt == at(date(2026, 11, 3))
    assert override["UID"] == master["UID"]
    assert override["RECURRENCE-ID"].dt == at(date(2026, 11, 10))
    assert override["DTSTART"].dt == at(date(2026, 11, 10), 19)
    assert override["SEQUENCE"] == 1
    assert master["SEQUENCE"] == 1
    assert expanded_starts(calendar, date(2026, 10, 1), date(2026, 12, 1)) == [
        at(date(2026, 10, 13)),
        at(date(2026, 10, 20)),
        at(date(2026, 10, 27)),
        at(date(2026, 11, 10), 19),
        at(date(2026, 11, 17)),
    ]


def test_moving_this_and_following_shows_the_new_time_for_those_occurrences(
    autumn_series, coordinator
):
    rows = series_rows(autumn_series)

    move(coordinator, rows[4], at(date(2026, 11, 10), 19), scope="following")
    calendar = feed(series_rows(autumn_series))

    assert expanded_starts(calendar, date(2026, 10, 1), date(2026, 12, 1)) == [
        at(date(2026, 10, 13)),
        at(date(2026, 10, 20)),
        at(date(2026, 10, 27)),
        at(date(2026, 11, 3)),
        at(date(2026, 11, 10), 19),
        at(date(2026, 11, 17), 19),
    ]


def test_moving_the_whole_series_a_day_later_shows_every_occurrence_at_the_new_time(
    create, coordinator
):
    first = create(start=at(date(2026, 10, 17)), repeat=weekly(3))  # Saturdays

    move(coordinator, first, at(date(2026, 10, 18)), scope="all")
    calendar = feed(series_rows(first))

    assert expanded_starts(calendar, date(2026, 10, 1), date(2026, 12, 1)) == [
        at(date(2026, 10, 18)),
        at(date(2026, 10, 25)),
        at(date(2026, 11, 1)),
    ]


def test_renaming_this_and_following_shows_the_new_title_only_for_those(autumn_series, coordinator):
    rows = series_rows(autumn_series)

    move(coordinator, rows[4], rows[4].starts_at, scope="following", title="Nytt navn")
    found = recurring_ical_events.of(feed(series_rows(autumn_series))).between(
        date(2026, 10, 1), date(2026, 12, 1)
    )

    titles = [str(e["SUMMARY"]) for e in sorted(found, key=lambda e: e["DTSTART"].dt)]
    assert titles == ["Samarbeid"] * 4 + ["Nytt navn"] * 2


def test_a_cancelled_series_shows_no_occurrences(autumn_series, coordinator):
    meeting_cancel(by=coordinator, meeting=autumn_series, scope="all", now=NOW)

    calendar = feed(series_rows(autumn_series))
    (master,) = events(calendar)

    assert master["STATUS"] == "CANCELLED"
    assert expanded_starts(calendar, date(2026, 10, 1), date(2026, 12, 1)) == []


def test_a_feed_mixes_single_meetings_and_series(create, autumn_series):
    single = create(start=at(date(2026, 10, 14)), fields={"title": "Enkeltmøte"})

    calendar = feed([single, *series_rows(autumn_series)])

    assert {str(e["UID"]) for e in events(calendar)} == {
        str(single.uuid),
        str(autumn_series.series.uuid),
    }
    assert len(expanded_starts(calendar, date(2026, 10, 1), date(2026, 12, 1))) == 7
