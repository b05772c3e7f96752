"""Staff sign in through their municipality's own OpenID Connect provider: a real one
(oidc-provider on 127.0.0.1, tests/sso/provider.mjs), nothing mocked on the way."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import MunicipalityMembership, User
from tests.factories import MunicipalityMembershipFactory
from tests.sso.fixtures import CASEWORKERS_A

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


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_wrong_state_signs_nobody_in(client, sso_world):
    callback = through_provider(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    query["state"] = ["not-the-state-we-sent"]
    forged = "&".join(f"{k}={v[0]}" for k, v in query.items())
    response = client.get(f"{parts.path}?{forged}")
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert not signed_in(client)
    assert not User.objects.filter(email="kari@a-kommune.no").exists()


def test_a_replayed_code_signs_nobody_in(client, sso_world):
    first = through_provider(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    assert finish(client, first).status_code == 302
    assert signed_in(client)
    client.logout()
    # A new sign-in (a fresh state in the session) answered with the old, used code.
    second = through_provider(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    old_code = parse_qs(urlsplit(first).query)["code"][0]
    new = parse_qs(urlsplit(second).query)
    replay = f"{urlsplit(second).path}?code={old_code}&state={new['state'][0]}&iss={new['iss'][0]}"
    response = client.get(replay)
    assert response.status_code == 401
    assert not signed_in(client)


def test_an_answer_from_the_other_municipalitys_issuer_is_refused(client, sso_world):
    """Mix-up: B's provider answers a sign-in that was sent to A's."""
    callback = through_provider(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    parts = urlsplit(callback)
    query = parse_qs(parts.query)
    mixed = f"{parts.path}?code={query['code'][0]}&state={query['state'][0]}&iss="
    response = client.get(mixed + sso_world.provider.issuer("b"))
    assert response.status_code == 401
    assert not signed_in(client)


def _validate(world, raw, tenant="a", nonce="the-nonce"):
    from accounts.sso import tokens

    return tokens.validate_id_token(
        raw,
        issuer=world.provider.issuer(tenant),
        client_id=f"brobygger-{tenant}",
        jwks_uri=tokens.discovery(world.provider.issuer(tenant))["jwks_uri"],
        nonce=nonce,
    )


def test_a_genuine_id_token_passes_our_checks(sso_world):
    raw = sso_world.provider.tokens("a", "kari@a-kommune.no")["id_token"]
    claims = _validate(sso_world, raw)
    assert claims["sub"] == "kari@a-kommune.no"
    assert claims["groups"] == [CASEWORKERS_A]


def test_an_id_token_of_the_other_municipalitys_issuer_is_refused(sso_world):
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    raw_b = sso_world.provider.tokens("b", "bente@b-kommune.dk")["id_token"]
    with pytest.raises(OAuth2Error):
        _validate(sso_world, raw_b, tenant="a")


def test_an_expired_id_token_is_refused(sso_world, monkeypatch):
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    from accounts.sso import tokens

    raw = sso_world.provider.tokens("a", "kari@a-kommune.no")["id_token"]
    real_now = tokens.now
    # The provider's ID tokens live 5 minutes; we allow a minute of clock skew.
    monkeypatch.setattr(tokens, "now", lambda: real_now() + 5 * 60 + 30)
    assert _validate(sso_world, raw)["sub"]  # inside the skew
    monkeypatch.setattr(tokens, "now", lambda: real_now() + 5 * 60 + 61 + 5)
    with pytest.raises(OAuth2Error, match="expired"):
        _validate(sso_world, raw)


def test_an_expired_id_token_signs_nobody_in(client, sso_world, monkeypatch):
    from accounts.sso import tokens

    callback = through_provider(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    real_now = tokens.now
    monkeypatch.setattr(tokens, "now", lambda: real_now() + 60 * 60)  # the callback came late
    assert finish(client, callback).status_code == 401
    assert not signed_in(client)


def test_a_tampered_signature_or_payload_is_refused(sso_world):
    import base64
    import json

    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    raw = sso_world.provider.tokens("a", "nils@a-kommune.no")["id_token"]
    header, payload, signature = raw.split(".")
    flipped = signature[:-6] + ("AAAAAA" if not signature.endswith("AAAAAA") else "BBBBBB")
    with pytest.raises(OAuth2Error):
        _validate(sso_world, f"{header}.{payload}.{flipped}")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["groups"] = ["a-brobygger-coordinators"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(OAuth2Error):
        _validate(sso_world, f"{header}.{forged}.{signature}")
    # "none" is never an accepted algorithm.
    none_header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    with pytest.raises(OAuth2Error):
        _validate(sso_world, f"{none_header}.{payload}.")


def test_a_wrong_nonce_is_refused(sso_world):
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    raw = sso_world.provider.tokens("a", "kari@a-kommune.no", nonce="the-nonce")["id_token"]
    with pytest.raises(OAuth2Error):
        _validate(sso_world, raw, nonce="another-sign-in")


def test_a_user_without_groups_gets_no_staff_role_and_sees_no_person(client, sso_world):
    assert sign_in(client, sso_world, sso_world.config_a, "nils@a-kommune.no").status_code == 302
    user = User.objects.get(email="nils@a-kommune.no")
    assert roles(user, sso_world.a) == set()
    assert client.get(reverse("referrals:persons")).status_code in (403, 404)


def test_a_removed_group_removes_the_role_at_the_next_sign_in_but_not_a_manual_one(
    client, sso_world
):
    provider = sso_world.provider
    login = "kristian@a-kommune.no"
    provider.change_user("a", login, groups=[CASEWORKERS_A, "a-brobygger-coordinators"])
    try:
        sign_in(client, sso_world, sso_world.config_a, login)
        user = User.objects.get(email=login)
        assert roles(user, sso_world.a) == {"caseworker", "coordinator"}
        # A role in another municipality, given by hand, is no business of A's provider.
        MunicipalityMembershipFactory(user=user, municipality=sso_world.b, role="caseworker")
        client.logout()
        provider.change_user("a", login, groups=["a-brobygger-coordinators"])
        sign_in(client, sso_world, sso_world.config_a, login)
        assert roles(user, sso_world.a) == {"coordinator"}
        assert roles(user, sso_world.b) == {"caseworker"}
        # A coordinator gives a caseworker role by hand: the next sync keeps it.
        MunicipalityMembership.objects.create(
            user=user, municipality=sso_world.a, role="caseworker", manual=True
        )
        client.logout()
        provider.change_user("a", login, groups=[])
        sign_in(client, sso_world, sso_world.config_a, login)
        assert roles(user, sso_world.a) == {"caseworker"}
    finally:
        provider.change_user("a", login, groups=["a-brobygger-coordinators"])


def test_a_disabled_user_cannot_sign_in(client, sso_world):
    provider = sso_world.provider
    provider.change_user("a", "kari@a-kommune.no", disabled=True)
    try:
        back = through_provider(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
        assert urlsplit(back).netloc != "testserver"  # the provider stops at its own page
        assert not signed_in(client)
        assert not User.objects.filter(email="kari@a-kommune.no").exists()
    finally:
        provider.change_user("a", "kari@a-kommune.no", disabled=False)


def test_a_coordinator_of_b_cannot_sign_in_through_as_provider_into_b(client, sso_world):
    # Bente is B's coordinator, through B's own provider.
    assert sign_in(client, sso_world, sso_world.config_b, "bente@b-kommune.dk").status_code == 302
    bente = User.objects.get(email="bente@b-kommune.dk")
    assert roles(bente, sso_world.b) == {"coordinator"}
    client.logout()
    # A's directory also has a "bente@b-kommune.dk", in A's coordinators' group.
    response = sign_in(client, sso_world, sso_world.config_a, "bente@b-kommune.dk")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert not signed_in(client)
    assert roles(bente, sso_world.a) == set()
    assert User.objects.filter(email="bente@b-kommune.dk").count() == 1


def test_a_weak_provider_sign_in_still_needs_our_totp(client, sso_world):
    sign_in(client, sso_world, sso_world.config_a, "wenche@a-kommune.no")
    assert client.session["brobygger_sso"]["strong"] is False
    response = client.get(reverse("referrals:persons"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_staff_session_from_the_provider_is_short(client, sso_world, settings):
    sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    assert client.session.get_expiry_age() == settings.SSO_SESSION_HOURS * 60 * 60 == 8 * 3600


def test_an_address_in_a_municipalitys_domain_goes_to_its_provider(client, sso_world):
    response = client.post(reverse("sso_start"), {"email": "Kari@A-Kommune.no"})
    assert response.status_code == 302
    assert response["Location"].startswith(sso_world.provider.issuer("a") + "/auth?")
    assert "login_hint=Kari%40A-Kommune.no" in response["Location"]
    other = client.post(reverse("sso_start"), {"email": "someone@example.org"}, follow=True)
    assert other.redirect_chain[-1][0] == reverse("account_login")
    assert "Ingen kommune logger inn sine ansatte med denne adressen" in other.content.decode()


def test_the_sign_in_page_offers_each_municipality(client, sso_world):
    page = client.get(reverse("account_login"), HTTP_COOKIE="brobygger_language=en")
    text = page.content.decode()
    assert "Sign in with A kommune" in text
    assert "Sign in with B Kommune" in text
    assert "secret-of-municipality" not in text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_disabling_the_user_at_the_provider_ends_their_session_here(
    client, live_server, sso_provider
):
    """Back-channel logout: IT disables the caseworker; the provider tells Brobygger, whose
    session of that caseworker ends at once (not at the next sign-in)."""
    from tests.factories import MunicipalityFactory
    from tests.sso.fixtures import World, configure

    provider = sso_provider
    a = MunicipalityFactory(name="A kommune", number="3301", slug="a-kommune")
    config = configure(a, provider, "a")
    world = World(a=a, b=None, config_a=config, config_b=None, provider=provider)
    server = live_server.url.replace("localhost", "127.0.0.1")  # node would try ::1 first
    provider.set_backchannel("a", f"{server}/accounts/sso/{config.provider_id}/backchannel-logout/")
    sign_in(client, world, config, "kari@a-kommune.no")
    assert client.get(reverse("referrals:persons")).status_code == 200
    try:
        answer = provider.change_user("a", "kari@a-kommune.no", disabled=True)
        assert answer["backchannel_logouts"] >= 1, answer["errors"]
        response = client.get(reverse("referrals:persons"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    finally:
        provider.change_user("a", "kari@a-kommune.no", disabled=False)


def test_a_logout_token_that_is_not_the_providers_is_refused(client, sso_world):
    raw = sso_world.provider.tokens("a", "kari@a-kommune.no")["id_token"]  # not a logout token
    url = reverse("sso_backchannel_logout", args=[sso_world.config_a.provider_id])
    assert client.post(url, {"logout_token": raw}).status_code == 400
    assert client.post(url, {"logout_token": "x.y.z"}).status_code == 400


def totp_code() -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from tests.factories import TOTP_SECRET

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


def sign_in_again_with_our_totp_set_up(client, world, login):
    """`login` signs in through A's provider once (their account is made), signs out, sets up
    our TOTP, and signs in through the provider again: the answer to that second sign-in."""
    from tests.factories import with_totp

    sign_in(client, world, world.config_a, login)
    client.logout()
    with_totp(User.objects.get(email=login))
    return sign_in(client, world, world.config_a, login)


def test_a_strong_provider_sign_in_does_not_ask_for_our_totp_again(client, sso_world):
    """Kari set up our TOTP before her municipality moved to single sign-on. The provider's
    sign-in (amr mfa, at the configured minimum) is her two-factor: no second code."""
    response = sign_in_again_with_our_totp_set_up(client, sso_world, "kari@a-kommune.no")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert signed_in(client)
    assert client.get(reverse("referrals:persons")).status_code == 200


def test_a_provider_sign_in_below_the_minimum_asks_for_our_totp(client, sso_world):
    """Wenche's provider sign-in is a password only (amr pwd, acr low): with our TOTP set up,
    she gives its code before she is signed in."""
    response = sign_in_again_with_our_totp_set_up(client, sso_world, "wenche@a-kommune.no")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert signed_in(client)
    assert client.get(reverse("referrals:persons")).status_code == 200


def test_the_minimum_is_the_municipalitys_acr_too(client, sso_world):
    """A municipality that counts acr "low" as enough (its own choice) lets Wenche in without
    our code; the same sign-in at a municipality that asks for "substantial" does not."""
    from tests.factories import with_totp
    from tests.sso.fixtures import configure

    configure(sso_world.a, sso_world.provider, "a", strong_amr=[], strong_acr=["low"])
    sign_in(client, sso_world, sso_world.config_a, "wenche@a-kommune.no")
    client.logout()
    with_totp(User.objects.get(email="wenche@a-kommune.no"))
    response = sign_in(client, sso_world, sso_world.config_a, "wenche@a-kommune.no")
    assert response["Location"] == reverse("dashboard")
    client.logout()

    configure(sso_world.a, sso_world.provider, "a", strong_amr=[], strong_acr=["substantial"])
    response = sign_in(client, sso_world, sso_world.config_a, "wenche@a-kommune.no")
    assert response["Location"] == reverse("mfa_authenticate")


def test_the_authorization_request_carries_the_configured_authorization_details(client, sso_world):
    """Ansattporten: the municipality asks for the organisation the employee represents with a
    rich authorization request (RFC 9396); it goes to the provider as JSON with every sign-in."""
    import json

    from tests.sso.fixtures import configure

    details = [{"type": "ansattporten:orgno", "orgno": ["964338531"]}]
    config = configure(sso_world.a, sso_world.provider, "a", authorization_details=details)
    query = parse_qs(urlsplit(start(client, config)).query)
    assert json.loads(query["authorization_details"][0]) == details
    # The provider takes the request, and the sign-in goes through.
    response = sign_in(client, sso_world, config, "kari@a-kommune.no")
    assert response["Location"] == reverse("dashboard")
    client.logout()
    # Without it configured (Entra ID), nothing is sent.
    query = parse_qs(urlsplit(start(client, sso_world.config_b)).query)
    assert "authorization_details" not in query


def test_the_access_matrix_signs_sso_staff_in_with_the_session_a_real_sign_in_leaves(
    client, sso_world
):
    """The access matrix's SSO roles (tests/access_world.sign_in_through_provider) carry the
    session a sign-in through the provider leaves: the same keys, the same provider marker and
    authentication record, the same expiry. A key the sign-in starts to store (and a page starts
    to read) makes this fail until the matrix's sessions carry it too."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.socialaccount.models import SocialAccount
    from django.test import Client

    from accounts.sso.services import SESSION_KEY
    from tests.access_world import sign_in_through_provider

    sign_in(client, sso_world, sso_world.config_a, "kari@a-kommune.no")
    real = client.session
    kari = User.objects.get(email="kari@a-kommune.no")
    claims = SocialAccount.objects.get(user=kari).extra_data["id_token"]

    built = Client()
    sign_in_through_provider(built, kari, sso_world.config_a, claims)
    made = built.session
    # allauth's leftovers of the sign-in itself, read by no page afterwards: its store of
    # redirect states (emptied by the callback) and the address its sign-up step took as
    # verified. Every other key is in both.
    leftovers = {"socialaccount_states", "account_verified_email"}
    assert set(made.keys()) == set(real.keys()) - leftovers
    assert not real.get("socialaccount_states")
    assert made[SESSION_KEY] == real[SESSION_KEY]
    assert made[SESSION_KEY]["strong"] is True

    def records(session):  # allauth's record of how the session signed in, without the time
        return [
            {key: value for key, value in record.items() if key != "at"}
            for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
        ]

    assert (
        records(made)
        == records(real)
        == [
            {
                "method": "socialaccount",
                "provider": sso_world.config_a.provider_id,
                "uid": claims["sub"],
            }
        ]
    )
    assert made.get_expiry_age() == real.get_expiry_age()
    # Both are pages the caseworker reaches, and a back-channel logout ends both.
    assert built.get(reverse("referrals:persons")).status_code == 200
    assert kari.sso_sessions.count() == 2
