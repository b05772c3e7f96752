"""Answering an invitation without an account: the signed links in the invitation and reminder
e-mails, and the page they open (R33)."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from meetings import answer_links, services
from meetings.models import Meeting
from notifications.services import notifications_send_due
from tests.factories import (
    MeetingFactory,
    ParticipationFactory,
    UserFactory,
    person_of,
    verified_in,
)
from tests.meetings.helpers import online_cooperation_meeting, staff_meeting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LINK = re.compile(r"https?://[^\s\"<>]+/meetings/answers/\d+/\d+/[^\s\"<>?]+/(?:\?answer=\w+)?")


@pytest.fixture
def organization(municipality):
    return verified_in(municipality, "Næstved Frivilligcenter")


@pytest.fixture
def meeting(municipality, organization):
    meeting = MeetingFactory(
        municipality=municipality,
        title="Samarbejdsmøde",
        agenda="1. Velkomst\n2. Nyt fra foreningerne",
    )
    ParticipationFactory(meeting=meeting, organization=organization)
    return meeting


def link_path(participation, user, response=None) -> str:
    return answer_links.answer_path(participation, user, response)


def test_the_invitation_email_carries_yes_maybe_no_links_for_the_recipient_only(
    coordinator, organization, contact, mailoutbox
):
    other_contact = person_of(organization, "admin")
    online_cooperation_meeting(
        coordinator,
        coordinator.municipality_memberships.get().municipality,
        organization,
        days=8,
        title="Samarbejdsmøde",
        agenda="1. Velkomst",
        online_url="https://meet.example.org/x",
    )
    notifications_send_due(now=timezone.now())
    [to_contact] = [m for m in mailoutbox if m.to == [contact.email]]
    [to_admin] = [m for m in mailoutbox if m.to == [other_contact.email]]
    text = to_contact.body
    html = to_contact.alternatives[0][0]
    links = LINK.findall(text)
    assert {link.rsplit("=", 1)[1] for link in links} == {"yes", "maybe", "no"}
    assert all(f"/{contact.pk}/" in link for link in links)
    assert all(link.replace("&amp;", "&") in html.replace("&amp;", "&") for link in links)
    # The other person gets links of their own, signed differently.
    assert not set(links) & set(LINK.findall(to_admin.body))


def test_the_link_page_needs_no_sign_in_and_shows_only_the_meeting(client, meeting, contact):
    participation = meeting.participations.get()
    response = client.get(link_path(participation, contact, "yes"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Samarbejdsmøde" in page
    assert "Nyt fra foreningerne" in page  # the agenda
    assert re.search(r'<input(?=[^>]*value="yes")(?=[^>]*checked)[^>]*>', page)
    assert response["Referrer-Policy"] == "same-origin"
    participation.refresh_from_db()
    assert participation.response == "pending"  # opening the link (a mail scanner) never answers


def test_answering_through_the_link_uses_the_same_service_and_records_who(client, meeting, contact):
    participation = meeting.participations.get()
    path = link_path(participation, contact, "yes")

    response = client.post(path, {"response": "yes", "party_size": 3})

    assert response.status_code == 200
    assert "Your answer is saved" in response.content.decode()
    participation.refresh_from_db()
    assert (participation.response, participation.party_size) == ("yes", 3)
    assert participation.answered_by == contact
    assert participation.answered_at is not None
    # ...and the answer can be changed on the same page.
    client.post(path, {"response": "no", "party_size": 1})
    participation.refresh_from_db()
    assert participation.response == "no"


def test_a_changed_link_is_refused_with_a_clear_page(client, meeting, contact):
    participation = meeting.participations.get()
    path = link_path(participation, contact)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = client.post(tampered, {"response": "yes", "party_size": 1})

    assert response.status_code == 400
    assert "This answer link is not valid" in response.content.decode()
    participation.refresh_from_db()
    assert participation.response == "pending"


def test_a_link_cannot_be_used_for_another_person_or_invitation(
    client, meeting, contact, organization
):
    participation = meeting.participations.get()
    signature = answer_links.signature_for(participation, contact)
    someone_else = UserFactory()
    other = ParticipationFactory(meeting=meeting, user=someone_else, organization=None)
    for pk, person in [
        (participation.pk, someone_else.pk),
        (other.pk, contact.pk),
        (other.pk, someone_else.pk),
    ]:
        response = client.post(
            f"/meetings/answers/{pk}/{person}/{signature}/", {"response": "yes", "party_size": 1}
        )
        assert response.status_code == 400
    other.refresh_from_db()
    participation.refresh_from_db()
    assert (other.response, participation.response) == ("pending", "pending")


def test_a_link_for_an_invitation_the_person_may_not_answer_is_refused(client, meeting):
    participation = meeting.participations.get()
    stranger = UserFactory()  # a valid signature, but not the organisation's contact
    response = client.post(link_path(participation, stranger), {"response": "yes", "party_size": 1})
    assert response.status_code == 403
    participation.refresh_from_db()
    assert participation.response == "pending"


def test_an_old_link_has_expired(client, meeting, contact, monkeypatch):
    participation = meeting.participations.get()
    path = link_path(participation, contact)
    later = signing.time.time() + answer_links.MAX_AGE.total_seconds() + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client.get(path)

    assert response.status_code == 410
    assert "too old" in response.content.decode()


def test_the_link_stops_working_when_the_meeting_is_cancelled(
    client, meeting, contact, coordinator
):
    participation = meeting.participations.get()
    path = link_path(participation, contact)
    assert client.get(path).status_code == 200
    services.meeting_cancel(by=coordinator, meeting=meeting)

    response = client.post(path, {"response": "yes", "party_size": 1})

    assert response.status_code == 410
    assert "This meeting is cancelled" in response.content.decode()
    participation.refresh_from_db()
    assert participation.response == "pending"


def test_the_link_stops_working_when_the_meeting_is_over(client, meeting, contact):
    participation = meeting.participations.get()
    path = link_path(participation, contact)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    response = client.get(path)
    assert response.status_code == 410
    assert "This meeting is over" in response.content.decode()


def test_the_reminder_carries_links_too(meeting, contact, mailoutbox):
    participation = meeting.participations.get()
    services.participation_answer(by=contact, participation=participation, response="yes")
    notifications_send_due(now=meeting.starts_at - timedelta(hours=2))
    reminders = [m for m in mailoutbox if m.to == [contact.email]]
    assert reminders
    assert len(LINK.findall(reminders[-1].body)) == 3


def test_a_reminder_signs_its_links_once_for_both_its_parts(
    meeting, contact, mailoutbox, monkeypatch
):
    """The plain-text and HTML parts show the same links: each is signed once per message (a
    fan-out of 10,000 reminders pays for each signature), and both parts carry the same ones."""
    participation = meeting.participations.get()
    services.participation_answer(by=contact, participation=participation, response="yes")
    signed = []
    sign = answer_links.signature_for

    def counting(*args):
        signed.append(args)
        return sign(*args)

    monkeypatch.setattr(answer_links, "signature_for", counting)
    mailoutbox.clear()
    notifications_send_due(now=meeting.starts_at - timedelta(hours=2))
    reminders = [m for m in mailoutbox if m.to == [contact.email]]
    assert reminders
    for reminder in reminders:
        html = reminder.alternatives[0].content.replace("&amp;", "&")
        assert len(LINK.findall(reminder.body)) == 3
        assert set(LINK.findall(reminder.body)) <= set(LINK.findall(html))
    # the page and yes / maybe / no, for one invitation, once a message
    assert len(signed) == 4 * len(reminders)


def test_the_sms_reminder_carries_the_persons_own_answer_link(meeting, contact):
    from notifications.models import Notification
    from notifications.transports import SmsTransport

    participation = meeting.participations.get()
    services.participation_answer(by=contact, participation=participation, response="maybe")
    reminder = Notification.objects.filter(recipient=contact, kind="meeting_reminder").first()
    assert reminder is not None

    text = SmsTransport().text_for(reminder)

    assert "Samarbejdsmøde" in text
    [link] = LINK.findall(text)
    assert link.endswith(link_path(participation, contact))
    assert "\n" not in text


def test_the_sms_invitation_carries_the_persons_own_answer_link(
    coordinator, municipality, organization, contact
):
    """The invitation goes by SMS too to someone who chose it, with their own signed link; a
    second contact of the same organisation gets a link of their own."""
    from notifications.models import Notification
    from notifications.transports import SmsTransport

    other_contact = person_of(organization, "contact")
    from datetime import datetime, time

    from core.time import OSLO

    start = datetime.combine(timezone.localdate() + timedelta(days=9), time(18), tzinfo=OSLO)
    meeting = staff_meeting(
        coordinator,
        municipality,
        "cooperation",
        "Samarbejdsmøde om lektiehjælp",
        start,
        hours=2,
        organizations=[organization],
    )
    participation = meeting.participations.get()
    invitation = Notification.objects.get(recipient=contact, kind="meeting_invitation")
    transport = SmsTransport()
    assert transport.allows("meeting_invitation")

    text = transport.text_for(invitation)

    assert text.startswith("Invitation: Samarbejdsmøde om lektiehjælp, ")
    [link] = LINK.findall(text)
    assert link.endswith(link_path(participation, contact))
    assert link_path(participation, other_contact) not in text
    assert "\n" not in text
