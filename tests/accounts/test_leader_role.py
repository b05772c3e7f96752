"""The leadership role (R66, R73): a municipal leader reads the overview, the reports, the
agreements and the minutes of their municipality, gets the minutes by e-mail, and sees nothing
about persons or referrals."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.forms import StaffRoleForm
from accounts.models import MunicipalityMembership
from accounts.selectors import user_roles
from meetings import services as meeting_services
from notifications.services import notifications_send_due
from tests.factories import (
    AgreementFactory,
    ConsentFactory,
    MeetingFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MINUTES = "Nye frivillige ble presentert. Neste møte i mars."


@pytest.fixture
def leader(municipality):
    return MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user


@pytest.fixture
def referral(municipality):
    organization = OrganizationFactory(verified=True, municipalities=[municipality])
    person = PersonFactory(municipality=municipality, given_name="Zainabella")
    consent = ConsentFactory(person=person, organizations=[organization])
    return ReferralFactory(consent=consent)


def test_a_leader_is_neither_coordinator_nor_caseworker(leader, municipality):
    roles = user_roles(leader)
    assert roles.leader_of == {municipality.pk}
    assert not roles.municipalities  # the set that opens persons and referrals
    assert not leader.has_perm("accounts.needs_two_factor")


@pytest.mark.parametrize("name", ["dashboard:overview", "dashboard:report"])
def test_a_leader_reads_the_overview_and_the_report(client, leader, name):
    client.force_login(leader)
    assert client.get(reverse(name)).status_code == 200


def test_a_leader_of_another_municipality_gets_no_overview_here(client, other_municipality):
    other_leader = MunicipalityMembershipFactory(
        municipality=other_municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    client.force_login(other_leader)
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert "Drammen" not in page


def test_a_leader_reads_the_agreements_but_changes_nothing(client, leader, municipality):
    agreement = AgreementFactory(municipality=municipality, title="Samarbeidsavtale flyktningguide")
    client.force_login(leader)
    assert (
        "Samarbeidsavtale flyktningguide" in client.get(reverse("agreements:list")).content.decode()
    )
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    assert client.get(reverse("agreements:edit", args=[agreement.pk])).status_code in (403, 404)
    assert client.get(reverse("agreements:create")).status_code == 403


def test_a_leader_reads_the_minutes_of_the_municipalitys_meetings(client, leader, municipality):
    meeting = MeetingFactory(municipality=municipality, minutes=MINUTES)
    client.force_login(leader)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert MINUTES in page
    assert reverse("meetings:edit", args=[meeting.pk]) not in page
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def test_a_leader_sees_nothing_about_persons_or_referrals(client, leader, referral):
    client.force_login(leader)
    person = referral.person
    for url in [
        reverse("referrals:person", args=[person.pk]),
        reverse("referrals:referral", args=[referral.pk]),
    ]:
        assert client.get(url).status_code in (403, 404)
    for url in [
        reverse("referrals:list"),
        reverse("referrals:persons"),
        reverse("dashboard"),
        reverse("dashboard:overview"),
        reverse("dashboard:report"),
    ]:
        response = client.get(url)
        assert "Zainabella" not in response.content.decode()
        assert person.phone not in response.content.decode()


def test_the_start_page_tells_a_leader_what_they_can_read(client, leader):
    client.force_login(leader)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You are a leader here" in page
    assert "You have no role yet" not in page
    assert reverse("dashboard:overview") in page


def test_the_first_minutes_go_to_the_leaders_by_email(
    coordinator, leader, municipality, mailoutbox
):
    meeting = MeetingFactory(municipality=municipality, title="Samarbeidsmøte mars")
    meeting_services.meeting_save_minutes(
        by=coordinator, meeting=meeting, agenda="1. Nytt", minutes=MINUTES
    )
    meeting_services.meeting_save_minutes(
        by=coordinator, meeting=meeting, agenda="1. Nytt", minutes=MINUTES + " Rettet."
    )
    notifications_send_due(now=timezone.now())
    [message] = [m for m in mailoutbox if m.to == [leader.email]]
    assert "Samarbeidsmøte mars" in message.subject
    assert MINUTES in message.body
    assert MINUTES in message.alternatives[0][0]
    assert [m for m in mailoutbox if m.to == [coordinator.email]] == []


def test_the_staff_role_form_offers_the_leader_role():
    assert ("leader", "leader") in [
        (v, str(label)) for v, label in StaffRoleForm().fields["role"].choices
    ]


def test_the_overview_links_to_the_latest_minutes(client, leader, municipality):
    with_minutes = MeetingFactory(
        municipality=municipality, title="Samarbeidsmøte mai", minutes=MINUTES
    )
    MeetingFactory(municipality=municipality, title="Uten referat")
    client.force_login(leader)
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert with_minutes.get_absolute_url() in page
    assert "Uten referat" not in page
