"""Granting a request for premises that are one of the municipality's venues books the weekly
times there for the term (R16, W22): the venue's exclusion constraint guards double booking, a
clash refuses the grant with the venue's next free times, and withdrawing frees the venue."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.time import OSLO
from dashboard.models import PlaceRequest
from dashboard.services import (
    place_request_answer,
    place_request_withdraw,
    term_end,
)
from meetings.models import Meeting
from meetings.services import meeting_create
from tests.factories import (
    MeetingFactory,
    OrganizationFactory,
    VenueFactory,
    ask_for_place,
    person_of,
    weekly_premises,
)

pytestmark = pytest.mark.django_db

TUESDAY, THURSDAY = 1, 3


def sign_in(client, user):
    """Signed in with English pages, so that the assertions read the English messages."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)


def ask(club_admin, club, premises, slots=None):
    return ask_for_place(
        club_admin,
        club,
        message="Sjakk for barn",
        premises=premises,
        slots=slots if slots is not None else list(premises.slots.all()),
    )


def in_five_weeks() -> date:
    return timezone.localdate() + timedelta(weeks=5)


def test_the_term_ends_on_20_june_or_20_december():
    assert term_end(date(2027, 3, 1)) == date(2027, 6, 20)
    assert term_end(date(2027, 6, 20)) == date(2027, 6, 20)
    assert term_end(date(2027, 8, 15)) == date(2027, 12, 20)
    assert term_end(date(2027, 12, 28)) == date(2028, 6, 20)


def test_granting_books_the_weekly_times_at_the_venue_until_the_chosen_day(
    client, municipality, coordinator, club_admin, club, premises, venue
):
    place_request = ask(club_admin, club, premises)
    sign_in(client, coordinator)
    url = reverse("public:request", args=[municipality.slug, place_request.pk])
    page = client.get(url).content.decode()
    assert 'name="until"' in page
    assert term_end(timezone.localdate()).strftime("%d/%m/%Y") in page  # the term's end

    until = in_five_weeks()
    response = client.post(url, {"status": "granted", "reply": "", "until": until.isoformat()})

    assert response.status_code == 302
    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.GRANTED
    assert place_request.booked.count() == 2  # a series per weekly time
    booked = list(Meeting.objects.filter(venue=venue).order_by("starts_at"))
    assert len(booked) in (9, 10, 11)  # two a week for five weeks, as the weekdays fall
    for meeting in booked:
        local = meeting.starts_at.astimezone(OSLO)
        assert local.weekday() in (TUESDAY, THURSDAY)
        assert (local.time(), meeting.ends_at.astimezone(OSLO).time()) == (time(17), time(20))
        assert meeting.organizer_organization == club
        assert meeting.status == Meeting.Status.SCHEDULED
        assert timezone.now() < meeting.starts_at
        assert local.date() <= until
    page = client.get(url).content.decode()
    assert f"{len(booked)} times at Fjell bydelshus, Sal 2" in page
    assert "The first time in the calendar" in page


def test_a_venue_already_booked_refuses_the_grant_with_its_next_free_times(
    client, municipality, coordinator, club_admin, club, premises, venue
):
    place_request = ask(club_admin, club, premises, list(premises.slots.filter(weekday=TUESDAY)))
    today = timezone.localdate()
    tuesday = today + timedelta(days=(TUESDAY - today.weekday()) % 7 or 7)
    starts = datetime.combine(tuesday + timedelta(weeks=1), time(18), tzinfo=OSLO)
    MeetingFactory(municipality=municipality, venue=venue, starts_at=starts)
    sign_in(client, coordinator)
    url = reverse("public:request", args=[municipality.slug, place_request.pk])

    response = client.post(
        url, {"status": "granted", "reply": "", "until": in_five_weeks().isoformat()}
    )

    assert response.status_code == 400
    error = " ".join(response.context["form"].errors["status"])
    assert "is already booked on" in error
    assert "Free times:" in error
    place_request.refresh_from_db()
    assert place_request.status == PlaceRequest.Status.WAITING
    assert not place_request.booked.exists()
    assert Meeting.objects.filter(venue=venue).count() == 1  # nothing booked


def test_a_second_request_for_a_granted_time_is_refused_with_the_free_times(
    municipality, coordinator, club_admin, club, premises
):
    tuesday = list(premises.slots.filter(weekday=TUESDAY))
    first = ask(club_admin, club, premises, tuesday)
    place_request_answer(by=coordinator, place_request=first, status="granted", reply="")
    other = OrganizationFactory(name="Fjell Vel", verified=True, municipalities=[municipality])

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        ask(person_of(other, "admin"), other, premises, tuesday)

    (message,) = refused.value.message_dict["slots"]
    assert message == (
        "Tuesday 17:00–20:00 is already given to another organisation. "
        "Free times: Thursday 17:00–20:00."
    )


def test_withdrawing_a_granted_request_frees_the_venue_from_now_on(
    municipality, coordinator, club_admin, club, premises, venue
):
    place_request = ask(club_admin, club, premises)
    place_request_answer(
        by=coordinator,
        place_request=place_request,
        status="granted",
        reply="",
        until=in_five_weeks(),
    )

    place_request_withdraw(by=club_admin, place_request=place_request)

    assert not Meeting.objects.filter(venue=venue, status__in=Meeting.HOLDS_VENUE).exists()


def test_premises_without_a_venue_are_granted_without_booking(
    municipality, coordinator, club_admin, club
):
    premises = weekly_premises(
        municipality,
        name="Biblioteket",
        address="Grønland 32",
        weekdays=[TUESDAY],
        ends_at=time(19),
    )
    place_request = ask(club_admin, club, premises)

    place_request_answer(by=coordinator, place_request=place_request, status="granted", reply="")

    assert not Meeting.objects.exists()


def test_premises_book_only_one_of_the_municipalitys_own_venues(municipality, club):
    offered = VenueFactory(municipality=municipality, organization=club)

    with pytest.raises(ValidationError):
        weekly_premises(
            municipality,
            name="Klubbhuset",
            address="x",
            weekdays=[TUESDAY],
            ends_at=time(19),
            venue=offered,
        )


def test_an_organisation_books_its_own_venue_but_not_the_municipalitys(
    client, municipality, club, club_admin, venue
):
    own = VenueFactory(municipality=municipality, organization=club, name="Klubbhuset")
    client.force_login(club_admin)
    choices = client.get(reverse("meetings:create")).context["form"].fields["venue"].queryset
    assert own in choices
    assert venue not in choices

    starts = timezone.now() + timedelta(days=3)
    arguments = {
        "by": club_admin,
        "municipality": municipality,
        "organizer_organization": club,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
    }
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        meeting_create(**arguments, fields={"kind": "other", "title": "Sjakk", "venue": venue})
    assert "organisations ask for it as premises" in " ".join(refused.value.message_dict["venue"])

    meeting = meeting_create(**arguments, fields={"kind": "other", "title": "Sjakk", "venue": own})
    assert meeting.venue == own
