"""An invitation to join an organisation is an outbox row like every other e-mail: addressed to
an e-mail address (the invitee may have no account), in the inviter's language, sent once,
rendered by the one e-mail function."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import notifications_visible_to
from notifications.services import notification_send_now, notifications_send_due
from organizations.models import Invitation, OrganizationMembership
from organizations.services import invitation_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_is_an_outbox_row_sent_once_in_the_inviters_language(
    organization, organization_admin, django_capture_on_commit_callbacks
):
    organization_admin.preferred_language = "nb"
    organization_admin.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            organization=organization,
            by=organization_admin,
            email="Ny@Example.no",
            role=OrganizationMembership.Role.MEMBER,
        )

    row = Notification.objects.get(kind="organization_invitation")
    assert (row.recipient, row.email, row.language) == (None, "ny@example.no", "nb")
    assert row.subject == invitation
    assert row.sent_at is not None
    (message,) = mail.outbox
    assert message.to == ["ny@example.no"]
    assert message.subject == f"Invitasjon til {organization.name} i Brobygger"
    assert message.extra_headers["Message-ID"] == row.message_id
    assert invitation.get_absolute_url() in message.body
    ((html, _mimetype),) = message.alternatives
    assert invitation.get_absolute_url() in html
    assert Invitation.objects.get(pk=invitation.pk).sent_at == row.sent_at

    later = timezone.now() + timedelta(minutes=5)
    assert notifications_send_due(now=later) == 0
    assert notification_send_now(notification_id=row.pk, now=later) is False
    assert len(mail.outbox) == 1


def test_an_invitation_is_in_nobodys_notification_centre(organization, organization_admin):
    invitee = UserFactory(email="ny@example.no")
    invitation_create(
        organization=organization,
        by=organization_admin,
        email=invitee.email,
        role=OrganizationMembership.Role.MEMBER,
    )
    later = timezone.now() + timedelta(minutes=1)

    assert notifications_send_due(now=later) == 1
    for user in (invitee, organization_admin):
        assert not notifications_visible_to(user, now=later).exists()
