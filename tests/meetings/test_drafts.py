"""Meetings saved as drafts: only the organisers see them until they publish; then, and only
then, the invitations go out. Drafts stay out of invitees' pages, the public calendar and every
calendar feed, and cannot be answered."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from meetings import answer_links
from meetings.models import Meeting
from meetings.services import meeting_create, meeting_publish
from notifications.models import Notification
from tests.factories import MeetingFactory, ParticipationFactory, VenueFactory
from tests.meetings.test_views import CREATE, at, content, meeting_data, next_weekday

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def draft(municipality, organization, coordinator):
    meeting = MeetingFactory(
        municipality=municipality,
        title="Samarbeidsmøte (utkast)",
        status=Meeting.Status.DRAFT,
        is_public=True,
        created_by=coordinator,
    )
    ParticipationFactory(meeting=meeting, organization=organization)
    return meeting


def invitations(user) -> int:
    return Notification.objects.filter(recipient=user, kind="meeting_invitation").count()


def test_saving_as_draft_sends_no_invitation_until_published(
    client, coordinator, municipality, organization, contact
):
    client.force_login(coordinator)
    tuesday = next_weekday(1)

    response = client.post(
        CREATE,
        meeting_data(
            municipality,
            tuesday,
            organizations=[organization.pk],
            online_url="https://meet.example.no/samarbeid",
            save_as="draft",
        ),
        follow=True,
    )

    meeting = Meeting.objects.get()
    assert meeting.is_draft
    assert "saved as a draft" in content(response)
    assert "Publish and send the invitations" in content(response)
    assert invitations(contact) == 0

    response = client.post(reverse("meetings:publish", args=[meeting.pk]), follow=True)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    assert "published and the invitations are sent" in content(response)
    assert invitations(contact) == 1
    # Publishing twice sends nothing more.
    response = client.post(reverse("meetings:publish", args=[meeting.pk]), follow=True)
    assert "already published" in content(response)
    assert invitations(contact) == 1


def test_the_normal_save_still_invites_at_once(
    client, coordinator, municipality, organization, contact
):
    client.force_login(coordinator)
    online = "https://meet.example.no/samarbeid"
    data = meeting_data(
        municipality, next_weekday(1), organizations=[organization.pk], online_url=online
    )
    client.post(CREATE, data)
    assert Meeting.objects.get().status == Meeting.Status.SCHEDULED
    assert invitations(contact) == 1


def test_invitees_and_others_in_the_municipality_do_not_see_a_draft(
    client, draft, contact, caseworker, coordinator
):
    page = reverse("meetings:detail", args=[draft.pk])
    participation = draft.participations.get()
    for person in (contact, caseworker):
        client.force_login(person)
        assert client.get(page).status_code == 404
        calendar = client.get(reverse("meetings:calendar"), {"view": "list"})
        assert draft.title not in content(calendar)
        answer = client.post(
            reverse("meetings:answer", args=[participation.pk]),
            {f"p{participation.pk}-response": "yes", f"p{participation.pk}-party_size": "1"},
        )
        assert answer.status_code == 404
    client.force_login(coordinator)
    assert client.get(page).status_code == 200
    calendar = client.get(reverse("meetings:calendar"), {"view": "list"})
    assert draft.title in content(calendar)
    assert "Draft" in content(calendar)


def test_an_organisations_own_draft_is_seen_by_its_organisers_not_by_the_municipality(
    client, municipality, organization, organization_admin, member, coordinator
):
    draft = MeetingFactory(
        municipality=municipality,
        organizer_organization=organization,
        title="Styremøte (utkast)",
        status=Meeting.Status.DRAFT,
    )
    page = reverse("meetings:detail", args=[draft.pk])
    client.force_login(organization_admin)
    assert client.get(page).status_code == 200
    for person in (member, coordinator):
        client.force_login(person)
        assert client.get(page).status_code == 404


def test_a_public_draft_is_not_in_the_public_calendar_or_any_feed(
    client, draft, municipality, coordinator, organization
):
    from meetings.services import feed_for

    assert draft.title not in content(client.get(reverse("meetings:public"), {"view": "list"}))
    assert client.get(reverse("meetings:detail", args=[draft.pk])).status_code == 302  # sign in
    feeds = [
        reverse("meetings:public_feed"),
        reverse("meetings:municipality_public_feed", args=[municipality.slug]),
        feed_for(user=coordinator).get_absolute_url(),  # even the organiser's own feed
        feed_for(organization=organization).get_absolute_url(),
    ]
    for address in feeds:
        calendar = icalendar.Calendar.from_ical(client.get(address).content)
        assert draft.title not in {str(e["summary"]) for e in calendar.walk("VEVENT")}, address

    client.force_login(coordinator)
    client.post(reverse("meetings:publish", args=[draft.pk]))
    client.logout()
    assert draft.title in content(client.get(reverse("meetings:public"), {"view": "list"}))


def test_an_answer_link_to_a_draft_is_refused(client, draft, contact):
    participation = draft.participations.get()
    link = reverse(
        "meetings:answer_link",
        args=[
            participation.pk,
            contact.pk,
            answer_links.signature_for(participation, contact),
        ],
    )
    assert client.get(link).status_code == 400
    assert client.post(link, {"response": "yes", "party_size": "1"}).status_code == 400
    participation.refresh_from_db()
    assert participation.response == "pending"


def test_only_the_organisers_publish(client, draft, contact, other_coordinator):
    client.force_login(contact)
    assert client.post(reverse("meetings:publish", args=[draft.pk])).status_code == 404
    client.force_login(other_coordinator)
    assert client.post(reverse("meetings:publish", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft
    assert invitations(contact) == 0


def test_a_draft_whose_time_has_passed_is_moved_before_publishing(
    client, draft, coordinator, contact
):
    now = draft.starts_at + timedelta(hours=1)
    with pytest.raises(Exception, match="time has passed"):
        meeting_publish(by=coordinator, meeting=draft, now=now)
    draft.refresh_from_db()
    assert draft.is_draft
    assert invitations(contact) == 0


def test_a_draft_series_is_published_whole_with_one_invitation(
    coordinator, municipality, organization, contact
):
    first = meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": "dialogue", "title": "Samarbeidsmøte"},
        starts_at=at(next_weekday(1)),
        ends_at=at(next_weekday(1), 20),
        organizations=[organization],
        repeat={"frequency": "MONTHLY", "interval": 2, "until": None, "count": 3},
        draft=True,
    )
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).count() == 3
    assert invitations(contact) == 0

    assert meeting_publish(by=coordinator, meeting=first) == 3

    assert Meeting.objects.filter(status=Meeting.Status.SCHEDULED).count() == 3
    assert invitations(contact) == 1


def test_deleting_a_draft_tells_no_one_and_leaves_nothing(client, coordinator, draft, contact):
    client.force_login(coordinator)
    page = client.get(reverse("meetings:cancel", args=[draft.pk]))
    assert "No one has been invited yet" in content(page)

    response = client.post(reverse("meetings:cancel", args=[draft.pk]))

    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=draft.pk).exists()
    assert not Notification.objects.filter(recipient=contact).exists()


def test_a_draft_holds_its_venue(coordinator, municipality):
    venue = VenueFactory(municipality=municipality)
    start = at(next_weekday(2))
    MeetingFactory(
        municipality=municipality,
        venue=venue,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        status=Meeting.Status.DRAFT,
    )
    with pytest.raises(Exception, match="booked"):
        meeting_create(
            by=coordinator,
            municipality=municipality,
            organizer_organization=None,
            fields={"kind": "dialogue", "title": "Et annet møte", "venue": venue},
            starts_at=start + timedelta(minutes=30),
            ends_at=start + timedelta(hours=1),
        )
