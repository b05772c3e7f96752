"""Business actions on accounts: profiles, languages, staff roles, two-factor set-up."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import sanitised_logo, validate_accent_color
from accounts.models import Municipality, MunicipalityMembership, StaffAuditEvent, User
from accounts.selectors import forget_roles
from accounts.signals import staff_role_given


def user_update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    user.full_name = full_name
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


# -- the municipality's look (issue #23) -------------------------------------------------------


@transaction.atomic
def municipality_branding_update(
    *,
    municipality: Municipality,
    by: User,
    accent_color: str,
    logo=None,
    remove_logo: bool = False,
) -> Municipality:
    """Set the municipality's accent colour (empty: the neutral theme) and, when given, a new
    logo (checked by its content and re-encoded, accounts/branding.py), or remove it. Only its
    coordinators may; the old logo file goes once the new one is stored."""
    if not by.has_perm("accounts.change_municipality_branding", municipality):
        raise PermissionDenied(
            _("Only the coordinators of %(municipality)s set its colour and logo.")
            % {"municipality": municipality}
        )
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    accent_color = (accent_color or "").strip()
    if accent_color:
        try:
            validate_accent_color(accent_color)
        except ValidationError as error:
            raise ValidationError({"accent_color": error.messages}) from error
    clean_logo = None
    if logo:
        try:
            clean_logo = sanitised_logo(logo, slug=municipality.slug)
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
    old_logo = municipality.logo.name if municipality.logo else ""
    municipality.accent_color = accent_color.lower()
    fields = ["accent_color"]
    if clean_logo is not None:
        municipality.logo.save(clean_logo.name, clean_logo, save=False)
        fields.append("logo")
    elif remove_logo and old_logo:
        municipality.logo = ""
        fields.append("logo")
    municipality.save(update_fields=fields)
    if old_logo and "logo" in fields:
        storage, name = municipality.logo.storage, old_logo
        transaction.on_commit(lambda: storage.delete(name))
    return municipality


# -- staff roles in a municipality ------------------------------------------------------------


def staff_role_refusal(
    *, by: User, user: User, municipality: Municipality, role: str
) -> str | None:
    """Why `by` may not give `user` this role in `municipality`, or None when they may.

    A municipality's coordinators give its staff roles. A platform admin gives only the first
    coordinator of a municipality that has none (someone has to start). Nobody gives a role to
    themselves: not a coordinator, not a platform admin."""
    if by.pk == user.pk:
        return _("Nobody can give themselves a role. Ask a coordinator of the municipality.")
    if by.has_perm("accounts.add_staff_role", municipality):
        return None
    if role == MunicipalityMembership.Role.COORDINATOR and by.has_perm(
        "accounts.add_first_coordinator", municipality
    ):
        return None
    if by.has_perm("accounts.use_admin_site"):
        return _(
            "%(municipality)s has a coordinator: its coordinators give its staff roles. "
            "A platform admin gives only the first coordinator of a municipality."
        ) % {"municipality": municipality}
    return _("Only the coordinators of %(municipality)s give its staff roles.") % {
        "municipality": municipality
    }


@transaction.atomic
def municipality_membership_create(
    *,
    municipality: Municipality,
    user: User,
    role: str,
    by: User | None,
    now: datetime | None = None,
) -> MunicipalityMembership:
    """Give `user` a staff role (coordinator or caseworker) in `municipality`: the one way a
    role is given (the admin, the coordinator's staff page, demo data).

    Who may give it: see `staff_role_refusal`. `by=None` is the command line (demo data), whose
    user holds the server already. Every coordinator of the municipality, other than the giver
    and the new staff member, is told of the new role.
    """
    # One at a time per municipality: two platform admins cannot both add "the first" coordinator.
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if role not in MunicipalityMembership.Role.values:
        raise ValidationError({"role": _("Choose coordinator or caseworker.")})
    if by is not None:
        refusal = staff_role_refusal(by=by, user=user, municipality=municipality, role=role)
        if refusal:
            raise PermissionDenied(refusal)
    if not user.is_active:
        raise ValidationError({"user": _("%(name)s's account is closed.") % {"name": user}})
    if MunicipalityMembership.objects.filter(
        user=user, municipality=municipality, role=role
    ).exists():
        raise ValidationError({"user": _("%(name)s already has this role here.") % {"name": user}})
    membership = MunicipalityMembership.objects.create(
        user=user, municipality=municipality, role=role
    )
    forget_roles(user)
    # The municipality's other coordinators are told (notifications/receivers.py).
    staff_role_given.send(
        sender=MunicipalityMembership, membership=membership, by=by, now=now or timezone.now()
    )
    return membership


@transaction.atomic
def user_enable_totp(*, user: User, secret: str) -> None:
    """Turn on TOTP with a known secret, and recovery codes (demo data and tests)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


# -- deleting an account ----------------------------------------------------------------------


def account_deletion_blockers(user: User) -> list[str]:
    """What the holder must do before the account can go, in their words; empty when nothing.

    A staff role in a municipality is given and taken by its coordinators (and logged), so it is
    never dropped by deleting the account; an organisation must not be left without an admin."""
    reasons = []
    if user.is_staff or user.is_superuser:
        reasons.append(
            _(
                "You are a platform administrator. Ask another administrator to take the role "
                "away first."
            )
        )
    municipalities = sorted(
        {
            membership.municipality.name
            for membership in user.municipality_memberships.select_related("municipality")
        }
    )
    if municipalities:
        reasons.append(
            _(
                "You hold a staff role in %(municipalities)s. Ask a coordinator there to remove "
                "your role first (a coordinator asks another coordinator); the municipality then "
                "knows that you have left."
            )
            % {"municipalities": ", ".join(municipalities)}
        )
    for membership in user.organization_memberships.filter(role="admin").select_related(
        "organization"
    ):
        organization = membership.organization
        if not organization.memberships.filter(role="admin").exclude(user=user).exists():
            reasons.append(
                _(
                    "You are the only admin of %(organization)s. Make another member its admin "
                    "first, or close the organisation."
                )
                % {"organization": organization.name}
            )
    return reasons


@transaction.atomic
def account_delete(*, user: User, now: datetime | None = None) -> User:
    """Delete the account: name, e-mail, password, sign-in addresses, memberships, calendar feed
    and unsent notifications go. The row stays, emptied and unable to sign in, so that what the
    person did keeps its place (a referral they made stays with the municipality; a staff log
    line says "deleted account" instead of their name). The access log is append-only: its
    entries keep who saw a refugee's data until their retention ends, because the refugee may
    ask. Refused while `account_deletion_blockers` names something to do first."""
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        return user
    blockers = account_deletion_blockers(user)
    if blockers:
        raise ValidationError(blockers)
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.full_name = ""
    user.preferred_language = ""
    user.is_active = False
    user.deleted_at = now
    user.set_unusable_password()
    user.save()
    for related in ("emailaddress_set", "socialaccount_set", "authenticator_set"):
        manager = getattr(user, related, None)
        if manager is not None:
            manager.all().delete()
    user.organization_memberships.all().delete()
    user.join_requests.all().delete()
    user.sso_sessions.all().delete()
    user.notifications.all().delete()
    feed = getattr(user, "calendar_feed", None)
    if feed is not None:
        feed.delete()
    StaffAuditEvent.objects.filter(user=user).update(user_label=_("Deleted account"))
    forget_roles(user)
    return user
