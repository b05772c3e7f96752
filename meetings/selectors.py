"""Reads of meetings and venues, scoped by who asks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from accounts.selectors import user_roles
from core.access import get_or_404, get_permitted_or_404
from meetings.agenda_templates import shipped_for
from meetings.models import (
    MAX_DURATION,
    AgendaSchedule,
    AgendaTemplate,
    CalendarFeed,
    GroupMember,
    Kind,
    LogisticsItem,
    Meeting,
    MeetingSeries,
    Participation,
    TimePoll,
    TimePollInvitee,
    TimePollVote,
    Venue,
)
from meetings.planner import in_working_hours
from organizations.models import Organization
from organizations.selectors import verified_municipality_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import Municipality, User


def _organized_by(roles) -> Q:
    """The meetings these roles organise: the organising organisation's admins and contact
    persons, or, when the municipality organises, its coordinators (accounts.permissions)."""
    return Q(organizer_organization__in=roles.organizations_with("admin", "contact")) | Q(
        organizer_organization__isnull=True, municipality__in=roles.coordinator_of
    )


def _drafts_hidden(condition: Q, roles) -> Q:
    """A draft is seen only by its organisers (and platform administrators)."""
    return condition & (~Q(status=Meeting.Status.DRAFT) | _organized_by(roles))


def meetings_visible_to(user: User | AnonymousUser) -> QuerySet[Meeting]:
    """Public events for everyone; others for the invited, the organiser, and the municipality.
    Drafts only for their organisers."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Meeting.objects.all()
    condition = Q(is_public=True)
    if user.is_authenticated:
        invited = Participation.objects.filter(
            Q(user=user) | Q(organization__in=roles.organizations.keys())
        ).values("meeting_id")
        condition |= Q(pk__in=invited) | Q(organizer_organization__in=roles.organizations.keys())
    if roles.municipalities or roles.leader_of:
        condition |= Q(municipality__in=roles.municipalities | roles.leader_of)
    return Meeting.objects.filter(_drafts_hidden(condition, roles))


def series_held_in(municipality_id) -> QuerySet[MeetingSeries]:
    """The meeting series with occurrences in the municipality (an agreement may name one)."""
    return MeetingSeries.objects.filter(occurrences__municipality=municipality_id).distinct()


