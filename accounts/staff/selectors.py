"""Reads of staff management."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Municipality, MunicipalityMembership, StaffAuditEvent


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
