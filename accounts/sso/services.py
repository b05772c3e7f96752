"""The writes of single sign-on: a municipality's configuration, the roles that follow the
employer's groups, the sessions a provider can end."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    BreakGlassSignIn,
    Municipality,
    MunicipalityMembership,
    SingleSignOnConfig,
    SingleSignOnSession,
    User,
)
from accounts.selectors import forget_roles
from accounts.sso.crypto import encrypt_secret
from accounts.staff.services import staff_audit_record

SESSION_KEY = "brobygger_sso"  # in the Django session: municipality, sid, strong

logger = logging.getLogger("brobygger.sign_in")


def _clean_list(values) -> list[str]:
    return sorted({str(value).strip() for value in values if str(value).strip()})


@transaction.atomic
def sso_config_save(
    *,
    municipality: Municipality,
    by: User,
    issuer: str,
    client_id: str,
    client_secret: str,
    domains: list[str],
    group_roles: dict[str, str],
    enabled: bool,
    scopes: str = "openid email profile",
    uid_claims: str = "sub",
    group_claim: str = "groups",
    strong_amr: list[str] = (),
    strong_acr: list[str] = (),
    acr_values: str = "",
    authorization_details: list[dict] = (),
) -> SingleSignOnConfig:
    """Save the municipality's provider settings. An empty `client_secret` keeps the stored one."""
    if not by.has_perm("accounts.manage_sso", municipality):
        raise PermissionDenied
    config = (
        SingleSignOnConfig.objects.select_for_update().filter(municipality=municipality).first()
    ) or SingleSignOnConfig(municipality=municipality)
    errors = {}
    unknown = sorted(set(group_roles.values()) - set(MunicipalityMembership.Role.values))
    if unknown:
        errors["group_roles"] = _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)}
    if not client_secret and not config.client_secret_encrypted:
        errors["client_secret"] = _("Enter the client secret.")
    domains = _clean_list(domain.lower().lstrip("@") for domain in domains)
    taken = SingleSignOnConfig.objects.exclude(municipality=municipality).filter(enabled=True)
    for other in taken:
        shared = set(other.domains) & set(domains)
        if enabled and shared:
            errors["domains"] = _("%(domains)s already signs in with %(municipality)s.") % {
                "domains": ", ".join(sorted(shared)),
                "municipality": other.municipality,
            }
    if not all(isinstance(item, dict) and item.get("type") for item in authorization_details):
        errors["authorization_details"] = _(
            'Write a list of objects, each with a "type": [{"type": "…", …}].'
        )
    if "openid" not in scopes.split():
        errors["scopes"] = _("The scopes must include openid.")
    if errors:
        raise ValidationError(errors)
    config.issuer = issuer.strip().rstrip("/")
    config.client_id = client_id.strip()
    if client_secret:
        config.client_secret_encrypted = encrypt_secret(client_secret)
    config.domains = domains
    config.group_roles = {str(group).strip(): role for group, role in group_roles.items()}
    config.enabled = enabled
    config.scopes = " ".join(scopes.split())
    config.uid_claims = " ".join(uid_claims.split()) or "sub"
    config.group_claim = group_claim.strip() or "groups"
    config.strong_amr = _clean_list(strong_amr)
    config.strong_acr = _clean_list(strong_acr)
    config.acr_values = acr_values.strip()
    config.authorization_details = list(authorization_details)
    config.full_clean(exclude=["client_secret_encrypted"] if not client_secret else None)
    config.save()
    return config


def roles_from_claims(config: SingleSignOnConfig, claims: dict) -> set[str]:
    """The Brobygger roles the provider's groups give: every role of
    `MunicipalityMembership.Role` that a group in the claim is mapped to."""
    groups = claims.get(config.group_claim) or []
    if isinstance(groups, str):
        groups = groups.split()
    valid = set(MunicipalityMembership.Role.values)
    return {
        config.group_roles[group]
        for group in groups
        if isinstance(group, str) and config.group_roles.get(group) in valid
    }


