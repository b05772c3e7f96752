"""Verification is per municipality (issue #15, hole 1).

An organisation verified in Drammen (A) that adds Asker (B) to its profile is pending in Asker:
not in Asker's directory, not a choice for Asker's consents and referrals, no venues, help
times or meetings there, until Asker's coordinators verify it; they are told. A new name or
organisation number sends it back to every municipality's coordinators.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from grants.selectors import help_slots_visible_to
from meetings.forms import organizers_for
from meetings.selectors import venues_visible_to
from meetings.services import meeting_create
from notifications.models import Notification
from organizations.models import Organization, OrganizationMunicipality
from organizations.services import organization_reject, organization_verify
from referrals.forms import verified_organizations_in
from referrals.services import referral_accept, referral_create
from tests.factories import (
    SUITABLE,
    ConsentFactory,
    HelpSlotFactory,
    MunicipalityMembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    PersonFactory,
    VenueFactory,
    organization_form,
    refer,
)

pytestmark = pytest.mark.django_db

Status = Organization.Status
KIND = "organization_verification_requested"


@pytest.fixture
def verified_in_a(municipality):
    return OrganizationFactory(
        name="Drammen Turlag", verified=True, municipalities=[municipality], categories=["other"]
    )


@pytest.fixture
def admin(verified_in_a):
    return OrganizationMembershipFactory(organization=verified_in_a, role="admin").user


@pytest.fixture
def contact(verified_in_a):
    return OrganizationMembershipFactory(organization=verified_in_a, role="contact").user


def profile(organization, municipalities, **changes):
    data = organization_form(
        municipalities,
        name=organization.name,
        number_scheme=organization.number_scheme,
        org_number=organization.org_number,
        email=organization.email,
    )
    return {**data, **changes}


def status_in(organization, municipality) -> str:
    return OrganizationMunicipality.objects.get(
        organization=organization, municipality=municipality
    ).status


def listed_in_directory(client, municipality) -> str:
    url = reverse("organizations:directory") + f"?municipality={municipality.slug}"
    return client.get(url).content.decode()


@pytest.fixture
def added_b(
    client, admin, verified_in_a, municipality, other_municipality, coordinator, other_coordinator
):
    """The admin edits the profile and adds Asker (both municipalities have a coordinator)."""
    client.force_login(admin)
    response = client.post(
        reverse("organizations:edit", args=[verified_in_a.pk]),
        profile(verified_in_a, [municipality, other_municipality]),
    )
    assert response.status_code == 302
    client.logout()
    verified_in_a.refresh_from_db()
    return verified_in_a


def test_a_municipality_the_admin_adds_is_pending_there_while_the_first_stays_verified(
    added_b, municipality, other_municipality
):
    assert status_in(added_b, other_municipality) == Status.PENDING
    assert status_in(added_b, municipality) == Status.VERIFIED
    assert added_b.status == Status.VERIFIED  # still public: verified in Drammen


def test_the_added_municipality_does_not_list_it_until_its_coordinator_verifies(
    client, added_b, municipality, other_municipality, other_coordinator
):
    assert "Drammen Turlag" in listed_in_directory(client, municipality)
    assert "Drammen Turlag" not in listed_in_directory(client, other_municipality)

    organization_verify(organization=added_b, by=other_coordinator)

    assert "Drammen Turlag" in listed_in_directory(client, other_municipality)


def test_the_added_municipalitys_caseworkers_cannot_choose_it_for_consents_or_referrals(
    added_b, contact, other_municipality
):
    caseworker_b = MunicipalityMembershipFactory(
        municipality=other_municipality, role="caseworker"
    ).user
    person = PersonFactory(municipality=other_municipality, created_by=caseworker_b)
    consent = ConsentFactory(person=person, organizations=[added_b], recorded_by=caseworker_b)

    assert added_b not in verified_organizations_in(other_municipality)
    with pytest.raises(ValidationError) as refused:
        refer(person, consent, caseworker_b, added_b)
    assert "organization" in refused.value.message_dict


def test_a_referral_reaches_it_once_the_added_municipality_has_verified_it(
    added_b, contact, other_municipality, other_coordinator
):
    caseworker_b = MunicipalityMembershipFactory(
        municipality=other_municipality, role="caseworker"
    ).user
    person = PersonFactory(municipality=other_municipality, created_by=caseworker_b)
    consent = ConsentFactory(person=person, organizations=[added_b], recorded_by=caseworker_b)

    organization_verify(organization=added_b, by=other_coordinator)

    assert added_b in verified_organizations_in(other_municipality)
    referral = referral_create(
        suitability=SUITABLE, person=person, consent=consent, by=caseworker_b, organization=added_b
    )
    assert referral.organization == added_b


def test_its_people_see_no_venues_or_help_times_of_the_added_municipality_and_cannot_organise(
    added_b, admin, contact, municipality, other_municipality
):
    VenueFactory(municipality=other_municipality, name="Asker bibliotek")
    venue_a = VenueFactory(municipality=municipality, name="Drammen bibliotek")
    slot_b = HelpSlotFactory(municipality=other_municipality)

    assert list(venues_visible_to(contact)) == [venue_a]
    assert slot_b not in help_slots_visible_to(contact)
    assert [o.municipality for o in organizers_for(contact)] == [municipality]
    start = timezone.now() + timedelta(days=7)
    with pytest.raises(ValidationError):
        meeting_create(
            by=contact,
            municipality=other_municipality,
            organizer_organization=added_b,
            fields={"title": "Tur", "kind": "dialogue"},
            starts_at=start,
            ends_at=start + timedelta(hours=2),
        )


def test_once_verified_in_the_added_municipality_its_venues_and_help_times_open(
    added_b, contact, other_municipality, other_coordinator
):
    venue_b = VenueFactory(municipality=other_municipality)
    slot_b = HelpSlotFactory(municipality=other_municipality)

    organization_verify(organization=added_b, by=other_coordinator)

    assert venue_b in venues_visible_to(contact)
    assert slot_b in help_slots_visible_to(contact)
    assert other_municipality in [o.municipality for o in organizers_for(contact)]


def test_only_the_added_municipalitys_coordinators_are_told(
    added_b, coordinator, other_coordinator
):
    told = Notification.objects.filter(kind=KIND)

    assert [n.recipient for n in told] == [other_coordinator]
    assert told.get().context["municipalities"] == ["Asker kommune"]


def test_the_coordinators_notification_is_an_email_that_names_the_organisation(
    added_b, other_coordinator, mailoutbox
):
    from notifications.services import notifications_send_due

    notifications_send_due(now=timezone.now() + timedelta(minutes=1))

    to_b = [m for m in mailoutbox if other_coordinator.email in m.to]
    assert len(to_b) == 1
    assert "Drammen Turlag" in to_b[0].subject
    assert "Asker kommune" in to_b[0].body


def test_the_added_municipalitys_coordinator_verifies_only_for_their_own_municipality(
    client, admin, municipality, other_municipality, other_coordinator
):
    pending = OrganizationFactory(name="Ny Forening", municipalities=[municipality])
    OrganizationMunicipality.objects.create(organization=pending, municipality=other_municipality)
    client.force_login(other_coordinator)

    client.post(reverse("organizations:verify", args=[pending.pk]))

    assert status_in(pending, other_municipality) == Status.VERIFIED
    assert status_in(pending, municipality) == Status.PENDING
    pending.refresh_from_db()
    assert pending.status == Status.VERIFIED  # public, but only in Asker
    assert pending not in verified_organizations_in(municipality)


def test_the_first_municipalitys_verification_stands_when_the_added_one_rejects(
    client, added_b, municipality, other_municipality, other_coordinator
):
    organization_reject(organization=added_b, by=other_coordinator, reason="Ikke aktiv her.")

    added_b.refresh_from_db()
    assert status_in(added_b, other_municipality) == Status.REJECTED
    assert status_in(added_b, municipality) == Status.VERIFIED
    assert added_b.status == Status.VERIFIED
    assert added_b in verified_organizations_in(municipality)
    assert client.get(added_b.get_absolute_url()).status_code == 200


def test_the_admin_sees_where_it_waits_for_verification(client, added_b, admin):
    client.force_login(admin)

    html = client.get(added_b.get_absolute_url()).content.decode()

    assert "Venter på verifisering i Asker kommune" in html


def test_a_new_name_sends_it_back_to_every_municipalitys_coordinators(
    client, admin, verified_in_a, municipality, coordinator
):
    client.force_login(admin)

    client.post(
        reverse("organizations:edit", args=[verified_in_a.pk]),
        profile(verified_in_a, [municipality], name="Drammen Røde Tur"),
    )

    verified_in_a.refresh_from_db()
    assert status_in(verified_in_a, municipality) == Status.PENDING
    assert verified_in_a.status == Status.PENDING
    assert verified_in_a not in verified_organizations_in(municipality)
    told = Notification.objects.get(kind=KIND)
    assert told.recipient == coordinator
    assert told.context["renamed"] is True
    client.logout()
    assert client.get(verified_in_a.get_absolute_url()).status_code == 404


def test_a_new_organisation_number_sends_it_back_too(
    client, admin, verified_in_a, municipality, coordinator
):
    client.force_login(admin)

    client.post(
        reverse("organizations:edit", args=[verified_in_a.pk]),
        profile(verified_in_a, [municipality], org_number="912345688"),
    )

    assert status_in(verified_in_a, municipality) == Status.PENDING


def test_other_edits_keep_the_verification_and_tell_nobody(
    client, admin, verified_in_a, municipality
):
    client.force_login(admin)

    client.post(
        reverse("organizations:edit", args=[verified_in_a.pk]),
        profile(verified_in_a, [municipality], email="ny@turlag.example.no"),
    )

    assert status_in(verified_in_a, municipality) == Status.VERIFIED
    assert not Notification.objects.filter(kind=KIND).exists()


def test_the_coordinators_registry_shows_the_status_in_their_own_municipality(
    client, added_b, coordinator, other_coordinator
):
    url = reverse("organizations:registry") + "?status=pending"
    client.force_login(other_coordinator)
    assert "Drammen Turlag" in client.get(url).content.decode()

    client.force_login(coordinator)
    assert "Drammen Turlag" not in client.get(url).content.decode()


def test_the_public_directory_names_only_the_municipalities_that_have_verified_it(
    added_b, municipality
):
    from organizations.selectors import directory_organizations

    listed = directory_organizations().get(pk=added_b.pk)

    assert [link.municipality for link in listed.verified_links] == [municipality]


def test_a_renamed_organisation_cannot_accept_a_waiting_referral_until_verified_again(
    client, admin, contact, verified_in_a, municipality, caseworker, coordinator
):
    person = PersonFactory(municipality=municipality, created_by=caseworker)
    consent = ConsentFactory(person=person, organizations=[verified_in_a], recorded_by=caseworker)
    referral = refer(person, consent, caseworker, verified_in_a)
    client.force_login(admin)
    client.post(
        reverse("organizations:edit", args=[verified_in_a.pk]),
        profile(verified_in_a, [municipality], name="Et annet lag"),
    )

    with pytest.raises(ValidationError):
        referral_accept(referral=referral, by=contact)

    organization_verify(organization=verified_in_a, by=coordinator)
    referral_accept(referral=referral, by=contact)
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_a_coordinator_cannot_verify_for_another_municipality(
    client, municipality, other_municipality, other_coordinator
):
    pending = OrganizationFactory(name="Ny Forening", municipalities=[municipality])
    OrganizationMunicipality.objects.create(organization=pending, municipality=other_municipality)
    client.force_login(other_coordinator)

    response = client.post(
        reverse("organizations:verify", args=[pending.pk]), {"municipality": municipality.pk}
    )

    assert response.status_code == 403
    assert status_in(pending, municipality) == Status.PENDING


def test_the_registry_export_gives_the_status_in_the_coordinators_municipality(
    client, added_b, other_coordinator
):
    client.force_login(other_coordinator)

    csv = client.get(reverse("organizations:registry_export", args=["csv"])).content.decode()

    row = next(line for line in csv.splitlines() if "Drammen Turlag" in line)
    assert "Venter på verifisering" in row or "Awaiting verification" in row
