"""allauth's social-account adapter for the municipalities' providers.

The apps are built from `accounts.SingleSignOnConfig` on each request (one query), with the
secret decrypted in memory only: no `SocialApp` rows, so no plain secret in the database.
"""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.sso import selectors
from accounts.sso.crypto import decrypt_secret
from accounts.sso.provider import PROVIDER
from accounts.sso.services import (
    break_glass_sign_in_record,
    roles_from_claims,
    sso_roles_sync,
    sso_session_record,
)

TRY_SESSION_KEY = "brobygger_sso_try"  # the claims of the last "try sign-in", for the config page


def app_for(config) -> SocialApp:
    return SocialApp(
        provider=PROVIDER,
        provider_id=config.provider_id,
        name=config.municipality.name,
        client_id=config.client_id,
        secret=decrypt_secret(config.client_secret_encrypted),
        settings={
            "issuer": config.issuer,
            "server_url": config.issuer,
            "municipality_id": config.municipality_id,
            "domains": list(config.domains),
            "scope": config.scopes.split(),
            "uid_claims": config.uid_claims.split() or ["sub"],
            "acr_values": config.acr_values,
            "authorization_details": config.authorization_details,
            "fetch_userinfo": False,
            "token_auth_method": "client_secret_post",
        },
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for config in selectors.sso_configs_for_sign_in(include_disabled=True):
            if provider not in (None, PROVIDER, config.provider_id):
                continue
            if client_id is not None and client_id != config.client_id:
                continue
            apps.append(app_for(config))
        return apps

    def pre_social_login(self, request, sociallogin):
        """Only the municipality's own addresses sign in through its provider; a "try sign-in"
        stops here and shows the claims."""
        app = sociallogin.account.get_provider().app
        if sociallogin.account.provider != app.provider_id or "municipality_id" not in app.settings:
            return
        config = selectors.sso_config_by_municipality_id(app.settings["municipality_id"])
        claims = sociallogin.account.extra_data.get("id_token", {})
        if (sociallogin.state.get("data") or {}).get("try"):
            self._show_try_result(request, config, claims)
        if not config.enabled:
            raise ImmediateHttpResponse(redirect("account_login"))
        email = (sociallogin.user.email or "").lower()
        operator = sociallogin.user if sociallogin.is_existing else None
        if operator is None and email:
            operator = User.objects.filter(email__iexact=email, is_staff=True).first()
        if operator is not None and operator.is_staff:
            # A platform operator's account is the break-glass way in: local, never a
            # municipality's provider (which the municipality, not the platform, controls).
            messages.error(
                request,
                _(
                    "A platform operator signs in with e-mail address, password and two-factor "
                    "code, not through a municipality's sign-in service. Nobody was signed in."
                ),
            )
            raise ImmediateHttpResponse(redirect("account_login"))
        if not email or email.rpartition("@")[2] not in config.domains:
            messages.error(
                request,
                _(
                    "%(municipality)s's sign-in service answered for an address that is not "
                    "the municipality's. Nobody was signed in."
                )
                % {"municipality": config.municipality},
            )
            raise ImmediateHttpResponse(redirect("account_login"))
        if not sociallogin.is_existing:
            # A local account with the municipality's address (made before single sign-on)
            # becomes this person's; not a platform admin's, whose account stays local.
            user = User.objects.filter(email__iexact=email, is_staff=False).first()
            if user is not None:
                sociallogin.connect(request, user)

    def _show_try_result(self, request, config, claims):
        if not request.user.has_perm("accounts.manage_sso", config.municipality):
            raise ImmediateHttpResponse(redirect("account_login"))
        shown = {k: v for k, v in claims.items() if k not in ("nonce", "at_hash", "c_hash")}
        request.session[TRY_SESSION_KEY] = {
            "municipality": config.municipality_id,
            "claims": shown,
            "roles": sorted(roles_from_claims(config, claims)),
        }
        raise ImmediateHttpResponse(redirect("accounts:sso_config", slug=config.municipality.slug))

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = (data.get("name") or "")[:150]
        return user

    def is_open_for_signup(self, request, sociallogin):
        return True  # the municipality's provider vouches for its staff

    def is_auto_signup_allowed(self, request, sociallogin):
        return True


@receiver(user_logged_in)
def sync_roles_after_sso_sign_in(sender, request, user, sociallogin=None, **kwargs):
    """At every sign-in through a municipality's provider: the roles in THAT municipality
    follow the groups in the ID token, and the session is bound to the provider's."""
    if sociallogin is None:
        return
    app = sociallogin.account.get_provider().app
    if "municipality_id" not in app.settings:
        return
    config = selectors.sso_config_by_municipality_id(app.settings["municipality_id"])
    claims = sociallogin.account.extra_data.get("id_token", {})
    sso_roles_sync(
        user=user, municipality=config.municipality, roles=roles_from_claims(config, claims)
    )
    sso_session_record(request=request, user=user, config=config, claims=claims)


@receiver(user_logged_in)
def record_break_glass_sign_in(sender, request, user, sociallogin=None, **kwargs):
    """Every sign-in of a platform operator (local account: password, then our TOTP) is kept
    and logged (accounts.sso.services.break_glass_sign_in_record)."""
    if sociallogin is not None or not user.is_staff:
        return
    records = get_authentication_records(request, user) if request is not None else []
    methods = [record.get("type") or record.get("method", "") for record in records]
    break_glass_sign_in_record(
        user=user, methods=[method for method in methods if method], now=timezone.now()
    )