def is_strong(config: SingleSignOnConfig, claims: dict) -> bool:
    """The provider's own sign-in was two-factor: an `amr` or the `acr` the municipality lists."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(set(amr) & set(config.strong_amr)) or (
        claims.get("acr") is not None and claims.get("acr") in config.strong_acr
    )


@transaction.atomic
def sso_roles_sync(*, user: User, municipality: Municipality, roles: set[str]) -> dict:
    """Make the user's roles in this municipality (and only in it) those the provider's groups
    give: add the missing ones, remove the ones the groups no longer give. Roles granted by
    hand (`manual`) are never removed. Returns {"added": [...], "removed": [...]}."""
    existing = {
        membership.role: membership
        for membership in MunicipalityMembership.objects.select_for_update().filter(
            user=user, municipality=municipality
        )
    }
    added, removed = [], []
    now = timezone.now()
    for role in MunicipalityMembership.Role.values:
        membership = existing.get(role)
        if role in roles and membership is None:
            MunicipalityMembership.objects.create(
                user=user, municipality=municipality, role=role, manual=False
            )
            added.append(role)
            staff_audit_record(
                municipality=municipality, action="sso_role_added", role=role, user=user,
                by=None, now=now,
            )  # fmt: skip
        elif role not in roles and membership is not None and not membership.manual:
            membership.delete()
            removed.append(role)
            staff_audit_record(
                municipality=municipality, action="sso_role_removed", role=role, user=user,
                by=None, now=now,
            )  # fmt: skip
    forget_roles(user)
    return {"added": added, "removed": removed}


@transaction.atomic
def sso_session_record(
    *, request, user: User, config: SingleSignOnConfig, claims: dict
) -> SingleSignOnSession:
    """Bind the new Django session to the provider's: short (SSO_SESSION_HOURS at most, never
    beyond the browser's life), marked with the provider's session id for back-channel logout,
    and whether the provider's sign-in counts as two-factor."""
    request.session[SESSION_KEY] = {
        "municipality": config.municipality_id,
        "sid": claims.get("sid", ""),
        "strong": is_strong(config, claims),
    }
    request.session.set_expiry(settings.SSO_SESSION_HOURS * 60 * 60)
    if request.session.session_key is None:
        request.session.save()
    # Rows of sessions that have expired by now are of no use to a logout: forget them.
    SingleSignOnSession.objects.filter(
        user=user, created_at__lt=timezone.now() - timedelta(hours=settings.SSO_SESSION_HOURS)
    ).delete()
    return SingleSignOnSession.objects.create(
        user=user,
        municipality=config.municipality,
        sid=str(claims.get("sid", ""))[:200],
        subject=str(claims["sub"])[:300],
        session_key=request.session.session_key,
    )


@transaction.atomic
def sso_backchannel_logout(*, config: SingleSignOnConfig, sid: str, subject: str) -> int:
    """End every Django session that the provider's session `sid` (or, without one, every
    session of the person `subject`) started. Returns how many."""
    rows = SingleSignOnSession.objects.filter(municipality=config.municipality)
    rows = rows.filter(sid=sid) if sid else rows.filter(subject=subject)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for row in rows:
        store(session_key=row.session_key).delete()
        ended += 1
    rows.delete()
    return ended


@transaction.atomic
def break_glass_sign_in_record(
    *, user: User, methods: list[str], now: datetime
) -> BreakGlassSignIn:
    """A platform operator signed in with their local account: kept for the operators to see
    (the admin's "Break-glass sign-ins"), and one log line with the user id only."""
    event = BreakGlassSignIn.objects.create(
        user=user,
        user_label=f"{user} <{user.email}>"[:300],
        methods=" ".join(methods)[:100],
        at=now,
    )
    logger.warning("break-glass sign-in", extra={"user_id": user.pk})
    return event
