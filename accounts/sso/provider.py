"""allauth's OpenID Connect provider, one app per municipality, made strict.

What allauth already does and we keep: the authorization code flow, `state` (kept in the
session, one use), PKCE (S256), the code exchange with the client secret, the social account
and the sign-in itself. What we add: PKCE and a `nonce` always; the ID token's signature checked
always (allauth skips it when the token came straight from the token endpoint, which the
specification allows, but a tampered token must fail here too); the provider's keys and
discovery document cached; the `iss` parameter of the authorization response (RFC 9207)
checked; only the ID token's claims (signed) used, the userinfo endpoint not asked.
"""

from __future__ import annotations

import json
import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2CallbackView,
)
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.urls import reverse

from accounts.sso import tokens

PROVIDER = "municipal_oidc"


class MunicipalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    state: dict | None = None  # the unstashed sign-in state (its nonce), set by the callback

    @property
    def openid_config(self):
        if not hasattr(self, "_openid_config"):
            self._openid_config = tokens.discovery(self.get_provider().app.settings["issuer"])
        return self._openid_config

    def complete_login(self, request, app, token, **kwargs):
        raw = kwargs["response"].get("id_token")
        if not raw:
            raise OAuth2Error("The provider sent no ID token.")
        claims = tokens.validate_id_token(
            raw,
            issuer=app.settings["issuer"],
            client_id=app.client_id,
            jwks_uri=self.openid_config["jwks_uri"],
            nonce=(self.state or {}).get("nonce"),
        )
        return self.get_provider().sociallogin_from_response(request, {"id_token": claims})

    def get_callback_url(self, request, app):
        url = reverse(f"{PROVIDER}_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, url, self.redirect_uri_protocol)


class MunicipalOIDCProvider(OpenIDConnectProvider):
    id = PROVIDER
    name = "Municipality"
    package = "accounts.sso"
    oauth2_adapter_class = MunicipalOIDCAdapter
    pkce_enabled_default = True

    def get_pkce_params(self) -> dict:
        return generate_code_challenge()  # always, whatever an app's settings say

    def get_auth_params_from_request(self, request, action):
        return self.get_auth_params()  # nothing from the query string reaches the provider

    def get_scope_from_request(self, request):
        return self.get_scope()

    def get_default_scope(self):
        return ["openid", "email", "profile"]

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        nonce = secrets.token_urlsafe(32)
        auth_params["nonce"] = nonce
        if self.app.settings.get("acr_values"):
            auth_params["acr_values"] = self.app.settings["acr_values"]
        if self.app.settings.get("authorization_details"):
            # RFC 9396: a JSON array in the authorization request (Ansattporten).
            auth_params["authorization_details"] = json.dumps(
                self.app.settings["authorization_details"], separators=(",", ":")
            )
        login_hint = kwargs.pop("login_hint", None)
        if login_hint:
            auth_params["login_hint"] = login_hint
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_uid(self, data):
        """The person's stable id at this provider: `sub`, or for Entra ID `tid` + `oid`
        (never the e-mail address, which the municipality can change or reuse)."""
        claims = data["id_token"]
        parts = [str(claims.get(name, "")) for name in self.app.settings["uid_claims"]]
        if not all(parts):
            raise OAuth2Error("The token lacks the claims that identify the person.")
        return ":".join(parts)

    def extract_common_fields(self, data):
        claims = data["id_token"]
        email = claims.get("email") or claims.get("preferred_username") or ""
        return {"email": email.strip().lower(), "name": claims.get("name", "")}

    def extract_email_addresses(self, data):
        """The address is the municipality's own when its domain is one of the configured
        ones; only then it counts as verified (and only then sign-in goes on, see the adapter)."""
        email = self.extract_common_fields(data)["email"]
        if not email:
            return []
        domain = email.rpartition("@")[2]
        return [
            EmailAddress(email=email, verified=domain in self.app.settings["domains"], primary=True)
        ]


class MunicipalCallbackView(OAuth2CallbackView):
    def dispatch(self, request, *args, **kwargs):
        issuer = request.GET.get("iss")
        app = self.adapter.get_provider().app
        if issuer is not None and issuer.rstrip("/") != app.settings["issuer"].rstrip("/"):
            # RFC 9207: the answer comes from another provider than the one we sent them to.
            from allauth.socialaccount.helpers import render_authentication_error

            return render_authentication_error(
                request, self.adapter.get_provider(), exception=OAuth2Error("issuer mix-up")
            )
        return super().dispatch(request, *args, **kwargs)

    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


provider_classes = [MunicipalOIDCProvider]
