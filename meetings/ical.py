"""iCalendar (RFC 5545) for meetings: one event per meeting, series as RRULE + EXDATE with
RECURRENCE-ID overrides, Europe/Oslo with a rule-based VTIMEZONE, written by the `icalendar`
library."""

from __future__ import annotations

import calendar as calendar_module
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from core.time import OSLO, UTC
from meetings.models import Meeting

PRODID = "-//Brobygger//Meetings//NB"
# What an occurrence shows besides its time: when one differs from the series, it is an override.
SHOWN_FIELDS = ("title", "description", "agenda", "venue_id", "online_url")


def calendar_for(
    meetings: Iterable[Meeting],
    *,
    name: str,
    now: datetime | None = None,
    extra_events: Iterable[icalendar.Event] = (),
) -> bytes:
    """A VCALENDAR with the given meetings. Occurrences of a series become one master event
    (RRULE, EXDATE for cancelled occurrences) plus an override for each moved or edited one.
    `extra_events` are added as they are (an organisation's grant deadlines, all-day)."""
    now = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    calendar.add_component(rule_based_timezone("Europe/Oslo"))

    series: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.series_id:
            series.setdefault(meeting.series_id, []).append(meeting)
        else:
            calendar.add_component(_event(meeting, now=now))
    for occurrences in series.values():
        for event in _series_events(occurrences, now=now):
            calendar.add_component(event)
    for event in extra_events:
        calendar.add_component(event)
    return calendar.to_ical()


# The European Union's summer time rule, which Norway and Denmark follow (both since 1980, with
# the last Sunday of October since 1996): summer time from 01:00 UTC on the last Sunday of March
# to 01:00 UTC on the last Sunday of October.
EU_SUMMER_TIME_ZONES = ("Europe/Oslo", "Europe/Copenhagen")
RULE_FIRST_YEAR = 1970


def rule_based_timezone(tzid: str) -> icalendar.Timezone:
    """A VTIMEZONE for a zone that follows the EU summer time rule, as two yearly rules
    (RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU and BYMONTH=10). `icalendar`'s own
    `Timezone.from_tzid` writes every change as a long RDATE list instead, and calendar apps that
    read it with ical.js or vobject then put a summer meeting an hour wrong; every reader knows
    the rule form, which is also what Outlook and Google Calendar write."""
    if tzid not in EU_SUMMER_TIME_ZONES:
        raise ValueError(f"No summer time rule known for {tzid}")
    zone = ZoneInfo(tzid)
    winter = datetime(2001, 1, 15, 12, tzinfo=zone)
    summer = datetime(2001, 7, 15, 12, tzinfo=zone)
    standard_offset, daylight_offset = winter.utcoffset(), summer.utcoffset()
    # DTSTART is the local time before the change (RFC 5545, 3.6.5): 02:00 in spring (then it is
    # 03:00), 03:00 in autumn (then it is 02:00).
    change_hour = 1 + int(standard_offset / timedelta(hours=1))

    timezone_component = icalendar.Timezone()
    timezone_component.add("tzid", tzid)
    timezone_component.add("x-lic-location", tzid)
    std, dst = standard_offset, daylight_offset
    observances = [
        (icalendar.TimezoneDaylight(), 3, change_hour, std, dst, summer),
        (icalendar.TimezoneStandard(), 10, change_hour + 1, dst, std, winter),
    ]
    for observance, month, hour, offset_from, offset_to, example in observances:
        observance.add("tzname", example.tzname())
        observance.add("tzoffsetfrom", offset_from)
        observance.add("tzoffsetto", offset_to)
        first_change = _last_sunday(RULE_FIRST_YEAR, month)
        observance.add("dtstart", datetime.combine(first_change, time(hour)))
        observance.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        timezone_component.add_component(observance)
    return timezone_component


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, calendar_module.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _event(meeting: Meeting, *, now: datetime, uid: str | None = None) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid or str(meeting.uuid))
    event.add("dtstamp", now)
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("url", settings.SITE_URL + meeting.get_absolute_url())
    description = "\n\n".join(p for p in [meeting.description, meeting.agenda] if p)
    if description:
        event.add("description", description)
    location = _location(meeting)
    if location:
        event.add("location", location)
    return event


