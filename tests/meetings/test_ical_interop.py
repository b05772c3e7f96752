"""The project's .ics files read by a second, independent iCalendar reader: ical.js (npm, run
with node by `tests/meetings/icaljs_read.mjs`), which, like a calendar app, knows Europe/Oslo only
from the file's VTIMEZONE block. `scripts/test.sh` installs node and runs `npm ci`."""

import json
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from core.time import OSLO
from meetings.ical import calendar_for, rule_based_timezone
from meetings.models import Kind, Meeting
from meetings.services import feed_for, meeting_create
from tests.factories import MeetingFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("icaljs_read.mjs")


def read_with_icaljs(content: bytes) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: scripts/test.sh installs it (apt-get install nodejs npm)")
    if not (ROOT / "node_modules" / "ical.js").is_dir():
        pytest.fail("node_modules/ical.js is missing: run `npm ci` in the repository root")
    result = subprocess.run(
        [node, str(SCRIPT)], input=content, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def icaljs_starts(content: bytes) -> dict[str, str]:
    return {event["summary"]: event["start"] for event in read_with_icaljs(content)["events"]}


def own_starts(content: bytes) -> dict[str, str]:
    calendar = icalendar.Calendar.from_ical(content)
    return {
        str(event["SUMMARY"]): event["DTSTART"].dt.astimezone(UTC).isoformat()
        for event in calendar.walk("VEVENT")
    }


def in_feed_window(month: int, day: int) -> date:
    """That day of the year, inside the feed's window (90 days back, 365 ahead)."""
    today = timezone.localdate()
    candidate = date(today.year, month, day)
    if candidate <= today:
        candidate = date(today.year + 1, month, day)
    if candidate - today > timedelta(days=300):
        candidate = date(candidate.year - 1, month, day)
    return candidate


def at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OSLO)


def iso_z(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00.000Z"


def test_the_feed_puts_a_summer_and_a_winter_meeting_at_the_right_utc_time(client, organization):
    summer_day, winter_day = in_feed_window(4, 20), in_feed_window(1, 19)
    for title, day in [("Sommermøte", summer_day), ("Vintermøte", winter_day)]:
        meeting = MeetingFactory(title=title, starts_at=at(day), ends_at=at(day, 20))
        ParticipationFactory(meeting=meeting, organization=organization)
    feed = feed_for(organization=organization)

    response = client.get(feed.get_absolute_url())

    assert response.status_code == 200
    assert icaljs_starts(response.content) == {
        "Sommermøte": iso_z(summer_day, 16),  # 18:00 summer time is 16:00 UTC
        "Vintermøte": iso_z(winter_day, 17),  # 18:00 winter time is 17:00 UTC
    }
    assert own_starts(response.content) == {
        "Sommermøte": f"{summer_day.isoformat()}T16:00:00+00:00",
        "Vintermøte": f"{winter_day.isoformat()}T17:00:00+00:00",
    }


def test_the_ics_download_of_a_summer_meeting_is_read_at_the_right_utc_time(
    client, organization, contact_person
):
    day = date(2027, 4, 20)
    meeting = MeetingFactory(title="Dialogmøte", starts_at=at(day), ends_at=at(day, 20))
    ParticipationFactory(meeting=meeting, organization=organization)
    client.force_login(contact_person)

    response = client.get(reverse("meetings:ics", args=[meeting.pk]))

    assert response.status_code == 200
    (event,) = read_with_icaljs(response.content)["events"]
    assert event["start"] == "2027-04-20T16:00:00.000Z"
    assert event["end"] == "2027-04-20T18:00:00.000Z"
    assert own_starts(response.content) == {"Dialogmøte": "2027-04-20T16:00:00+00:00"}


def test_a_weekly_series_across_the_start_of_summer_time_stays_at_six_in_ical_js(
    coordinator, municipality
):
    first = meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": Kind.DIALOGUE, "title": "Samarbeid"},
        starts_at=at(date(2027, 3, 16)),
        ends_at=at(date(2027, 3, 16), 20),
        now=datetime(2026, 9, 1, 12, tzinfo=OSLO),
        repeat={"frequency": "WEEKLY", "interval": 1, "until": None, "count": 3},
    )
    rows = Meeting.objects.filter(series=first.series).select_related("series", "venue")

    occurrences = read_with_icaljs(calendar_for(list(rows), name="Drammen kommune"))["occurrences"]

    assert [o["start"] for o in occurrences] == [
        "2027-03-16T17:00:00.000Z",
        "2027-03-23T17:00:00.000Z",
        "2027-03-30T16:00:00.000Z",  # summer time began on 28 March
    ]


def test_the_timezone_block_is_two_yearly_rules_and_no_list_of_dates():
    content = calendar_for([], name="Ingen møter")

    (vtimezone,) = icalendar.Calendar.from_ical(content).walk("VTIMEZONE")
    rules = {c.name: c for c in vtimezone.subcomponents}
    assert set(rules) == {"STANDARD", "DAYLIGHT"}
    last_sunday = {"FREQ": ["YEARLY"], "BYDAY": ["-1SU"]}
    assert dict(rules["DAYLIGHT"]["RRULE"]) == {**last_sunday, "BYMONTH": [3]}
    assert dict(rules["STANDARD"]["RRULE"]) == {**last_sunday, "BYMONTH": [10]}
    assert b"RDATE" not in content


@pytest.mark.parametrize("tzid", ["Europe/Oslo", "Europe/Copenhagen"])
def test_the_rule_based_timezone_agrees_with_the_time_zone_database_hour_by_hour(tzid):
    """Every hour around each change from 1996 to 2040, as another reader would compute it."""
    zone = ZoneInfo(tzid)
    from_block = rule_based_timezone(tzid).to_tz()
    for year in range(1996, 2041):
        for month in (3, 10):
            for day in range(24, 32):
                for hour in range(24):
                    moment = datetime(year, month, day, hour, 30, tzinfo=UTC)
                    assert moment.astimezone(from_block).utcoffset() == (
                        moment.astimezone(zone).utcoffset()
                    ), (tzid, moment)
