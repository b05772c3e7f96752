"""Reads of organisations and activities, scoped by who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import Municipality
from accounts.selectors import user_roles
from core.access import get_or_404
from core.countries import SEARCH_CONFIGS
from organizations import choices, search
from organizations.models import (
    Activity,
    ActivitySchedule,
    Invitation,
    JoinRequest,
    Organization,
    OrganizationMembership,
    OrganizationMunicipality,
    TargetGroupTerm,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def organizations_of(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organisations the user belongs to (any role)."""
    return Organization.objects.filter(pk__in=user_roles(user).organizations.keys()).order_by(
        "name"
    )


def organizations_kept_by(user: User | AnonymousUser) -> QuerySet[Organization]:
    """The organisations the user keeps up to date (as admin or contact person)."""
    return organizations_of(user).filter(
        pk__in=user_roles(user).organizations_with("admin", "contact")
    )


def access_organization_of(user: User | AnonymousUser, pk) -> Organization:
    """One of the organisations the user belongs to; 404 otherwise."""
    return get_or_404(organizations_of(user), pk=pk)


def access_organization_kept_by(user: User | AnonymousUser, pk) -> Organization:
    """One of the organisations the user keeps (admin or contact person); 404 otherwise."""
    return get_or_404(organizations_kept_by(user), pk=pk)


def organizations_active_in(municipality: Municipality) -> QuerySet[Organization]:
    return municipality.organizations.order_by("name")


def verified_municipality_ids(organization_ids) -> QuerySet:
    """Ids of the municipalities where any of these organisations is verified (a subquery):
    where their people see venues and help times and may organise meetings."""
    return OrganizationMunicipality.objects.filter(
        organization_id__in=list(organization_ids), status=Organization.Status.VERIFIED
    ).values("municipality_id")


def verified_links() -> Prefetch:
    """Prefetch each organisation's verified municipalities as `verified_links`."""
    return Prefetch(
        "municipality_links",
        queryset=OrganizationMunicipality.objects.filter(status=Organization.Status.VERIFIED)
        .select_related("municipality")
        .order_by("municipality__name"),
        to_attr="verified_links",
    )


def municipality_links(organization: Organization) -> list[OrganizationMunicipality]:
    """Each municipality of the organisation with its verification, by name (from the prefetch
    of `organization_profile` when there is one)."""
    return sorted(organization.municipality_links.all(), key=lambda link: link.municipality.name)


def verifications_for(organization: Organization, user: User) -> list[OrganizationMunicipality]:
    """The organisation's municipalities whose verification this user decides and that are not
    verified yet: a coordinator's own municipalities (every one for a platform admin)."""
    roles = user_roles(user)
    return [
        link
        for link in municipality_links(organization)
        if link.status != Organization.Status.VERIFIED
        and (roles.is_platform_admin or link.municipality_id in roles.coordinator_of)
    ]


def municipality_of(organization: Organization, municipality_id) -> Municipality | None:
    """One of the organisation's municipalities by id, or None (a bad or foreign id)."""
    try:
        municipality_id = int(municipality_id)
    except (TypeError, ValueError):
        return None
    return organization.municipalities.filter(pk=municipality_id).first()


def organizations_for_dashboard(user: User) -> QuerySet[Organization]:
    """The user's organisations with their member counts (one query)."""
    return organizations_of(user).annotate(member_count=Count("memberships__user", distinct=True))