def _location(meeting: Meeting) -> str:
    if meeting.venue_id:
        venue = meeting.venue
        parts = [venue.name, venue.room, venue.address, f"{venue.postal_code} {venue.city}".strip()]
        return ", ".join(p for p in parts if p)
    return meeting.online_url


def _series_events(occurrences: list[Meeting], *, now: datetime) -> list[icalendar.Event]:
    occurrences = sorted(occurrences, key=lambda m: m.recurrence_id or m.starts_at)
    series = occurrences[0].series
    uid = str(series.uuid)
    template = next((m for m in occurrences if not m.detached and not m.is_cancelled), None)
    template = template or occurrences[0]
    master = _event(template, now=now, uid=uid)
    master.pop("dtstart")
    master.pop("dtend")
    master.pop("status")
    master.add("dtstart", series.dtstart.astimezone(OSLO))
    master.add("dtend", (series.dtstart + series.duration).astimezone(OSLO))
    everything_cancelled = all(m.is_cancelled for m in occurrences)
    master.add("status", "CANCELLED" if everything_cancelled else "CONFIRMED")
    master.add("rrule", icalendar.vRecur.from_ical(series.rrule))
    master.pop("sequence")
    master.add("sequence", max(m.sequence for m in occurrences))
    cancelled = [m.recurrence_id.astimezone(OSLO) for m in occurrences if m.is_cancelled]
    if cancelled:
        master.add("exdate", cancelled)
    events = [master]
    for meeting in occurrences:
        if not meeting.is_cancelled and _differs(meeting, template, series):
            override = _event(meeting, now=now, uid=uid)
            override.add("recurrence-id", meeting.recurrence_id.astimezone(OSLO))
            events.append(override)
    return events


def _differs(meeting: Meeting, template: Meeting, series) -> bool:
    """An occurrence edited on its own, or moved or changed with the ones after it, is not what
    the master event's rule says: it needs its own event with a RECURRENCE-ID."""
    if meeting.detached or meeting.starts_at != meeting.recurrence_id:
        return True
    if meeting.duration != series.duration:
        return True
    return any(getattr(meeting, name) != getattr(template, name) for name in SHOWN_FIELDS)


ICAL_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def activity_events(slots: Iterable) -> list[icalendar.Event]:
    """Organisations' public activities for the public feed (R41, `?activities=1`): one weekly
    event per weekly time, from the start of its season (or the day the activity was
    registered) to its end, if any. Local time, Europe/Oslo (Denmark's rules are the same).
    Each event's stamp is when its activity last changed, so that the bytes stay the same."""
    events = []
    for slot in slots:
        activity = slot.activity
        first = slot.season_start or timezone.localdate(activity.created_at, OSLO)
        first += timedelta(days=(slot.weekday - first.weekday()) % 7)
        event = icalendar.Event()
        event.add("uid", f"{activity.uuid}-{slot.pk}")
        event.add("dtstamp", activity.updated_at)
        event.add("dtstart", datetime.combine(first, slot.starts_at, tzinfo=OSLO))
        event.add("dtend", datetime.combine(first, slot.ends_at, tzinfo=OSLO))
        rule = {"freq": "weekly", "byday": ICAL_WEEKDAYS[slot.weekday]}
        if slot.season_end is not None:
            rule["until"] = datetime.combine(slot.season_end, time.max, tzinfo=OSLO).astimezone(UTC)
        event.add("rrule", rule)
        event.add("summary", f"{activity.title} ({activity.organization.name})")
        event.add("url", settings.SITE_URL + activity.get_absolute_url())
        place = ", ".join(p for p in [activity.address, activity.city] if p)
        if place or activity.online_url:
            event.add("location", place or activity.online_url)
        events.append(event)
    return events
