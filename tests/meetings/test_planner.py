"""The scheduling assistant: pure functions on plain values, no database."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import translation

from accounts.models import default_days_without_meetings
from core.time import OSLO
from meetings.planner import (
    Interval,
    Invitee,
    VenueInfo,
    candidate_starts,
    days_without_meetings,
    propose,
    public_holidays,
)

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=OSLO)  # a Tuesday
TWO_HOURS = timedelta(hours=2)
TUESDAY = date(2026, 9, 8)
WEDNESDAY = date(2026, 9, 9)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


def local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO)


def propose_all(**kwargs) -> list:
    """Every proposal, not only the best eight."""
    defaults = {
        "duration": TWO_HOURS,
        "venues": [],
        "invitees": [],
        "now": NOW,
        "limit": 1000,
    }
    return propose(**{**defaults, **kwargs})


def test_weekday_evening_slots_start_at_five_or_later_and_end_by_half_past_nine():
    proposals = propose_all(first_day=date(2026, 9, 2), last_day=date(2026, 9, 15))

    weekdays = [p for p in proposals if local(p.start).weekday() < 5]
    assert len(weekdays) == 10
    for proposal in weekdays:
        assert local(proposal.start).time() >= time(17, 0)
        assert local(proposal.end).time() <= time(21, 30)
        assert local(proposal.end).date() == local(proposal.start).date()


def test_weekday_candidates_are_every_half_hour_from_five_to_the_last_that_ends_by_half_past_nine():
    starts = candidate_starts(TUESDAY, TWO_HOURS)

    assert [s.time() for s in starts] == [
        time(17, 0),
        time(17, 30),
        time(18, 0),
        time(18, 30),
        time(19, 0),
        time(19, 30),
    ]


def test_weekend_slots_are_daytime_between_ten_and_six():
    proposals = propose_all(first_day=date(2026, 9, 2), last_day=date(2026, 9, 15))

    weekends = [p for p in proposals if p.is_weekend]
    assert {local(p.start).date() for p in weekends} == {
        date(2026, 9, 5),
        date(2026, 9, 6),
        date(2026, 9, 12),
        date(2026, 9, 13),
    }
    for proposal in weekends:
        assert local(proposal.start).time() >= time(10, 0)
        assert local(proposal.end).time() <= time(18, 0)
    saturday = candidate_starts(date(2026, 9, 5), TWO_HOURS)
    assert (saturday[0].time(), saturday[-1].time()) == (time(10, 0), time(16, 0))


def test_a_slot_too_long_for_the_evening_window_is_never_proposed_on_a_weekday():
    five_hours = timedelta(hours=5)

    assert candidate_starts(TUESDAY, five_hours) == []
    assert candidate_starts(date(2026, 9, 5), five_hours) != []


@pytest.mark.parametrize("duration", [timedelta(0), timedelta(hours=-1), timedelta(hours=9)])
def test_an_empty_or_overlong_duration_gives_no_proposals(duration):
    assert propose_all(first_day=TUESDAY, last_day=WEDNESDAY, duration=duration) == []


@pytest.mark.parametrize(
    "holiday",
    [
        date(2027, 5, 17),  # Constitution Day (also Whit Monday that year)
        date(2026, 12, 25),  # Christmas Day
        date(2026, 12, 26),  # Boxing Day, a Saturday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 3, 25),  # Maundy Thursday
        date(2026, 5, 14),  # Ascension Day
    ],
)
def test_no_proposal_on_a_norwegian_public_holiday(holiday):
    long_before = datetime(2026, 1, 1, tzinfo=OSLO)

    on_the_day = propose_all(first_day=holiday, last_day=holiday, now=long_before)
    around = propose_all(
        first_day=holiday - timedelta(days=3), last_day=holiday + timedelta(days=3), now=long_before
    )

    assert on_the_day == []
    assert holiday not in {local(p.start).date() for p in around}
    assert holiday in public_holidays("NO", holiday, holiday)


def test_danish_municipalities_get_no_proposal_on_constitution_day_but_norwegian_ones_do():
    grundlovsdag = date(2026, 6, 5)  # a Friday; a day off in Denmark, a working day in Norway
    long_before = datetime(2026, 1, 1, tzinfo=OSLO)

    danish = propose_all(
        first_day=grundlovsdag, last_day=grundlovsdag, now=long_before, country="DK"
    )
    norwegian = propose_all(first_day=grundlovsdag, last_day=grundlovsdag, now=long_before)

    assert danish == []
    assert len(norwegian) == 1
    assert grundlovsdag in public_holidays("DK", date(2026, 1, 1), date(2026, 12, 31))


def test_store_bededag_is_a_danish_day_off_until_2023_and_a_working_day_from_2024():
    """Denmark abolished Store Bededag (the fourth Friday after Easter) from 2024."""
    in_2023 = public_holidays("DK", date(2023, 1, 1), date(2023, 12, 31))
    in_2024 = public_holidays("DK", date(2024, 1, 1), date(2024, 12, 31))
    in_2027 = public_holidays("DK", date(2027, 1, 1), date(2027, 12, 31))

    assert date(2023, 5, 5) in in_2023
    assert date(2024, 4, 26) not in in_2024
    assert date(2027, 4, 23) not in in_2027
    assert len(in_2024) == len(in_2023) - 1


def test_norwegian_constitution_day_is_an_ordinary_day_in_denmark():
    seventeenth_of_may = date(2028, 5, 17)  # a Wednesday
    long_before = datetime(2028, 1, 1, tzinfo=OSLO)

    danish = propose_all(
        first_day=seventeenth_of_may, last_day=seventeenth_of_may, now=long_before, country="DK"
    )
    norwegian = propose_all(
        first_day=seventeenth_of_may, last_day=seventeenth_of_may, now=long_before
    )

    assert len(danish) == 1
    assert norwegian == []


@pytest.mark.parametrize("country", ["NO", "DK"])
def test_no_proposal_on_christmas_eve_new_years_eve_or_easter_saturday_by_default(country):
    long_before = datetime(2026, 1, 1, tzinfo=OSLO)
    avoid = default_days_without_meetings()

    def between(first_day, last_day):
        return propose_all(
            first_day=first_day, last_day=last_day, now=long_before, country=country, avoid=avoid
        )

    christmas = between(date(2026, 12, 21), date(2027, 1, 3))
    easter = between(date(2027, 3, 22), date(2027, 4, 2))

    christmas_days = {local(p.start).date() for p in christmas}
    easter_days = {local(p.start).date() for p in easter}
    assert date(2026, 12, 24) not in christmas_days  # Christmas Eve, a Thursday
    assert date(2026, 12, 31) not in christmas_days  # New Year's Eve, a Thursday
    assert date(2027, 3, 27) not in easter_days  # Easter Saturday
    assert {date(2026, 12, 23), date(2026, 12, 30)} <= christmas_days  # the evenings before
    assert date(2027, 3, 24) in easter_days  # the Wednesday before Maundy Thursday


def test_a_municipality_that_meets_on_christmas_eve_gets_it_proposed():
    christmas_eve = date(2026, 12, 24)
    long_before = datetime(2026, 1, 1, tzinfo=OSLO)

    proposals = propose_all(
        first_day=christmas_eve, last_day=christmas_eve, now=long_before, avoid=[]
    )

    assert [local(p.start).date() for p in proposals] == [christmas_eve]


def test_the_days_without_meetings_are_dated_for_each_year_of_the_range():
    days = days_without_meetings(
        ["easter_saturday", "whit_saturday", "christmas_eve", "unknown"],
        date(2027, 1, 1),
        date(2028, 12, 31),
    )

    assert sorted(days) == [
        date(2027, 3, 27),  # Easter Saturday 2027
        date(2027, 5, 15),  # Whitsun Eve 2027
        date(2027, 12, 24),
        date(2028, 4, 15),  # Easter Saturday 2028
        date(2028, 6, 3),  # Whitsun Eve 2028
        date(2028, 12, 24),
    ]


def test_public_holidays_are_limited_to_the_asked_range():
    days = public_holidays("NO", date(2026, 12, 20), date(2027, 1, 5))

    assert set(days) == {date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)}


def test_no_proposal_overlaps_a_booking_of_the_venue():
    booked = Interval(at(TUESDAY, 17), at(TUESDAY, 18, 30))
    hall = VenueInfo(id=1, name="Storsalen", bookings=[booked])

    proposals = propose_all(first_day=TUESDAY, last_day=TUESDAY, venues=[hall])

    assert len(proposals) == 1
    assert local(proposals[0].start) == at(TUESDAY, 18, 30)  # right after the booking ends
    assert not Interval(proposals[0].start, proposals[0].end).overlaps(booked)


def test_a_venue_booked_all_evening_gets_no_proposal_that_day():
    hall = VenueInfo(id=1, name="Storsalen", bookings=[Interval(at(TUESDAY, 17), at(TUESDAY, 22))])

    assert propose_all(first_day=TUESDAY, last_day=TUESDAY, venues=[hall]) == []


def test_no_proposal_when_the_venue_is_closed():
    # open on Wednesdays 16–22 and Tuesdays until 18 only: a two-hour evening fits on Wednesday
    hall = VenueInfo(
        id=1,
        name="Storsalen",
        openings={1: [(time(8), time(18))], 2: [(time(16), time(22))]},
    )

    proposals = propose_all(first_day=date(2026, 9, 7), last_day=date(2026, 9, 13), venues=[hall])

    assert [local(p.start).date() for p in proposals] == [WEDNESDAY]


def test_a_venue_without_opening_hours_is_always_open():
    hall = VenueInfo(id=1, name="Storsalen")

    assert hall.is_open(at(TUESDAY, 17), at(TUESDAY, 19))
    assert hall.is_open(at(date(2026, 9, 6), 10), at(date(2026, 9, 6), 12))


def test_times_with_more_free_invitees_rank_first():
    busy_on_tuesday = Invitee(name="Røde Kors", busy=[Interval(at(TUESDAY, 16), at(TUESDAY, 23))])
    always_free = Invitee(name="Frivilligsentralen")

    proposals = propose_all(
        first_day=TUESDAY, last_day=WEDNESDAY, invitees=[busy_on_tuesday, always_free]
    )

    assert [local(p.start).date() for p in proposals] == [WEDNESDAY, TUESDAY]
    assert [p.free_invitees for p in proposals] == [2, 1]
    assert proposals[1].busy_names == ("Røde Kors",)
    assert all(p.total_invitees == 2 for p in proposals)


def test_weekday_evenings_rank_before_weekends_when_as_many_are_free():
    proposals = propose_all(first_day=date(2026, 9, 5), last_day=date(2026, 9, 7))  # Sat–Mon

    assert [local(p.start).date() for p in proposals] == [
        date(2026, 9, 7),
        date(2026, 9, 5),
        date(2026, 9, 6),
    ]


def test_the_reason_names_the_free_venue_and_how_many_invitees_are_free():
    hall = VenueInfo(id=7, name="Grendehuset Storsalen")
    invitees = [
        Invitee(name="Røde Kors", busy=[Interval(at(TUESDAY, 16), at(TUESDAY, 23))]),
        Invitee(name="Frivilligsentralen"),
        Invitee(name="Turlaget"),
    ]

    with translation.override("en"):
        (proposal,) = propose_all(
            first_day=TUESDAY, last_day=TUESDAY, venues=[hall], invitees=invitees
        )

    assert proposal.venue_id == 7
    assert proposal.venue_name == "Grendehuset Storsalen"
    assert "Grendehuset Storsalen is free" in proposal.reason
    assert "2 of 3" in proposal.reason
    assert proposal.reason[0].isupper()


def test_a_weekly_activity_of_an_invitee_makes_that_evening_busy():
    # Tuesday 18–20 every week: no two-hour slot between 17:00 and 21:30 avoids it
    language_cafe = Invitee(name="Språkkafeen", weekly={1: [(time(18), time(20))]})

    proposals = propose_all(first_day=TUESDAY, last_day=WEDNESDAY, invitees=[language_cafe])
    by_day = {local(p.start).date(): p for p in proposals}

    assert by_day[TUESDAY].free_invitees == 0
    assert by_day[TUESDAY].busy_names == ("Språkkafeen",)
    assert by_day[WEDNESDAY].free_invitees == 1
    assert proposals[0] is by_day[WEDNESDAY]


def test_a_weekly_activity_only_blocks_the_hours_it_takes():
    language_cafe = Invitee(name="Språkkafeen", weekly={1: [(time(17), time(18))]})

    (proposal,) = propose_all(first_day=TUESDAY, last_day=TUESDAY, invitees=[language_cafe])

    assert proposal.free_invitees == 1
    assert local(proposal.start) == at(TUESDAY, 18)


def test_no_proposal_starts_in_the_past():
    evening_now = at(TUESDAY, 17, 45)

    proposals = propose_all(first_day=date(2026, 9, 1), last_day=WEDNESDAY, now=evening_now)

    assert proposals
    assert all(p.start > evening_now for p in proposals)
    assert min(local(p.start) for p in proposals) == at(TUESDAY, 18)


def test_at_most_one_proposal_per_day_and_venue():
    halls = [VenueInfo(id=1, name="Storsalen"), VenueInfo(id=2, name="Peisestua")]

    proposals = propose_all(first_day=TUESDAY, last_day=date(2026, 9, 14), venues=halls)
    keys = [(local(p.start).date(), p.venue_id) for p in proposals]

    assert len(keys) == len(set(keys)) == 7 * 2


def test_the_limit_keeps_the_best_proposals():
    proposals = propose(
        first_day=TUESDAY,
        last_day=date(2026, 9, 30),
        duration=TWO_HOURS,
        venues=[],
        invitees=[],
        now=NOW,
        limit=3,
    )

    assert [local(p.start).date() for p in proposals] == [
        TUESDAY,
        WEDNESDAY,
        date(2026, 9, 10),
    ]


def test_evening_slots_keep_their_wall_clock_time_on_the_day_summer_time_ends():
    last_sunday_of_october = date(2026, 10, 25)

    starts = candidate_starts(last_sunday_of_october, TWO_HOURS)

    assert starts[0].isoformat() == "2026-10-25T10:00:00+01:00"
    assert starts[-1].isoformat() == "2026-10-25T16:00:00+01:00"


def test_each_invitee_is_weighed_once_per_time_however_many_venues(monkeypatch):
    """Issue #24: who is busy depends on the time only, so the planner asks each invitee once
    per candidate time, not once per time and venue; and it words only the proposals it keeps."""
    asked = []
    weigh = Invitee.is_free
    monkeypatch.setattr(
        Invitee, "is_free", lambda self, slot: asked.append(slot) or weigh(self, slot)
    )
    invitees = [Invitee(name="Røde Kors"), Invitee(name="Frivilligsentralen")]
    halls = [VenueInfo(id=n, name=f"Sal {n}") for n in range(1, 6)]
    times = len(candidate_starts(TUESDAY, TWO_HOURS)) + len(candidate_starts(WEDNESDAY, TWO_HOURS))

    proposals = propose_all(first_day=TUESDAY, last_day=WEDNESDAY, venues=halls, invitees=invitees)

    assert len(asked) == times * len(invitees)
    assert len(proposals) == 2 * len(halls)  # one per day and venue, as before
    assert {p.venue_name for p in proposals} == {hall.name for hall in halls}
