"""Reads of staff management."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Municipality, MunicipalityMembership, StaffAuditEvent, StaffInvitation
from core.access import get_or_404


def staff_of(municipality: Municipality) -> QuerySet[MunicipalityMembership]:
    """Every role in the municipality with its holder (and their last sign-in), one query."""
    return (
        MunicipalityMembership.objects.filter(municipality=municipality)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )


def staff_membership(municipality: Municipality, pk: int) -> MunicipalityMembership | None:
    return staff_of(municipality).filter(pk=pk).first()


def staff_log(municipality: Municipality, limit: int = 50) -> QuerySet[StaffAuditEvent]:
    return (
        StaffAuditEvent.objects.filter(municipality=municipality)
        .select_related("by")
        .order_by("-at", "-pk")[:limit]
    )


def municipality_by_slug(slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


def open_invitations(municipality: Municipality) -> QuerySet[StaffInvitation]:
    """Invitations not yet accepted and not expired, newest first."""
    return StaffInvitation.objects.filter(
        municipality=municipality, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def access_staff_invitation(token) -> StaffInvitation:
    """The staff invitation this secret token opens (whoever holds the link), or 404."""
    return get_or_404(StaffInvitation.objects.select_related("municipality"), token=token)
