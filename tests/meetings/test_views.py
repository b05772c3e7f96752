"""The meeting calendar's pages: who may open them, the forms, answers, planner and feeds."""

import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.time import OSLO
from meetings.models import CalendarFeed, Kind, Meeting, MeetingSeries, Participation, VenueOpening
from organizations.models import Organization
from tests.accounts.conftest import ROLES as ALL_ROLES
from tests.factories import (
    ActivityFactory,
    MeetingFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    ParticipationFactory,
    VenueFactory,
    person_of,
)
from tests.meetings.helpers import at

pytestmark = pytest.mark.django_db


LOGIN = reverse("account_login")
ROLES = [role for role in ALL_ROLES if role != "platform_admin"]


def next_weekday(weekday: int, *, weeks_ahead: int = 1) -> date:
    """The given weekday (0 = Monday) at least `weeks_ahead` weeks from today."""
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def next_may(day: int) -> date:
    """A day in May far enough ahead that the days around it are all in the future."""
    today = timezone.localdate()
    candidate = date(today.year, 5, day)
    return candidate if candidate - timedelta(days=3) > today else date(today.year + 1, 5, day)


def first_of_a_future_month() -> date:
    return (timezone.localdate().replace(day=1) + timedelta(days=62)).replace(day=1)


def content(response) -> str:
    return response.content.decode()


@pytest.fixture
def venue(municipality):
    return VenueFactory(municipality=municipality, name="Biblioteket", room="", capacity=40)


@pytest.fixture
def partner(municipality):
    """A verified organisation in the municipality, with a contact person."""
    organization = OrganizationFactory(
        verified=True, municipalities=[municipality], name="Røde Kors Drammen"
    )
    person_of(organization, "contact")
    return organization


@pytest.fixture
def meeting(municipality, venue, organization):
    """A dialogue meeting of the municipality next Tuesday 18–20, `organization` invited."""
    meeting = MeetingFactory(
        municipality=municipality,
        venue=venue,
        title="Dialogmøte om høsten",
        starts_at=at(next_weekday(1)),
        ends_at=at(next_weekday(1), 20),
    )
    ParticipationFactory(meeting=meeting, organization=organization)
    return meeting


def assert_status(response, expected: int):
    if expected == 302:
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
    else:
        assert response.status_code == expected


# -- who may open which page ---------------------------------------------------------------------

STATUS = {
    # role: (mine, organisation's, municipality's, public)
    "anonymous": (302, 302, 302, 200),
    "plain_user": (200, 404, 404, 200),
    "member": (200, 200, 404, 200),
    "contact_person": (200, 200, 404, 200),
    "organization_admin": (200, 200, 404, 200),
    "caseworker": (200, 404, 200, 200),
    "coordinator": (200, 404, 200, 200),
    "other_coordinator": (200, 404, 404, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_calendars_open_for_the_right_people_and_hide_others_calendars(
    client, log_in, organization, municipality, role
):
    log_in(role)
    urls = [
        reverse("meetings:calendar"),
        reverse("meetings:organization_calendar", args=[organization.pk]),
        reverse("meetings:municipality_calendar", args=[municipality.slug]),
        reverse("meetings:public"),
    ]

    for url, expected in zip(urls, STATUS[role], strict=True):
        assert_status(client.get(url), expected)


@pytest.mark.parametrize(
    ("role", "detail", "edit"),
    [
        ("anonymous", 302, 302),
        ("plain_user", 404, 404),
        ("member", 200, 403),  # the organisation is invited: may see, not change
        ("contact_person", 200, 403),
        ("organization_admin", 200, 403),
        ("caseworker", 200, 403),
        ("coordinator", 200, 200),
        ("other_coordinator", 404, 404),
    ],
)
def test_a_meeting_is_seen_by_those_invited_and_the_municipality_and_changed_by_the_organiser(
    client, log_in, meeting, role, detail, edit
):
    log_in(role)

    assert_status(client.get(reverse("meetings:detail", args=[meeting.pk])), detail)
    assert_status(client.get(reverse("meetings:ics", args=[meeting.pk])), detail)
    assert_status(client.get(reverse("meetings:edit", args=[meeting.pk])), edit)
    assert_status(client.get(reverse("meetings:cancel", args=[meeting.pk])), edit)
    minutes = client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "Notes"})
    if edit == 200:
        assert minutes["Location"] == meeting.get_absolute_url()
    else:
        assert_status(minutes, edit)


@pytest.mark.usefixtures("english")
def test_a_public_event_is_open_to_everyone(client, meeting):
    meeting.is_public = True
    meeting.save()

    response = client.get(reverse("meetings:detail", args=[meeting.pk]))

    assert response.status_code == 200
    assert "Sign in to sign up" in content(response)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("plain_user", 403),
        ("member", 403),
        ("contact_person", 200),
        ("organization_admin", 200),
        ("caseworker", 403),
        ("coordinator", 200),
        ("other_coordinator", 200),
    ],
)
def test_coordinators_and_organisations_contacts_create_and_plan_meetings(
    client, log_in, role, expected
):
    log_in(role)

    for name in ("meetings:create", "meetings:plan", "meetings:venue_create"):
        assert_status(client.get(reverse(name)), expected)


@pytest.mark.parametrize(
    ("role", "list_", "detail", "edit"),
    [
        ("anonymous", 302, 302, 302),
        ("plain_user", 200, 404, 404),
        ("member", 200, 200, 403),  # the organisation works in the municipality
        ("contact_person", 200, 200, 403),
        ("caseworker", 200, 200, 403),
        ("coordinator", 200, 200, 200),
        ("other_coordinator", 200, 404, 404),
    ],
)
def test_venues_are_seen_in_their_municipality_and_managed_by_its_coordinators(
    client, log_in, venue, role, list_, detail, edit
):
    log_in(role)

    assert_status(client.get(reverse("meetings:venues")), list_)
    assert_status(client.get(reverse("meetings:venue", args=[venue.pk])), detail)
    assert_status(client.get(reverse("meetings:venue_edit", args=[venue.pk])), edit)


@pytest.mark.parametrize("role", ROLES)
def test_the_feeds_page_is_for_signed_in_people(client, log_in, role):
    log_in(role)

    assert_status(client.get(reverse("meetings:feeds")), 302 if role == "anonymous" else 200)


# -- calendars ------------------------------------------------------------------------------------


def titles(response) -> list[str]:
    if "meetings" in response.context:
        return [m.title for m in response.context["meetings"]]
    return [m.title for day in response.context["days"] for m in day["meetings"]]


