"""Business actions on accounts: profiles, languages, staff roles, two-factor set-up."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, MunicipalityMembership, User
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
