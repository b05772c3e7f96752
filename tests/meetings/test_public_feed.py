"""The public calendar feeds (R41): a municipality's open events and all open events, at stable
public addresses, for calendar apps; nothing about who comes."""

import icalendar
import pytest
from django.urls import reverse

from tests.factories import MeetingFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db

ALL = reverse("meetings:public_feed")


def summaries(response) -> set[str]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]) for event in calendar.walk("VEVENT")}


@pytest.fixture
def events(municipality, other_municipality):
    here = MeetingFactory(municipality=municipality, title="Frivillighetsmesse", is_public=True)
    MeetingFactory(municipality=municipality, title="Intern oppfølging", is_public=False)
    there = MeetingFactory(municipality=other_municipality, title="Språkkafé", is_public=True)
    ParticipationFactory(
        meeting=here, user=UserFactory(full_name="Kari Nordmann"), organization=None
    )
    return here, there


def test_the_municipality_feed_has_its_open_events_only(client, events, municipality):
    response = client.get(reverse("meetings:municipality_public_feed", args=[municipality.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert summaries(response) == {"Frivillighetsmesse"}


def test_the_feed_of_all_open_events_needs_no_sign_in_and_names_no_one(client, events):
    response = client.get(ALL)
    assert summaries(response) == {"Frivillighetsmesse", "Språkkafé"}
    text = response.content.decode()
    assert "Kari Nordmann" not in text
    assert "@example.no" not in text
    assert response["Cache-Control"] == "public, max-age=900"


def test_an_unchanged_feed_answers_304_to_its_etag(client, events):
    first = client.get(ALL)
    again = client.get(ALL, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    here, _there = events
    here.title = "Frivillighetsmesse 2027"
    here.save()
    changed = client.get(ALL, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "Frivillighetsmesse 2027" in summaries(changed)


def test_an_unknown_municipality_has_no_feed(client):
    assert (
        client.get(reverse("meetings:municipality_public_feed", args=["nowhere"])).status_code
        == 404
    )


@pytest.mark.usefixtures("english")
def test_the_events_page_links_to_the_feeds(client, events, municipality):
    page = client.get(reverse("meetings:public")).content.decode()
    assert reverse("meetings:public_feed") in page
    assert reverse("meetings:municipality_public_feed", args=[municipality.slug]) in page


@pytest.mark.parametrize("rows", [1, 20])
def test_the_feed_takes_the_same_queries_for_few_and_many_events(
    client, municipality, django_assert_num_queries, rows
):
    MeetingFactory.create_batch(rows, municipality=municipality, is_public=True)
    with django_assert_num_queries(1):
        client.get(ALL)