def organizations_visible_to(user: User | AnonymousUser) -> QuerySet[Organization]:
    """Verified organisations for everyone; pending ones for their people and their municipality."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Organization.objects.all()
    condition = Q(status=Organization.Status.VERIFIED) | Q(pk__in=roles.organizations.keys())
    if roles.municipalities:
        staff_orgs = Organization.objects.filter(municipalities__in=roles.municipalities).values(
            "pk"
        )
        condition |= Q(pk__in=staff_orgs)
    return Organization.objects.filter(condition)


def organization_profile(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """Everything an organisation page shows, in a fixed number of queries."""
    public_activities = (
        Activity.objects.filter(is_active=True)
        .prefetch_related("schedules", "languages", "target_groups")
        .order_by("title")
    )
    return queryset.prefetch_related(
        "categories",
        Prefetch(
            "municipality_links",
            queryset=OrganizationMunicipality.objects.select_related("municipality"),
        ),
        "languages",
        "target_groups",
        Prefetch("activities", queryset=public_activities),
        Prefetch(
            "memberships",
            queryset=OrganizationMembership.objects.select_related("user").order_by(
                "user__full_name"
            ),
        ),
    )


def organizations_with_number(
    org_number: str, scheme: str = Organization.NumberScheme.NORWAY
) -> QuerySet[Organization]:
    return Organization.objects.filter(org_number=org_number, number_scheme=scheme)


def organizations_similar(*, name: str, municipality_ids: list[int]) -> QuerySet[Organization]:
    """Registered organisations with a similar name in the same municipalities."""
    words = [w for w in name.split() if len(w) >= 4][:3]
    if not words or not municipality_ids:
        return Organization.objects.none()
    condition = Q()
    for word in words:
        condition |= Q(name__icontains=word)
    return (
        Organization.objects.filter(condition, municipalities__in=municipality_ids)
        .exclude(status=Organization.Status.REJECTED)
        .distinct()
        .order_by("name")[:5]
    )


def activities_visible_to(user: User | AnonymousUser) -> QuerySet[Activity]:
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Activity.objects.all()
    condition = (_verified_where_held() & Q(is_active=True)) | Q(
        organization__in=roles.organizations.keys()
    )
    if roles.municipalities:
        condition |= Q(municipality__in=roles.municipalities)
    return Activity.objects.filter(condition)


def activity_page(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    return queryset.select_related("organization", "municipality").prefetch_related(
        "languages",
        "target_groups",
        Prefetch("schedules", queryset=ActivitySchedule.objects.order_by("weekday", "starts_at")),
    )


def activities_similar_nearby(activity: Activity) -> QuerySet[Activity]:
    """Same type, same municipality, on a shared weekday, from other verified organisations."""
    days = list(activity.weekdays)
    if not days:
        return Activity.objects.none()
    same_day = Q()
    for day in days:
        same_day |= Q(weekdays__contains=day)
    return (
        Activity.objects.filter(
            same_day,
            type=activity.type,
            municipality=activity.municipality_id,
            is_active=True,
        )
        .filter(_verified_where_held())
        .exclude(organization=activity.organization_id)
        .select_related("organization")
        .order_by("title")[:5]
    )


@dataclass(frozen=True)
class Overlap:
    """Activities of one kind, for one target group, on one weekday, run by two or more
    organisations in the municipality (R12)."""

    type_label: str
    target_group: TargetGroupTerm
    weekday: int
    activities: list[Activity]

    @property
    def weekday_label(self) -> str:
        return choices.Weekday(self.weekday).label

    @property
    def organization_ids(self) -> list[int]:
        return sorted({activity.organization_id for activity in self.activities})


def activity_overlaps(municipality) -> list[Overlap]:
    """The coordinator's overlap view: active activities of verified organisations in the
    municipality that share kind, target group and weekday with another organisation's. Two
    queries whatever the amount of data (the activities with their organisations, their target
    groups)."""
    activities = (
        Activity.objects.filter(municipality=municipality, is_active=True)
        .exclude(weekdays="")
        .filter(_verified_where_held())
        .select_related("organization")
        .prefetch_related("target_groups")
        .order_by("organization__name", "title")
    )
    groups: dict[tuple, list[Activity]] = {}
    for activity in activities:
        for group in activity.target_groups.all():
            for day in activity.weekdays:
                groups.setdefault((activity.type, group, int(day)), []).append(activity)
    overlaps = [
        Overlap(
            type_label=members[0].get_type_display(),
            target_group=group,
            weekday=day,
            activities=members,
        )
        for (_type, group, day), members in groups.items()
        if len({a.organization_id for a in members}) > 1
    ]
    return sorted(overlaps, key=lambda o: (o.weekday, o.type_label, str(o.target_group)))


CONFIRM_EVERY_DAYS = 365


def confirm_link_target(organization_id: int, user_id: int) -> tuple[Organization, User] | None:
    """The organisation and the person a "still correct?" link names (both must exist, the
    organisation open, the person's account active); the signature is checked before this is
    asked (organizations.confirm_links)."""
    from django.contrib.auth import get_user_model

    organization = (
        Organization.objects.filter(pk=organization_id, closed_at__isnull=True)
        .prefetch_related("municipalities")
        .first()
    )
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if organization is None or person is None:
        return None
    return organization, person


def stale_organizations_in(municipality: Municipality, *, now) -> QuerySet[Organization]:
    """Organisations active in the municipality whose profile nobody has confirmed (or saved)
    for a year: the coordinator's list of profiles that may be out of date. One query."""
    before = now - datetime.timedelta(days=CONFIRM_EVERY_DAYS)
    return municipality.organizations.filter(
        Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=before)
    ).order_by(F("confirmed_at").asc(nulls_first=True), "name")


