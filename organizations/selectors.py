"""Reads of organisations, scoped by who asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from accounts.selectors import user_roles
from organizations.models import Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import Municipality, User


def organizations_of(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organisations the user belongs to (any role)."""
    return Organization.objects.filter(pk__in=user_roles(user).organizations.keys()).order_by(
        "name"
    )


def organizations_active_in(municipality: Municipality) -> QuerySet[Organization]:
    return municipality.organizations.order_by("name")


def organizations_for_dashboard(user: User) -> QuerySet[Organization]:
    """The user's organisations with their member counts (one query)."""
    return organizations_of(user).annotate(member_count=Count("memberships__user", distinct=True))
