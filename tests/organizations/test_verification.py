"""Verification by a coordinator of one of the organisation's municipalities, and the history."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.services import notifications_send_due
from organizations.models import Organization
from tests.factories import (
    OrganizationFactory,
    OrganizationMembershipFactory,
    organization_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(municipality):
    organization = OrganizationFactory(municipalities=[municipality])
    OrganizationMembershipFactory(organization=organization, role="admin")
    return organization


def test_a_pending_organisation_is_not_public(client, pending):
    assert client.get(pending.get_absolute_url()).status_code == 404
    assert pending.name not in client.get(reverse("organizations:directory")).content.decode()


def test_the_coordinator_verifies_and_the_organisation_becomes_public(client, coordinator, pending):
    client.force_login(coordinator)

    client.post(reverse("organizations:verify", args=[pending.pk]))

    pending.refresh_from_db()
    assert pending.status == Organization.Status.VERIFIED
    assert pending.verified_by == coordinator
    client.logout()
    assert client.get(pending.get_absolute_url()).status_code == 200
    assert pending.name in client.get(reverse("organizations:directory")).content.decode()


def test_the_admin_is_told_by_email_when_verified(client, coordinator, pending):
    client.force_login(coordinator)
    client.post(reverse("organizations:verify", args=[pending.pk]))

    notifications_send_due(now=timezone.now())

    assert len(mail.outbox) == 1
    assert pending.name in mail.outbox[0].subject


def test_a_coordinator_of_another_municipality_gets_404(client, other_coordinator, pending):
    client.force_login(other_coordinator)

    response = client.post(reverse("organizations:verify", args=[pending.pk]))

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING


@pytest.mark.parametrize("who", ["caseworker", "organization_admin"])
def test_only_coordinators_may_verify(client, request, who, pending, municipality):
    user = request.getfixturevalue(who)
    client.force_login(user)

    response = client.post(reverse("organizations:verify", args=[pending.pk]))

    assert response.status_code in (403, 404)
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING


def test_rejection_needs_a_reason_which_the_admin_sees_and_editing_resubmits(
    client, coordinator, pending
):
    admin = pending.memberships.get(role="admin").user
    client.force_login(coordinator)

    empty = client.post(reverse("organizations:reject", args=[pending.pk]), {"reason": ""})
    client.post(reverse("organizations:reject", args=[pending.pk]), {"reason": "Mangler kontakt."})

    assert empty.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Organization.Status.REJECTED
    client.force_login(admin)
    assert "Mangler kontakt." in client.get(pending.get_absolute_url()).content.decode()
    data = organization_form(
        pending.municipalities.all(), name=pending.name, email="ny@lag.example.no"
    )
    client.post(reverse("organizations:edit", args=[pending.pk]), data)
    pending.refresh_from_db()
    assert pending.status == Organization.Status.PENDING


def test_changes_to_a_profile_are_in_the_history_with_who_and_what(client, coordinator, pending):
    admin = pending.memberships.get(role="admin").user
    client.force_login(admin)
    data = organization_form(
        pending.municipalities.all(), name=pending.name, email="ny-adresse@lag.example.no"
    )

    response = client.post(reverse("organizations:edit", args=[pending.pk]), data)

    assert response.status_code == 302
    client.force_login(coordinator)
    html = client.get(reverse("organizations:history", args=[pending.pk])).content.decode()
    assert "ny-adresse@lag.example.no" in html
    assert admin.full_name in html


def test_the_public_cannot_read_the_history(client, pending, plain_user):
    client.force_login(plain_user)

    assert client.get(reverse("organizations:history", args=[pending.pk])).status_code == 404