# -- the public directory -----------------------------------------------------------------------


def text_search(queryset: QuerySet, text: str) -> QuerySet:
    """Full-text search, each text stemmed in its language (organizations.search): names,
    titles and descriptions in the country's language on `search_document` with the row's
    `search_config` (Danish or Norwegian, so "lektiehjælp" finds "lektiehjælpen"), descriptions
    in another language on that language's own vector (an English "helping families" is found
    by "family"). On PostgreSQL; a plain match elsewhere (SQLite, the embedded default)."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        table = queryset.model._meta.db_table
        # The words typed, stemmed once per configuration.
        queries = {
            config: SearchQuery(text, config=config, search_type="websearch")
            for config in dict.fromkeys([*SEARCH_CONFIGS.values(), *search.TEXT_CONFIGS])
        }
        # The stored tsvectors of migrations 0005/0009/0016 (each GIN-indexed): no row is
        # parsed again. The country's text matched the way each row was stemmed ...
        vectors = {"document": f'"{table}"."search_vector"'}
        condition = Q()
        for config in SEARCH_CONFIGS.values():
            condition |= Q(search_config=config, document=queries[config])
        # ... and each other language's text against the words stemmed in that language.
        for config in search.TEXT_CONFIGS:
            vectors[f"text_{config}"] = f'"{table}"."{search.vector_column(config)}"'
            condition |= Q(**{f"text_{config}": queries[config]})
        aliases = {
            name: RawSQL(sql, [], output_field=SearchVectorField())  # noqa: S611 - no user input
            for name, sql in vectors.items()
        }
        return queryset.alias(**aliases).filter(condition)
    condition = Q()
    for word in text.split():
        found = Q(search_document__icontains=word)
        for config in search.TEXT_CONFIGS:
            found |= Q(**{f"search_texts__{config}__icontains": word})
        condition &= found
    return queryset.filter(condition)


def directory_organizations() -> QuerySet[Organization]:
    """Public organisations (verified in at least one municipality), each with the
    municipalities that have verified it (`verified_links`): a listing names no other."""
    return Organization.objects.verified_anywhere().prefetch_related(
        "categories", verified_links(), "languages"
    )


def _verified_where_held() -> Q:
    """The activity's organisation is public, and the activity's municipality has not kept it
    waiting or rejected it: an organisation verified in A that adds B shows no activity in B
    until B's coordinators have verified it."""
    not_verified_there = OrganizationMunicipality.objects.filter(
        organization=OuterRef("organization"), municipality=OuterRef("municipality")
    ).exclude(status=Organization.Status.VERIFIED)
    return Q(organization__status=Organization.Status.VERIFIED) & ~Exists(not_verified_there)


def directory_activities() -> QuerySet[Activity]:
    """Active activities held in a municipality that has verified their organisation."""
    return (
        Activity.objects.filter(_verified_where_held(), is_active=True)
        .select_related("organization", "municipality")
        .prefetch_related("schedules", "languages")
    )


def public_offers_in(municipality: Municipality) -> QuerySet[Activity]:
    """The municipality's printable offer list: the public activities held there (those of the
    directory), by organisation and title, with their weekly times and the organisation's
    public contact details."""
    return (
        Activity.objects.filter(_verified_where_held(), is_active=True, municipality=municipality)
        .select_related("organization", "municipality")
        .prefetch_related(
            Prefetch(
                "schedules", queryset=ActivitySchedule.objects.order_by("weekday", "starts_at")
            )
        )
        .order_by("organization__name", "organization_id", "title", "pk")
    )


def organizations_looking_for_partners() -> Q:
    today = timezone.localdate()
    return ~Q(looking_for_partners="") & (
        Q(looking_for_partners_until__isnull=True) | Q(looking_for_partners_until__gte=today)
    )


