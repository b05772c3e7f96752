"""Reads of organisations and activities, scoped by who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
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
from django.utils.translation import gettext as _

from accounts.models import Municipality
from accounts.selectors import user_roles
from core.access import get_or_404, get_permitted_or_404
from core.countries import SEARCH_CONFIGS, currency_for
from core.translated_fields import reader_order
from core.weekly import EVENING_STARTS_HOUR, WEEKEND_DAYS, Weekday
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
    unconfirmed_for,
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


def organization_profile(
    queryset: QuerySet[Organization], *, with_members: bool = True
) -> QuerySet[Organization]:
    """Everything an organisation page shows, in a fixed number of queries. The members (the
    contact persons) are shown to signed-in staff and editors only: `with_members=False` for a
    signed-out visitor leaves them, and their user rows, unread."""
    public_activities = (
        Activity.objects.filter(is_active=True)
        .prefetch_related("schedules", "languages", "target_groups")
        .order_by(reader_order("title"), "pk")
    )
    # Offers and needs are read by signed-in visitors only: the template asks for them then.
    profile = queryset.select_related("parent").prefetch_related(
        "categories",
        Prefetch(
            "municipality_links",
            queryset=OrganizationMunicipality.objects.select_related("municipality"),
        ),
        "languages",
        "target_groups",
        Prefetch("activities", queryset=public_activities),
    )
    if not with_members:
        return profile
    return profile.prefetch_related(
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


# The categories of organisations that have local branches under them.
UMBRELLA_CATEGORIES = (choices.Category.LARGE, choices.Category.UMBRELLA)


def possible_umbrellas(*, exclude: int | None = None) -> QuerySet[Organization]:
    """The public organisations a profile may name as its umbrella: the large established ones
    and the umbrella bodies, or any that already has a branch (never itself)."""
    queryset = (
        Organization.objects.verified_anywhere()
        .filter(Q(categories__code__in=UMBRELLA_CATEGORIES) | Q(branches__isnull=False))
        .distinct()
        .order_by("name")
        .only("pk", "name")
    )
    return queryset.exclude(pk=exclude) if exclude else queryset


def branches_of(organization: Organization, user) -> list[Organization]:
    """An organisation's local branches: the public ones, and for the umbrella's own people
    (and the coordinators who may see them) the ones not yet verified too."""
    if organization.pk in user_roles(user).organizations:
        branches = Organization.objects.exclude(status=Organization.Status.CLOSED)
    else:
        branches = organizations_visible_to(user)
    branches = branches.filter(parent=organization)
    return list(branches.only("pk", "name", "status").order_by("name"))


def access_branch_to_detach(user, pk, branch_id) -> tuple[Organization, Organization]:
    """An umbrella the user may speak for (its admins, its coordinators) and an organisation
    that names it as its umbrella; 404 otherwise."""
    umbrella = get_permitted_or_404(
        organizations_visible_to(user), user=user, perm="organizations.detach_branch", pk=pk
    )
    branch = get_or_404(
        Organization.objects.exclude(status=Organization.Status.CLOSED).filter(parent=umbrella),
        pk=branch_id,
    )
    return umbrella, branch


def with_public_parent_uuid(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """`parent_uuid`: the public id of the organisation's umbrella when that is public (the
    open data's `parent_organization_id`), in the same query."""
    return queryset.annotate(
        parent_uuid=Case(
            When(parent__status=Organization.Status.VERIFIED, then=F("parent__uuid")),
            default=None,
        )
    )


def offers_and_needs_in(municipality: Municipality) -> QuerySet[Organization]:
    """The organisations verified in the municipality that say what they offer or need (R08),
    with both vocabularies prefetched: a page is the same few queries at any size."""
    says_something = (
        Q(offers__isnull=False) | Q(needs__isnull=False) | ~Q(offers_text="") | ~Q(needs_text="")
    )
    with_something = Organization.objects.filter(says_something).values("pk")
    return (
        Organization.objects.verified_in(municipality)
        .filter(pk__in=with_something)
        .prefetch_related("offers", "needs")
        .order_by("name", "pk")
    )


def access_offers_and_needs(user, slug: str) -> Municipality:
    """A municipality whose offers and needs the user may read (its coordinators, the people of
    organisations); 404 otherwise."""
    return get_permitted_or_404(
        Municipality.objects.all(),
        user=user,
        perm="organizations.view_offers_and_needs",
        slug=slug,
    )


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
        .order_by(reader_order("title"), "pk")[:5]
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
        .order_by("organization__name", reader_order("title"), "pk")
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
    for a year (settings.PROFILE_CONFIRM_EVERY_DAYS; one never confirmed counts from when it was
    made, like the yearly e-mail): the coordinator's list of profiles that may be out of date,
    those hidden from the public directory among them. One query."""
    before = now - datetime.timedelta(days=settings.PROFILE_CONFIRM_EVERY_DAYS)
    return municipality.organizations.filter(
        Q(confirmed_at__lt=before) | Q(confirmed_at__isnull=True, created_at__lt=before)
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


def _confirmed_lately(prefix: str = "") -> Q:
    """Not left out of the public directory for want of confirmation: confirmed or saved within
    settings.PROFILE_HIDDEN_AFTER_DAYS (issue #18: "after longer they are hidden")."""
    return ~unconfirmed_for(settings.PROFILE_HIDDEN_AFTER_DAYS, prefix=prefix)


def directory_organizations() -> QuerySet[Organization]:
    """Public organisations (verified in at least one municipality, confirmed lately), each
    with the municipalities that have verified it (`verified_links`): a listing names no other."""
    return (
        Organization.objects.verified_anywhere()
        .filter(_confirmed_lately())
        .prefetch_related("categories", verified_links(), "languages")
    )


def _verified_where_held() -> Q:
    """The activity's organisation is public, and the activity's municipality has not kept it
    waiting or rejected it: an organisation verified in A that adds B shows no activity in B
    until B's coordinators have verified it."""
    not_verified_there = OrganizationMunicipality.objects.filter(
        organization=OuterRef("organization"), municipality=OuterRef("municipality")
    ).exclude(status=Organization.Status.VERIFIED)
    return (
        Q(organization__status=Organization.Status.VERIFIED)
        & ~Exists(not_verified_there)
        & _confirmed_lately("organization__")
    )


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
        .order_by("organization__name", "organization_id", reader_order("title"), "pk")
    )


