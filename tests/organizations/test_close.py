"""An organisation that closes is anonymised (issue #20): its people's personal data goes (in
its history too); what the statistics need stays. Its admins or a coordinator close it, after
being asked."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organizations import services
from organizations.models import Activity, JoinRequest, Organization, OrganizationMembership
from tests.factories import (
    ActivityFactory,
    InvitationFactory,
    OrganizationFactory,
    UserFactory,
    person_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closing(municipality):
    organization = OrganizationFactory(
        name="Leksehjelpen",
        verified=True,
        municipalities=[municipality],
        email="kari.nordmann@example.no",
        phone="+4791234567",
        description_nb="Ring Kari Nordmann på 912 34 567.",
    )
    organization._change_reason = "test"
    organization.save()  # a second history row with the same personal data
    return organization


def test_closing_removes_personal_data_and_keeps_what_statistics_need(
    english, client, closing, coordinator, municipality
):
    admin = person_of(closing, "admin")
    OrganizationMembership.objects.filter(user=admin).update(phone="+4798765432")
    InvitationFactory(organization=closing, email="ny.frivillig@example.no")
    JoinRequest.objects.create(organization=closing, user=UserFactory(), message="Hei, jeg er Ola")
    activity = ActivityFactory(
        organization=closing, municipality=municipality, description="Spør etter Kari"
    )
    client.force_login(admin)
    url = reverse("organizations:close", args=[closing.pk])
    page = client.get(url).content.decode()
    assert "What stays, for the statistics" in page
    client.post(url, {})  # not confirmed
    closing.refresh_from_db()
    assert closing.closed_at is None

    response = client.post(url, {"confirm": "yes"}, follow=True)

    assert "Leksehjelpen is closed" in response.content.decode()
    closing.refresh_from_db()
    assert closing.status == Organization.Status.CLOSED
    assert (closing.name, closing.email, closing.phone, closing.description_nb) == (
        "Leksehjelpen",
        "",
        "",
        "",
    )
    assert set(closing.municipalities.all()) == {municipality}  # the statistics keep it
    assert not closing.memberships.exists()
    assert not closing.invitations.exists()
    assert not closing.join_requests.exists()
    for row in closing.history.all():
        assert (row.email, row.phone, row.description_nb) == ("", "", "")
    activity.refresh_from_db()
    assert (activity.title, activity.description, activity.is_active) == (
        activity.title,
        "",
        False,
    )
    assert not Activity.history.filter(id=activity.pk).exclude(description="").exists()
    # It is out of the directory, and its former admin no longer manages it.
    directory = client.get(reverse("organizations:directory")).content.decode()
    assert "Leksehjelpen" not in directory
    assert not admin.has_perm("organizations.close_organization", closing)


def test_a_coordinator_where_it_is_active_may_close_it_others_may_not(
    closing, coordinator, other_coordinator, caseworker
):
    member = person_of(closing, "member")
    for user in (other_coordinator, caseworker, member):
        with pytest.raises(PermissionDenied):
            services.organization_close(organization=closing, by=user)
    assert closing.memberships.exists()
    services.organization_close(organization=closing, by=coordinator)
    closing.refresh_from_db()
    assert closing.closed_at is not None
    assert not closing.memberships.exists()


def test_the_registry_and_the_page_say_it_is_closed(english, client, closing, coordinator):
    services.organization_close(organization=closing, by=coordinator)
    client.force_login(coordinator)
    registry = client.get(reverse("organizations:registry")).content.decode()
    assert '<span class="ds-tag" data-color="neutral">Closed</span>' in registry
    page = client.get(closing.get_absolute_url()).content.decode()
    assert '<span class="ds-tag" data-color="neutral">Closed</span>' in page
    assert reverse("organizations:close", args=[closing.pk]) not in page  # closed once