def meetings_to_announce(municipality: Municipality, *, now: datetime) -> QuerySet[Meeting]:
    """The municipality's scheduled, coming meetings (an announcement may link to one)."""
    return Meeting.objects.filter(
        municipality=municipality, status=Meeting.Status.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at")


def grant_information_meetings(municipality: Municipality, *, now: datetime) -> QuerySet[Meeting]:
    """The municipality's coming information meetings about grants (help slots follow them).
    Public meetings; the grants app reads them through this selector."""
    return (
        Meeting.objects.filter(
            municipality=municipality, kind=Kind.GRANT_INFORMATION, starts_at__gte=now
        )
        .exclude(status=Meeting.Status.DRAFT)
        .order_by("starts_at")
    )


def evaluation_meetings_held(municipality_id: int, *, now: datetime) -> QuerySet[Meeting]:
    """The municipality's evaluation meetings that have taken place, latest first (an evaluation
    of an agreement may say which one it was recorded at)."""
    return Meeting.objects.filter(
        municipality=municipality_id,
        kind=Kind.EVALUATION,
        status=Meeting.Status.SCHEDULED,
        starts_at__lte=now,
    ).order_by("-starts_at")


def meetings_of_user(user: User) -> QuerySet[Meeting]:
    """ "My meetings": where I or my organisations are invited or organise; drafts only where I
    organise (the calendar feed leaves them out: `published`)."""
    roles = user_roles(user)
    invited = Participation.objects.filter(
        Q(user=user) | Q(organization__in=roles.organizations.keys())
    ).values("meeting_id")
    condition = Q(pk__in=invited) | Q(organizer_organization__in=roles.organizations.keys())
    if roles.coordinator_of:
        condition |= Q(municipality__in=roles.coordinator_of, organizer_organization__isnull=True)
    return Meeting.objects.filter(_drafts_hidden(condition, roles))


def published(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Without drafts: what calendar feeds and the public calendar show."""
    return queryset.exclude(status=Meeting.Status.DRAFT)


def meetings_of_organization(organization: Organization) -> QuerySet[Meeting]:
    """What the organisation is invited to or organises, published (its calendar and feed)."""
    invited = Participation.objects.filter(organization=organization).values("meeting_id")
    return published(
        Meeting.objects.filter(Q(pk__in=invited) | Q(organizer_organization=organization))
    )


def public_meetings() -> QuerySet[Meeting]:
    return published(Meeting.objects.filter(is_public=True))


def municipalities_with_public_events() -> QuerySet[Municipality]:
    """The municipalities that have published an open event (their names are public)."""
    from accounts.models import Municipality

    return Municipality.objects.filter(pk__in=public_meetings().values("municipality_id")).order_by(
        "name"
    )


def municipality_by_slug(slug: str) -> Municipality | None:
    """A municipality by its public address name (for its public event feed)."""
    from accounts.models import Municipality

    return Municipality.objects.filter(slug=slug).first()


def in_range(queryset: QuerySet[Meeting], start: datetime, end: datetime) -> QuerySet[Meeting]:
    """Meetings overlapping [start, end), ready for a calendar page (fixed number of queries).

    Reads only the meetings that start in the period or at most `MAX_DURATION` before it (an
    index range, not every meeting ever), and counts each shown meeting's yes-answers in a
    subquery, not by joining every invitation of the calendar."""
    yes = (
        Participation.objects.filter(meeting=OuterRef("pk"), response="yes", waitlisted=False)
        .order_by()
        .values("meeting")
        .annotate(total=Sum("party_size"))
        .values("total")
    )
    return (
        queryset.filter(starts_at__lt=end, starts_at__gt=start - MAX_DURATION, ends_at__gt=start)
        .select_related("venue", "organizer_organization", "municipality")
        .annotate(yes_count=Subquery(yes))
        .order_by("starts_at")
    )


def busy_times_of(
    organization_ids: Iterable[int], start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each organisation's scheduled meetings that overlap [start, end), invited or organising
    (what `meetings_of_organization` gives), as (starts, ends) pairs: for the planner, two
    queries however many organisations it weighs (it asked once per organisation)."""
    ids = list(organization_ids)
    scheduled = Meeting.objects.filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__lt=end,
        starts_at__gt=start - MAX_DURATION,
        ends_at__gt=start,
    )
    invited = Participation.objects.filter(organization__in=ids, meeting__in=scheduled).values_list(
        "organization_id", "meeting_id", "meeting__starts_at", "meeting__ends_at"
    )
    organised = scheduled.filter(organizer_organization__in=ids).values_list(
        "organizer_organization_id", "pk", "starts_at", "ends_at"
    )
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    seen = set()
    for rows in (invited, organised):
        for organization_id, meeting_id, starts_at, ends_at in rows:
            if (organization_id, meeting_id) not in seen:
                seen.add((organization_id, meeting_id))
                busy.setdefault(organization_id, []).append((starts_at, ends_at))
    return busy


def meeting_page(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.select_related(
        "venue", "organizer_organization", "municipality", "series", "minute_taker"
    ).prefetch_related("participations__organization", "participations__user")


def participations_for(user: User, meeting: Meeting) -> list[Participation]:
    """The invitations on this meeting that this person may answer."""
    roles = user_roles(user)
    return [
        p
        for p in meeting.participations.all()
        if p.user_id == user.pk
        or (p.organization_id and p.organization_id in roles.organizations_with("admin", "contact"))
    ]


def answer_link_target(participation_id: int, user_id: int) -> tuple[Participation, User] | None:
    """The invitation and the person an answer link names (both must exist, the person's account
    active); the signature is checked before this is asked (meetings.answer_links)."""
    from django.contrib.auth import get_user_model

    participation = (
        Participation.objects.select_related(
            "organization", "meeting__venue", "meeting__municipality"
        )
        .filter(pk=participation_id)
        .first()
    )
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if participation is None or person is None:
        return None
    return participation, person


def seats_taken(meeting: Meeting) -> int:
    return (
        meeting.participations.filter(response__in=["yes", "maybe"], waitlisted=False).aggregate(
            n=Sum("party_size")
        )["n"]
        or 0
    )


def venues_visible_to(user: User | AnonymousUser) -> QuerySet[Venue]:
    """Venues of the user's municipalities and of municipalities their organisations work in."""
    roles = user_roles(user)
    if roles.is_platform_admin:
        return Venue.objects.all()
    organizations = list(roles.organizations.keys())
    # A subquery, not a join through the municipality's organisations: a join repeats each venue
    # once per organisation there, and multiplies the counts of venues_with_counts. Only the
    # municipalities that have verified the organisation (organizations.selectors).
    their_municipalities = verified_municipality_ids(organizations)
    condition = (
        Q(municipality__in=roles.municipalities)
        | Q(organization__in=organizations)
        | Q(municipality__in=their_municipalities)
    )
    return Venue.objects.filter(condition)


def venues_with_counts(queryset: QuerySet[Venue]) -> QuerySet[Venue]:
    return queryset.select_related("municipality", "organization").annotate(
        meeting_count=Count("meetings")
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user", "organization").filter(token=token).first()


def meetings_for_feed(
    queryset: QuerySet[Meeting], start: datetime, end: datetime
) -> QuerySet[Meeting]:
    """Meetings in [start, end), plus every occurrence of a series that has one there: a feed
    describes a series whole (RRULE and EXDATE), so it must see all of its rows."""
    window = queryset.filter(starts_at__lt=end, ends_at__gt=start)
    series = window.exclude(series=None).values("series_id")
    return (
        queryset.filter(Q(pk__in=window.values("pk")) | Q(series__in=series))
        .select_related("venue", "series")
        .only(*FEED_FIELDS)
        .order_by("starts_at")
    )


# What an event in a feed shows (meetings/ical.py), and no more: a feed has thousands of rows, and
# every column read is parsed for each of them (a timestamp costs most).
FEED_FIELDS = (
    *("uuid", "title", "description", "agenda", "online_url", "status", "sequence", "detached"),
    *("starts_at", "ends_at", "recurrence_id", "updated_at", "venue", "series"),
    *("venue__name", "venue__room", "venue__address", "venue__postal_code", "venue__city"),
    *("series__uuid", "series__rrule", "series__dtstart", "series__duration"),
)


# -- access functions: one per model, the one way a view gets an object (core.access) -----------


def access_meeting(user: User | AnonymousUser, pk: int) -> Meeting:
    """A meeting the user may see (public ones, and those of their municipality or
    organisations), with what its page shows."""
    return get_or_404(meeting_page(meetings_visible_to(user)), pk=pk)


def access_meeting_of_participation(user: User, participation_pk: int) -> Meeting:
    return get_or_404(meeting_page(meetings_visible_to(user)), participations__pk=participation_pk)


def access_public_meeting(pk: int) -> Meeting:
    return get_or_404(public_meetings(), pk=pk)


def access_venue(user: User | AnonymousUser, pk: int) -> Venue:
    return get_or_404(
        venues_visible_to(user)
        .select_related("municipality", "organization")
        .prefetch_related("openings"),
        pk=pk,
    )


def agenda_templates_of(municipality: Municipality) -> dict[str, str]:
    """Kind of meeting -> the agenda a new meeting of that kind starts from: the municipality's
    own version, else the one shipped for its country (meetings.agenda_templates)."""
    texts = dict(shipped_for(municipality.country))
    texts.update(
        AgendaTemplate.objects.filter(municipality=municipality).values_list("kind", "text")
    )
    return texts


def latest_minutes(municipality: Municipality, *, limit: int = 5) -> QuerySet[Meeting]:
    """The municipality's latest meetings with minutes (for its coordinators and leaders, R73):
    the titles and dates; the minutes are read on each meeting's page."""
    return (
        Meeting.objects.filter(municipality=municipality, status=Meeting.Status.SCHEDULED)
        .exclude(minutes="")
        .only("pk", "title", "starts_at")
        .order_by("-starts_at")[:limit]
    )


# -- time polls -----------------------------------------------------------------------------------


def time_polls_visible_to(user: User | AnonymousUser) -> QuerySet[TimePoll]:
    """The municipality's coordinators and the organising organisation's people (the organisers),
    and the invited organisations' admins and contact persons."""
    if not user.is_authenticated:
        return TimePoll.objects.none()
    roles = user_roles(user)
    answering = roles.organizations_with("admin", "contact")
    return TimePoll.objects.filter(
        Q(municipality__in=roles.coordinator_of)
        | Q(organizer_organization__in=answering)
        | Q(invitees__organization__in=answering)
    ).distinct()


def time_polls_open_for(user: User) -> QuerySet[TimePoll]:
    return time_polls_visible_to(user).filter(status=TimePoll.Status.OPEN).order_by("-created_at")


def access_time_poll(user: User | AnonymousUser, pk: int) -> TimePoll:
    return get_or_404(
        time_polls_visible_to(user)
        .select_related("municipality", "organizer_organization", "meeting")
        .prefetch_related("options", "invitees__organization", "invitees__votes"),
        pk=pk,
    )


def time_poll_link_target(invitee_id: int, user_id: int) -> tuple[TimePollInvitee, User] | None:
    """The invited organisation and the person a poll link names; the signature is checked
    before this is asked (core.signed_links.open_link)."""
    from django.contrib.auth import get_user_model

    invitee = (
        TimePollInvitee.objects.select_related("organization", "poll__municipality")
        .prefetch_related("poll__options", "votes")
        .filter(pk=invitee_id)
        .first()
    )
    person = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if invitee is None or person is None:
        return None
    return invitee, person


@dataclass(frozen=True)
class TallyRow:
    option: Any
    yes: int
    if_need_be: int
    no: int
    unanswered: int
    in_working_hours: bool


def time_poll_tally(poll: TimePoll) -> list[TallyRow]:
    """Each time with its counts, best first: fewest no, then most yes, then most if need be;
    between equals a time outside working hours (weekday before 17:00) comes first (R32)."""
    invitees = list(poll.invitees.all())
    rows = []
    for option in poll.options.all():
        answers = [v.answer for i in invitees for v in i.votes.all() if v.option_id == option.pk]
        rows.append(
            TallyRow(
                option=option,
                yes=answers.count(TimePollVote.Answer.YES),
                if_need_be=answers.count(TimePollVote.Answer.IF_NEED_BE),
                no=answers.count(TimePollVote.Answer.NO),
                unanswered=len(invitees) - len(answers),
                in_working_hours=in_working_hours(option.starts_at, poll.municipality.country),
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.no, -r.yes, -r.if_need_be, r.in_working_hours, r.option.starts_at),
    )


def agenda_days_before(municipality_ids: Iterable[int]) -> dict[int, int]:
    """How many days before its meetings each municipality sends the agenda (R34)."""
    municipality_ids = list(municipality_ids)
    chosen = dict(
        AgendaSchedule.objects.filter(municipality__in=municipality_ids).values_list(
            "municipality", "days_before"
        )
    )
    return {m: chosen.get(m, AgendaSchedule.DEFAULT_DAYS) for m in municipality_ids}


def minute_taker_choices(meeting: Meeting) -> QuerySet:
    """Who can take the minutes: the meeting's organisers (the organising organisation's admins
    and contact persons, or the municipality's coordinators)."""
    from django.contrib.auth import get_user_model

    from accounts.models import MunicipalityMembership
    from organizations.models import OrganizationMembership

    users = get_user_model().objects.filter(is_active=True)
    if meeting.organizer_organization_id:
        return users.filter(
            organization_memberships__organization=meeting.organizer_organization_id,
            organization_memberships__role__in=[
                OrganizationMembership.Role.ADMIN,
                OrganizationMembership.Role.CONTACT,
            ],
        ).distinct()
    return users.filter(
        municipality_memberships__municipality=meeting.municipality_id,
        municipality_memberships__role=MunicipalityMembership.Role.COORDINATOR,
    ).distinct()


def logistics_of(meeting: Meeting) -> list[LogisticsItem]:
    """The meeting's checklist, every kind in order: the saved lines, and unsaved "to do" lines
    for the kinds not touched yet (one query)."""
    saved = {item.kind: item for item in meeting.logistics.select_related("taken_by")}
    return [
        saved.get(kind) or LogisticsItem(meeting=meeting, kind=kind)
        for kind in LogisticsItem.Kind.values
    ]


# -- the coordinating group (R30) -----------------------------------------------------------------


def access_coordinating_group(user: User | AnonymousUser, slug: str) -> Municipality:
    """A municipality whose coordinating group the user keeps (its coordinators); 404 otherwise."""
    from accounts.models import Municipality

    return get_permitted_or_404(
        Municipality.objects.all(),
        user=user,
        perm="meetings.manage_coordinating_group",
        slug=slug,
    )


def access_group_member(municipality: Municipality, pk: int) -> GroupMember:
    """One member of the municipality's group (for the coordinator who keeps it); 404 otherwise."""
    return get_or_404(municipality.group_members.select_related("user", "organization"), pk=pk)


def group_members_of(municipality: Municipality) -> QuerySet[GroupMember]:
    """The group's members with their person and organisation (one query)."""
    return GroupMember.objects.filter(municipality=municipality).select_related(
        "user", "organization", "name_set_by"
    )


def group_memberships_of(user: User | AnonymousUser) -> list[GroupMember]:
    """The coordinating groups the user is in, with the municipality (one query; none for a
    visitor who is not signed in). Shown on their profile, where they set their own name."""
    if not user.is_authenticated:
        return []
    return list(
        GroupMember.objects.filter(user=user)
        .select_related("municipality", "organization", "name_set_by")
        .order_by("municipality__name")
    )


def profile_panel(user: User) -> dict:
    """The coordinating groups the person is in, for their own profile page (registered with
    `accounts.profile_panels` in `MeetingsConfig.ready`)."""
    return {"group_memberships": group_memberships_of(user)}


def access_own_group_membership(user: User | AnonymousUser, slug: str) -> GroupMember:
    """The user's own membership of the municipality's coordinating group; 404 otherwise."""
    return get_permitted_or_404(
        GroupMember.objects.filter(user_id=user.pk).select_related("municipality"),
        user=user,
        perm="meetings.set_own_group_name",
        municipality__slug=slug,
    )


def group_member_users(municipality_id: int) -> list[User]:
    """The group's members who can still be told something (one query)."""
    return [
        member.user
        for member in GroupMember.objects.filter(
            municipality_id=municipality_id, user__is_active=True
        ).select_related("user")
    ]


def group_candidates(municipality: Municipality) -> list[tuple[str, str]]:
    """Who can join the municipality's group, as (value, label): its staff and leaders (`m<user>`)
    and the people of the organisations verified there (`o<organisation>-<user>`), by name; those
    already in it are left out (two queries)."""
    from accounts.models import MunicipalityMembership
    from organizations.models import OrganizationMembership

    taken = set(
        GroupMember.objects.filter(municipality=municipality).values_list("user_id", flat=True)
    )
    choices = []
    staff = MunicipalityMembership.objects.filter(
        municipality=municipality, user__is_active=True, user__deleted_at__isnull=True
    ).select_related("user")
    seen = set()
    for membership in staff:
        if membership.user_id in taken | seen:
            continue
        seen.add(membership.user_id)
        label = f"{membership.user} ({municipality.name})"
        choices.append((f"m{membership.user_id}", label))
    people = OrganizationMembership.objects.filter(
        organization__municipality_links__municipality=municipality,
        organization__municipality_links__status=Organization.Status.VERIFIED,
        user__is_active=True,
        user__deleted_at__isnull=True,
    ).select_related("user", "organization")
    for membership in people:
        if membership.user_id in taken:
            continue
        label = f"{membership.user} ({membership.organization.name})"
        choices.append((f"o{membership.organization_id}-{membership.user_id}", label))
    return sorted(choices, key=lambda choice: choice[1].lower())


@dataclass(frozen=True)
class ShownMember:
    """What the public page shows of one member: the name only if they agreed."""

    role_title: str
    organization: str
    name: str


def public_group_of(municipality: Municipality) -> list[ShownMember]:
    """The coordinating group as the public page shows it (one query)."""
    return [
        ShownMember(
            role_title=member.role_title,
            organization=member.organization.name if member.organization_id else municipality.name,
            name=str(member.user) if member.name_shown else "",
        )
        for member in group_members_of(municipality).filter(user__deleted_at__isnull=True)
    ]
