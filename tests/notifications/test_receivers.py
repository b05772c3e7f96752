import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse

from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def confirm(client, address: EmailAddress):
    key = EmailConfirmationHMAC(address).key
    return client.post(reverse("account_confirm_email", args=[key]))


def test_confirming_the_first_address_schedules_one_welcome_email(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)

    confirm(client, address)

    (welcome,) = Notification.objects.filter(recipient=user)
    assert welcome.kind == "account_welcome"
    assert welcome.subject == user
    assert welcome.sent_at is None


def test_confirming_a_changed_address_sends_no_second_welcome(client):
    user = UserFactory(verified=False)
    confirm(client, EmailAddress.objects.create(user=user, email=user.email, primary=True))
    changed = EmailAddress.objects.create(user=user, email="changed@example.no")

    confirm(client, changed)

    assert EmailAddress.objects.get(user=user, verified=True).email == changed.email
    assert Notification.objects.filter(recipient=user).count() == 1