def registry_for(user: User) -> QuerySet[Organization]:
    """The coordinator's registry: every organisation in their municipalities, any status."""
    roles = user_roles(user)
    queryset = Organization.objects.all()
    if roles.is_platform_admin:
        return queryset.annotate(local_status=F("status")).prefetch_related(
            "categories", "municipalities"
        )
    mine = OrganizationMunicipality.objects.filter(
        organization=OuterRef("pk"), municipality__in=roles.coordinator_of
    )
    # The status in the coordinator's own municipalities (what they have to act on): pending
    # when any of theirs waits, verified when one of theirs has verified it, rejected otherwise;
    # closed once it has closed.
    local_status = Case(
        When(status=Organization.Status.CLOSED, then=Value("closed")),
        When(Exists(mine.filter(status=Organization.Status.PENDING)), then=Value("pending")),
        When(Exists(mine.filter(status=Organization.Status.VERIFIED)), then=Value("verified")),
        default=Value("rejected"),
        output_field=CharField(),
    )
    return (
        queryset.filter(
            pk__in=Organization.objects.filter(municipalities__in=roles.coordinator_of).values("pk")
        )
        .annotate(local_status=local_status)
        .prefetch_related("categories", "municipalities")
    )


# -- members and history ------------------------------------------------------------------------


def admins_and_contacts(*organization_ids: int, active_only: bool = False) -> list[User]:
    """The admins and contact persons of these organisations, each once: the people who are told
    about an organisation's business (and may answer for it). `active_only` leaves out the
    accounts that are switched off."""
    memberships = OrganizationMembership.objects.filter(
        organization__in=organization_ids,
        role__in=[OrganizationMembership.Role.ADMIN, OrganizationMembership.Role.CONTACT],
    )
    if active_only:
        memberships = memberships.filter(user__is_active=True)
    return list({m.user_id: m.user for m in memberships.select_related("user")}.values())


def organization_members(organization: Organization) -> list[dict]:
    """One entry per person with all their roles, sorted by name."""
    people: dict[int, dict] = {}
    for membership in organization.memberships.select_related("user").order_by("user__full_name"):
        entry = people.setdefault(
            membership.user_id, {"user": membership.user, "roles": [], "phone": ""}
        )
        entry["roles"].append(membership.get_role_display())
        entry["phone"] = entry["phone"] or membership.phone
    return list(people.values())


def open_invitations(organization: Organization) -> QuerySet[Invitation]:
    return organization.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def open_join_requests(organization: Organization) -> QuerySet[JoinRequest]:
    return organization.join_requests.filter(answered_at__isnull=True).select_related("user")


def join_requests_for_admin(user: User) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        organization__in=user_roles(user).organizations_with("admin")
    ).select_related("organization")


def invitations_by_token() -> QuerySet[Invitation]:
    """Invitations are found by their secret token only (the link in the e-mail)."""
    return Invitation.objects.select_related("organization")


def organization_changes(organization: Organization) -> list[dict]:
    """The profile's history, newest first: who, when, which fields changed and how."""
    records = list(
        organization.history.select_related("history_user").order_by("-history_date")[:100]
    )
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        fields = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["rejection_reason"])
            for change in delta.changes:
                label = Organization._meta.get_field(change.field).verbose_name
                fields.append({"field": label, "old": change.old, "new": change.new})
        changes.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": newer.get_history_type_display(),
                "reason": newer.history_change_reason or "",
                "fields": fields,
            }
        )
    return changes


def municipality_with_code(*, country: str, code: str) -> Municipality | None:
    """The municipality a register answer names (public data): Danish codes are written with or
    without the leading zero ("0370", "370")."""
    if not code:
        return None
    codes = {code, code.lstrip("0")}
    return Municipality.objects.filter(country=country, number__in=codes).first()


# -- access functions: one per model, the one way a view gets an object (core.access) -----------


def access_organization(user: User | AnonymousUser, pk) -> Organization:
    """An organisation the user may see (public ones, their own, their municipality's)."""
    return get_or_404(organizations_visible_to(user), pk=pk)


def access_activity(user: User | AnonymousUser, pk) -> Activity:
    return get_or_404(activities_visible_to(user).select_related("organization"), pk=pk)


def access_join_request(user: User, pk) -> JoinRequest:
    """A request to join an organisation the user administers."""
    return get_or_404(join_requests_for_admin(user), pk=pk)


def access_invitation(token: str) -> Invitation:
    """The invitation this secret token opens (whoever holds the link)."""
    return get_or_404(invitations_by_token(), token=token)
