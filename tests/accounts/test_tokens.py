"""Password reset links and e-mail verification links work once and expire (issue #9).

The login lockout after repeated failures is tested in tests/accounts/test_login.py.
"""

import re
import time

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-2"


def reset_link(client, user) -> str:
    mail.outbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)


def set_password(client, link: str, password: str):
    """Open the link (which moves the key into the session) and choose a new password."""
    response = client.get(link, follow=True)
    if response.context.get("token_fail"):
        return response
    return client.post(
        response.redirect_chain[-1][0], {"password1": password, "password2": password}
    )


def test_a_password_reset_link_works_once(client, plain_user):
    link = reset_link(client, plain_user)

    response = set_password(client, link, NEW_PASSWORD)

    assert response.status_code == 302
    plain_user.refresh_from_db()
    assert plain_user.check_password(NEW_PASSWORD)

    client.logout()
    response = set_password(client, link, "a-third-long-password-3")

    assert response.context["token_fail"]
    plain_user.refresh_from_db()
    assert plain_user.check_password(NEW_PASSWORD)


def test_an_older_password_reset_link_dies_with_a_newer_use(client, plain_user):
    """Two links asked for; using one changes the password, and the other no longer works."""
    first = reset_link(client, plain_user)
    second = reset_link(client, plain_user)

    assert set_password(client, second, NEW_PASSWORD).status_code == 302
    client.logout()

    assert set_password(client, first, "a-third-long-password-3").context["token_fail"]


def test_an_expired_password_reset_link_is_refused(client, plain_user):
    generator = default_token_generator
    made = generator._num_seconds(generator._now()) - settings.PASSWORD_RESET_TIMEOUT - 1
    key = generator._make_token_with_timestamp(plain_user, made, generator.secret)
    uid = user_pk_to_url_str(plain_user)
    link = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key})

    response = set_password(client, link, NEW_PASSWORD)

    assert response.context["token_fail"]
    plain_user.refresh_from_db()
    assert plain_user.check_password(TEST_PASSWORD)


def test_a_password_reset_link_just_inside_its_lifetime_works(client, plain_user):
    generator = default_token_generator
    made = generator._num_seconds(generator._now()) - settings.PASSWORD_RESET_TIMEOUT + 60
    key = generator._make_token_with_timestamp(plain_user, made, generator.secret)
    uid = user_pk_to_url_str(plain_user)
    link = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": key})

    assert set_password(client, link, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("key", ["", "x", "0-0", "1-" + "a" * 500, "\x00", "<script>x</script>"])
def test_a_made_up_password_reset_link_is_refused(client, plain_user, key):
    uid = user_pk_to_url_str(plain_user)
    response = client.get(f"/accounts/password/reset/key/{uid}-{key}/", follow=True)

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.context["token_fail"]


# -- e-mail verification ------------------------------------------------------------------------


@pytest.fixture
def unverified(db):
    user = UserFactory()
    EmailAddress.objects.filter(user=user).update(verified=False)
    return EmailAddress.objects.get(user=user)


def confirm(client, key: str):
    return client.post(reverse("account_confirm_email", args=[key]))


def test_an_email_verification_link_works_once(client, unverified):
    key = EmailConfirmationHMAC(unverified).key

    response = confirm(client, key)

    assert response.status_code == 302
    unverified.refresh_from_db()
    assert unverified.verified

    client.logout()
    response = confirm(client, key)

    assert response.status_code in (200, 404)
    assert "_auth_user_id" not in client.session  # the second use does not sign in


def test_an_expired_email_verification_link_is_refused(client, unverified, monkeypatch):
    days = (
        settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS
        if hasattr(settings, "ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS")
        else 3
    )
    made = time.time() - days * 24 * 60 * 60 - 60
    with monkeypatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: made)
        key = EmailConfirmationHMAC(unverified).key

    response = confirm(client, key)

    assert response.status_code in (200, 404)
    unverified.refresh_from_db()
    assert not unverified.verified
    assert "_auth_user_id" not in client.session


def test_an_email_verification_link_for_another_address_cannot_be_forged(client, unverified):
    key = EmailConfirmationHMAC(unverified).key
    value, signature = key.rsplit(":", 1)
    forged = f"{value}:{signature[:-2]}xx"

    response = confirm(client, forged)

    assert response.status_code in (200, 404)
    unverified.refresh_from_db()
    assert not unverified.verified
