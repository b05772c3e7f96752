"""Minutes routing (R37, R73): the first minutes of a meeting go to the municipality's leaders,
to the leaders (admins) and contact persons of the organisations party to the agreement the
meeting belongs to (its recurring meeting, or its evaluation meeting), and to everyone invited,
with a link to read them. Each person once; nobody else."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import MunicipalityMembership
from meetings import services
from meetings.models import MeetingSeries
from notifications.models import Notification
from notifications.services import notifications_send_due
from organizations.models import OrganizationMembership
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    MeetingFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    ParticipationFactory,
    PartyFactory,
    ReferralFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MINUTES = "Nye frivillige ble presentert. Neste møte i mars."


def person(organization, role):
    return OrganizationMembershipFactory(organization=organization, role=role).user


def test_the_minutes_reach_exactly_the_leaders_and_the_parties_leaders_and_contacts(
    coordinator, municipality, other_municipality, mailoutbox
):
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    MunicipalityMembershipFactory(  # a leader elsewhere
        municipality=other_municipality, role=MunicipalityMembership.Role.LEADER
    )
    party_a = OrganizationFactory(verified=True, municipalities=[municipality])
    party_b = OrganizationFactory(verified=True, municipalities=[municipality])
    invited_only = OrganizationFactory(verified=True, municipalities=[municipality])
    a_admin = person(party_a, OrganizationMembership.Role.ADMIN)
    a_contact = person(party_a, OrganizationMembership.Role.CONTACT)
    person(party_a, OrganizationMembership.Role.MEMBER)
    b_contact = person(party_b, OrganizationMembership.Role.CONTACT)
    invited_contact = person(invited_only, OrganizationMembership.Role.CONTACT)
    start = timezone.now() - timedelta(days=1)
    series = MeetingSeries.objects.create(
        rrule="FREQ=MONTHLY;COUNT=2", dtstart=start, duration=timedelta(hours=2)
    )
    meeting = MeetingFactory(
        municipality=municipality,
        series=series,
        recurrence_id=start,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        title="Samarbeidsmøte",
    )
    ParticipationFactory(meeting=meeting, organization=invited_only)
    agreement = AgreementFactory(municipality=municipality, meeting_series=series, status="active")
    PartyFactory(agreement=agreement, organization=party_a)
    PartyFactory(agreement=agreement, organization=party_b)
    ended = AgreementFactory(municipality=municipality, meeting_series=series, status="ended")
    PartyFactory(agreement=ended, organization=invited_only)

    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes=MINUTES)
    services.meeting_save_minutes(  # a correction sends nothing again
        by=coordinator, meeting=meeting, agenda="", minutes=MINUTES + " Rettet."
    )

    recipients = set(
        Notification.objects.filter(kind__startswith="meeting_minutes").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {leader.pk, a_admin.pk, a_contact.pk, b_contact.pk, invited_contact.pk}
    notifications_send_due(now=timezone.now())
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {
        leader.email,
        a_admin.email,
        a_contact.email,
        b_contact.email,
        invited_contact.email,
    }
    assert len(mailoutbox) == 5
    party_mail = by_address[a_contact.email]
    assert "agreement your organisation is party to" in party_mail.body
    assert "Neste møte i mars" in party_mail.body
    assert "one of its leaders" in by_address[leader.email].body


def test_a_meeting_without_an_agreement_sends_the_minutes_to_the_leaders_and_invitees(
    coordinator, municipality, organization
):
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    contact = person(organization, OrganizationMembership.Role.CONTACT)
    person(organization, OrganizationMembership.Role.MEMBER)  # not one who answers for it
    meeting = MeetingFactory(municipality=municipality)
    ParticipationFactory(meeting=meeting, organization=organization)
    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes=MINUTES)
    assert sorted(
        Notification.objects.filter(kind__startswith="meeting_minutes").values_list(
            "kind", "recipient"
        )
    ) == [("meeting_minutes", leader.pk), ("meeting_minutes_invitee", contact.pk)]


def test_every_invitee_gets_a_link_to_the_minutes_once_whatever_they_answered(
    coordinator, municipality, organization, mailoutbox
):
    """Yes, maybe, no or no answer: all invited get the minutes, each person one e-mail even
    when invited twice over (in person and through their organisation, or also a leader). The
    e-mail carries a link to the meeting's page, not the minutes, and nothing of a referral."""
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    contact = person(organization, OrganizationMembership.Role.CONTACT)
    admin = person(organization, OrganizationMembership.Role.ADMIN)
    answered = {response: UserFactory() for response in ("yes", "maybe", "no", "pending")}
    meeting = MeetingFactory(municipality=municipality, title="Oppfølgingsmøte frivillige")
    ParticipationFactory(meeting=meeting, organization=organization, response="no")
    for response, user in answered.items():
        ParticipationFactory(meeting=meeting, organization=None, user=user, response=response)
    ParticipationFactory(meeting=meeting, organization=None, user=contact, response="yes")
    ParticipationFactory(meeting=meeting, organization=None, user=leader, response="yes")
    switched_off = UserFactory(is_active=False)
    ParticipationFactory(meeting=meeting, organization=None, user=switched_off)
    consent = ConsentFactory(person__municipality=municipality, organizations=[organization])
    referral = ReferralFactory(consent=consent)

    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes=MINUTES)
    services.meeting_save_minutes(
        by=coordinator, meeting=meeting, agenda="", minutes=MINUTES + " Rettet."
    )
    notifications_send_due(now=timezone.now())

    addresses = [m.to[0] for m in mailoutbox]
    assert sorted(addresses) == sorted(
        [leader.email, contact.email, admin.email, *(u.email for u in answered.values())]
    )
    invitee_mail = next(m for m in mailoutbox if m.to[0] == answered["no"].email)
    assert "The minutes of a meeting you were invited to are written." in invitee_mail.body
    assert f"{meeting.get_absolute_url()}\n" in invitee_mail.body
    assert "Oppfølgingsmøte frivillige" in invitee_mail.body
    assert "Neste møte i mars" not in invitee_mail.body  # read on the page, after signing in
    assert "one of its leaders" in next(m for m in mailoutbox if m.to[0] == leader.email).body
    for mail in mailoutbox:
        text = mail.body + "".join(str(content) for content, _type in mail.alternatives)
        for leak in (
            referral.person.given_name,
            referral.person.family_name,
            referral.person.email,
            referral.note,
        ):
            assert leak not in text


def test_the_invitee_reads_the_minutes_through_the_link(client, coordinator, municipality):
    invitee = UserFactory()
    meeting = MeetingFactory(municipality=municipality)
    ParticipationFactory(meeting=meeting, organization=None, user=invitee, response="no")
    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes=MINUTES)
    client.force_login(invitee)
    assert "Neste møte i mars" in client.get(meeting.get_absolute_url()).content.decode()