@pytest.fixture
def month(municipality):
    """Three meetings of the municipality in a month ahead: a Tuesday evening, a Saturday
    morning, and one in the next month."""
    first = first_of_a_future_month()
    tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    saturday = tuesday + timedelta(days=4)
    return {
        "first": first,
        "tuesday": MeetingFactory(
            municipality=municipality,
            title="Tirsdagsmøte",
            starts_at=at(tuesday, 18),
            ends_at=at(tuesday, 20),
        ),
        "saturday": MeetingFactory(
            municipality=municipality,
            kind=Kind.VOLUNTEER_FAIR,
            title="Frivillighetsmesse",
            starts_at=at(saturday, 10),
            ends_at=at(saturday, 14),
        ),
        "next_month": MeetingFactory(
            municipality=municipality,
            title="Neste måned",
            starts_at=at(first + timedelta(days=40), 18),
            ends_at=at(first + timedelta(days=40), 20),
        ),
    }


CALENDAR = reverse("meetings:calendar")


def test_the_month_view_is_a_table_with_the_days_meetings_as_links(client, log_in, month):
    log_in("coordinator")

    response = client.get(CALENDAR, {"view": "month", "date": month["first"].isoformat()})

    page = content(response)
    assert titles(response) == ["Tirsdagsmøte", "Frivillighetsmesse"]
    assert "<caption" in page
    assert '<th scope="col">Monday</th>' in page
    assert f'href="{month["tuesday"].get_absolute_url()}"' in page
    assert "Neste måned" not in page
    assert 'aria-current="date"' not in page  # today is in another month


def test_the_month_view_marks_today(client, log_in):
    log_in("coordinator")

    page = content(client.get(CALENDAR))

    today = timezone.localdate().isoformat()
    assert re.search(
        r'<td class="cell-today" aria-current="date">\s*<time [^>]*datetime="' + today, page
    )


def test_the_week_view_shows_that_week_only(client, log_in, month):
    log_in("coordinator")
    tuesday = timezone.localtime(month["tuesday"].starts_at).date()

    response = client.get(CALENDAR, {"view": "week", "date": tuesday.isoformat()})

    assert titles(response) == ["Tirsdagsmøte", "Frivillighetsmesse"]
    assert [d["date"].weekday() for d in response.context["days"]] == list(range(7))
    response = client.get(CALENDAR, {"view": "week", "date": str(tuesday + timedelta(days=7))})
    assert titles(response) == []


def test_the_previous_and_next_links_move_by_the_period(client, log_in, month):
    log_in("coordinator")
    first = month["first"]

    page = content(client.get(CALENDAR, {"view": "list", "date": first.isoformat()}))

    previous = (first - timedelta(days=1)).replace(day=1)
    assert f'href="?view=list&amp;date={previous.isoformat()}">Previous month' in page
    next_ = (first + timedelta(days=32)).replace(day=1)
    assert f'href="?view=list&amp;date={next_.isoformat()}">Next month' in page


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["Tirsdagsmøte", "Frivillighetsmesse"]),
        ({"evening": "on"}, ["Tirsdagsmøte"]),
        ({"weekend": "on"}, ["Frivillighetsmesse"]),
        ({"kind": Kind.VOLUNTEER_FAIR}, ["Frivillighetsmesse"]),
    ],
)
def test_the_list_view_filters_by_kind_evening_and_weekend(
    client, log_in, month, filters, expected
):
    log_in("coordinator")

    response = client.get(CALENDAR, {"view": "list", "date": month["first"], **filters})

    assert titles(response) == expected


def test_the_calendar_filters_by_organiser(client, log_in, month, municipality, organization):
    organised = MeetingFactory(
        municipality=municipality,
        organizer_organization=organization,
        title="Lagets møte",
        starts_at=month["tuesday"].starts_at + timedelta(days=1),
        ends_at=month["tuesday"].ends_at + timedelta(days=1),
    )
    log_in("caseworker")
    url = reverse("meetings:municipality_calendar", args=[municipality.slug])
    query = {"view": "list", "date": month["first"]}

    everyone = client.get(url, query)
    by_organisation = client.get(url, {**query, "organizer": f"o{organization.pk}"})
    by_municipality = client.get(url, {**query, "organizer": f"m{municipality.pk}"})

    assert titles(everyone) == ["Tirsdagsmøte", organised.title, "Frivillighetsmesse"]
    assert titles(by_organisation) == [organised.title]
    assert titles(by_municipality) == ["Tirsdagsmøte", "Frivillighetsmesse"]


def test_the_organiser_filter_offers_the_periods_organisers_and_keeps_the_one_chosen(
    client, log_in, month, municipality, organization
):
    """Issue #24: the choices come from the shown period, not every meeting ever; moving to a
    month where the chosen organiser has nothing keeps them chosen (no "not a valid choice")."""
    MeetingFactory(
        municipality=municipality,
        organizer_organization=organization,
        title="Lagets møte",
        starts_at=month["next_month"].starts_at,
        ends_at=month["next_month"].ends_at,
    )
    log_in("caseworker")
    url = reverse("meetings:municipality_calendar", args=[municipality.slug])
    query = {"view": "month", "date": month["first"]}
    chosen = f"o{organization.pk}"

    plain = content(client.get(url, query))
    kept = client.get(url, {**query, "organizer": chosen})

    assert f'value="{chosen}"' not in plain  # nothing of theirs this month
    assert f'value="{chosen}" selected' in content(kept)
    assert titles(kept) == []
    assert "valid choice" not in content(kept)


def test_each_calendar_shows_its_own_meetings(
    client, log_in, month, municipality, other_municipality, organization
):
    tuesday = month["tuesday"]
    ParticipationFactory(meeting=tuesday, organization=organization)
    MeetingFactory(
        municipality=other_municipality,
        title="Asker",
        starts_at=tuesday.starts_at,
        ends_at=tuesday.ends_at,
    )
    public = MeetingFactory(
        municipality=other_municipality,
        title="Åpen kveld",
        is_public=True,
        starts_at=tuesday.starts_at + timedelta(days=1),
        ends_at=tuesday.ends_at + timedelta(days=1),
    )
    query = {"view": "list", "date": month["first"]}

    log_in("member")
    assert titles(client.get(CALENDAR, query)) == ["Tirsdagsmøte"]
    assert titles(
        client.get(reverse("meetings:organization_calendar", args=[organization.pk]), query)
    ) == ["Tirsdagsmøte"]
    client.logout()
    assert titles(client.get(reverse("meetings:public"), query)) == [public.title]
    log_in("coordinator")
    assert titles(client.get(CALENDAR, query)) == ["Tirsdagsmøte", "Frivillighetsmesse"]


