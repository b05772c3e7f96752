"""Recurrence rules for meeting series, expanded on the Oslo wall clock."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from core.time import OSLO
from meetings.recurrence import MAX_OCCURRENCES, build_rrule, occurrences


def at(year: int, month: int, day: int, hour: int = 18, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


def local_starts(rule: str, first_start: datetime) -> list[datetime]:
    return [start.astimezone(OSLO) for start in occurrences(rule, first_start)]


def series(first_start: datetime, **kwargs) -> list[datetime]:
    arguments = {"frequency": "WEEKLY", "interval": 1, "until": None, "count": None, **kwargs}
    rule = build_rrule(first_start=first_start, **arguments)
    return local_starts(rule, first_start)


def test_every_second_month_on_the_second_tuesday_at_six():
    first = at(2026, 9, 8)  # the second Tuesday of September

    rule = build_rrule(frequency="MONTHLY", interval=2, first_start=first, until=None, count=6)
    starts = local_starts(rule, first)

    assert rule == "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6"
    assert [s.date() for s in starts] == [
        date(2026, 9, 8),
        date(2026, 11, 10),
        date(2027, 1, 12),
        date(2027, 3, 9),
        date(2027, 5, 11),
        date(2027, 7, 13),
    ]
    assert all(s.weekday() == 1 and 8 <= s.day <= 14 for s in starts)
    assert {s.time() for s in starts} == {time(18, 0)}


def test_a_meeting_on_the_fifth_tuesday_repeats_on_the_last_tuesday():
    first = at(2026, 9, 29)  # the fifth (and last) Tuesday of September

    rule = build_rrule(frequency="MONTHLY", interval=1, first_start=first, until=None, count=3)

    assert "BYDAY=-1TU" in rule
    assert [s.date() for s in local_starts(rule, first)] == [
        date(2026, 9, 29),
        date(2026, 10, 27),
        date(2026, 11, 24),
    ]


def test_monthly_on_the_same_day_of_the_month():
    first = at(2026, 9, 15)

    rule = build_rrule(
        frequency="MONTHLY",
        interval=1,
        first_start=first,
        until=None,
        count=3,
        monthly_by_weekday=False,
    )

    assert "BYMONTHDAY=15" in rule
    assert [s.date() for s in local_starts(rule, first)] == [
        date(2026, 9, 15),
        date(2026, 10, 15),
        date(2026, 11, 15),
    ]


def test_every_thursday_at_half_past_five_during_the_autumn():
    first = at(2026, 8, 20, 17, 30)  # the first Thursday of the autumn term
    last_day = date(2026, 12, 10)  # a Thursday: the last date is included

    starts = series(first, until=last_day)

    expected, day = [], date(2026, 8, 20)
    while day <= last_day:
        expected.append(day)
        day += timedelta(weeks=1)
    assert [s.date() for s in starts] == expected
    assert len(starts) == 17
    assert {s.time() for s in starts} == {time(17, 30)}
    assert {s.weekday() for s in starts} == {3}


def test_a_series_that_crosses_the_end_of_summer_time_stays_at_six_local_time():
    first = at(2026, 10, 13)  # summer time ends on Sunday 25 October

    starts = series(first, count=4)

    assert [s.date() for s in starts] == [
        date(2026, 10, 13),
        date(2026, 10, 20),
        date(2026, 10, 27),
        date(2026, 11, 3),
    ]
    assert {s.time() for s in starts} == {time(18, 0)}
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in (2, 2, 1, 1)]
    assert [s.astimezone(UTC).hour for s in starts] == [16, 16, 17, 17]


def test_a_series_that_crosses_the_start_of_summer_time_stays_at_six_local_time():
    first = at(2027, 3, 16)  # summer time starts on Sunday 28 March

    starts = series(first, count=3)

    assert [s.date() for s in starts] == [date(2027, 3, 16), date(2027, 3, 23), date(2027, 3, 30)]
    assert {s.time() for s in starts} == {time(18, 0)}
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in (1, 1, 2)]


def test_an_end_date_in_winter_time_keeps_the_last_meeting_of_that_day():
    first = at(2026, 10, 13)

    starts = series(first, until=date(2026, 11, 3))

    assert starts[-1] == at(2026, 11, 3)


def test_occurrences_are_in_utc():
    first = at(2026, 10, 13)

    (start,) = occurrences("FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=1", first)

    assert start.utcoffset() == timedelta(0)
    assert start == first


def test_a_series_without_an_end_is_refused():
    with pytest.raises(ValidationError) as error:
        build_rrule(
            frequency="WEEKLY", interval=1, first_start=at(2026, 9, 8), until=None, count=None
        )

    assert "until" in error.value.message_dict


def test_more_than_sixty_meetings_by_count_is_refused():
    with pytest.raises(ValidationError) as error:
        build_rrule(
            frequency="WEEKLY",
            interval=1,
            first_start=at(2026, 9, 8),
            until=None,
            count=MAX_OCCURRENCES + 1,
        )

    assert "count" in error.value.message_dict


@pytest.mark.parametrize(
    "until",
    [
        pytest.param(date(2028, 9, 8), id="more_than_sixty_meetings_by_end_date"),  # about 104
        pytest.param(date(2026, 9, 7), id="an_end_before_the_start"),
    ],
)
def test_a_weekly_series_until_this_day_is_refused(until):
    with pytest.raises(ValidationError) as error:
        build_rrule(
            frequency="WEEKLY", interval=1, first_start=at(2026, 9, 8), until=until, count=None
        )

    assert "until" in error.value.message_dict


def test_exactly_sixty_meetings_are_allowed():
    first = at(2026, 9, 8)

    starts = series(first, count=MAX_OCCURRENCES)

    assert len(starts) == MAX_OCCURRENCES


@pytest.mark.parametrize(
    ("frequency", "interval", "field"),
    [("DAILY", 1, "frequency"), ("WEEKLY", 0, "interval"), ("MONTHLY", 13, "interval")],
)
def test_only_weekly_or_monthly_every_one_to_twelve(frequency, interval, field):
    with pytest.raises(ValidationError) as error:
        build_rrule(
            frequency=frequency, interval=interval, first_start=at(2026, 9, 8), until=None, count=3
        )

    assert field in error.value.message_dict
