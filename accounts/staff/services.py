"""Writes of staff management (see the package's docstring)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    Municipality,
    MunicipalityMembership,
    StaffAuditEvent,
    StaffInvitation,
    User,
)
from accounts.selectors import forget_roles, user_roles
from accounts.signals import notification_to_address_wanted, notification_wanted

Action = StaffAuditEvent.Action


def notification_schedule(**message) -> None:
    """Through the outbox, which lives a floor above (accounts.signals.notification_wanted)."""
    notification_wanted.send(sender=StaffAuditEvent, **message)


def staff_audit_record(
    *,
    municipality: Municipality,
    action: str,
    role: str,
    user: User,
    by: User | None,
    now: datetime,
    tell_coordinators: bool = True,
) -> StaffAuditEvent:
    """One line in the municipality's staff log; its coordinators (other than the one who acted
    and the staff member) are told."""
    event = StaffAuditEvent.objects.create(
        municipality=municipality,
        action=action,
        role=role,
        user=user,
        user_label=f"{user} <{user.email}>"[:300],
        by=by,
        at=now,
    )
    if tell_coordinators:
        coordinators = User.objects.filter(
            is_active=True,
            municipality_memberships__municipality=municipality,
            municipality_memberships__role=MunicipalityMembership.Role.COORDINATOR,
        ).exclude(pk__in=[user.pk] + ([by.pk] if by is not None else []))
        for coordinator in coordinators.distinct():
            notification_schedule(
                recipient=coordinator,
                kind="staff_changed",
                subject=event,
                due_at=now,
                context={
                    "action": action,
                    "role": role,
                    "staff_name": str(user),
                    "municipality_name": municipality.name,
                    "municipality_slug": municipality.slug,
                    "by_name": str(by) if by is not None else "",
                },
            )
    return event


def _check_may_manage(by: User, municipality: Municipality, user: User) -> None:
    if not by.has_perm("accounts.manage_staff", municipality):
        raise PermissionDenied
    if by.pk == user.pk:
        raise ValidationError(
            _("Nobody can change their own role. Ask another coordinator of the municipality.")
        )


@transaction.atomic
def municipality_membership_remove(
    *, membership: MunicipalityMembership, by: User, now: datetime | None = None
) -> StaffAuditEvent:
    """Take a staff role away. Their very next request no longer has it."""
    now = now or timezone.now()
    _check_may_manage(by, membership.municipality, membership.user)
    membership = MunicipalityMembership.objects.select_for_update().get(pk=membership.pk)
    membership.delete()
    forget_roles(membership.user)
    return staff_audit_record(
        municipality=membership.municipality,
        action=Action.ROLE_REMOVED,
        role=membership.role,
        user=membership.user,
        by=by,
        now=now,
    )


@transaction.atomic
def municipality_membership_change_role(
    *, membership: MunicipalityMembership, role: str, by: User, now: datetime | None = None
) -> MunicipalityMembership:
    """Give the holder `role` instead of their current one (a manual role)."""
    now = now or timezone.now()
    if role not in MunicipalityMembership.Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    _check_may_manage(by, membership.municipality, membership.user)
    if role == membership.role:
        return membership
    municipality, user = membership.municipality, membership.user
    membership.delete()
    staff_audit_record(
        municipality=municipality, action=Action.ROLE_REMOVED, role=membership.role,
        user=user, by=by, now=now,
    )  # fmt: skip
    new, created = MunicipalityMembership.objects.get_or_create(
        user=user, municipality=municipality, role=role, defaults={"manual": True}
    )
    if created:
        staff_audit_record(
            municipality=municipality, action=Action.ROLE_ADDED, role=role, user=user,
            by=by, now=now,
        )  # fmt: skip
    forget_roles(user)
    return new


@transaction.atomic
def staff_roles_lapse_inactive(*, now: datetime) -> dict[str, int]:
    """The nightly check: a manual staff role whose holder has not signed in for
    STAFF_INACTIVE_DAYS is warned of (the holder gets a notice); if they still have not signed in
    STAFF_LAPSE_WARNING_DAYS later, it lapses and the coordinators are told. A sign-in since the
    warning clears it. Roles from the sign-in service are left to it. Safe to run twice."""
    cutoff = now - timedelta(days=settings.STAFF_INACTIVE_DAYS)
    grace = timedelta(days=settings.STAFF_LAPSE_WARNING_DAYS)
    counts = {"warned": 0, "lapsed": 0, "cleared": 0}
    manual = MunicipalityMembership.objects.filter(manual=True).select_related(
        "user", "municipality"
    )
    signed_in_since_warning = manual.filter(
        lapse_warned_at__isnull=False, user__last_login__gt=F("lapse_warned_at")
    )
    counts["cleared"] = signed_in_since_warning.update(lapse_warned_at=None)
    inactive = manual.filter(
        Q(user__last_login__lt=cutoff) | Q(user__last_login__isnull=True, created_at__lt=cutoff)
    ).select_for_update(of=("self",))
    for membership in inactive:
        if membership.lapse_warned_at is None:
            membership.lapse_warned_at = now
            membership.save(update_fields=["lapse_warned_at"])
            event = staff_audit_record(
                municipality=membership.municipality, action=Action.LAPSE_WARNED,
                role=membership.role, user=membership.user, by=None, now=now,
                tell_coordinators=False,
            )  # fmt: skip
            notification_schedule(
                recipient=membership.user,
                kind="staff_role_lapse_warning",
                subject=event,
                due_at=now,
                context={
                    "role": membership.role,
                    "municipality_name": membership.municipality.name,
                    "days": settings.STAFF_INACTIVE_DAYS,
                    "lapses_on": (now + grace).date().isoformat(),
                },
            )
            counts["warned"] += 1
        elif membership.lapse_warned_at <= now - grace:
            membership.delete()
            forget_roles(membership.user)
            staff_audit_record(
                municipality=membership.municipality, action=Action.ROLE_LAPSED,
                role=membership.role, user=membership.user, by=None, now=now,
            )  # fmt: skip
            counts["lapsed"] += 1
    return counts


# -- inviting staff by e-mail -----------------------------------------------------------------


@transaction.atomic
def staff_invitation_create(
    *, municipality: Municipality, email: str, role: str, by: User, now: datetime | None = None
) -> StaffInvitation:
    """The coordinator invites somebody by e-mail to a staff role. The e-mail goes through the
    outbox like every other invitation; the role is given when the invited person accepts."""
    now = now or timezone.now()
    # The municipality's own coordinators: a platform operator gives only a first coordinator,
    # by hand (accounts.services.staff_role_refusal).
    if not by.has_perm("accounts.manage_staff", municipality) or (
        municipality.pk not in user_roles(by).coordinator_of
    ):
        raise PermissionDenied
    if role not in MunicipalityMembership.Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    email = email.strip().lower()
    if MunicipalityMembership.objects.filter(
        municipality=municipality, role=role, user__email__iexact=email
    ).exists():
        raise ValidationError({"email": _("This person already has this role.")})
    invitation = StaffInvitation.objects.create(
        municipality=municipality, email=email, role=role, invited_by=by
    )
    notification_to_address_wanted.send(
        sender=StaffInvitation,
        email=email,
        language=municipality.default_language or settings.LANGUAGE_CODE,
        kind="staff_invitation",
        subject=invitation,
        due_at=now,
        context={"municipality_name": municipality.name, "role": role},
    )
    return invitation


@transaction.atomic
def staff_invitation_accept(
    *, invitation: StaffInvitation, by: User, now: datetime | None = None
) -> MunicipalityMembership:
    """The invited person, signed in with the invited address, takes the role (a manual role,
    in the staff log, the coordinators told). The link works once, before it expires."""
    now = now or timezone.now()
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open(now):
        raise ValidationError(_("This invitation has expired or has already been used."))
    if (
        by.email.lower() != invitation.email
        and not by.emailaddress_set.filter(email__iexact=invitation.email, verified=True).exists()
    ):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    membership, created = MunicipalityMembership.objects.get_or_create(
        user=by,
        municipality=invitation.municipality,
        role=invitation.role,
        defaults={"manual": True},
    )
    if created:
        staff_audit_record(
            municipality=invitation.municipality, action=Action.ROLE_ADDED, role=invitation.role,
            user=by, by=invitation.invited_by, now=now,
        )  # fmt: skip
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    forget_roles(by)
    return membership
