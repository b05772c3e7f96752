"""The scheduling assistant: proposes evening and weekend slots that volunteers can come to.

Pure functions on plain values (no database): the service gathers venues, bookings and the
invitees' commitments, this module ranks the candidate times. Rules:
- weekday evenings: start at or after 17:00 and end by 21:30; weekends: daytime 10:00–18:00;
- never on a public holiday of the municipality's country (the `holidays` library), nor on
  the days the municipality keeps free of meetings (Christmas Eve, New Year's Eve and Easter
  Saturday unless it chose otherwise: `Municipality.days_without_meetings`);
- never when the venue is closed or already booked;
- prefer times when more invitees have nothing else (meetings in the portal, weekly activities).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import holidays
from dateutil.easter import easter
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import DayWithoutMeetings
from core.time import OSLO, zone_for

EVENING_FIRST_START = time(17, 0)
EVENING_LAST_END = time(21, 30)
WEEKEND_FIRST_START = time(10, 0)
WEEKEND_LAST_END = time(18, 0)
STEP = timedelta(minutes=30)
# Days off beyond the statutory list: the `holidays` library files Denmark's Constitution Day
# (Grundlovsdag, 5 June), Christmas Eve and New Year's Eve as "optional", yet nobody meets then.
HOLIDAY_CATEGORIES = {"DK": (holidays.PUBLIC, holidays.OPTIONAL)}


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class VenueInfo:
    id: int
    name: str
    # weekday (0 = Monday) → list of (opens, closes) local times; empty dict = always open
    openings: dict[int, list[tuple[time, time]]] = field(default_factory=dict)
    bookings: list[Interval] = field(default_factory=list)

    def is_open(self, start: datetime, end: datetime) -> bool:
        if not self.openings:
            return True
        local_start, local_end = start.astimezone(OSLO), end.astimezone(OSLO)
        if local_start.date() != local_end.date():
            return False
        return any(
            opens <= local_start.time() and local_end.time() <= closes
            for opens, closes in self.openings.get(local_start.weekday(), [])
        )

    def is_free(self, slot: Interval) -> bool:
        return not any(slot.overlaps(booking) for booking in self.bookings)


@dataclass
class Invitee:
    name: str
    busy: list[Interval] = field(default_factory=list)
    # weekly activities: weekday → list of (start, end) local times
    weekly: dict[int, list[tuple[time, time]]] = field(default_factory=dict)

    def is_free(self, slot: Interval) -> bool:
        if any(slot.overlaps(b) for b in self.busy):
            return False
        local = slot.start.astimezone(OSLO)
        local_end = slot.end.astimezone(OSLO)
        for start, end in self.weekly.get(local.weekday(), []):
            if local.time() < end and start < local_end.time():
                return False
        return True


@dataclass(frozen=True)
class Proposal:
    start: datetime
    end: datetime
    venue_id: int | None
    venue_name: str
    free_invitees: int
    total_invitees: int
    busy_names: tuple[str, ...]
    reason: str

    @property
    def is_weekend(self) -> bool:
        return self.start.astimezone(OSLO).weekday() >= 5


def public_holidays(country: str, start: date, end: date) -> dict[date, str]:
    years = range(start.year, end.year + 1)
    calendar = holidays.country_holidays(
        country,
        years=years,
        language="en_US",
        categories=HOLIDAY_CATEGORIES.get(country, (holidays.PUBLIC,)),
    )
    return {day: name for day, name in calendar.items() if start <= day <= end}


WORKING_DAY_ENDS = time(17)


def in_working_hours(start: datetime, country: str) -> bool:
    """Whether a meeting starting at `start` falls in the hours most volunteers are at work: a
    weekday (not a public holiday) before 17:00, in the municipality's zone (R32)."""
    local = start.astimezone(zone_for(country))
    if local.weekday() >= 5 or local.time() >= WORKING_DAY_ENDS:
        return False
    return local.date() not in public_holidays(country, local.date(), local.date())


