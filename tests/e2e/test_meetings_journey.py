"""A coordinator finds an evening for a dialogue meeting, invites three organisations, and one of
them answers from the e-mail link; the answer reaches the organiser and the organisation's feed.

Both people switch to English first: the meeting calendar is not translated into bokmål yet."""

import re
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import holidays
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.time import OSLO
from meetings.models import VenueOpening
from notifications.services import notifications_send_due
from organizations.models import OrganizationMembership
from tests.e2e.helpers import follow_link, required_field, switch_to_english
from tests.factories import (
    TEST_PASSWORD,
    ActivityFactory,
    OrganizationFactory,
    VenueFactory,
    person_of,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TUESDAY, THURSDAY, SATURDAY = 1, 3, 5
TITLE = "Dialogmøte om frivillighet"


@pytest.fixture
def venue(municipality):
    """Open Tuesday and Thursday 16–22 and Saturday 10–16: the planner has few days to offer."""
    venue = VenueFactory(municipality=municipality, name="Fjell grendehus", room="Storsalen")
    VenueOpening.objects.bulk_create(
        [
            VenueOpening(venue=venue, weekday=TUESDAY, opens_at=time(16), closes_at=time(22)),
            VenueOpening(venue=venue, weekday=THURSDAY, opens_at=time(16), closes_at=time(22)),
            VenueOpening(venue=venue, weekday=SATURDAY, opens_at=time(10), closes_at=time(16)),
        ]
    )
    return venue


@pytest.fixture
def invitees(municipality):
    """Three verified organisations in the municipality, each with a contact person; the chess
    club plays every Tuesday evening."""
    organizations = {
        name: OrganizationFactory(name=name, verified=True, municipalities=[municipality])
        for name in ["Drammen Røde Kors", "Sjakklubben Løperen", "Språkkafé Drammen"]
    }
    for organization in organizations.values():
        person_of(organization, "contact")
    ActivityFactory(
        organization=organizations["Sjakklubben Løperen"],
        municipality=municipality,
        title="Sjakkveld",
        schedules=[(TUESDAY, "17:30", "21:00")],
    )
    return organizations


def local_start(card) -> datetime:
    """The start of a proposal, from its machine-readable <time>."""
    return datetime.fromisoformat(card.locator("time").get_attribute("datetime")).astimezone(OSLO)


def test_coordinator_plans_an_evening_meeting_and_an_organisation_answers_yes(
    page,
    new_context,
    live_server,
    mailoutbox,
    sign_in_with_code,
    assert_accessible,
    coordinator,
    venue,
    invitees,
):
    red_cross = invitees["Drammen Røde Kors"]
    red_cross_contact = OrganizationMembership.objects.get(organization=red_cross).user
    first_day = timezone.localdate() + timedelta(days=3)
    last_day = first_day + timedelta(days=20)  # three of each weekday

    # -- the coordinator signs in with a code and switches to English
    sign_in_with_code(coordinator.email)

    # -- the planner: the empty form, then proposals
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", name="My calendar", level=1)).to_be_visible()
    follow_link(page, "Find a time", check=assert_accessible)

    required_field(page, "Kind of meeting").select_option(label="Dialogue meeting")
    page.get_by_label("Title", exact=True).fill(TITLE)
    required_field(page, "From").fill(first_day.isoformat())
    required_field(page, "To").fill(last_day.isoformat())
    required_field(page, "Duration in minutes").fill("90")
    page.get_by_label(str(venue), exact=True).check()
    for name in invitees:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Show proposals").click()

    results = page.get_by_role("region", name=re.compile(r"^\d+ proposals?$"))
    expect(results.get_by_role("heading", level=2)).to_have_text(re.compile(r"^\d+ proposals?$"))
    proposals = results.get_by_role("listitem")
    expect(proposals.first).to_be_visible()
    assert_accessible(page)

    days_off = holidays.country_holidays("NO", years={first_day.year, last_day.year})
    tuesdays = 0
    for card in proposals.all():
        start = local_start(card)
        assert first_day <= start.date() <= last_day
        assert start.date() not in days_off, f"{start:%d.%m.%Y} is {days_off.get(start.date())}"
        assert start.weekday() in (TUESDAY, THURSDAY, SATURDAY)  # when the venue is open
        if start.weekday() == SATURDAY:
            assert start.time() >= time(10)
        else:
            assert start.time() >= time(17)
        if start.weekday() == TUESDAY:
            tuesdays += 1
            expect(card).to_contain_text("Busy: Sjakklubben Løperen")
        else:
            expect(card).not_to_contain_text("Busy:")
    assert tuesdays, "a Tuesday evening, when the chess club plays, is offered as a last resort"

    best = proposals.first
    chosen = local_start(best)
    assert chosen.weekday() != TUESDAY
    expect(best).to_contain_text("3 of 3 organisations have no other commitment")

    # -- the prefilled form: first with an end before the start, then saved
    best.get_by_role("link", name=re.compile(r"^Choose")).click()
    expect(page.get_by_role("heading", name="New meeting", level=1)).to_be_visible()
    expect(required_field(page, "Kind of meeting")).to_have_value("dialogue")
    expect(required_field(page, "Title")).to_have_value(TITLE)
    expect(required_field(page, "Date")).to_have_value(f"{chosen:%d/%m/%Y}")  # English, day first
    expect(required_field(page, "Starts at")).to_have_value(f"{chosen:%H:%M}")
    end_time = required_field(page, "Ends at")
    expect(end_time).to_have_value(f"{chosen + timedelta(minutes=90):%H:%M}")
    expect(page.get_by_label("Venue", exact=True)).to_have_value(str(venue.pk))
    for name in invitees:
        expect(page.get_by_label(name, exact=True)).to_be_checked()
    assert_accessible(page)

    end_time.fill(f"{chosen - timedelta(hours=1):%H:%M}")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("alert")).to_contain_text("The meeting is not saved.")
    end_time = required_field(page, "Ends at")
    expect(end_time).to_have_attribute("aria-invalid", "true")
    expect(end_time).to_have_accessible_description(re.compile("The end must be after the start"))
    assert_accessible(page)

    end_time.fill(f"{chosen + timedelta(minutes=90):%H:%M}")
    page.get_by_role("button", name="Save meeting").click()

    # -- the meeting page, as its organiser sees it
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("the invitations are sent")
    meeting_url = page.url
    answers = page.get_by_role("region", name="Invitations and answers")
    expect(answers).to_contain_text("Coming: 0 · maybe: 0 · not coming: 0 · not answered: 3")
    for name in invitees:
        expect(answers.get_by_role("row", name=re.compile(name))).to_contain_text("Not answered")
    assert_accessible(page)

    # -- the venue shows the booking
    page.get_by_role("link", name=venue.name).click()
    expect(page.get_by_role("heading", name=str(venue), level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Upcoming bookings")).to_contain_text(TITLE)
    assert_accessible(page)

    # -- the coordinator's calendar in month, week and list view
    calendar_url = reverse("meetings:calendar")
    page.goto(f"{live_server.url}{calendar_url}?view=month&date={chosen.date().isoformat()}")
    expect(page.get_by_role("heading", name="My calendar", level=1)).to_be_visible()
    expect(page.get_by_role("table").get_by_role("link", name=re.compile(TITLE))).to_be_visible()
    assert_accessible(page)
    views = page.get_by_role("navigation", name="Calendar view")
    for view, label in [("week", "Week"), ("list", "List")]:
        views.get_by_role("link", name=label, exact=True).click()
        expect(page).to_have_url(re.compile(rf"view={view}"))
        expect(views.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        expect(page.get_by_role("link", name=re.compile(TITLE))).to_be_visible()
        assert_accessible(page)

    page.get_by_role("banner").get_by_text("More", exact=True).click()
    page.get_by_role("navigation", name="More pages").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", name="Events", level=1)).to_be_visible()
    assert_accessible(page)

    # -- the invitation e-mail goes out through the outbox
    assert notifications_send_due(now=timezone.now()) == len(invitees)
    [invitation] = [message for message in mailoutbox if message.to == [red_cross_contact.email]]
    link = re.search(r"https?://\S+(/meetings/\d+/)", invitation.body).group(1)

    # -- the Red Cross's contact person follows the link on another computer and answers
    contact_page = new_context().new_page()
    contact_page.goto(f"{live_server.url}{link}")
    expect(contact_page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
    required_field(contact_page, "E-post").fill(red_cross_contact.email)
    required_field(contact_page, "Passord").fill(TEST_PASSWORD)
    contact_page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(contact_page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    switch_to_english(contact_page)
    expect(contact_page).to_have_url(meeting_url)

    rsvp = contact_page.get_by_role("region", name="Answer for Drammen Røde Kors")
    expect(rsvp).to_contain_text("Not answered yet.")
    expect(contact_page.get_by_role("region", name="Invitations and answers")).to_have_count(0)
    assert_accessible(contact_page)

    rsvp.get_by_role("radio", name="Yes", exact=True).check()
    required_field(contact_page, "How many come").fill("3")
    rsvp.get_by_role("button", name="Save answer").click()
    expect(contact_page.get_by_role("status")).to_contain_text("Your answer is saved.")
    expect(rsvp).to_contain_text("Answered: Yes (3 people).")
    assert_accessible(contact_page)

    # -- the organiser sees the answer
    page.goto(meeting_url)
    answers = page.get_by_role("region", name="Invitations and answers")
    expect(answers).to_contain_text("Coming: 3 · maybe: 0 · not coming: 0 · not answered: 2")
    red_cross_row = answers.get_by_role("row", name=re.compile("Drammen Røde Kors"))
    expect(red_cross_row.get_by_role("cell")).to_have_text(["Yes", "3", "–"])

    # -- the Red Cross's calendar feed has the meeting at the chosen Oslo time
    contact_page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    contact_page.get_by_role("link", name="Subscribe in your calendar app").click()
    expect(contact_page.get_by_role("heading", name="Calendar subscriptions")).to_be_visible()
    assert_accessible(contact_page)
    address = (
        contact_page.get_by_role("region", name="Meetings of Drammen Røde Kors")
        .get_by_role("link", name=re.compile(r"^https?:"))
        .get_attribute("href")
    )
    response = contact_page.request.get(f"{live_server.url}{urlsplit(address).path}")
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert str(event["SUMMARY"]) == TITLE
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    starts = event.decoded("DTSTART").astimezone(OSLO)
    assert starts.replace(tzinfo=None) == chosen.replace(tzinfo=None)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=90)
