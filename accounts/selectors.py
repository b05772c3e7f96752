"""Reads scoped by who asks. Views start here, never from `Model.objects` for non-public data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Municipality, MunicipalityMembership
from core.access import get_permitted_or_404

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

    def organizations_with(self, *roles: str) -> frozenset[int]:
        return frozenset(pk for pk, held in self.organizations.items() if held & set(roles))


def user_roles(user: User | AnonymousUser) -> Roles:
    if not user.is_authenticated or not user.is_active:
        return Roles()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    remember_roles([user])
    return getattr(user, _CACHE_ATTR)


def remember_roles(users: list[User]) -> None:
    """Work out the roles of these users in one query (a batch of e-mails asks for each
    recipient's) and keep them on each user object, where `user_roles` finds them."""
    users = [u for u in users if getattr(u, _CACHE_ATTR, None) is None]
    if not users:
        return
    ids = {u.pk for u in users}
    municipal: dict[int, dict[str, set[int]]] = {pk: {} for pk in ids}
    organizations: dict[int, dict[int, set[str]]] = {pk: {} for pk in ids}
    # The organisations' app is a floor above: its model is reached through the relation.
    memberships = users[0].organization_memberships.model
    rows = (
        MunicipalityMembership.objects.filter(user_id__in=ids)
        .annotate(municipal=Value(True))
        .values_list("user_id", "municipality_id", "role", "municipal")
        .union(
            memberships.objects.filter(user_id__in=ids)
            .annotate(municipal=Value(False))
            .values_list("user_id", "organization_id", "role", "municipal"),
            all=True,
        )
    )
    for user_id, place_id, role, is_municipal in rows:
        if is_municipal:
            municipal[user_id].setdefault(role, set()).add(place_id)
        else:
            organizations[user_id].setdefault(place_id, set()).add(role)
    for user in users:
        held = municipal[user.pk]
        setattr(
            user,
            _CACHE_ATTR,
            Roles(
                coordinator_of=frozenset(held.get(MunicipalityMembership.Role.COORDINATOR, ())),
                caseworker_of=frozenset(held.get(MunicipalityMembership.Role.CASEWORKER, ())),
                leader_of=frozenset(held.get(MunicipalityMembership.Role.LEADER, ())),
                organizations={
                    pk: frozenset(roles) for pk, roles in organizations[user.pk].items()
                },
                is_platform_admin=user.is_staff,
            ),
        )


def roles_for_cache(roles: Roles) -> dict:
    """The roles as plain data for the cache (accounts.middleware.CachedAccessMiddleware)."""
    return {
        "coordinator_of": sorted(roles.coordinator_of),
        "caseworker_of": sorted(roles.caseworker_of),
        "leader_of": sorted(roles.leader_of),
        "organizations": {str(pk): sorted(held) for pk, held in roles.organizations.items()},
    }


def restore_roles(user: User, stored: dict) -> None:
    """Keep roles read back from the cache on the user object. Whether they are still
    current is the caller's to check (`User.access_version`); platform admin and active come
    from the user row of this request."""
    setattr(
        user,
        _CACHE_ATTR,
        Roles(
            coordinator_of=frozenset(stored["coordinator_of"]),
            caseworker_of=frozenset(stored["caseworker_of"]),
            leader_of=frozenset(stored["leader_of"]),
            organizations={
                int(pk): frozenset(held) for pk, held in stored["organizations"].items()
            },
            is_platform_admin=user.is_staff,
        ),
    )


def known_roles(user: User) -> Roles | None:
    """The roles already worked out for this user object in this request, if any."""
    return getattr(user, _CACHE_ATTR, None)


_TWO_FACTOR_ATTR = "_brobygger_two_factor"


def two_factor_enabled(user: User | AnonymousUser) -> bool:
    """Whether the user has set up two-factor authentication (allauth's `is_mfa_enabled`),
    asked once per user object; the cache may already have told (`remember_two_factor`)."""
    if not user.is_authenticated:
        return False
    known = getattr(user, _TWO_FACTOR_ATTR, None)
    if known is None:
        from allauth.mfa.utils import is_mfa_enabled

        known = is_mfa_enabled(user)
        setattr(user, _TWO_FACTOR_ATTR, known)
    return known


def remember_two_factor(user: User, enabled: bool | None) -> None:
    if enabled is not None:
        setattr(user, _TWO_FACTOR_ATTR, enabled)


def known_two_factor(user: User) -> bool | None:
    return getattr(user, _TWO_FACTOR_ATTR, None)


def forget_roles(user: User) -> None:
    """Call after changing a user's memberships within one request."""
    for attr in (_CACHE_ATTR, _TWO_FACTOR_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def municipalities_visible_to(user: User | AnonymousUser) -> QuerySet[Municipality]:
    """Municipalities whose non-public pages the user may open: where they hold a municipal role
    (a leader's too: its page, calendar and overview, never its persons)."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=roles.municipalities | roles.leader_of)


def access_municipality(
    user: User | AnonymousUser, slug: str, perm: str = "accounts.view_municipality"
) -> Municipality:
    """A municipality whose non-public pages the user may open (by its slug); 404 otherwise."""
    return get_permitted_or_404(municipalities_visible_to(user), user=user, perm=perm, slug=slug)


def own_municipality_ids(user: User | AnonymousUser) -> list[int]:
    """The municipalities where the user holds a municipal role (ids)."""
    return sorted(user_roles(user).municipalities)


def municipalities_among(ids) -> QuerySet[Municipality]:
    """The municipalities with these ids (the caller's own roles), by name."""
    return Municipality.objects.filter(pk__in=ids).order_by("name")


def municipalities_by_name() -> QuerySet[Municipality]:
    """Every municipality, by name: their names are public (the eligibility helper lists them)."""
    return Municipality.objects.order_by("name")


def municipality_brand(slug: str) -> Municipality:
    """A municipality's name, colour and logo (public: they are on its public page); 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Municipality.objects.only("name", "slug", "accent_color", "logo"), slug=slug
    )


def municipalities_listed(q: str = "") -> QuerySet[Municipality]:
    """Every municipality for the public list, by name, those whose name (or short name in
    addresses) contains `q`; only what the list shows is read."""
    found = Municipality.objects.only("name", "slug", "country", "logo")
    q = " ".join(q.split())
    if q:
        from django.db.models import Q

        found = found.filter(Q(name__icontains=q) | Q(slug__icontains=q))
    return found.order_by("name", "pk")


def single_municipality() -> Municipality | None:
    """The municipality of a single-municipality deployment (`SINGLE_MUNICIPALITY`, its slug),
    else None. A setting, not a count: a shared deployment that so far has one municipality
    keeps Brobygger's own start page."""
    from django.conf import settings

    slug = settings.SINGLE_MUNICIPALITY
    return Municipality.objects.only("slug").filter(slug=slug).first() if slug else None


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


def home_municipality(user: User) -> Municipality | None:
    """The municipality a user belongs to, for the language they start in and get e-mails in:
    the first (by name) they are staff in, else the first their organisations are active in."""
    roles = user_roles(user)
    if roles.municipalities:
        return municipalities_among(roles.municipalities).first()
    if roles.organizations:
        return (
            Municipality.objects.filter(organizations__pk__in=roles.organizations)
            .order_by("name")
            .first()
        )
    return None


def municipality_by_slug(slug: str) -> Municipality | None:
    """A municipality by its public short name (its pages' addresses), or None."""
    return Municipality.objects.filter(slug=slug).only("country", "default_language").first()


def coordinators_of(municipality_id: int) -> QuerySet[User]:
    """The people who coordinate this municipality and can still sign in, each once: whom a
    service tells when something there needs a coordinator."""
    from accounts.models import User

    return User.objects.filter(
        is_active=True,
        municipality_memberships__municipality_id=municipality_id,
        municipality_memberships__role=MunicipalityMembership.Role.COORDINATOR,
    ).distinct()
