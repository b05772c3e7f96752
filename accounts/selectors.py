"""Reads scoped by who asks. Views start here, never from `Model.objects` for non-public data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, F, Func, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Now

from accounts.models import (
    Municipality,
    MunicipalityMembership,
    Notification,
    NotificationSettings,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_CACHE_ATTR = "_brobygger_roles"


@dataclass(frozen=True)
class Roles:
    """Everything a user may act as, loaded with two queries and cached on the user object."""

    coordinator_of: frozenset[int] = field(default_factory=frozenset)
    caseworker_of: frozenset[int] = field(default_factory=frozenset)
    # Leaders (management) read the overview, reports, agreements and minutes of these
    # municipalities. Not in `municipalities`: that set opens persons and referrals.
    leader_of: frozenset[int] = field(default_factory=frozenset)
    organizations: dict[int, frozenset[str]] = field(default_factory=dict)
    is_platform_admin: bool = False

    @property
    def municipalities(self) -> frozenset[int]:
        return self.coordinator_of | self.caseworker_of

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinator_of)

    @property
    def is_caseworker(self) -> bool:
        return bool(self.caseworker_of)

    @property
    def is_leader(self) -> bool:
        return bool(self.leader_of)

    @property
    def is_organization_person(self) -> bool:
        return bool(self.organizations)

    @property
    def is_contact_person(self) -> bool:
        """The contact person of at least one organisation (receives referrals)."""
        return bool(self.organizations_with("contact"))

    @property
    def needs_two_factor(self) -> bool:
        """Coordinators, caseworkers and platform admins can reach personal data."""
        return self.is_coordinator or self.is_caseworker or self.is_platform_admin

    def organizations_with(self, *roles: str) -> frozenset[int]:
        return frozenset(pk for pk, held in self.organizations.items() if held & set(roles))


def user_roles(user: User | AnonymousUser) -> Roles:
    if not user.is_authenticated or not user.is_active:
        return Roles()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    coordinator_of: set[int] = set()
    caseworker_of: set[int] = set()
    leader_of: set[int] = set()
    for municipality_id, role in user.municipality_memberships.values_list(
        "municipality_id", "role"
    ):
        if role == MunicipalityMembership.Role.COORDINATOR:
            coordinator_of.add(municipality_id)
        elif role == MunicipalityMembership.Role.CASEWORKER:
            caseworker_of.add(municipality_id)
        elif role == MunicipalityMembership.Role.LEADER:
            leader_of.add(municipality_id)
    organizations: dict[int, set[str]] = {}
    for organization_id, role in user.organization_memberships.values_list(
        "organization_id", "role"
    ):
        organizations.setdefault(organization_id, set()).add(role)
    roles = Roles(
        coordinator_of=frozenset(coordinator_of),
        caseworker_of=frozenset(caseworker_of),
        leader_of=frozenset(leader_of),
        organizations={pk: frozenset(held) for pk, held in organizations.items()},
        is_platform_admin=user.is_staff,
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_roles(user: User) -> None:
    """Call after changing a user's memberships within one request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def municipalities_visible_to(user: User | AnonymousUser) -> QuerySet[Municipality]:
    """Municipalities whose non-public pages the user may open: where they hold a municipal role
    (a leader's too: its page, calendar and overview, never its persons)."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=roles.municipalities | roles.leader_of)


def municipalities_among(ids) -> QuerySet[Municipality]:
    """The municipalities with these ids (the caller's own roles), by name."""
    return Municipality.objects.filter(pk__in=ids).order_by("name")


def municipalities_by_name() -> QuerySet[Municipality]:
    """Every municipality, by name: their names are public (the eligibility helper lists them)."""
    return Municipality.objects.order_by("name")


def notification_settings_of(user: User) -> NotificationSettings | None:
    """The user's own notification settings, if they have saved any."""
    return NotificationSettings.objects.filter(user=user).first()


def municipality_staff(municipality: Municipality) -> QuerySet[MunicipalityMembership]:
    return (
        MunicipalityMembership.objects.filter(municipality=municipality, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def _count_per_municipality(rows: QuerySet, counted: str) -> Coalesce:
    """The number of distinct `counted` among `rows` of the outer query's municipality, as a
    subquery (joining both lists in one query would multiply staff by organisations)."""
    return Coalesce(
        Subquery(
            rows.filter(municipality=OuterRef("pk"))
            .order_by()
            .values("municipality")
            .annotate(n=Count(counted, distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def municipalities_for_dashboard(user: User) -> QuerySet[Municipality]:
    """The user's own municipalities with their staff and organisation counts (one query)."""
    organizations = Municipality.organizations.through.objects.all()
    return (
        Municipality.objects.filter(
            pk__in=user_roles(user).municipalities | user_roles(user).leader_of
        )
        .annotate(
            staff_count=_count_per_municipality(MunicipalityMembership.objects.all(), "user"),
            organization_count=_count_per_municipality(organizations, "organization"),
            pending_count=_count_per_municipality(
                organizations.filter(status="pending"), "organization"
            ),
        )
        .order_by("name")
    )


def notifications_visible_to(user: User, *, now: datetime) -> QuerySet[Notification]:
    """The notification centre: the user's own notifications that are due, newest first,
    with their subjects (one query per subject type)."""
    return (
        Notification.objects.filter(recipient=user, due_at__lte=now)
        .select_related("recipient")
        .prefetch_related("subject")
        .order_by("-due_at", "-pk")
    )


def unread_notification_count(user: User, *, now: datetime) -> int:
    """One indexed COUNT (notification_unread_idx). The header reads the count that came with
    the user (`with_unread_notification_count`) and asks this only for a user loaded otherwise."""
    cached = getattr(user, "unread_notification_count", None)
    if cached is not None:
        return cached
    return Notification.objects.filter(
        recipient=user, read_at__isnull=True, due_at__lte=now
    ).count()


def with_unread_notification_count(users: QuerySet[User]) -> QuerySet[User]:
    """Annotate `unread_notification_count`: a correlated COUNT in the same query."""
    unread = (
        Notification.objects.filter(
            recipient=OuterRef("pk"), read_at__isnull=True, due_at__lte=Now()
        )
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return users.annotate(unread_notification_count=Subquery(unread))
