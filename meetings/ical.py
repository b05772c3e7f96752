"""iCalendar (RFC 5545) for meetings: one event per meeting, series as RRULE + EXDATE with
RECURRENCE-ID overrides, Europe/Oslo with a rule-based VTIMEZONE, written by the `icalendar`
library."""

from __future__ import annotations

import calendar as calendar_module
import functools
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from core.navigation import address_of_pk
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
    `extra_events` are added as they are (an organisation's grant deadlines, all-day).

    The meetings' events are written here line by line, byte for byte what the `icalendar`
    library writes for them (its property order, escaping and folding), at a tenth of its cost:
    building an `icalendar.Event` per meeting made a feed of 3,000 events take over a second
    (issue #24). The calendar's own lines and the time zone come from the library."""
    now = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    parts = [head[: -len(end)], _timezone_bytes("Europe/Oslo")]

    stamp, url = _utc_stamp(now), address_of_pk("meetings:detail")
    series: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        if meeting.series_id:
            series.setdefault(meeting.series_id, []).append(meeting)
        else:
            parts.append(_event(meeting, stamp=stamp, url=url))
    for occurrences in series.values():
        parts.extend(_series_events(occurrences, stamp=stamp, url=url))
    for event in extra_events:
        parts.append(event.to_ical())
    parts.append(end)
    return b"".join(parts)


@functools.cache
def _timezone_bytes(tzid: str) -> bytes:
    """The VTIMEZONE of a zone, written once per process (it never changes)."""
    return rule_based_timezone(tzid).to_ical()


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


# How `icalendar` writes a VEVENT's properties (Event.canonical_order first, the rest by name).
FOLD_LIMIT = 75  # a content line longer than 74 octets is folded (icalendar's foldline)


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545, 3.3.11 says, in `icalendar`'s order of replacements."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> bytes:
    """The line as octets, folded as `icalendar` folds it: at most 74 octets a piece, never
    inside a character, and a backslash (or ^) that ends a piece moves to the next one so that
    no escape is split."""
    data = line.encode()
    if len(data) < FOLD_LIMIT:
        return data
    pieces, start = [], 0
    while len(data) - start >= FOLD_LIMIT:
        stop = start + FOLD_LIMIT - 1
        while data[stop] & 0xC0 == 0x80:  # inside a UTF-8 character: back to its first octet
            stop -= 1
        if data[stop - 1] in (0x5C, 0x5E):  # "\\" or "^"
            stop -= 1
        pieces.append(data[start:stop])
        start = stop
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _local(moment: datetime) -> str:
    moment = moment.astimezone(OSLO)
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def _utc_stamp(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"
    )


def _event(
    meeting: Meeting,
    *,
    stamp: str,
    url,
    uid: str | None = None,
    recurrence_id: datetime | None = None,
    master: tuple | None = None,
) -> bytes:
    """One VEVENT as bytes. `master` (dtstart, dtend, sequence, status, rule lines) makes it a
    series' master event; `recurrence_id` one of its overrides."""
    if master is None:
        starts, ends = meeting.starts_at, meeting.ends_at
        sequence = meeting.sequence
        status = "CANCELLED" if meeting.is_cancelled else "CONFIRMED"
        rules = ()
    else:
        starts, ends, sequence, status, rules = master
    lines = [
        _fold("SUMMARY:" + _text(meeting.title)),
        ("DTSTART;TZID=Europe/Oslo:" + _local(starts)).encode(),
        ("DTEND;TZID=Europe/Oslo:" + _local(ends)).encode(),
        ("DTSTAMP:" + stamp).encode(),
        _fold("UID:" + _text(uid or str(meeting.uuid))),
    ]
    if recurrence_id is not None:
        lines.append(("RECURRENCE-ID;TZID=Europe/Oslo:" + _local(recurrence_id)).encode())
    lines.append(f"SEQUENCE:{sequence}".encode())
    lines.extend(rules)
    description = "\n\n".join(p for p in [meeting.description, meeting.agenda] if p)
    if description:
        lines.append(_fold("DESCRIPTION:" + _text(description)))
    location = _location(meeting)
    if location:
        lines.append(_fold("LOCATION:" + _text(location)))
    lines.append(b"STATUS:" + status.encode())
    lines.append(_fold("URL:" + settings.SITE_URL + url(meeting.pk)))
    return b"BEGIN:VEVENT\r\n" + b"\r\n".join(lines) + b"\r\nEND:VEVENT\r\n"


def _property_line(name: str, value) -> bytes:
    """One property as `icalendar` writes it (for the rare ones: a series' RRULE and EXDATE)."""
    event = icalendar.Event()
    event.add(name, value)
    return event.content_line(name.upper(), event[name.upper()]).to_ical()


@functools.lru_cache(maxsize=1024)
def _rrule_line(rrule: str) -> bytes:
    return _property_line("rrule", icalendar.vRecur.from_ical(rrule))


def _location(meeting: Meeting) -> str:
    if meeting.venue_id:
        venue = meeting.venue
        parts = [venue.name, venue.room, venue.address, f"{venue.postal_code} {venue.city}".strip()]
        return ", ".join(p for p in parts if p)
    return meeting.online_url


def _series_events(occurrences: list[Meeting], *, stamp: str, url) -> list[bytes]:
    occurrences = sorted(occurrences, key=lambda m: m.recurrence_id or m.starts_at)
    series = occurrences[0].series
    uid = str(series.uuid)
    template = next((m for m in occurrences if not m.detached and not m.is_cancelled), None)
    template = template or occurrences[0]
    everything_cancelled = all(m.is_cancelled for m in occurrences)
    rules = [_rrule_line(series.rrule)]
    cancelled = [m.recurrence_id.astimezone(OSLO) for m in occurrences if m.is_cancelled]
    if cancelled:
        rules.append(_property_line("exdate", cancelled))
    master = (
        series.dtstart,
        series.dtstart + series.duration,
        max(m.sequence for m in occurrences),
        "CANCELLED" if everything_cancelled else "CONFIRMED",
        rules,
    )
    events = [_event(template, stamp=stamp, url=url, uid=uid, master=master)]
    for meeting in occurrences:
        if not meeting.is_cancelled and _differs(meeting, template, series):
            events.append(
                _event(meeting, stamp=stamp, url=url, uid=uid, recurrence_id=meeting.recurrence_id)
            )
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
