"""The break-glass way in: a platform operator's local account (password, then our TOTP),
never a municipality's provider; every such sign-in is kept for the operators and logged with
the user id only."""

import json
import logging
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.logging import JsonFormatter
from accounts.models import BreakGlassSignIn
from tests.factories import TEST_PASSWORD, TOTP_SECRET, UserFactory, with_totp
from tests.sso.test_sign_in import sign_in, signed_in

pytestmark = pytest.mark.django_db

OPERATOR_EMAIL = "oda.drift@brobygger.example"
OPERATOR_NAME = "Oda Driftsdottir"


def totp_code() -> str:
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def operator():
    return with_totp(
        UserFactory(is_staff=True, is_superuser=True, email=OPERATOR_EMAIL, full_name=OPERATOR_NAME)
    )


def test_an_operators_sign_in_with_password_and_totp_is_kept_and_logged_with_the_id_only(
    client, operator, caplog
):
    caplog.set_level(logging.INFO, logger="brobygger.sign_in")
    response = client.post(
        reverse("account_login"), {"login": OPERATOR_EMAIL, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert not BreakGlassSignIn.objects.exists()  # the password alone is not a sign-in

    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert signed_in(client)
    event = BreakGlassSignIn.objects.get()
    assert event.user == operator
    assert event.methods.split() == ["password", "totp"]

    [record] = [r for r in caplog.records if r.name == "brobygger.sign_in"]
    assert record.getMessage() == "break-glass sign-in"
    assert record.user_id == operator.pk
    line = JsonFormatter().format(record)
    assert json.loads(line)["user_id"] == operator.pk
    for personal in (OPERATOR_EMAIL, "oda.drift", OPERATOR_NAME, "Driftsdottir"):
        assert personal not in line


def test_the_operators_read_the_break_glass_sign_ins_in_the_admin(client, operator):
    client.post(reverse("account_login"), {"login": OPERATOR_EMAIL, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    page = client.get(reverse("admin:accounts_breakglasssignin_changelist"))
    assert page.status_code == 200
    assert OPERATOR_EMAIL in page.content.decode()
    # Nobody edits or removes the record.
    event = BreakGlassSignIn.objects.get()
    client.post(reverse("admin:accounts_breakglasssignin_delete", args=[event.pk]), {"post": "yes"})
    assert BreakGlassSignIn.objects.filter(pk=event.pk).exists()


def test_a_platform_operator_cannot_sign_in_through_a_municipalitys_provider(client, sso_world):
    """Even with an address in the municipality's domain and a user at its provider."""
    operator = with_totp(UserFactory(is_staff=True, is_superuser=True, email="kari@a-kommune.no"))
    response = sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert not signed_in(client)
    assert not SocialAccount.objects.filter(user=operator).exists()
    assert not BreakGlassSignIn.objects.exists()


def test_an_operator_who_once_signed_in_through_a_provider_is_refused_there_too(client, sso_world):
    """Kari signed in as a caseworker through A's provider, then was made a platform operator:
    her provider sign-in stops working; her way in is the local one."""
    from accounts.models import User

    sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    client.logout()
    User.objects.filter(email="kari@a-kommune.no").update(is_staff=True)
    response = sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    assert response["Location"] == reverse("account_login")
    assert not signed_in(client)


def test_staff_signing_in_through_the_provider_is_not_break_glass(client, sso_world):
    sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    assert signed_in(client)
    assert not BreakGlassSignIn.objects.exists()
