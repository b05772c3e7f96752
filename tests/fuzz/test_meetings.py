"""Bad input for the meetings app: the meeting form (create and edit), cancelling, answers,
sign-ups, attendance, minutes, venues with opening hours, the planner, every calendar's filters
and `view`/`date`/`page`, the calendar feed tokens and the feed settings."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given

from meetings.filters import MeetingFilter
from meetings.forms import (
    AnswerForm,
    CancelForm,
    MeetingForm,
    MinutesForm,
    OpeningForm,
    PlannerForm,
    RegisterForm,
    VenueForm,
)
from meetings.models import Kind
from tests.factories import MeetingFactory, ParticipationFactory, VenueFactory
from tests.fuzz import strategies as fz

pytestmark = pytest.mark.django_db

MEETING_FIELDS = fz.field_names(MeetingForm)


def meeting_valid(municipality):
    return {
        "organizer": f"m{municipality.pk}",
        "kind": "dialogue",
        "title": "Dialogmøte",
        "date": "2031-03-04",
        "start_time": "18:00",
        "end_time": "20:00",
        "scope": "one",
        "repeat": "weekly",
        "interval": "1",
        "count": "3",
        "capacity": "20",
    }


@pytest.fixture
def meeting(municipality, organization):
    meeting = MeetingFactory(municipality=municipality)
    ParticipationFactory(meeting=meeting, organization=organization)
    return meeting


@fz.FUZZ
@given(data=fz.submissions(MEETING_FIELDS))
def test_creating_a_meeting(client, coordinator, municipality, data):
    client.force_login(coordinator)
    data = {**meeting_valid(municipality), **data}
    fz.post_and_check(client, reverse("meetings:create"), data)


@fz.FUZZ
@given(params=fz.query_params(["date", "start", "end", "venue", "kind", "title", "organizations"]))
def test_the_meeting_forms_prefill(client, coordinator, params):
    client.force_login(coordinator)
    fz.get_and_check(client, reverse("meetings:create"), params)


@fz.FUZZ
@given(data=fz.submissions(MEETING_FIELDS))
def test_editing_a_meeting(client, coordinator, municipality, meeting, data):
    client.force_login(coordinator)
    data = {**meeting_valid(municipality), **data}
    fz.post_and_check(client, reverse("meetings:edit", args=[meeting.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(CancelForm)))
def test_cancelling_a_meeting(client, coordinator, municipality, data):
    client.force_login(coordinator)
    meeting = MeetingFactory(municipality=municipality)
    fz.post_and_check(client, reverse("meetings:cancel", args=[meeting.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(MinutesForm)))
def test_the_minutes(client, coordinator, meeting, data):
    client.force_login(coordinator)
    fz.post_and_check(client, reverse("meetings:minutes", args=[meeting.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(["attended"]))
def test_the_attendance(client, coordinator, meeting, data):
    client.force_login(coordinator)
    fz.post_and_check(client, reverse("meetings:attendance", args=[meeting.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(AnswerForm, "p{pk}-"), valid={"p{pk}-response": "yes"}))
def test_answering_an_invitation(client, contact_person, meeting, data):
    client.force_login(contact_person)
    participation = meeting.participations.get()
    data = {key.format(pk=participation.pk): value for key, value in data.items()}
    fz.post_and_check(client, reverse("meetings:answer", args=[participation.pk]), data)


@fz.FUZZ
@given(data=fz.submissions(fz.field_names(RegisterForm), valid={"party_size": "2"}))
def test_signing_up_for_a_public_event(client, plain_user, municipality, data):
    client.force_login(plain_user)
    event = MeetingFactory(
        municipality=municipality, kind=Kind.PUBLIC_EVENT, is_public=True, capacity=3
    )
    fz.post_and_check(client, reverse("meetings:register", args=[event.pk]), data)


def venue_valid(municipality):
    return {
        "owner": f"m{municipality.pk}",
        "name": "Grendehuset",
        "address": "Storgata 1",
        "postal_code": "3015",
        "city": "Drammen",
        "capacity": "40",
        "is_active": "on",
        "openings-TOTAL_FORMS": "1",
        "openings-INITIAL_FORMS": "0",
        "openings-MIN_NUM_FORMS": "0",
        "openings-MAX_NUM_FORMS": "21",
        "openings-0-weekday": "1",
        "openings-0-opens_at": "08:00",
        "openings-0-closes_at": "22:00",
    }


VENUE_FIELDS = [
    *fz.field_names(VenueForm),
    "owner",
    *fz.field_names(OpeningForm, "openings-0-"),
    "openings-TOTAL_FORMS",
    "openings-INITIAL_FORMS",
]


@fz.FUZZ
@given(data=fz.submissions(VENUE_FIELDS))
def test_creating_and_editing_a_venue(client, coordinator, municipality, data):
    client.force_login(coordinator)
    data = {**venue_valid(municipality), **data}
    fz.post_and_check(client, reverse("meetings:venue_create"), data)
    venue = VenueFactory(municipality=municipality)
    fz.post_and_check(client, reverse("meetings:venue_edit", args=[venue.pk]), data)


def test_form_bodies_that_are_not_utf8(client, coordinator, meeting):
    client.force_login(coordinator)
    fz.post_raw_bodies(client, reverse("meetings:create"))
    fz.post_raw_bodies(client, reverse("meetings:edit", args=[meeting.pk]))
    fz.post_raw_bodies(client, reverse("meetings:venue_create"))


# -- the planner and the calendars --------------------------------------------------------------


@fz.FUZZ
@given(params=fz.query_params(fz.field_names(PlannerForm)))
def test_the_planner(client, coordinator, municipality, params):
    client.force_login(coordinator)
    params = {"kind": "dialogue", "first_day": fz.today_iso(), "last_day": fz.today_iso(), **params}
    fz.get_and_check(client, reverse("meetings:plan"), params)


CALENDAR_PARAMS = [*MeetingFilter.base_filters, "view", "date"]


@fz.FUZZ
@given(params=fz.query_params(CALENDAR_PARAMS))
def test_the_calendars(client, coordinator, municipality, organization, meeting, params):
    client.force_login(coordinator)
    for url in (
        reverse("meetings:calendar"),
        reverse("meetings:public"),
        reverse("meetings:organization_calendar", args=[organization.pk]),
        reverse("meetings:municipality_calendar", args=[municipality.slug]),
        reverse("meetings:venues"),
    ):
        fz.get_and_check(client, url, params)


def test_query_strings_that_are_not_utf8(client, coordinator):
    fz.get_raw_queries(client, reverse("meetings:public"), CALENDAR_PARAMS)
    client.force_login(coordinator)
    fz.get_raw_queries(client, reverse("meetings:calendar"), CALENDAR_PARAMS)
    fz.get_raw_queries(client, reverse("meetings:plan"), fz.field_names(PlannerForm))
    fz.get_raw_queries(client, reverse("meetings:create"), ["date", "start", "venue"])


# -- calendar feeds: the token in the address, and the settings ---------------------------------


@fz.FUZZ
@given(token=fz.hostile_text)
def test_feed_tokens(client, token):
    response = client.get(f"/calendar/feeds/{quote(token[:1000], safe='')}.ics")
    fz.assert_safe(response)
    assert response.status_code == 404


@fz.FUZZ
@given(data=fz.submissions(["organization", "confirm", "weekly_digest"]))
def test_the_feed_settings(client, organization_admin, organization, data):
    client.force_login(organization_admin)
    fz.post_and_check(client, reverse("meetings:feed_regenerate"), data)
    fz.post_and_check(client, reverse("meetings:feed_digest"), data)


def test_far_dates_and_huge_numbers_in_the_meeting_and_venue_forms(
    client, coordinator, municipality, meeting
):
    client.force_login(coordinator)
    fields = fz.edge_fields(MeetingForm)
    valid = meeting_valid(municipality)
    fz.one_field_at_a_time(client, reverse("meetings:create"), valid, fields)
    fz.one_field_at_a_time(client, reverse("meetings:edit", args=[meeting.pk]), valid, fields)
    fields = [*fz.edge_fields(VenueForm), *fz.edge_fields(OpeningForm, "openings-0-")]
    fz.one_field_at_a_time(
        client, reverse("meetings:venue_create"), venue_valid(municipality), fields
    )