@pytest.mark.parametrize("view", ["list", "month"])
@pytest.mark.parametrize("rows", [1, 20])
def test_the_calendar_costs_a_fixed_number_of_queries(
    client, coordinator, municipality, venue, organization, django_assert_num_queries, view, rows
):
    first = first_of_a_future_month()
    for n in range(rows):
        meeting = MeetingFactory(
            municipality=municipality,
            venue=venue,
            starts_at=at(first + timedelta(days=n)),
            ends_at=at(first + timedelta(days=n), 20),
        )
        ParticipationFactory(meeting=meeting, organization=organization, response="yes")
    client.force_login(coordinator)
    client.get(CALENDAR)  # the roles and the two-factor state now come from the session

    # session, user, organisers, [count], meetings, header municipalities, open time polls
    with django_assert_num_queries(7 if view == "list" else 6):
        response = client.get(CALENDAR, {"view": view, "date": first.isoformat()})

    assert len(titles(response)) == rows


def test_the_month_reads_only_its_own_meetings_without_joining_the_invitations(
    client, coordinator, municipality, venue, organization
):
    """Issue #24: the month's query is an index range over its weeks (meetings start at most
    MAX_DURATION before it), and each shown meeting's yes-answers are a subquery, not a join
    of every invitation in the calendar grouped back to meetings."""
    first = first_of_a_future_month()
    meeting = MeetingFactory(
        municipality=municipality, venue=venue, starts_at=at(first), ends_at=at(first, 20)
    )
    ParticipationFactory(meeting=meeting, organization=organization, response="yes")
    client.force_login(coordinator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CALENDAR, {"view": "month", "date": first.isoformat()})

    assert titles(response) == [meeting.title]
    assert f'href="{meeting.get_absolute_url()}"' in content(response)
    (month,) = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "meetings_meeting"' in q["sql"] and '"meetings_meeting"."title"' in q["sql"]
    ]
    assert 'JOIN "meetings_participation"' not in month
    assert "GROUP BY" not in month.split("(SELECT")[0]
    assert month.count('"meetings_meeting"."starts_at" >') == 1  # the lower bound


# -- the meeting form -----------------------------------------------------------------------------

CREATE = reverse("meetings:create")


def meeting_data(municipality, day: date, **overrides) -> dict:
    data = {
        "organizer": f"m{municipality.pk}",
        "kind": Kind.DIALOGUE,
        "title": "Dialogmøte om vinteren",
        "description": "",
        "agenda": "1. Velkommen",
        "venue": "",
        "online_url": "",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "capacity": "",
        "reminders": ["2880", "180"],
        "repeat": "",
        "interval": "1",
        "until": "",
        "count": "",
        **overrides,
    }
    return data


def field_html(page: str, name: str) -> str:
    """The HTML of one field as crispy renders it: its label, input and errors."""
    start = page.index(f'id="div_id_{name}"')
    end = page.find('id="div_id_', start + 1)
    return page[start : end if end > 0 else None]


