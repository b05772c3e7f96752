"""Organisations' public activities in the public calendar (R41): a filter shows each weekly
time of the directory's activities as a day in the month, week or list shown; activities not
public (an unverified organisation, a paused activity, out of season) stay out; the whole-page
cache keeps the two answers apart; the query count does not grow with the data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import ActivitySchedule
from organizations.selectors import public_activity_occurrences
from tests.factories import ActivityFactory, OrganizationFactory, verified_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Tuesdays in March 2027: 2, 9, 16, 23, 30.
MARCH = {"view": "list", "date": "2027-03-10"}


@pytest.fixture
def cafe(municipality):
    organization = verified_in(municipality, "Språkvenner")
    return ActivityFactory(
        organization=organization,
        municipality=municipality,
        title="Språkkafé tirsdag",
        schedules=[(1, "18:00", "20:00")],
    )


def public(client, **params):
    return client.get(reverse("meetings:public"), params)


def test_the_filter_adds_each_weekly_time_in_the_period(client, cafe):
    without = public(client, **MARCH)
    assert "Språkkafé tirsdag" not in without.text

    response = public(client, **MARCH, activities="on")

    days = [o.day for o in response.context["activity_page"].object_list]
    assert days == [date(2027, 3, d) for d in (2, 9, 16, 23, 30)]
    assert "Språkkafé tirsdag" in response.text
    assert "Språkvenner" in response.text


def test_month_and_week_views_show_the_activity_on_its_days(client, cafe):
    month = public(client, view="month", date="2027-03-10", activities="on")
    tuesdays = [day for day in month.context["days"] if day["activities"]]
    assert all(day["date"].weekday() == 1 for day in tuesdays)
    assert date(2027, 3, 16) in [day["date"] for day in tuesdays]

    week = public(client, view="week", date="2027-03-10", activities="on")
    assert [day["date"] for day in week.context["days"] if day["activities"]] == [date(2027, 3, 9)]
    assert "Språkkafé tirsdag" in week.text


def test_the_month_tables_caption_names_the_activities_when_they_are_shown(client, cafe):
    without = public(client, view="month", date="2027-03-10")
    assert "Meetings in March 2027" in without.text
    assert "Meetings and activities in" not in without.text

    month = public(client, view="month", date="2027-03-10", activities="on")

    assert "Meetings and activities in March 2027" in month.text
    assert "Meetings in March 2027" not in month.text


def test_activities_that_are_not_public_or_out_of_season_stay_out(municipality, cafe):
    pending = OrganizationFactory(municipalities=[municipality])
    ActivityFactory(
        organization=pending, municipality=municipality, schedules=[(1, "18:00", "20:00")]
    )
    ActivityFactory(
        organization=cafe.organization,
        municipality=municipality,
        is_active=False,
        schedules=[(1, "18:00", "20:00")],
    )
    summer = ActivityFactory(
        organization=cafe.organization, municipality=municipality, title="Sommertur"
    )
    ActivitySchedule.objects.create(
        activity=summer,
        weekday=2,
        starts_at="10:00",
        ends_at="12:00",
        season_start=date(2027, 6, 1),
        season_end=date(2027, 8, 31),
    )

    found = public_activity_occurrences(date(2027, 3, 1), date(2027, 3, 31))
    assert {o.activity for o in found} == {cafe}
    in_june = public_activity_occurrences(date(2027, 6, 1), date(2027, 6, 7))
    assert {o.activity.title for o in in_june} == {"Språkkafé tirsdag", "Sommertur"}


def test_the_meeting_filters_apply_to_the_activities(client, municipality, cafe):
    morning = ActivityFactory(
        organization=cafe.organization,
        municipality=municipality,
        title="Formiddagstreff",
        schedules=[(3, "10:00", "12:00")],
    )
    evenings = public(client, **MARCH, activities="on", evening="on")
    assert {o.activity for o in evenings.context["activity_page"].object_list} == {cafe}
    assert morning.title not in evenings.text

    a_kind = public(client, **MARCH, activities="on", kind="cooperation")
    assert "activity_page" not in a_kind.context


def test_the_cache_keeps_the_page_with_activities_apart(client, cafe):
    assert "Språkkafé tirsdag" not in public(client, **MARCH).text
    assert "Språkkafé tirsdag" in public(client, **MARCH, activities="on").text
    assert "Språkkafé tirsdag" not in public(client, **MARCH).text
    assert "Språkkafé tirsdag" in public(client, **MARCH, activities="on").text


def test_the_query_count_does_not_grow_with_the_activities(client, municipality, cafe):
    public(client, view="month", date="2027-02-10", activities="on")  # warm up
    with CaptureQueriesContext(connection) as few:  # each address once: never from the cache
        public(client, view="month", date="2027-03-10", activities="on")
    for n in range(20):
        organization = OrganizationFactory(verified=True, municipalities=[municipality])
        ActivityFactory(
            organization=organization,
            municipality=municipality,
            schedules=[(n % 7, "17:00", "19:00"), ((n + 3) % 7, "18:00", "20:00")],
        )
    with CaptureQueriesContext(connection) as many:
        response = public(client, view="month", date="2027-03-11", activities="on")
    assert len(many) <= len(few)
    assert sum(len(day["activities"]) for day in response.context["days"]) > 100


def test_the_public_feed_carries_the_activities_as_weekly_events_when_asked(
    client, municipality, other_municipality, cafe
):
    import icalendar

    elsewhere = OrganizationFactory(verified=True, municipalities=[other_municipality])
    ActivityFactory(
        organization=elsewhere,
        municipality=other_municipality,
        title="Turgruppe",
        schedules=[(5, "11:00", "13:00")],
    )
    feed = reverse("meetings:public_feed")
    local = reverse("meetings:municipality_public_feed", args=[municipality.slug])

    def events(url):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        return {str(e["summary"]): e for e in calendar.walk("VEVENT")}

    assert events(feed) == {}
    found = events(feed + "?activities=1")
    assert set(found) == {"Språkkafé tirsdag (Språkvenner)", "Turgruppe (" + elsewhere.name + ")"}
    cafe_event = found["Språkkafé tirsdag (Språkvenner)"]
    assert cafe_event["rrule"]["BYDAY"] == ["TU"]
    assert cafe_event.decoded("dtstart").weekday() == 1
    assert set(events(local + "?activities=1")) == {"Språkkafé tirsdag (Språkvenner)"}
