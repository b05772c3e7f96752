"""The evaluation meeting of an agreement (R27, R36): from the agreement's page the coordinator
plans a meeting with the parties invited and an agenda with one item per row of the
responsibility matrix; then sets the time on the meeting's form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership
from agreements.models import Agreement
from core.time import OSLO
from meetings import services
from meetings.models import Kind, Meeting
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import (
    MunicipalityMembershipFactory,
    OrganizationFactory,
    PartyFactory,
    person_of,
)
from tests.meetings.helpers import agreement_due_for_review
from tests.meetings.test_views import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def agreement(municipality, organization):
    return agreement_due_for_review(
        municipality, organization, "Leksehjelp i Drammen", "Låne ut lokaler på biblioteket"
    )


def plan(client, agreement):
    return client.post(reverse("meetings:evaluation_create", args=[agreement.pk]))


def test_the_coordinator_plans_the_evaluation_meeting_from_the_matrix(
    client, coordinator, agreement, organization
):
    contact = person_of(organization, "contact")
    client.force_login(coordinator)

    response = plan(client, agreement)

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:edit", args=[meeting.pk])
    assert meeting.kind == Kind.EVALUATION
    assert meeting.title == "Evaluation: Leksehjelp i Drammen"
    assert meeting.organizer_organization is None  # the municipality organises it
    assert [p.organization for p in meeting.participations.all()] == [organization]
    assert (
        "- Skaffe frivillige leksehjelpere (Drammen Frivilligsentral): done / partly / not done"
        in meeting.agenda
    )
    assert (
        "- Låne ut lokaler på biblioteket (The municipality): done / partly / not done"
        in meeting.agenda
    )
    # Proposed on the review date after working hours, for volunteers to come.
    local = meeting.starts_at.astimezone(OSLO)
    assert (local.date(), local.hour) == (agreement.review_on, 17)
    edit = client.get(response["Location"])
    assert "Skaffe frivillige leksehjelpere" in content(edit)
    # A draft: the parties hear of it when the coordinator has checked it and publishes it.
    assert meeting.is_draft
    assert not Notification.objects.filter(recipient=contact, kind="meeting_invitation").exists()
    client.post(reverse("meetings:publish", args=[meeting.pk]))
    assert Notification.objects.filter(recipient=contact, kind="meeting_invitation").exists()


def test_a_review_date_that_has_passed_proposes_two_weeks_ahead(client, coordinator, agreement):
    agreement.review_on = timezone.localdate() - timedelta(days=3)
    agreement.save(update_fields=["review_on"])
    client.force_login(coordinator)

    plan(client, agreement)

    local = Meeting.objects.get().starts_at.astimezone(OSLO)
    assert local.date() == timezone.localdate() + timedelta(days=14)


def test_only_the_agreements_own_coordinators_plan_it(
    client, agreement, organization_admin, other_coordinator
):
    client.force_login(organization_admin)  # a party: reads the agreement, plans nothing
    assert plan(client, agreement).status_code == 403
    client.force_login(other_coordinator)
    assert plan(client, agreement).status_code == 404
    assert not Meeting.objects.exists()


def test_a_draft_agreement_is_not_evaluated(client, coordinator, agreement):
    agreement.status = Agreement.Status.DRAFT
    agreement.save(update_fields=["status"])
    client.force_login(coordinator)

    response = client.post(reverse("meetings:evaluation_create", args=[agreement.pk]), follow=True)

    assert not Meeting.objects.exists()
    assert "Only an agreement in force is evaluated." in content(response)


def test_the_agreement_page_offers_it_to_the_coordinator_only(
    client, coordinator, organization_admin, agreement
):
    button = "Plan an evaluation meeting"
    page = reverse("agreements:detail", args=[agreement.pk])
    client.force_login(coordinator)
    assert button in content(client.get(page))
    client.force_login(organization_admin)
    assert button not in content(client.get(page))


def test_the_minutes_of_the_evaluation_meeting_reach_the_parties_leaders_once(
    coordinator, municipality, agreement, organization, mailoutbox
):
    """The evaluation meeting belongs to its agreement: its first minutes reach the leaders and
    contact persons of every party, as the agreement's recurring meeting's do, even a party
    the coordinator took off the invitation list; each person one e-mail."""
    leader = MunicipalityMembershipFactory(
        municipality=municipality, role=MunicipalityMembership.Role.LEADER
    ).user
    other_party = OrganizationFactory(verified=True, municipalities=[municipality])
    PartyFactory(agreement=agreement, organization=other_party)
    admin = person_of(organization, "admin")
    other_contact = person_of(other_party, "contact")
    person_of(other_party, "member")
    meeting = services.evaluation_meeting_create(by=coordinator, agreement=agreement)
    assert meeting.evaluated_agreement == agreement
    meeting.participations.filter(organization=other_party).delete()

    services.meeting_save_minutes(
        by=coordinator, meeting=meeting, agenda=meeting.agenda, minutes="Alle oppgaver gjort."
    )

    sent = sorted(
        Notification.objects.filter(kind__startswith="meeting_minutes").values_list(
            "recipient", "kind"
        )
    )
    assert sent == sorted(
        [
            (leader.pk, "meeting_minutes"),
            (admin.pk, "meeting_minutes_party"),
            (other_contact.pk, "meeting_minutes_party"),
        ]
    )
    notifications_send_due(now=timezone.now())
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [leader.email, admin.email, other_contact.email]
    )
    party_mail = next(m for m in mailoutbox if m.to[0] == other_contact.email)
    assert "agreement your organisation is party to" in party_mail.body