def next_clock_change(month: int) -> date:
    """The next last Sunday of March (summer time begins) or October (it ends)."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        day = date(year, month, 31)
        day -= timedelta(days=(day.weekday() - 6) % 7)
        if day > today + timedelta(days=1):
            return day
    raise AssertionError


def create_at_night(client, log_in, municipality, day, start_time, end_time):
    """A coordinator creates an online meeting on `day` from `start_time` to `end_time`."""
    log_in("coordinator")
    return client.post(
        CREATE,
        meeting_data(
            municipality,
            day,
            online_url="https://meet.example.no/natt",
            start_time=start_time,
            end_time=end_time,
        ),
    )


@pytest.mark.usefixtures("english")
def test_a_time_the_clocks_skip_is_refused_next_to_the_field_not_moved_an_hour(
    client, log_in, municipality
):
    spring = next_clock_change(3)
    response = create_at_night(client, log_in, municipality, spring, "02:15", "04:00")

    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "02:15 does not exist on" in field_html(content(response), "start_time")
    assert "the clocks go forward an hour that night" in content(response)


@pytest.mark.usefixtures("english")
def test_a_meeting_ending_in_the_skipped_hour_is_refused_at_its_end(client, log_in, municipality):
    spring = next_clock_change(3)
    response = create_at_night(client, log_in, municipality, spring, "01:00", "02:30")

    assert Meeting.objects.count() == 0
    assert "02:30 does not exist on" in field_html(content(response), "end_time")


def test_a_time_that_happens_twice_in_autumn_is_its_first_occurrence_in_summer_time(
    client, log_in, municipality
):
    autumn = next_clock_change(10)
    response = create_at_night(client, log_in, municipality, autumn, "02:15", "02:45")

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.starts_at == datetime.combine(autumn, time(0, 15), tzinfo=UTC)  # UTC+2
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=30)


@pytest.mark.usefixtures("english")
def test_a_series_that_runs_past_the_end_of_the_calendar_is_refused(client, log_in, municipality):
    log_in("coordinator")

    response = client.post(
        CREATE,
        meeting_data(
            municipality,
            date(9999, 12, 31),
            online_url="https://meet.example.no/lenge",
            repeat="WEEKLY",
            count="3",
        ),
    )

    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "Only 1 of the 3 meetings fit in the calendar." in field_html(content(response), "count")


def test_a_coordinator_creates_a_meeting_with_invitations_and_reminders(
    client, log_in, municipality, venue, partner
):
    log_in("coordinator")
    tuesday = next_weekday(1)

    response = client.post(
        CREATE,
        meeting_data(
            municipality, tuesday, venue=venue.pk, organizations=[partner.pk], capacity="30"
        ),
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == at(tuesday, 18)
    assert meeting.ends_at == at(tuesday, 20)
    assert meeting.venue == venue
    assert meeting.organizer_organization is None
    assert meeting.reminder_minutes == [2880, 180]
    assert meeting.capacity == 30
    assert list(meeting.participations.values_list("organization", flat=True)) == [partner.pk]


def test_an_oversized_agenda_is_refused_next_to_the_field_and_nothing_is_saved(
    client, log_in, municipality, meeting
):
    """A 4 MB agenda was once saved."""
    log_in("coordinator")
    agenda = "1. Velkommen\n" * 300_000

    page = content(client.get(CREATE))
    created = client.post(CREATE, meeting_data(municipality, next_weekday(1), agenda=agenda))
    minutes = client.post(
        reverse("meetings:minutes", args=[meeting.pk]), {"agenda": agenda, "minutes": "Notater"}
    )

    assert 'maxlength="5000"' in field_html(page, "agenda")
    assert "At most 5,000 characters." in field_html(page, "agenda")
    assert created.status_code == 200
    assert "at most 5000 characters" in field_html(content(created), "agenda")
    assert Meeting.objects.get() == meeting  # no new meeting
    assert minutes.status_code == 200
    assert "at most 5000 characters" in field_html(content(minutes), "agenda")
    meeting.refresh_from_db()
    assert meeting.agenda != agenda
    assert meeting.minutes != "Notater"


def test_the_form_offers_verified_organisations_of_the_municipality_and_default_reminders(
    client, log_in, municipality, other_municipality, partner
):
    elsewhere = OrganizationFactory(verified=True, municipalities=[other_municipality])
    pending = OrganizationFactory(municipalities=[municipality])
    log_in("coordinator")

    form = client.get(CREATE).context["form"]

    assert list(form.fields["organizations"].queryset) == [partner]
    assert pending not in form.fields["organizations"].queryset
    assert elsewhere not in form.fields["organizations"].queryset
    assert form["reminders"].value() == ["2880", "180"]


def test_an_organisation_organises_its_own_meeting(client, log_in, municipality, organization):
    log_in("contact_person")

    client.post(
        CREATE,
        meeting_data(
            municipality,
            next_weekday(2),
            organizer=f"o{organization.pk}-m{municipality.pk}",
            online_url="https://meet.example.no/abc",
        ),
    )

    meeting = Meeting.objects.get()
    assert meeting.organizer_organization == organization
    assert meeting.municipality == municipality


def test_an_organisation_cannot_organise_for_the_municipality(client, log_in, municipality):
    log_in("contact_person")

    response = client.post(CREATE, meeting_data(municipality, next_weekday(2), online_url="x.no"))

    assert "organizer" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_weekly_series_is_created_from_the_form(client, log_in, municipality, venue):
    log_in("coordinator")

    client.post(
        CREATE,
        meeting_data(municipality, next_weekday(3), venue=venue.pk, repeat="WEEKLY", count="4"),
    )

    starts = [timezone.localtime(m.starts_at) for m in Meeting.objects.order_by("starts_at")]
    assert len(starts) == 4
    assert {s.weekday() for s in starts} == {3}
    assert {s.time() for s in starts} == {time(18)}
    assert MeetingSeries.objects.count() == 1


def test_a_venue_clash_is_shown_next_to_the_venue_with_free_times_and_nothing_is_saved(
    client, log_in, municipality, venue, partner
):
    tuesday = next_weekday(1, weeks_ahead=3)
    MeetingFactory(municipality=municipality, venue=venue, starts_at=at(tuesday, 17))
    log_in("coordinator")

    response = client.post(
        CREATE,
        meeting_data(
            municipality,
            tuesday - timedelta(days=7 * 2),  # the first of three weekly meetings clashes last
            venue=venue.pk,
            organizations=[partner.pk],
            repeat="WEEKLY",
            count="3",
            title="Et møte som kolliderer",
        ),
    )

    assert response.status_code == 200
    page = content(response)
    venue_field = field_html(page, "venue")
    assert "Biblioteket is already booked on" in venue_field
    assert "Free times: " in venue_field
    assert re.search(r"Free times: \d\d\.\d\d \d\d:\d\d", venue_field)
    assert 'value="Et møte som kolliderer"' in page  # what was typed is kept
    assert Meeting.objects.count() == 1
    assert not MeetingSeries.objects.exists()
    assert not Participation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": "2020-01-07"}, "start_time", "The start is in the past."),
        ({"start_time": "06:00", "end_time": "19:00"}, "end_time", "more than 12 hours"),
        ({"start_time": "18:00", "end_time": "17:00"}, "end_time", "The end must be after"),
        ({"repeat": "WEEKLY"}, "until", "Say when the series ends"),
        ({"venue": None, "online_url": ""}, "venue", "Choose a venue, or give an online link"),
        ({"capacity": "100"}, "capacity", "has room for 40 people"),
    ],
)
def test_errors_appear_next_to_the_field_they_are_about(
    client, log_in, municipality, venue, overrides, field, message
):
    log_in("coordinator")
    data = meeting_data(municipality, next_weekday(1), venue=venue.pk)
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}

    response = client.post(CREATE, data)

    assert response.status_code == 200
    assert message in field_html(content(response), field)
    assert not Meeting.objects.exists()
    assert not MeetingSeries.objects.exists()


def test_a_closed_venue_is_refused_next_to_the_venue(client, log_in, municipality, venue):
    VenueOpening.objects.create(venue=venue, weekday=0, opens_at=time(8), closes_at=time(22))
    log_in("coordinator")

    response = client.post(CREATE, meeting_data(municipality, next_weekday(1), venue=venue.pk))

    assert "Biblioteket is closed at that time." in field_html(content(response), "venue")
    assert not Meeting.objects.exists()


def test_the_planners_choice_fills_in_the_form(client, log_in, venue, partner):
    log_in("coordinator")
    tuesday = next_weekday(1)

    form = client.get(
        CREATE,
        {
            "date": tuesday.isoformat(),
            "start": "19:00",
            "end": "20:30",
            "venue": venue.pk,
            "organizations": [partner.pk],
            "kind": Kind.EVALUATION,
            "title": "Evaluering",
        },
    ).context["form"]

    assert form["date"].value() == tuesday.isoformat()
    assert form["start_time"].value() == "19:00"
    assert form["end_time"].value() == "20:30"
    assert str(form["venue"].value()) == str(venue.pk)
    assert form["organizations"].value() == [str(partner.pk)]
    assert form["kind"].value() == Kind.EVALUATION
    assert form["title"].value() == "Evaluering"


def test_the_organiser_edits_a_meeting(client, log_in, meeting, venue):
    """Also when whoever created it has since deleted their account (no `created_by`)."""
    log_in("coordinator")
    wednesday = next_weekday(2)
    url = reverse("meetings:edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    assert form["start_time"].value() == time(18)
    assert "scope" not in form.fields

    response = client.post(
        url,
        {
            **meeting_data(meeting.municipality, wednesday, venue=venue.pk),
            "title": "Flyttet møte",
            "start_time": "19:00",
            "end_time": "21:00",
        },
    )

    meeting.refresh_from_db()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.title == "Flyttet møte"
    assert meeting.starts_at == at(wednesday, 19)
    assert meeting.sequence == 1


def test_editing_into_a_booked_venue_keeps_the_meeting_and_says_why(
    client, log_in, meeting, venue, municipality
):
    wednesday = next_weekday(2)
    MeetingFactory(municipality=municipality, venue=venue, starts_at=at(wednesday, 18))
    log_in("coordinator")

    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        meeting_data(municipality, wednesday, venue=venue.pk),
    )

    assert "is already booked" in field_html(content(response), "venue")
    meeting.refresh_from_db()
    assert meeting.starts_at == at(next_weekday(1), 18)


@pytest.fixture
def series(client, log_in, municipality):
    """Four weekly Thursday meetings made through the form; returns them in order."""
    log_in("coordinator")
    client.post(
        CREATE,
        meeting_data(
            municipality,
            next_weekday(3),
            online_url="https://meet.example.no/s",
            repeat="WEEKLY",
            count="4",
            title="Serie",
        ),
    )
    return list(Meeting.objects.order_by("starts_at"))


def test_editing_an_occurrence_asks_which_meetings_to_change(client, series):
    second = series[1]
    url = reverse("meetings:edit", args=[second.pk])
    assert "scope" in client.get(url).context["form"].fields

    client.post(
        url,
        {
            **meeting_data(
                second.municipality,
                timezone.localtime(second.starts_at).date(),
                online_url="https://meet.example.no/s",
            ),
            "title": "Ny tittel",
            "scope": "following",
        },
    )

    assert [m.title for m in Meeting.objects.order_by("starts_at")] == [
        "Serie",
        "Ny tittel",
        "Ny tittel",
        "Ny tittel",
    ]


def test_cancelling_asks_first(client, log_in, meeting):
    log_in("coordinator")
    url = reverse("meetings:cancel", args=[meeting.pk])

    response = client.get(url)

    assert "Yes, cancel" in content(response)
    assert "scope" not in response.context["form"].fields
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED

    response = client.post(url)

    meeting.refresh_from_db()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.status == Meeting.Status.CANCELLED
    assert "This meeting is cancelled." in content(client.get(meeting.get_absolute_url()))


def test_cancelling_this_and_the_following_meetings_of_a_series(client, series):
    client.post(reverse("meetings:cancel", args=[series[2].pk]), {"scope": "following"})

    assert [m.status for m in Meeting.objects.order_by("starts_at")] == [
        "scheduled",
        "scheduled",
        "cancelled",
        "cancelled",
    ]


# -- answers, sign-ups, attendance, minutes ------------------------------------------------------


def answer(client, participation, response, party_size=1):
    prefix = f"p{participation.pk}"
    return client.post(
        reverse("meetings:answer", args=[participation.pk]),
        {f"{prefix}-response": response, f"{prefix}-party_size": party_size},
    )


@pytest.fixture
def small_meeting(meeting, partner):
    """Five places; the partner has already said yes for three."""
    meeting.capacity = 5
    meeting.save()
    ParticipationFactory(meeting=meeting, organization=partner, response="yes", party_size=3)
    return meeting


def test_a_contact_person_answers_yes_for_the_organisation(client, log_in, small_meeting):
    log_in("contact_person")
    participation = small_meeting.participations.get(organization__name="Drammen Frivilligsentral")
    assert f'action="{reverse("meetings:answer", args=[participation.pk])}"' in content(
        client.get(small_meeting.get_absolute_url())
    )

    response = answer(client, participation, "yes", 2)

    participation.refresh_from_db()
    assert response["Location"] == small_meeting.get_absolute_url()
    assert (participation.response, participation.party_size) == ("yes", 2)
    assert "Answered: Yes (2 people)." in content(client.get(small_meeting.get_absolute_url()))


def test_an_answer_to_a_cancelled_meeting_is_refused_with_a_message(client, log_in, meeting):
    participation = meeting.participations.get()
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    log_in("contact_person")

    response = answer(client, participation, "yes")

    assert response["Location"] == meeting.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This meeting is cancelled."]
    participation.refresh_from_db()
    assert participation.response == "pending"


def test_a_yes_beyond_the_places_left_is_refused_next_to_how_many_come(
    client, log_in, small_meeting
):
    log_in("contact_person")
    participation = small_meeting.participations.get(organization__name="Drammen Frivilligsentral")

    response = answer(client, participation, "yes", 3)

    assert response.status_code == 200
    assert "Only 2 places are left." in field_html(
        content(response), f"p{participation.pk}-party_size"
    )
    participation.refresh_from_db()
    assert participation.response == "pending"


def test_a_no_frees_the_places(client, log_in, small_meeting, partner):
    taken = small_meeting.participations.get(organization=partner)
    contact = partner.memberships.get(role="contact").user
    client.force_login(contact)

    answer(client, taken, "no")

    log_in("contact_person")
    participation = small_meeting.participations.get(organization__name="Drammen Frivilligsentral")
    answer(client, participation, "yes", 5)
    participation.refresh_from_db()
    assert (participation.response, participation.party_size) == ("yes", 5)


def test_a_member_without_a_contact_role_may_not_answer(client, log_in, meeting):
    log_in("member")
    participation = meeting.participations.get()

    assert "Save answer" not in content(client.get(meeting.get_absolute_url()))
    assert answer(client, participation, "yes").status_code == 403


def test_people_sign_up_for_a_public_event_and_then_go_on_the_waiting_list(client, log_in, meeting):
    meeting.is_public = True
    meeting.capacity = 2
    meeting.save()
    register = reverse("meetings:register", args=[meeting.pk])

    log_in("plain_user")
    assert "Sign up" in content(client.get(meeting.get_absolute_url()))
    client.post(register, {"party_size": 2})
    page = content(client.get(meeting.get_absolute_url()))
    assert "You are signed up." in page
    assert "2 of 2 taken" in page

    log_in("member")
    response = client.post(register, {"party_size": 1}, follow=True)
    assert "waiting list" in content(response)
    assert "You are on the waiting list." in content(response)
    assert Participation.objects.get(user__isnull=False, waitlisted=True).party_size == 1


def test_the_organiser_sees_the_answers_and_records_attendance_after_the_start(
    client, log_in, municipality, organization, partner
):
    now = timezone.now()
    started = MeetingFactory(
        municipality=municipality,
        online_url="https://meet.example.no/x",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    came = ParticipationFactory(meeting=started, organization=organization, response="yes")
    ParticipationFactory(meeting=started, organization=partner, response="no")
    log_in("coordinator")

    page = content(client.get(started.get_absolute_url()))
    assert "Coming: 1 · maybe: 0 · not coming: 1 · not answered: 0" in page
    assert "Save attendance" in page

    client.post(reverse("meetings:attendance", args=[started.pk]), {"attended": [came.pk]})

    assert dict(started.participations.values_list("organization", "attended")) == {
        organization.pk: True,
        partner.pk: False,
    }


def test_attendance_is_not_offered_before_the_start(client, log_in, meeting):
    log_in("coordinator")

    assert "Save attendance" not in content(client.get(meeting.get_absolute_url()))


def test_minutes_are_shown_to_invitees_and_the_organiser_only(client, log_in, meeting):
    log_in("coordinator")
    client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"agenda": "1. Velkommen", "minutes": "Vi ble enige om en høstfest."},
    )

    log_in("member")
    assert "Vi ble enige om en høstfest." in content(client.get(meeting.get_absolute_url()))
    log_in("caseworker")
    assert "Vi ble enige om en høstfest." not in content(client.get(meeting.get_absolute_url()))


def test_the_ics_download_is_a_calendar_with_the_meeting(client, log_in, meeting):
    log_in("member")

    response = client.get(reverse("meetings:ics", args=[meeting.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Dialogmøte om høsten"]


# -- the planner ----------------------------------------------------------------------------------

PLAN = reverse("meetings:plan")


def local_day(moment: datetime) -> date:
    return moment.astimezone(OSLO).date()


def plan(client, first_day: date, last_day: date, **extra):
    query = {
        "kind": Kind.DIALOGUE,
        "title": "Høstmøte",
        "first_day": first_day.isoformat(),
        "last_day": last_day.isoformat(),
        "duration": "90",
        **extra,
    }
    return client.get(PLAN, query)


def test_the_planner_proposes_times_with_reasons_and_who_is_busy(
    client, log_in, municipality, venue, partner
):
    monday = next_weekday(0)
    ActivityFactory(
        organization=partner, municipality=municipality, schedules=[(1, "17:00", "21:30")]
    )
    busy_meeting = MeetingFactory(
        municipality=municipality,
        starts_at=at(monday + timedelta(days=2), 17),
        ends_at=at(monday + timedelta(days=2), 22),
    )
    ParticipationFactory(meeting=busy_meeting, organization=partner)
    log_in("coordinator")

    response = plan(
        client, monday, monday + timedelta(days=6), venues=venue.pk, organizations=partner.pk
    )

    rows = response.context["proposals"]
    by_weekday = {local_day(row["proposal"].start).weekday(): row["proposal"] for row in rows}
    assert by_weekday[1].busy_names == ("Røde Kors Drammen",)  # the weekly activity
    assert by_weekday[2].busy_names == ("Røde Kors Drammen",)  # the other meeting
    assert by_weekday[0].busy_names == ()
    assert rows[0]["proposal"].free_invitees == 1  # the free ones first
    page = content(response)
    assert "Busy: Røde Kors Drammen" in page
    assert "Weekday evening, Biblioteket is free, 1 of 1 organisation has no other commitment." in (
        page
    )
    first = rows[0]["proposal"]
    query = parse_qs(urlsplit(rows[0]["choose_url"]).query)
    assert query == {
        "date": [local_day(first.start).isoformat()],
        "start": [first.start.astimezone(OSLO).strftime("%H:%M")],
        "end": [first.end.astimezone(OSLO).strftime("%H:%M")],
        "venue": [str(venue.pk)],
        "organizations": [str(partner.pk)],
        "kind": ["dialogue"],
        "title": ["Høstmøte"],
    }
    assert rows[0]["choose_url"].replace("&", "&amp;") in page


def test_the_planners_best_times_start_a_time_poll_for_the_organisations(
    client, log_in, municipality, venue, partner
):
    monday = next_weekday(0)
    log_in("coordinator")

    response = plan(
        client,
        monday,
        monday + timedelta(days=13),
        venues=venue.pk,
        organizations=partner.pk,
        kind=Kind.COOPERATION,
        duration="120",
    )

    best = [row["proposal"].start for row in response.context["proposals"]][:5]
    assert len(best) == 5
    poll_url = response.context["poll_url"]
    assert "Ask the organisations which of these times suits" in content(response)
    form = client.get(poll_url).context["form"]
    assert [form.initial[f"time_{n}"] for n in range(1, 6)] == [
        f"{start.astimezone(OSLO):%Y-%m-%dT%H:%M}" for start in best
    ]
    assert form.initial["organizations"] == [str(partner.pk)]
    assert (form.initial["kind"], form.initial["duration"]) == ("cooperation", "120")
    assert form.initial["agenda"]  # the cooperation meeting's standing agenda


def test_the_planner_never_proposes_a_public_holiday(client, log_in, venue):
    constitution_day = next_may(17)
    log_in("coordinator")

    response = plan(
        client,
        constitution_day - timedelta(days=1),
        constitution_day + timedelta(days=1),
        venues=venue.pk,
    )

    days = {local_day(row["proposal"].start) for row in response.context["proposals"]}
    assert days  # the days around it are offered (unless they are holidays too)
    assert constitution_day not in days


def test_the_planner_leaves_out_christmas_eve_and_new_years_eve_unless_the_municipality_meets(
    client, log_in, venue, municipality
):
    today = timezone.localdate()
    christmas_eve = date(today.year if today < date(today.year, 12, 20) else today.year + 1, 12, 24)
    log_in("coordinator")

    first, last = christmas_eve - timedelta(days=2), christmas_eve + timedelta(days=8)
    response = plan(client, first, last, venues=venue.pk)
    municipality.days_without_meetings = ["new_years_eve"]
    municipality.save()
    again = plan(client, christmas_eve, christmas_eve + timedelta(days=7), venues=venue.pk)

    days = {local_day(row["proposal"].start) for row in response.context["proposals"]}
    assert christmas_eve - timedelta(days=1) in days  # the 23rd
    assert not days & {christmas_eve, christmas_eve + timedelta(days=7)}
    days = {local_day(row["proposal"].start) for row in again.context["proposals"]}
    assert christmas_eve in days
    assert christmas_eve + timedelta(days=7) not in days


@pytest.mark.parametrize(
    ("first_day", "last_day", "field"),
    [
        ("9999-12-31", "9999-12-31", "first_day"),
        ("9999-12-30", "9999-12-31", "last_day"),
        ("0001-01-01", "0001-01-02", "last_day"),
    ],
)
def test_the_planner_refuses_days_far_away_next_to_the_field(
    client, log_in, venue, first_day, last_day, field
):
    log_in("coordinator")

    response = client.get(
        PLAN,
        {"kind": Kind.DIALOGUE, "first_day": first_day, "last_day": last_day, "duration": "90"},
    )

    assert response.status_code == 200
    assert "proposals" not in response.context
    assert response.context["form"].errors[field]


def test_the_planner_form_shows_its_errors(client, log_in):
    log_in("coordinator")
    monday = next_weekday(0)

    response = plan(client, monday, monday - timedelta(days=1))

    assert "The last day must be on or after the first day." in field_html(
        content(response), "last_day"
    )
    assert "proposals" not in response.context


@pytest.fixture
def built_organizations():
    """The Organization instances built while the test runs (post_init)."""
    built = []

    def receiver(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(receiver, sender=Organization)
    yield built
    post_init.disconnect(receiver, sender=Organization)


@pytest.mark.parametrize("count", [1, 30])
def test_the_planner_offers_every_organisation_without_building_one_object_each(
    client, log_in, municipality, venue, django_assert_num_queries, built_organizations, count
):
    """Issue #24: a large municipality offers ~1,400 organisations to invite; their checkboxes
    are read as (id, name) pairs, not as instances with their municipalities prefetched."""
    OrganizationFactory.create_batch(count, verified=True, municipalities=[municipality])
    log_in("coordinator")
    client.get(PLAN)  # the roles and the two-factor state now come from the cache
    built_organizations.clear()

    # session, user, header municipalities, venues, their openings, the organisations
    with django_assert_num_queries(6):
        response = client.get(PLAN)

    assert field_html(content(response), "organizations").count('type="checkbox"') == count
    assert built_organizations == []


def test_the_planner_weighs_any_number_of_organisations_in_the_same_number_of_queries(
    client, log_in, municipality, venue
):
    """Issue #24: the organisations' meetings in the period are read at once, not one query per
    organisation."""
    monday = next_weekday(0)
    organizations = OrganizationFactory.create_batch(
        4, verified=True, municipalities=[municipality]
    )
    for organization in organizations:
        busy = MeetingFactory(
            municipality=municipality, starts_at=at(monday, 16), ends_at=at(monday, 23)
        )
        ParticipationFactory(meeting=busy, organization=organization)
    log_in("coordinator")
    client.get(PLAN)  # the roles and the two-factor state now come from the cache

    def queries_for(chosen) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = plan(
                client,
                monday,
                monday + timedelta(days=6),
                venues=venue.pk,
                organizations=[o.pk for o in chosen],
            )
        proposals = [row["proposal"] for row in response.context["proposals"]]
        assert max(len(p.busy_names) for p in proposals) == len(chosen)
        return len(queries)

    assert queries_for(organizations[:1]) == queries_for(organizations)


# -- calendar feeds -------------------------------------------------------------------------------


def events_of(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def test_a_personal_feed_serves_the_persons_meetings_without_signing_in(
    client, log_in, settings, meeting, municipality, organization
):
    settings.SITE_URL = "https://brobygger.example.no"
    now = timezone.now()
    for title, days in [("For lenge siden", -100), ("Forrige måned", -30)]:
        old = MeetingFactory(
            municipality=municipality,
            title=title,
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=2),
        )
        ParticipationFactory(meeting=old, organization=organization)
    MeetingFactory(municipality=municipality, title="Ikke invitert")
    user = log_in("contact_person")

    page = content(client.get(reverse("meetings:feeds")))

    feed = CalendarFeed.objects.get(user=user)
    assert f'href="webcal://brobygger.example.no{feed.get_absolute_url()}"' in page
    assert f'href="https://brobygger.example.no{feed.get_absolute_url()}"' in page
    client.logout()
    assert events_of(client.get(feed.get_absolute_url())) == [
        "Dialogmøte om høsten",
        "Forrige måned",
    ]


def test_an_organisations_feed_is_shown_to_its_contacts_only(client, log_in, meeting):
    log_in("contact_person")
    page = content(client.get(reverse("meetings:feeds")))
    feed = CalendarFeed.objects.get(organization=meeting.participations.get().organization)
    assert feed.get_absolute_url() in page

    log_in("member")
    assert feed.get_absolute_url() not in content(client.get(reverse("meetings:feeds")))
    client.logout()
    assert events_of(client.get(feed.get_absolute_url())) == ["Dialogmøte om høsten"]


def test_an_unknown_feed_address_is_not_found(client):
    url = reverse("meetings:feed", args=["not-a-token"])

    assert client.get(url).status_code == 404


def test_a_new_secret_address_is_asked_for_then_kills_the_old_one(client, log_in, meeting):
    user = log_in("contact_person")
    client.get(reverse("meetings:feeds"))
    old = CalendarFeed.objects.get(user=user).get_absolute_url()
    regenerate = reverse("meetings:feed_regenerate")

    response = client.post(regenerate)

    assert "Yes, make a new address" in content(response)
    assert CalendarFeed.objects.get(user=user).get_absolute_url() == old

    response = client.post(regenerate, {"confirm": "1"})

    new = CalendarFeed.objects.get(user=user).get_absolute_url()
    assert response["Location"] == reverse("meetings:feeds")
    assert new != old
    assert client.get(old).status_code == 404
    assert events_of(client.get(new)) == ["Dialogmøte om høsten"]


def test_only_an_organisations_admins_and_contacts_renew_its_address(client, log_in, organization):
    regenerate = reverse("meetings:feed_regenerate")
    data = {"organization": organization.pk, "confirm": "1"}
    log_in("member")

    assert client.post(regenerate, data).status_code == 404

    log_in("organization_admin")
    client.get(reverse("meetings:feeds"))
    token = CalendarFeed.objects.get(organization=organization).token
    client.post(regenerate, data)
    assert CalendarFeed.objects.get(organization=organization).token != token


def test_the_weekly_digest_is_switched_on_and_off(client, log_in):
    user = log_in("plain_user")
    digest = reverse("meetings:feed_digest")

    client.post(digest, {"weekly_digest": "1"})
    assert CalendarFeed.objects.get(user=user).weekly_digest is True
    assert "Stop the weekly e-mail" in content(client.get(reverse("meetings:feeds")))

    client.post(digest, {"weekly_digest": "0"})
    assert CalendarFeed.objects.get(user=user).weekly_digest is False


# -- venues ---------------------------------------------------------------------------------------


def venue_data(**overrides) -> dict:
    data = {
        "name": "Grendehuset",
        "room": "Salen",
        "address": "Skolegata 3",
        "postal_code": "3015",
        "city": "Drammen",
        "capacity": "60",
        "step_free": "on",
        "accessibility_notes": "Teleslynge i salen.",
        "equipment": "",
        "contact": "Vaktmester, 900 00 000",
        "is_active": "on",
        "openings-TOTAL_FORMS": "3",
        "openings-INITIAL_FORMS": "0",
        "openings-MIN_NUM_FORMS": "0",
        "openings-MAX_NUM_FORMS": "21",
        "openings-0-weekday": "0",
        "openings-0-opens_at": "08:00",
        "openings-0-closes_at": "22:00",
        "openings-1-weekday": "5",
        "openings-1-opens_at": "10:00",
        "openings-1-closes_at": "16:00",
        **overrides,
    }
    return data


def test_a_coordinator_adds_a_venue_with_opening_hours(client, log_in, municipality):
    log_in("coordinator")

    response = client.post(
        reverse("meetings:venue_create"), venue_data(owner=f"m{municipality.pk}")
    )

    venue = municipality.venues.get()
    assert response["Location"] == venue.get_absolute_url()
    assert (venue.organization, venue.capacity, venue.step_free) == (None, 60, True)
    assert [str(o) for o in venue.openings.all()] == ["Monday 08:00–22:00", "Saturday 10:00–16:00"]


def test_an_organisation_offers_its_own_venue(client, log_in, municipality, organization):
    log_in("contact_person")

    client.post(
        reverse("meetings:venue_create"),
        venue_data(owner=f"o{organization.pk}-m{municipality.pk}"),
    )

    assert municipality.venues.get().organization == organization


def test_opening_hours_must_close_after_they_open(client, log_in, municipality):
    log_in("coordinator")

    response = client.post(
        reverse("meetings:venue_create"),
        venue_data(owner=f"m{municipality.pk}", **{"openings-1-closes_at": "09:00"}),
    )

    assert "The closing time must be after the opening time." in field_html(
        content(response), "openings-1-closes_at"
    )
    assert not municipality.venues.exists()


def test_editing_a_venue_replaces_its_opening_hours(client, log_in, venue):
    VenueOpening.objects.create(venue=venue, weekday=2, opens_at=time(9), closes_at=time(15))
    log_in("coordinator")
    url = reverse("meetings:venue_edit", args=[venue.pk])
    assert client.get(url).context["formset"].initial == [
        {"weekday": 2, "opens_at": time(9), "closes_at": time(15)}
    ]

    client.post(
        url,
        venue_data(
            name="Biblioteket",
            **{
                "openings-INITIAL_FORMS": "1",
                "openings-0-weekday": "2",
                "openings-0-opens_at": "09:00",
                "openings-0-closes_at": "15:00",
                "openings-0-DELETE": "on",
            },
        ),
    )

    assert [str(o) for o in venue.openings.all()] == ["Saturday 10:00–16:00"]


def test_a_venue_page_shows_opening_hours_and_bookings_without_others_titles(
    client, log_in, venue, meeting, other_municipality
):
    VenueOpening.objects.create(venue=venue, weekday=1, opens_at=time(8), closes_at=time(22))
    hidden = MeetingFactory(
        municipality=meeting.municipality,
        venue=venue,
        title="Fortrolig",
        starts_at=meeting.starts_at + timedelta(days=1),
        ends_at=meeting.ends_at + timedelta(days=1),
    )
    log_in("member")

    page = content(client.get(venue.get_absolute_url()))

    assert "Tuesday 08:00–22:00" in page
    assert f'href="{meeting.get_absolute_url()}">Dialogmøte om høsten</a>' in page
    assert "Fortrolig" not in page
    assert hidden.get_absolute_url() not in page
    assert "booked" in page


def test_the_venue_list_counts_each_meeting_once(
    client, log_in, municipality, venue, organization, member
):
    OrganizationFactory.create_batch(2, municipalities=[municipality])
    OrganizationMembershipFactory(
        user=member, organization=OrganizationFactory(municipalities=[municipality])
    )
    for day in (next_weekday(1), next_weekday(2)):
        MeetingFactory(municipality=municipality, venue=venue, starts_at=at(day))

    for role in ("coordinator", "member"):
        log_in(role)
        venues = list(client.get(reverse("meetings:venues")).context["venues"])
        assert [(v.name, v.meeting_count) for v in venues] == [("Biblioteket", 2)]


def test_my_calendar_links_the_calendars_of_my_municipality_and_organisations(
    client, log_in, municipality, organization
):
    log_in("coordinator")
    page = content(client.get(CALENDAR))
    assert reverse("meetings:municipality_calendar", args=[municipality.slug]) in page

    log_in("member")
    page = content(client.get(CALENDAR))
    assert reverse("meetings:organization_calendar", args=[organization.pk]) in page
    assert reverse("meetings:municipality_calendar", args=[municipality.slug]) not in page


def test_signed_out_visitors_never_see_the_minutes_of_a_public_event(client, meeting):
    meeting.is_public = True
    meeting.minutes = "Bare for de inviterte."
    meeting.save()

    assert "Bare for de inviterte." not in content(client.get(meeting.get_absolute_url()))


def test_the_ics_of_an_occurrence_carries_the_whole_series(client, series):
    response = client.get(reverse("meetings:ics", args=[series[1].pk]))

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0]["rrule"]["COUNT"] == [4]


def test_a_venue_in_a_danish_municipality_has_a_danish_postcode(client, log_in, municipality):
    municipality.country = "DK"
    municipality.save(update_fields=["country"])
    log_in("coordinator")
    url = reverse("meetings:venue_create")

    refused = client.post(url, venue_data(owner=f"m{municipality.pk}", postal_code="3900"))

    assert "3900 is not a Danish postcode" in content(refused)
    assert "4700 Næstved" in content(refused)
    assert not municipality.venues.exists()

    client.post(url, venue_data(owner=f"m{municipality.pk}", postal_code="4700"))
    assert municipality.venues.get().postal_code == "4700"


def test_a_venue_in_a_norwegian_municipality_is_told_a_norwegian_example(
    client, log_in, municipality
):
    log_in("coordinator")

    refused = client.post(
        reverse("meetings:venue_create"), venue_data(owner=f"m{municipality.pk}", postal_code="30")
    )

    assert "A Norwegian postcode has 4 digits, for example 3015 Drammen." in content(refused)


@pytest.mark.parametrize("view", ["list", "month"])
def test_the_public_calendar_reads_only_what_it_shows_of_a_meeting(
    client, municipality, venue, organization, view
):
    """Issue #24: a month of the public calendar shows hundreds of meetings; it read each one's
    texts, reminders and organiser's whole profile for nothing. Its meeting query now reads the
    columns the month, week and list show, and the page still shows them (no query per row)."""
    first = first_of_a_future_month()
    for n in range(12):
        MeetingFactory(
            municipality=municipality,
            venue=venue,
            organizer_organization=organization,
            is_public=True,
            title=f"Åpent møte {n}",
            description="Lang tekst som kalenderen ikke viser",
            starts_at=at(first + timedelta(days=n)),
            ends_at=at(first + timedelta(days=n), 20),
        )

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("meetings:public"), {"view": view, "date": first.isoformat(), "v": view}
        )

    assert len(titles(response)) == 12
    (meeting_query,) = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "meetings_meeting"' in q["sql"] and '"meetings_meeting"."title"' in q["sql"]
    ]
    for column in ("description", "agenda", "minutes", "reminder_minutes"):
        assert f'"meetings_meeting"."{column}"' not in meeting_query
    assert '"organizations_organization"."description' not in meeting_query
    assert len(queries) <= 5
