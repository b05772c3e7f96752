"""The coordinator invites staff by e-mail from the staff page (issue #20): the e-mail goes
through the outbox; the invited person, signed in with that address (a new account sets a
password, or the municipality's sign-in service), accepts and has the role, in the staff log."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import MunicipalityMembership, StaffAuditEvent, StaffInvitation
from notifications.models import Notification
from notifications.services import notifications_send_due
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db


def _invite(client, coordinator, municipality, email="Ny.Saksbehandler@Drammen.kommune.no"):
    client.force_login(coordinator)
    return client.post(
        reverse("accounts:staff_invite", args=[municipality.slug]),
        {"email": email, "role": "caseworker"},
        follow=True,
    )


def test_the_coordinator_invites_a_caseworker_who_accepts(
    english, client, coordinator, municipality
):
    response = _invite(client, coordinator, municipality)
    assert "The invitation is on its way to" in response.content.decode()
    invitation = StaffInvitation.objects.get()
    assert (invitation.email, invitation.role) == (
        "ny.saksbehandler@drammen.kommune.no",
        "caseworker",
    )
    assert "ny.saksbehandler@drammen.kommune.no" in response.content.decode()  # listed as open

    row = Notification.objects.get(kind="staff_invitation")
    assert (row.recipient, row.email) == (None, invitation.email)
    assert notifications_send_due(now=timezone.now()) == 1
    (message,) = mail.outbox
    assert message.to == [invitation.email]
    assert invitation.get_absolute_url() in message.body

    # Staff sign in with two factors: the new caseworker has set theirs up.
    invited = with_totp(UserFactory(email=invitation.email, full_name="Nina Ny"))
    client.force_login(invited)
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Accept the invitation" in page
    client.post(invitation.get_absolute_url(), follow=True)

    membership = MunicipalityMembership.objects.get(user=invited)
    assert (membership.municipality, membership.role, membership.manual) == (
        municipality,
        "caseworker",
        True,
    )
    event = StaffAuditEvent.objects.get(user=invited)
    assert (event.action, event.by) == ("role_added", coordinator)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # The link works once.
    again = client.post(invitation.get_absolute_url(), follow=True).content.decode()
    assert "expired or has already been used" in again


def test_only_the_invited_address_can_accept(english, client, coordinator, municipality):
    _invite(client, coordinator, municipality)
    invitation = StaffInvitation.objects.get()
    somebody = UserFactory(email="annen@example.no")
    client.force_login(somebody)
    response = client.post(invitation.get_absolute_url(), follow=True)
    assert "Sign in with that address to accept it" in response.content.decode()
    assert not MunicipalityMembership.objects.filter(user=somebody).exists()


def test_the_invitation_link_asks_to_sign_in_first(client, coordinator, municipality):
    _invite(client, coordinator, municipality)
    invitation = StaffInvitation.objects.get()
    client.logout()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["caseworker", "other_coordinator"])
def test_only_the_municipalitys_coordinators_invite(client, request, municipality, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("accounts:staff_invite", args=[municipality.slug]),
        {"email": "x@example.no", "role": "coordinator"},
    )
    assert response.status_code == 404
    assert not StaffInvitation.objects.exists()
    assert not Notification.objects.filter(kind="staff_invitation").exists()


def test_somebody_who_already_has_the_role_is_not_invited_again(
    english, client, coordinator, caseworker, municipality
):
    response = _invite(client, coordinator, municipality, email=caseworker.email)
    assert "This person already has this role." in response.content.decode()
    assert not StaffInvitation.objects.exists()