def days_without_meetings(kinds: Iterable[str], start: date, end: date) -> dict[date, str]:
    """The dates in [start, end] of the municipality's days without meetings (the values of
    `accounts.models.DayWithoutMeetings`), each with its name; unknown values are ignored."""
    kinds = set(kinds)
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        dates = {
            DayWithoutMeetings.CHRISTMAS_EVE: _year_day(year, 12, 24),
            DayWithoutMeetings.NEW_YEARS_EVE: _year_day(year, 12, 31),
            DayWithoutMeetings.EASTER_SATURDAY: _easter_offset(year, -1),
            DayWithoutMeetings.WHIT_SATURDAY: _easter_offset(year, 48),
        }
        for kind, day in dates.items():
            if kind in kinds and day is not None and start <= day <= end:
                found[day] = str(DayWithoutMeetings(kind).label)
    return found


def _year_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _easter_offset(year: int, days: int) -> date | None:
    try:
        return easter(year) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None


def candidate_starts(day: date, duration: timedelta) -> list[datetime]:
    """Local start times on one day that fit the evening or weekend window."""
    weekend = day.weekday() >= 5
    first = WEEKEND_FIRST_START if weekend else EVENING_FIRST_START
    last_end = WEEKEND_LAST_END if weekend else EVENING_LAST_END
    starts = []
    current = datetime.combine(day, first, tzinfo=OSLO)
    limit = datetime.combine(day, last_end, tzinfo=OSLO)
    while current + duration <= limit:
        starts.append(current)
        current += STEP
    return starts


def propose(
    *,
    first_day: date,
    last_day: date,
    duration: timedelta,
    venues: list[VenueInfo],
    invitees: list[Invitee],
    country: str = "NO",
    avoid: Iterable[str] = (),
    now: datetime,
    limit: int = 8,
) -> list[Proposal]:
    """The best slots, best first: most invitees free, then weekday evening before weekend,
    then earliest. At most one proposal per day and venue, so that the list offers a choice.
    `avoid`: the municipality's days without meetings (`Municipality.days_without_meetings`)."""
    if duration <= timedelta(0) or duration > timedelta(hours=8):
        return []
    closed_days = public_holidays(country, first_day, last_day)
    closed_days |= days_without_meetings(avoid, first_day, last_day)
    rooms = venues or [VenueInfo(id=0, name="")]
    # Who is busy depends on the time only, not on the venue: weighed once per candidate time.
    # The proposals (their reasons in words) are made for the best ones only.
    best_per_day: dict[tuple[date, int], tuple] = {}
    day = first_day
    while day <= last_day:
        if day not in closed_days:
            for start in candidate_starts(day, duration):
                slot = Interval(start, start + duration)
                if slot.start <= now:
                    continue
                busy = None
                for venue in rooms:
                    if venue.id and not (
                        venue.is_open(slot.start, slot.end) and venue.is_free(slot)
                    ):
                        continue
                    if busy is None:
                        busy = tuple(i.name for i in invitees if not i.is_free(slot))
                    rank = (
                        len(busy) - len(invitees),
                        slot.start.astimezone(OSLO).weekday() >= 5,
                        slot.start,
                    )
                    key = (day, venue.id)
                    if key not in best_per_day or rank < best_per_day[key][0]:
                        best_per_day[key] = (rank, slot, venue, busy)
        day += timedelta(days=1)
    chosen = sorted(best_per_day.values(), key=lambda kept: kept[0])[:limit]
    return [_proposal(slot, venue, busy, len(invitees)) for _rank, slot, venue, busy in chosen]


def _proposal(slot: Interval, venue: VenueInfo, busy: tuple[str, ...], total: int) -> Proposal:
    free = total - len(busy)
    local = slot.start.astimezone(OSLO)
    when = _("weekend daytime") if local.weekday() >= 5 else _("weekday evening")
    parts = [when]
    if venue.id:
        parts.append(_("%(venue)s is free") % {"venue": venue.name})
    if total:
        parts.append(
            ngettext(
                "%(free)d of %(total)d organisation has no other commitment",
                "%(free)d of %(total)d organisations have no other commitment",
                total,
            )
            % {"free": free, "total": total}
        )
    reason = ", ".join(parts)
    return Proposal(
        start=slot.start,
        end=slot.end,
        venue_id=venue.id or None,
        venue_name=venue.name,
        free_invitees=free,
        total_invitees=total,
        busy_names=busy,
        reason=reason[:1].upper() + reason[1:] + ".",  # not capitalize(): keeps the venue's name
    )
