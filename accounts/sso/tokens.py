"""The provider's discovery document and keys (cached), and the checks of its tokens.

Everything here raises allauth's `OAuth2Error`, which its callback view shows as a failed
sign-in. Nothing about the token's contents is logged.
"""

from __future__ import annotations

import hashlib
import time

import jwt
import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.conf import settings
from django.core.cache import cache

ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"


def now() -> float:
    """Our clock (a function so that a test can move it, like the tests' other clocks)."""
    return time.time()


def _cache_key(kind: str, url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def _get_json(url: str) -> dict:
    try:
        with get_adapter().get_requests_session() as session:
            response = session.get(url)
            response.raise_for_status()
            return response.json()
    except (requests.RequestException, ValueError) as error:
        raise OAuth2Error("The sign-in service could not be reached.") from error


def discovery(issuer: str) -> dict:
    """The issuer's `/.well-known/openid-configuration`, cached. Its `issuer` must be the
    configured one exactly (no mix-up between providers)."""
    issuer = issuer.rstrip("/")
    key = _cache_key("discovery", issuer)
    document = cache.get(key)
    if document is None:
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
        if document.get("issuer", "").rstrip("/") != issuer:
            raise OAuth2Error("The discovery document names another issuer.")
        cache.set(key, document, settings.SSO_METADATA_CACHE_SECONDS)
    return document


def _signing_key(jwks_uri: str, kid: str | None, alg: str):
    key = _cache_key("jwks", jwks_uri)
    for attempt in range(2):  # a key we do not know yet: the provider rotated; fetch once more
        keys = cache.get(key) if attempt == 0 else None
        if keys is None:
            keys = _get_json(jwks_uri)
            cache.set(key, keys, settings.SSO_METADATA_CACHE_SECONDS)
        for jwk in keys.get("keys", []):
            if jwk.get("use", "sig") == "sig" and (kid is None or jwk.get("kid") == kid):
                try:
                    return jwt.PyJWK(jwk, algorithm=alg).key
                except jwt.PyJWTError:
                    continue
    raise OAuth2Error("The token is signed with a key the provider does not publish.")


def _decode(raw: str, *, issuer: str, audience: str, jwks_uri: str) -> dict:
    try:
        header = jwt.get_unverified_header(raw)
    except jwt.PyJWTError as error:
        raise OAuth2Error("The token cannot be read.") from error
    alg = header.get("alg")
    if alg not in ALGORITHMS:  # never "none", never a shared-secret algorithm
        raise OAuth2Error("The token's signing algorithm is not accepted.")
    signing_key = _signing_key(jwks_uri, header.get("kid"), alg)
    try:
        claims = jwt.decode(
            raw,
            key=signing_key,
            algorithms=[alg],
            audience=audience,
            issuer=issuer.rstrip("/"),
            options={"require": ["iss", "aud", "iat"], "verify_exp": False, "verify_iat": False},
        )
    except jwt.PyJWTError as error:
        raise OAuth2Error("The token's signature, issuer or audience is wrong.") from error
    skew = settings.SSO_CLOCK_SKEW_SECONDS
    if not isinstance(claims.get("iat"), int | float) or claims["iat"] - skew > now():
        raise OAuth2Error("The token is issued in the future.")
    return claims


def validate_id_token(
    raw: str, *, issuer: str, client_id: str, jwks_uri: str, nonce: str | None
) -> dict:
    """The ID token's claims once its signature (always, also when it came straight from the
    token endpoint), issuer, audience, expiry (with bounded clock skew) and nonce hold."""
    claims = _decode(raw, issuer=issuer, audience=client_id, jwks_uri=jwks_uri)
    skew = settings.SSO_CLOCK_SKEW_SECONDS
    if not isinstance(claims.get("exp"), int | float) or claims["exp"] + skew < now():
        raise OAuth2Error("The token has expired.")
    if not claims.get("sub"):
        raise OAuth2Error("The token names nobody.")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OAuth2Error("The token was issued to another client.")
    if not nonce or claims.get("nonce") != nonce:
        raise OAuth2Error("The token does not answer this sign-in.")
    return claims


def validate_logout_token(raw: str, *, issuer: str, client_id: str, jwks_uri: str) -> dict:
    """A back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6)."""
    claims = _decode(raw, issuer=issuer, audience=client_id, jwks_uri=jwks_uri)
    if "nonce" in claims:
        raise OAuth2Error("A logout token has no nonce.")
    if not isinstance(claims.get("events"), dict) or BACKCHANNEL_EVENT not in claims["events"]:
        raise OAuth2Error("Not a logout token.")
    if not claims.get("sid") and not claims.get("sub"):
        raise OAuth2Error("The logout token names no session.")
    if claims.get("exp") is not None and claims["exp"] + settings.SSO_CLOCK_SKEW_SECONDS < now():
        raise OAuth2Error("The logout token has expired.")
    return claims
