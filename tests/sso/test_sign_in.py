"""Staff sign in through their municipality's own OpenID Connect provider: a real one
(oidc-provider on 127.0.0.1, tests/sso/provider.mjs), nothing mocked on the way."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import MunicipalityMembership, User
from tests.factories import MunicipalityMembershipFactory, UserFactory
from tests.sso.fixtures import (  # noqa: F401  (fixtures)
    CASEWORKERS_A,
    sso_provider,
    sso_world,
)

pytestmark = pytest.mark.django_db


def start(client, config, **extra):
    response = client.post(reverse("sso_start"), {"provider": config.provider_id, **extra})
    assert response.status_code == 302, response
    return response["Location"]


def through_provider(client, world, config, login, **extra):
    """Sign in at the provider as `login`; returns the callback URL the provider sent back."""
    authorize_url = start(client, config, **extra)
    return world.provider.sign_in(authorize_url, login)


def finish(client, callback_url):
    parts = urlsplit(callback_url)
    assert parts.netloc == "testserver", callback_url
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, world, config, login):
    return finish(client, through_provider(client, world, config, login))


def roles(user, municipality):
    return set(
        MunicipalityMembership.objects.filter(user=user, municipality=municipality).values_list(
            "role", flat=True
        )
    )


def test_the_authorization_request_uses_pkce_a_nonce_and_state(client, sso_world):
    query = parse_qs(urlsplit(start(client, sso_world.config_a)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert len(query["nonce"][0]) >= 32
    assert len(query["state"][0]) >= 12
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["brobygger-a"]


def test_a_caseworker_signs_in_with_the_role_from_the_group_claim(client, sso_world):
    response = sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="kari@a-kommune.no")
    assert user.full_name == "Kari Saksbehandler"
    assert roles(user, sso_world.a) == {"caseworker"}
    assert not MunicipalityMembership.objects.get(user=user).manual
    # Two-factor at the provider (amr mfa): no TOTP set-up is asked; persons are reachable.
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert client.session["brobygger_sso"]["strong"] is True
    assert client.get(reverse("referrals:persons")).status_code == 200
