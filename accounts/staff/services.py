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
    User,
)
from accounts.selectors import forget_roles
from accounts.signals import notification_wanted

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
