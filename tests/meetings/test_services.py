"""Meetings, series, venues and answers through the services, on PostgreSQL."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.time import OSLO
from meetings.models import Kind, Meeting, MeetingSeries, Participation, Venue, VenueOpening
from meetings.selectors import feed_by_token
from meetings.services import (
    feed_for,
    feed_regenerate,
    meeting_cancel,
    meeting_create,
    meeting_update,
    participation_answer,
    public_event_register,
    venue_infos,
    venue_save,
)
from notifications.models import Notification
from tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    ParticipationFactory,
    UserFactory,
    VenueFactory,
    verified_in,
)
from tests.meetings.helpers import NOW, TUESDAY, at, move

pytestmark = pytest.mark.django_db


def local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO)


def message_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


@pytest.fixture
def venue(municipality):
    return VenueFactory(municipality=municipality, name="Grendehuset", room="", capacity=40)


@pytest.fixture
def create(coordinator, municipality):
    """meeting_create with the coordinator, a dialogue meeting and NOW; override what matters."""

    def create_meeting(*, start=None, duration=timedelta(hours=2), by=None, fields=None, **kwargs):
        start = start or at(TUESDAY)
        arguments = {
            "by": by or coordinator,
            "municipality": municipality,
            "organizer_organization": None,
            "fields": {"kind": Kind.DIALOGUE, "title": "Dialogmøte", **(fields or {})},
            "starts_at": start,
            "ends_at": start + duration,
            "now": NOW,
            **kwargs,
        }
        return meeting_create(**arguments)

    return create_meeting


def weekly(count: int) -> dict:
    return {"frequency": "WEEKLY", "interval": 1, "until": None, "count": count}


def starts_of(series_id: int) -> list[datetime]:
    rows = Meeting.objects.filter(series=series_id).order_by("recurrence_id")
    return [local(m.starts_at) for m in rows]


# -- creating ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_meeting_and_its_invitations(
    create, coordinator, organization, organization_admin, contact_person, plain_user, venue
):
    meeting = create(fields={"venue": venue}, organizations=[organization], people=[plain_user])

    assert meeting.created_by == coordinator
    assert local(meeting.starts_at) == at(TUESDAY)
    assert meeting.participations.count() == 2
    invited = Notification.objects.filter(kind="meeting_invitation", subject_id=meeting.pk)
    assert {n.recipient for n in invited} == {organization_admin, contact_person, plain_user}
    assert {n.due_at for n in invited} == {NOW}


def test_a_series_stores_one_row_per_occurrence_with_its_original_start(create):
    first = create(repeat=weekly(4))

    rows = list(Meeting.objects.filter(series=first.series).order_by("starts_at"))

    assert first.series.rrule == "FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;COUNT=4"
    assert [local(r.starts_at).date() for r in rows] == [
        TUESDAY + timedelta(weeks=n) for n in range(4)
    ]
    assert all(r.recurrence_id == r.starts_at for r in rows)
    assert first == rows[0]


@pytest.mark.parametrize(
    ("start", "duration", "field"),
    [
        (at(TUESDAY), timedelta(0), "ends_at"),
        (at(TUESDAY), timedelta(hours=13), "ends_at"),
        (at(date(2026, 8, 31)), timedelta(hours=2), "starts_at"),
    ],
)
def test_impossible_times_are_refused(create, start, duration, field):
    with pytest.raises(ValidationError) as error:
        create(start=start, duration=duration)

    assert field in error.value.message_dict
    assert not Meeting.objects.exists()


def test_a_weekly_series_that_meets_in_the_hour_the_clocks_skip_is_refused(create):
    """Sundays at 02:15 from 21 March 2027: on 28 March the clocks go from 02:00 to 03:00."""
    with translation.override("en"), pytest.raises(ValidationError) as error:
        create(start=at(date(2027, 3, 21), 2, 15), duration=timedelta(minutes=30), repeat=weekly(3))

    assert error.value.message_dict["start_time"] == [
        "02:15 does not exist on 28 March 2027: the clocks go forward an hour that night. "
        "Choose another time."
    ]
    assert not Meeting.objects.exists()
    assert not MeetingSeries.objects.exists()


def test_a_series_starting_on_the_last_day_of_the_calendar_is_refused_not_cut_to_one(create):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        create(start=at(date(9999, 12, 31)), repeat=weekly(3))

    assert error.value.message_dict["count"] == [
        "Only 1 of the 3 meetings fit in the calendar. Choose an earlier start or fewer meetings."
    ]
    assert not Meeting.objects.exists()


def test_a_venue_clash_on_the_last_day_of_the_calendar_is_explained_not_a_server_error(
    create, venue
):
    create(start=at(date(9999, 12, 31)), fields={"venue": venue})

    with translation.override("en"), pytest.raises(ValidationError) as error:
        create(start=at(date(9999, 12, 31)), fields={"venue": venue})

    assert "Grendehuset is already booked on 31.12.9999 18:00" in message_of(error)
    assert Meeting.objects.count() == 1


def test_moving_following_occurrences_into_the_skipped_hour_is_refused(coordinator, create):
    first = create(
        start=at(date(2027, 3, 21), 1, 15), duration=timedelta(minutes=30), repeat=weekly(3)
    )

    with pytest.raises(ValidationError) as error:
        move(coordinator, first, at(date(2027, 3, 21), 2, 15), "following")

    assert "start_time" in error.value.message_dict
    assert [s.time() for s in starts_of(first.series_id)] == [time(1, 15)] * 3


def test_a_venue_clash_is_refused_with_the_next_free_times_and_nothing_is_saved(
    create, venue, organization
):
    create(fields={"venue": venue})  # Tuesday 18–20

    with translation.override("en"), pytest.raises(ValidationError) as error:
        create(
            start=at(TUESDAY, 18, 30),
            duration=timedelta(hours=1, minutes=30),
            fields={"venue": venue, "title": "Kollisjon"},
            organizations=[organization],
        )

    # the same evening after the booking, then the next weekday evenings
    assert error.value.message_dict["venue"] == [
        "Grendehuset is already booked on 08.09.2026 18:30. "
        "Free times: 08.09 20:00, 09.09 17:00, 10.09 17:00."
    ]
    assert list(Meeting.objects.values_list("title", flat=True)) == ["Dialogmøte"]
    assert not Participation.objects.exists()


def test_a_series_is_refused_whole_when_one_occurrence_clashes(create, venue, organization):
    MeetingFactory(
        municipality=venue.municipality,
        venue=venue,
        starts_at=at(TUESDAY + timedelta(weeks=2), 19),
        ends_at=at(TUESDAY + timedelta(weeks=2), 21),
        title="Styremøte",
    )

    with pytest.raises(ValidationError) as error:
        create(fields={"venue": venue}, repeat=weekly(4), organizations=[organization])

    assert "22.09.2026 18:00" in message_of(error)
    assert list(Meeting.objects.values_list("title", flat=True)) == ["Styremøte"]
    assert not MeetingSeries.objects.exists()
    assert not Participation.objects.exists()
    assert not Notification.objects.exists()


def test_a_cancelled_meeting_does_not_block_the_venue(create, coordinator, venue):
    booked = create(fields={"venue": venue})
    meeting_cancel(by=coordinator, meeting=booked, now=NOW)

    meeting = create(fields={"venue": venue, "title": "Ny tid"})

    assert meeting.venue == venue


def test_meetings_back_to_back_at_one_venue_are_allowed(create, venue):
    create(fields={"venue": venue})

    meeting = create(start=at(TUESDAY, 20), fields={"venue": venue})

    assert local(meeting.starts_at) == at(TUESDAY, 20)


def test_a_closed_venue_is_refused(create, venue):
    VenueOpening.objects.create(venue=venue, weekday=1, opens_at=time(8), closes_at=time(17))
    VenueOpening.objects.create(venue=venue, weekday=2, opens_at=time(16), closes_at=time(22))

    with translation.override("en"), pytest.raises(ValidationError) as on_tuesday:
        create(fields={"venue": venue})  # Tuesday 18–20, after closing
    with pytest.raises(ValidationError) as on_thursday:
        create(start=at(date(2026, 9, 10)), fields={"venue": venue})  # no hours on Thursday
    open_on_wednesday = create(start=at(date(2026, 9, 9)), fields={"venue": venue})

    assert on_tuesday.value.message_dict["venue"] == ["Grendehuset is closed at that time."]
    assert "venue" in on_thursday.value.message_dict
    assert Meeting.objects.get() == open_on_wednesday


def test_a_capacity_above_the_venues_is_refused(create, venue):
    with pytest.raises(ValidationError) as error:
        create(fields={"venue": venue, "capacity": 41})

    assert "capacity" in error.value.message_dict
    assert not Meeting.objects.exists()
    assert create(fields={"venue": venue, "capacity": 40}).capacity == 40


def test_raising_the_capacity_above_the_venues_is_refused(create, coordinator, venue):
    meeting = create(fields={"venue": venue, "capacity": 30})

    with pytest.raises(ValidationError) as error:
        meeting_update(
            by=coordinator,
            meeting=meeting,
            fields={"capacity": 41},
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            now=NOW,
        )

    assert "capacity" in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.capacity == 30


# -- the meeting's municipality (the tenant) --------------------------------------------------


@pytest.fixture
def elsewhere(other_municipality):
    return VenueFactory(municipality=other_municipality, name="Asker kulturhus", room="")


def test_a_meeting_never_books_another_municipalitys_venue(create, elsewhere):
    with pytest.raises(ValidationError) as error:
        create(fields={"venue": elsewhere})

    assert "venue" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_a_meeting_never_invites_an_organisation_not_active_in_its_municipality(
    create, organization, other_municipality
):
    outsider = verified_in(other_municipality, "Asker Sjakklubb")

    with pytest.raises(ValidationError) as error:
        create(organizations=[organization, outsider])

    assert "Asker Sjakklubb" in " ".join(error.value.message_dict["organizations"])
    assert not Meeting.objects.exists()
    assert not Participation.objects.exists()


def test_a_meeting_is_not_moved_to_another_municipalitys_venue(
    create, coordinator, venue, elsewhere
):
    meeting = create(fields={"venue": venue})

    with pytest.raises(ValidationError) as error:
        meeting_update(
            by=coordinator,
            meeting=meeting,
            fields={"venue": elsewhere},
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            now=NOW,
        )

    assert "venue" in error.value.message_dict
    meeting.refresh_from_db()
    assert meeting.venue == venue


# -- the database constraint ------------------------------------------------------------------


def insert(venue: Venue, start: datetime, end: datetime, **kwargs) -> Meeting:
    """Straight into the table, past every service check."""
    return Meeting.objects.create(
        municipality=venue.municipality,
        kind=Kind.OTHER,
        title="Direkte",
        venue=venue,
        starts_at=start,
        ends_at=end,
        **kwargs,
    )


def test_the_database_refuses_overlapping_bookings_of_a_venue(venue):
    insert(venue, at(TUESDAY, 18), at(TUESDAY, 20))

    with pytest.raises(IntegrityError), transaction.atomic():
        insert(venue, at(TUESDAY, 19), at(TUESDAY, 21))

    assert Meeting.objects.count() == 1


def test_the_database_allows_back_to_back_cancelled_and_other_venue_bookings(venue, municipality):
    insert(venue, at(TUESDAY, 18), at(TUESDAY, 20))

    insert(venue, at(TUESDAY, 20), at(TUESDAY, 22))
    insert(venue, at(TUESDAY, 16), at(TUESDAY, 18))
    insert(venue, at(TUESDAY, 19), at(TUESDAY, 21), status=Meeting.Status.CANCELLED)
    insert(VenueFactory(municipality=municipality), at(TUESDAY, 19), at(TUESDAY, 21))
    Meeting.objects.create(
        municipality=municipality,
        kind=Kind.OTHER,
        title="Nettmøte",
        online_url="https://meet.example.no/a",
        starts_at=at(TUESDAY, 19),
        ends_at=at(TUESDAY, 21),
    )

    assert Meeting.objects.count() == 6


def test_the_database_refuses_reinstating_a_cancelled_meeting_into_a_taken_slot(venue):
    cancelled = insert(venue, at(TUESDAY, 18), at(TUESDAY, 20), status=Meeting.Status.CANCELLED)
    insert(venue, at(TUESDAY, 19), at(TUESDAY, 21))

    cancelled.status = Meeting.Status.SCHEDULED
    with pytest.raises(IntegrityError), transaction.atomic():
        cancelled.save()


def test_a_booking_that_slips_past_the_check_is_refused_as_taken_just_now(
    create, venue, monkeypatch
):
    create(fields={"venue": venue})
    monkeypatch.setattr("meetings.services.venue_clashes", lambda *args, **kwargs: False)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        create(start=at(TUESDAY, 19), fields={"venue": venue, "title": "Samtidig"})

    assert error.value.message_dict["venue"] == ["The venue was booked by someone else just now."]
    assert list(Meeting.objects.values_list("title", flat=True)) == ["Dialogmøte"]


def test_a_move_that_slips_past_the_check_is_refused_as_taken_just_now(
    create, coordinator, venue, monkeypatch
):
    create(fields={"venue": venue})
    later = create(start=at(TUESDAY, 20), fields={"venue": venue})
    monkeypatch.setattr("meetings.services.venue_clashes", lambda *args, **kwargs: False)

    with pytest.raises(ValidationError) as error:
        move(coordinator, later, at(TUESDAY, 19), "one")

    assert "venue" in error.value.message_dict
    later.refresh_from_db()
    assert local(later.starts_at) == at(TUESDAY, 20)


# -- changing a series ------------------------------------------------------------------------


@pytest.fixture
def series_first(create):
    """Tuesdays 8, 15, 22 and 29 September 2026 at 18:00."""
    return create(repeat=weekly(4), fields={"title": "Samarbeidsmøte"})


def occurrence(first: Meeting, n: int) -> Meeting:
    return Meeting.objects.filter(series=first.series).order_by("recurrence_id")[n]


def test_moving_one_occurrence_moves_only_that_one_and_detaches_it(coordinator, series_first):
    second = occurrence(series_first, 1)

    move(coordinator, second, at(date(2026, 9, 16), 19), "one")

    assert starts_of(series_first.series_id) == [
        at(TUESDAY),
        at(date(2026, 9, 16), 19),
        at(date(2026, 9, 22)),
        at(date(2026, 9, 29)),
    ]
    second.refresh_from_db()
    assert second.detached
    assert second.sequence == 1
    assert local(second.recurrence_id) == at(date(2026, 9, 15))  # the original start stays
    assert Meeting.objects.filter(series=series_first.series, detached=True).count() == 1


def test_moving_this_and_following_leaves_earlier_and_detached_occurrences(
    coordinator, series_first
):
    last = occurrence(series_first, 3)
    move(coordinator, last, at(date(2026, 9, 29), 20), "one")

    move(coordinator, occurrence(series_first, 1), at(date(2026, 9, 15), 19), "following")

    assert starts_of(series_first.series_id) == [
        at(TUESDAY),
        at(date(2026, 9, 15), 19),
        at(date(2026, 9, 22), 19),
        at(date(2026, 9, 29), 20),  # moved on its own before: left alone
    ]
    sequences = Meeting.objects.filter(series=series_first.series).order_by("recurrence_id")
    assert [m.sequence for m in sequences] == [0, 1, 1, 1]


def test_changing_all_occurrences_leaves_detached_ones(coordinator, series_first):
    move(coordinator, occurrence(series_first, 2), at(date(2026, 9, 23)), "one")

    move(
        coordinator, occurrence(series_first, 1), at(date(2026, 9, 15), 17, 30), "all", title="Nytt"
    )

    rows = list(Meeting.objects.filter(series=series_first.series).order_by("recurrence_id"))
    assert [local(r.starts_at) for r in rows] == [
        at(TUESDAY, 17, 30),
        at(date(2026, 9, 15), 17, 30),
        at(date(2026, 9, 23)),
        at(date(2026, 9, 29), 17, 30),
    ]
    assert [r.title for r in rows] == ["Nytt", "Nytt", "Samarbeidsmøte", "Nytt"]


def test_changing_the_title_of_all_keeps_the_times(coordinator, series_first):
    third = occurrence(series_first, 2)

    move(coordinator, third, third.starts_at, "all", title="Nytt navn")

    assert set(Meeting.objects.values_list("title", flat=True)) == {"Nytt navn"}
    assert starts_of(series_first.series_id) == [at(TUESDAY + timedelta(weeks=n)) for n in range(4)]


def test_moving_a_series_a_day_later_keeps_the_wall_clock_time_across_the_end_of_summer_time(
    create, coordinator
):
    # Saturdays 17, 24 and 31 October at 18:00; summer time ends on Sunday 25 October
    first = create(start=at(date(2026, 10, 17)), repeat=weekly(3))

    move(coordinator, first, at(date(2026, 10, 18)), "all")

    assert starts_of(first.series_id) == [
        at(date(2026, 10, 18)),
        at(date(2026, 10, 25)),
        at(date(2026, 11, 1)),
    ]


def test_moving_a_series_at_a_venue_a_week_later_does_not_collide_with_itself(
    create, coordinator, venue
):
    first = create(fields={"venue": venue}, repeat=weekly(3))

    move(coordinator, first, at(TUESDAY + timedelta(weeks=1)), "all")

    assert starts_of(first.series_id) == [at(TUESDAY + timedelta(weeks=n)) for n in (1, 2, 3)]


def test_moving_onto_a_booked_venue_is_refused_and_nothing_moves(create, coordinator, venue):
    first = create(fields={"venue": venue}, repeat=weekly(3))
    MeetingFactory(
        municipality=venue.municipality,
        venue=venue,
        starts_at=at(date(2026, 9, 22), 20),
        ends_at=at(date(2026, 9, 22), 22),
    )

    with pytest.raises(ValidationError):
        move(coordinator, first, at(TUESDAY, 19), "all")

    assert starts_of(first.series_id) == [at(TUESDAY + timedelta(weeks=n)) for n in range(3)]


# -- cancelling -------------------------------------------------------------------------------


def statuses(first: Meeting) -> list[str]:
    rows = Meeting.objects.filter(series=first.series).order_by("recurrence_id")
    return [m.status for m in rows]


def test_cancelling_one_occurrence_cancels_only_that_one(coordinator, series_first):
    count = meeting_cancel(by=coordinator, meeting=occurrence(series_first, 1), now=NOW)

    assert count == 1
    assert statuses(series_first) == ["scheduled", "cancelled", "scheduled", "scheduled"]


def test_cancelling_this_and_following_cancels_the_rest_of_the_series(coordinator, series_first):
    move(coordinator, occurrence(series_first, 3), at(date(2026, 9, 30)), "one")

    count = meeting_cancel(
        by=coordinator, meeting=occurrence(series_first, 2), scope="following", now=NOW
    )

    assert count == 2
    assert statuses(series_first) == ["scheduled", "scheduled", "cancelled", "cancelled"]


def test_cancelling_the_whole_series_cancels_every_occurrence(coordinator, series_first):
    meeting_cancel(by=coordinator, meeting=occurrence(series_first, 1), scope="one", now=NOW)
    move(coordinator, occurrence(series_first, 2), at(date(2026, 9, 23)), "one")

    count = meeting_cancel(by=coordinator, meeting=series_first, scope="all", now=NOW)

    assert count == 3  # the one already cancelled is not counted again
    assert set(statuses(series_first)) == {"cancelled"}


def test_cancelling_raises_the_sequence(coordinator, create):
    meeting = create()

    meeting_cancel(by=coordinator, meeting=meeting, now=NOW)

    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert meeting.sequence == 1


# -- answers, capacity and the waiting list ---------------------------------------------------


def person_invited(meeting: Meeting) -> Participation:
    return ParticipationFactory(meeting=meeting, organization=None, user=UserFactory())


def answer(participation: Participation, response: str, party_size: int = 1) -> Participation:
    return participation_answer(
        by=participation.user,
        participation=participation,
        response=response,
        party_size=party_size,
        now=NOW,
    )


def test_a_full_invitation_only_meeting_refuses_another_yes(create):
    meeting = create(fields={"capacity": 3})
    first, second = person_invited(meeting), person_invited(meeting)
    answer(first, "yes", party_size=2)

    with pytest.raises(ValidationError) as error:
        answer(second, "yes", party_size=2)
    accepted = answer(second, "maybe", party_size=1)

    assert "party_size" in error.value.message_dict
    assert not accepted.waitlisted
    assert accepted.counts_towards_capacity


def test_changing_ones_own_party_size_does_not_count_oneself_twice(create):
    meeting = create(fields={"capacity": 3})
    participation = person_invited(meeting)
    answer(participation, "yes", party_size=2)

    changed = answer(participation, "yes", party_size=3)

    assert changed.party_size == 3
    assert not changed.waitlisted


def test_a_full_public_event_puts_new_registrations_on_the_waiting_list(create, organization):
    meeting = create(fields={"capacity": 2, "is_public": True, "kind": Kind.PUBLIC_EVENT})
    first, second, third = UserFactory(), UserFactory(), UserFactory()

    public_event_register(by=first, meeting=meeting, now=NOW)
    public_event_register(by=second, meeting=meeting, now=NOW)
    waiting = public_event_register(by=third, meeting=meeting, now=NOW)

    assert waiting.waitlisted
    assert waiting.response == "yes"
    assert not waiting.counts_towards_capacity


def test_a_no_frees_a_place_for_the_first_on_the_waiting_list(create):
    meeting = create(fields={"capacity": 2, "is_public": True, "kind": Kind.PUBLIC_EVENT})
    first, second, third, fourth = (UserFactory() for _ in range(4))
    leaving = public_event_register(by=first, meeting=meeting, now=NOW)
    public_event_register(by=second, meeting=meeting, now=NOW)
    waiting = public_event_register(by=third, meeting=meeting, now=NOW)
    later = public_event_register(by=fourth, meeting=meeting, now=NOW + timedelta(minutes=5))

    participation_answer(by=first, participation=leaving, response="no", now=NOW)

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert not waiting.waitlisted
    assert later.waitlisted
    place_free = Notification.objects.filter(kind="meeting_place_free", subject_id=meeting.pk)
    assert [n.recipient for n in place_free] == [third]
    assert Notification.objects.filter(kind="meeting_reminder", recipient=third).count() == 2


def test_a_waitlisted_person_who_says_no_promotes_nobody(create):
    meeting = create(fields={"capacity": 1, "is_public": True, "kind": Kind.PUBLIC_EVENT})
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    public_event_register(by=first, meeting=meeting, now=NOW)
    giving_up = public_event_register(by=second, meeting=meeting, now=NOW)
    still_waiting = public_event_register(by=third, meeting=meeting, now=NOW)

    participation_answer(by=second, participation=giving_up, response="no", now=NOW)

    still_waiting.refresh_from_db()
    assert still_waiting.waitlisted
    assert not Notification.objects.filter(kind="meeting_place_free").exists()


def test_registering_twice_keeps_one_registration(create, plain_user):
    meeting = create(fields={"is_public": True, "kind": Kind.PUBLIC_EVENT})

    first = public_event_register(by=plain_user, meeting=meeting, now=NOW)
    again = public_event_register(by=plain_user, meeting=meeting, party_size=2, now=NOW)

    assert first.pk == again.pk
    assert meeting.participations.get().party_size == 2


def test_only_public_events_take_registrations(create, plain_user):
    meeting = create()

    with pytest.raises(PermissionDenied):
        public_event_register(by=plain_user, meeting=meeting, now=NOW)


@pytest.mark.parametrize(
    ("when", "message"),
    [("cancelled", "cancelled"), ("over", "over")],
)
def test_answers_to_cancelled_or_past_meetings_are_refused(create, coordinator, when, message):
    meeting = create()
    participation = person_invited(meeting)
    now = NOW
    if when == "cancelled":
        meeting_cancel(by=coordinator, meeting=meeting, now=NOW)
    else:
        now = meeting.ends_at + timedelta(minutes=1)

    with pytest.raises(ValidationError):
        participation_answer(
            by=participation.user, participation=participation, response="yes", now=now
        )

    participation.refresh_from_db()
    assert participation.response == "pending"


@pytest.mark.parametrize(("response", "party_size"), [("pending", 1), ("sure", 1), ("yes", 0)])
def test_an_answer_must_be_yes_maybe_or_no_for_one_to_fifty(create, response, party_size):
    participation = person_invited(create())

    with pytest.raises(ValidationError):
        answer(participation, response, party_size)


# -- who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    [
        "plain_user",
        "member",
        "contact_person",
        "organization_admin",
        "caseworker",
        "other_coordinator",
    ],
)
def test_only_the_municipalitys_coordinators_create_its_meetings(create, request, role):
    with pytest.raises(PermissionDenied):
        create(by=request.getfixturevalue(role))

    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("organization_admin", True),
        ("contact_person", True),
        ("member", False),
        ("coordinator", False),
        ("plain_user", False),
    ],
)
def test_an_organisations_admins_and_contact_persons_organise_its_meetings(
    create, request, organization, role, allowed
):
    def organise():
        return create(by=request.getfixturevalue(role), organizer_organization=organization)

    if allowed:
        assert organise().organizer_organization == organization
    else:
        with pytest.raises(PermissionDenied):
            organise()


@pytest.mark.parametrize("role", ["other_coordinator", "caseworker", "plain_user", "member"])
def test_others_may_not_change_or_cancel_a_meeting(create, request, role):
    meeting = create()
    user = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        move(user, meeting, at(TUESDAY, 19), "one")
    with pytest.raises(PermissionDenied):
        meeting_cancel(by=user, meeting=meeting, now=NOW)

    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    assert local(meeting.starts_at) == at(TUESDAY)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("contact_person", True),
        ("organization_admin", True),
        ("member", False),
        ("coordinator", False),
        ("other_coordinator", False),
    ],
)
def test_an_organisations_invitation_is_answered_by_its_admins_and_contact_persons(
    create, request, organization, role, allowed
):
    participation = ParticipationFactory(meeting=create(), organization=organization)

    def reply():
        return participation_answer(
            by=request.getfixturevalue(role), participation=participation, response="yes", now=NOW
        )

    if allowed:
        assert reply().response == "yes"
    else:
        with pytest.raises(PermissionDenied):
            reply()


def test_a_persons_invitation_is_answered_by_that_person_only(create, plain_user):
    participation = person_invited(create())

    with pytest.raises(PermissionDenied):
        participation_answer(by=plain_user, participation=participation, response="no", now=NOW)


# -- venues and feeds -------------------------------------------------------------------------

VENUE_FIELDS = {"name": "Fjell skole", "address": "Lauritz Hervigs vei 20", "capacity": 120}
OPENINGS = [{"weekday": 0, "opens_at": time(17), "closes_at": time(22)}]


def test_a_coordinator_saves_a_venue_with_its_opening_hours(coordinator, municipality):
    venue = venue_save(
        by=coordinator,
        venue=None,
        fields={**VENUE_FIELDS, "municipality": municipality},
        openings=OPENINGS,
    )

    saved = venue_save(
        by=coordinator,
        venue=venue,
        fields={"capacity": 100},
        openings=[{"weekday": 2, "opens_at": time(9), "closes_at": time(15)}],
    )

    assert saved.capacity == 100
    assert [(o.weekday, o.opens_at) for o in saved.openings.all()] == [(2, time(9))]


def test_an_organisation_saves_its_own_venue(organization_admin, organization, municipality):
    venue = venue_save(
        by=organization_admin,
        venue=None,
        fields={**VENUE_FIELDS, "municipality": municipality, "organization": organization},
        openings=[],
    )

    assert venue.organization == organization


@pytest.mark.parametrize(
    "role", ["caseworker", "other_coordinator", "contact_person", "plain_user"]
)
def test_others_may_not_save_the_municipalitys_venue(request, municipality, role):
    with pytest.raises(PermissionDenied):
        venue_save(
            by=request.getfixturevalue(role),
            venue=None,
            fields={**VENUE_FIELDS, "municipality": municipality},
            openings=OPENINGS,
        )

    assert not Venue.objects.exists()


def test_a_contact_person_of_another_organisation_may_not_save_this_ones_venue(
    municipality, organization
):
    stranger = OrganizationMembershipFactory(
        organization=OrganizationFactory(municipalities=[municipality]), role="contact"
    ).user
    venue = VenueFactory(municipality=municipality, organization=organization)

    with pytest.raises(PermissionDenied):
        venue_save(by=stranger, venue=venue, fields={"capacity": 1}, openings=[])

    venue.refresh_from_db()
    assert venue.capacity == 40


def test_a_new_feed_token_stops_the_old_address(plain_user):
    feed = feed_for(user=plain_user)
    old = feed.token

    feed_regenerate(feed=feed)

    assert feed.token != old
    assert feed_by_token(old) is None
    assert feed_by_token(feed.token) == feed


def test_a_venue_no_longer_in_use_cannot_be_booked(coordinator, municipality):
    from meetings.services import meeting_create
    from tests.factories import VenueFactory

    venue = VenueFactory(municipality=municipality, is_active=False)
    start = datetime(2026, 9, 8, 18, 0, tzinfo=OSLO)

    with translation.override("en"), pytest.raises(ValidationError, match="no longer in use"):
        meeting_create(
            by=coordinator,
            municipality=municipality,
            organizer_organization=None,
            fields={"kind": "dialogue", "title": "Møte", "venue": venue},
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            now=NOW,
        )


def test_the_planner_reads_every_venues_bookings_of_the_days_at_once(
    municipality, django_assert_num_queries
):
    """Issue #24: one query for all venues, an index range of start times that keeps what the
    local dates kept: a booking that ends at midnight before the first day, or starts on the
    last day, touches the days; one wholly before or after does not."""
    halls = [VenueFactory(municipality=municipality) for _ in range(3)]
    first, last = TUESDAY, TUESDAY + timedelta(days=2)
    midnight = datetime.combine(first, time.min, tzinfo=OSLO)
    kept = [
        MeetingFactory(venue=halls[0], starts_at=midnight - timedelta(hours=2), ends_at=midnight),
        MeetingFactory(venue=halls[1], starts_at=at(last, 23), ends_at=at(last, 23, 30)),
        MeetingFactory(venue=halls[2], starts_at=at(first), ends_at=at(first, 20)),
    ]
    MeetingFactory(
        venue=halls[0],
        starts_at=at(first - timedelta(days=1), 10),
        ends_at=at(first - timedelta(days=1), 12),
    )
    MeetingFactory(
        venue=halls[1],
        starts_at=at(last + timedelta(days=1), 0),
        ends_at=at(last + timedelta(days=1), 2),
    )
    halls = list(Venue.objects.filter(pk__in=[h.pk for h in halls]).prefetch_related("openings"))

    with django_assert_num_queries(1):
        infos = venue_infos(halls, first, last)

    booked = {info.id: [(b.start, b.end) for b in info.bookings] for info in infos}
    assert booked == {m.venue_id: [(m.starts_at, m.ends_at)] for m in kept}
