"""Minutes routing (R37, R73): the first minutes of a meeting go to the municipality's leaders
and, when the meeting is the recurring meeting of a live cooperation agreement, to the leaders
(admins) and contact persons of the organisations party to it; nobody else."""

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
    MeetingFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    ParticipationFactory,
    PartyFactory,
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
    person(invited_only, OrganizationMembership.Role.CONTACT)
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
    assert recipients == {leader.pk, a_admin.pk, a_contact.pk, b_contact.pk}
    notifications_send_due(now=timezone.now())
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {leader.email, a_admin.email, a_contact.email, b_contact.email}
    party_mail = by_address[a_contact.email]
    assert "agreement your organisation is party to" in party_mail.body
    assert "Neste møte i mars" in party_mail.body
    assert "one of its leaders" in by_address[leader.email].body


def test_a_meeting_without_an_agreement_sends_the_minutes_to_the_leaders_only(
    coordinator, municipality, organization
):
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    person(organization, OrganizationMembership.Role.CONTACT)
    meeting = MeetingFactory(municipality=municipality)
    ParticipationFactory(meeting=meeting, organization=organization)
    services.meeting_save_minutes(by=coordinator, meeting=meeting, agenda="", minutes=MINUTES)
    assert list(
        Notification.objects.filter(kind__startswith="meeting_minutes").values_list(
            "recipient", flat=True
        )
    ) == [leader.pk]