def low_cost_price(municipality: Municipality) -> Decimal:
    """The highest price a time of an activity in the municipality counts as low-cost at
    (settings.LOW_COST_PRICE, by the municipality's currency)."""
    return Decimal(settings.LOW_COST_PRICE.get(currency_for(municipality.country), 0))


@dataclass(frozen=True)
class OfferDay:
    """One weekday of the printable offer list: each weekly time held that day, by time."""

    weekday: int | None  # None: the activities without a weekly time ("by appointment")
    label: str
    entries: list  # [(ActivitySchedule | None, Activity)]


def offer_days_in(municipality: Municipality, *, cheap_only: bool = True) -> list[OfferDay]:
    """The printable offer list by weekday (issue #18): Monday to Sunday, each weekly time of a
    public activity under its day, sorted by time (then title); the activities without a weekly
    time last. `cheap_only` keeps the free and low-cost ones (`low_cost_price`). Two queries,
    whatever the number of activities."""
    activities = public_offers_in(municipality)
    if cheap_only:
        activities = activities.filter(Q(is_free=True) | Q(price__lte=low_cost_price(municipality)))
    by_day: dict[int, list] = {day: [] for day in Weekday.values}
    unscheduled = []
    for activity in activities:
        schedules = list(activity.schedules.all())
        for schedule in schedules:
            by_day[schedule.weekday].append((schedule, activity))
        if not schedules:
            unscheduled.append((None, activity))
    days = [
        OfferDay(
            weekday=day,
            label=str(Weekday(day).label),
            entries=sorted(
                entries,
                key=lambda entry: (entry[0].starts_at, entry[1].title.lower(), entry[1].pk),
            ),
        )
        for day, entries in by_day.items()
        if entries
    ]
    if unscheduled:
        days.append(OfferDay(weekday=None, label=str(_("By appointment")), entries=unscheduled))
    return days


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
        return (
            queryset.annotate(local_status=F("status"))
            .select_related("parent")
            .prefetch_related("categories", "municipalities")
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
        .select_related("parent")  # the export's umbrella columns
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


def public_activity_schedules(*, municipality=None) -> QuerySet[ActivitySchedule]:
    """The weekly times of the public activities (those of the directory), with their activity
    and organisation (one query); of one municipality's activities when it is given."""
    slots = ActivitySchedule.objects.filter(
        activity__in=Activity.objects.filter(_verified_where_held(), is_active=True)
    ).select_related("activity__organization")
    if municipality is not None:
        slots = slots.filter(activity__municipality=municipality)
    return slots.order_by("activity_id", "weekday", "starts_at")


@dataclass(frozen=True)
class ActivityOccurrence:
    """One day on which a public activity meets, from its weekly times (for the public
    calendar, R41)."""

    day: datetime.date
    starts_at: datetime.time
    ends_at: datetime.time
    activity: Activity


def public_activity_occurrences(
    first: datetime.date,
    last: datetime.date,
    *,
    organization_id: int | None = None,
    evening: bool = False,
    weekend: bool = False,
) -> list[ActivityOccurrence]:
    """The days from `first` to `last` (both included) on which the public activities (those of
    the directory) meet, by their weekly times and seasons, in order (one query, however many
    activities there are)."""
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    slots = (
        public_activity_schedules()
        .filter(weekday__in={day.weekday() for day in days})
        .filter(
            Q(season_start__isnull=True) | Q(season_start__lte=last),
            Q(season_end__isnull=True) | Q(season_end__gte=first),
        )
    )
    if organization_id is not None:
        slots = slots.filter(activity__organization_id=organization_id)
    if evening:
        slots = slots.filter(starts_at__hour__gte=EVENING_STARTS_HOUR)
    if weekend:
        slots = slots.filter(weekday__in=WEEKEND_DAYS)
    by_weekday: dict[int, list[ActivitySchedule]] = {}
    for slot in slots.order_by("starts_at", "pk"):
        by_weekday.setdefault(slot.weekday, []).append(slot)
    return [
        ActivityOccurrence(day, slot.starts_at, slot.ends_at, slot.activity)
        for day in days
        for slot in by_weekday.get(day.weekday(), [])
        if (slot.season_start is None or slot.season_start <= day)
        and (slot.season_end is None or day <= slot.season_end)
    ]
