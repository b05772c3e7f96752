"""Reads scoped by who asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.selectors import user_roles
from announcements.filters import AudienceFilter
from announcements.models import Announcement
from organizations.models import Organization, OrganizationMembership

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import Municipality, User


def announcements_visible_to(user: User | AnonymousUser) -> QuerySet[Announcement]:
    """The coordinators' own municipalities' announcements, and those sent to the user."""
    if not user.is_authenticated:
        return Announcement.objects.none()
    received = Announcement.recipients.through.objects.filter(user=user).values("announcement_id")
    return (
        Announcement.objects.filter(
            Q(municipality__in=user_roles(user).coordinator_of) | Q(pk__in=received)
        )
        .select_related("municipality", "author", "meeting")
        .order_by("-sent_at", "-pk")
    )


def audience_organizations(municipality: Municipality, audience: dict) -> QuerySet[Organization]:
    """The municipality's verified organisations that match the stored filters."""
    base = Organization.objects.verified_in(municipality)
    data = {
        "category": audience.get("category") or [],
        "activity_type": audience.get("activity_type") or [],
        "agreement": audience.get("agreement") or "",
        "crisis_contacts": bool(audience.get("crisis_contacts")),
        "organization": audience.get("organization") or [],
    }
    filterset = AudienceFilter(data=data, queryset=base, municipality=municipality)
    if not filterset.is_valid():  # e.g. the agreement has been deleted meanwhile
        return Organization.objects.none()
    return filterset.qs


def audience_contact_persons(organizations: QuerySet[Organization]) -> QuerySet[User]:
    """The active contact persons of these organisations, each once."""
    from accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            pk__in=OrganizationMembership.objects.filter(
                organization__in=organizations.values("pk"),
                role=OrganizationMembership.Role.CONTACT,
            ).values("user_id"),
        )
        .only("pk", "email", "preferred_language")
        .order_by("pk")
    )
