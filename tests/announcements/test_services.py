"""Who an announcement reaches, resolved when it is sent, and what it leaves behind."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from announcements.services import announcement_send
from notifications.models import Notification
from organizations.models import OrganizationMembership
from tests.announcements.conftest import contact_of
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    MeetingFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

EVERYONE = {"category": [], "activity_type": [], "agreement": None}


def send(coordinator, municipality, audience=EVERYONE, **kwargs):
    kwargs.setdefault("title", "Informasjonsmøte om tilskudd")
    kwargs.setdefault("body", "Velkommen til informasjonsmøte om IMDis tilskuddsordning.")
    return announcement_send(
        municipality=municipality,
        author=coordinator,
        audience=audience,
        now=timezone.now(),
        **kwargs,
    )


def received(user) -> bool:
    return Notification.objects.filter(recipient=user, kind="announcement").exists()


def test_everyone_means_every_contact_person_of_the_municipalitys_verified_organisations(
    coordinator, municipality, other_municipality, make_organization
):
    first, second = make_organization(), make_organization()
    elsewhere = contact_of(OrganizationFactory(verified=True, municipalities=[other_municipality]))
    pending = contact_of(OrganizationFactory(municipalities=[municipality]))

    announcement = send(coordinator, municipality)

    assert set(announcement.recipients.all()) == {first, second}
    assert announcement.recipient_count == 2
    assert announcement.organization_count == 2
    assert received(first)
    assert received(second)
    assert not received(elsewhere)
    assert not received(pending)


def test_only_contact_persons_receive_it_not_admins_or_members(
    coordinator, municipality, verified_organization, contact_person, organization_admin, member
):
    announcement = send(coordinator, municipality)

    assert list(announcement.recipients.all()) == [contact_person]
    assert not received(organization_admin)
    assert not received(member)


def test_a_person_who_is_contact_for_two_organisations_receives_it_once(
    coordinator, municipality, make_organization
):
    person = make_organization()
    second = OrganizationFactory(verified=True, municipalities=[municipality])
    OrganizationMembershipFactory(
        user=person, organization=second, role=OrganizationMembership.Role.CONTACT
    )

    send(coordinator, municipality)

    assert Notification.objects.filter(recipient=person).count() == 1


def test_an_inactive_contact_person_receives_nothing(coordinator, municipality, make_organization):
    person = make_organization()
    person.is_active = False
    person.save(update_fields=["is_active"])
    make_organization()

    assert person not in send(coordinator, municipality).recipients.all()


def test_the_category_filter(coordinator, municipality, make_organization):
    sports = make_organization(categories=["sports"])
    faith = make_organization(categories=["faith"])
    outdoor = make_organization(categories=["outdoor", "sports"])

    announcement = send(coordinator, municipality, {**EVERYONE, "category": ["sports", "faith"]})

    assert set(announcement.recipients.all()) == {sports, faith, outdoor}
    announcement = send(
        coordinator, municipality, {**EVERYONE, "category": ["outdoor"]}, title="Friluft"
    )
    assert list(announcement.recipients.all()) == [outdoor]


def test_the_activity_type_filter_counts_active_activities_only(
    coordinator, municipality, make_organization
):
    cafe, guide, stopped = make_organization(), make_organization(), make_organization()
    for person, kind, active in [
        (cafe, "language_cafe", True),
        (guide, "refugee_guide", True),
        (stopped, "language_cafe", False),
    ]:
        ActivityFactory(
            organization=person.organization_memberships.get().organization,
            municipality=municipality,
            type=kind,
            is_active=active,
        )

    announcement = send(coordinator, municipality, {**EVERYONE, "activity_type": ["language_cafe"]})

    assert list(announcement.recipients.all()) == [cafe]


def test_the_agreement_filter_and_filters_combined(coordinator, municipality, make_organization):
    party, sports_party, outsider = (
        make_organization(),
        make_organization(categories=["sports"]),
        make_organization(categories=["sports"]),
    )
    agreement = AgreementFactory(municipality=municipality)
    for person in (party, sports_party):
        PartyFactory(
            agreement=agreement, organization=person.organization_memberships.get().organization
        )

    by_agreement = send(coordinator, municipality, {**EVERYONE, "agreement": agreement.pk})
    combined = send(
        coordinator,
        municipality,
        {**EVERYONE, "agreement": agreement.pk, "category": ["sports"]},
        title="Idrett",
    )

    assert set(by_agreement.recipients.all()) == {party, sports_party}
    assert list(combined.recipients.all()) == [sports_party]
    assert outsider not in by_agreement.recipients.all()


def test_recipients_are_resolved_when_it_is_sent(coordinator, municipality, make_organization):
    first = make_organization()
    send(coordinator, municipality)
    later = make_organization()

    second = send(coordinator, municipality, title="Neste kunngjøring")

    assert set(second.recipients.all()) == {first, later}


def test_no_matching_contact_person_is_an_error_and_nothing_is_stored(
    coordinator, municipality, make_organization
):
    make_organization(categories=["faith"])

    with pytest.raises(ValidationError):
        send(coordinator, municipality, {**EVERYONE, "category": ["sports"]})

    assert not Notification.objects.filter(kind="announcement").exists()


@pytest.mark.parametrize("role", ["caseworker", "other_coordinator", "contact_person"])
def test_only_a_coordinator_of_the_municipality_may_send(
    request, municipality, verified_organization, role
):
    with pytest.raises(PermissionDenied):
        send(request.getfixturevalue(role), municipality)


def test_text_with_personal_data_is_sent_only_when_confirmed(
    coordinator, municipality, make_organization
):
    make_organization()
    body = "Spørsmål? Ring Kari på 912 34 567."

    with pytest.raises(ValidationError):
        send(coordinator, municipality, body=body)
    announcement = send(coordinator, municipality, body=body, personal_data_confirmed=True)

    assert announcement.personal_data_confirmed


def test_a_meeting_of_another_municipality_cannot_be_linked(
    coordinator, municipality, other_municipality, make_organization
):
    make_organization()

    with pytest.raises(ValidationError):
        send(coordinator, municipality, meeting=MeetingFactory(municipality=other_municipality))
