"""Business actions on venues, meetings, invitations and calendar feeds."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MunicipalityMembership
from agreements.selectors import party_organization_ids_for_series, party_organization_ids_of
from core.time import zone_for
from core.validation import required_text
from meetings import planner, recurrence
from meetings.agenda_templates import shipped_for
from meetings.models import (
    MAX_DURATION,  # also what calendars rely on (meetings.selectors.in_range)
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
    TimePollOption,
    TimePollVote,
    Venue,
    VenueOpening,
)
from meetings.selectors import agenda_templates_of, group_candidates, group_member_users
from notifications.models import Notification
from notifications.services import notification_schedule, notification_schedule_each
from organizations.models import Organization
from organizations.selectors import admins_and_contacts

if TYPE_CHECKING:
    from accounts.models import User

REMINDER_KIND = "meeting_reminder"
MEETING_FIELDS = (
    "kind",
    "title",
    "description",
    "agenda",
    "venue",
    "online_url",
    "capacity",
    "is_public",
    "reminder_minutes",
    "working_hours_reason",
    "minute_taker",
)


# -- venues ---------------------------------------------------------------------------------------


@transaction.atomic
def venue_save(
    *, by: User, venue: Venue | None, fields: dict[str, Any], openings: list[dict[str, Any]]
) -> Venue:
    venue = venue or Venue()
    for name, value in fields.items():
        setattr(venue, name, value)
    if not by.has_perm("meetings.manage_venue", venue):
        raise PermissionDenied
    if (
        venue.pk is None
        and venue.organization_id
        and venue.municipality_id
        and not venue.organization.is_verified_in(venue.municipality_id)
    ):
        raise ValidationError(_("The organisation adds venues only where it is verified."))
    venue.full_clean()
    venue.save()
    venue.openings.all().delete()
    VenueOpening.objects.bulk_create(VenueOpening(venue=venue, **row) for row in openings)
    return venue


# -- meetings -------------------------------------------------------------------------------------


def _validate_times(starts_at: datetime, ends_at: datetime, *, now: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if ends_at - starts_at > MAX_DURATION:
        raise ValidationError(
            {"ends_at": _("The meeting would last more than 12 hours. Check the end time.")}
        )
    if starts_at < now:
        raise ValidationError({"starts_at": _("The start is in the past.")})


def venue_clashes(
    venue: Venue, starts_at: datetime, ends_at: datetime, *, exclude: Iterable[int] = ()
) -> bool:
    return (
        Meeting.objects.filter(
            venue=venue,
            status__in=Meeting.HOLDS_VENUE,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk__in=list(exclude))
        .exists()
    )


def next_free_slots(
    venue: Venue, starts_at: datetime, duration: timedelta, *, now: datetime, limit: int = 3
) -> list[planner.Proposal]:
    """Evening/weekend slots at the same venue in the two weeks after the wanted time."""
    local = starts_at.astimezone(planner.OSLO).date()
    # Two weeks, or fewer at the end of the calendar (year 9999), where no day follows.
    last_day = local + min(timedelta(days=14), date.max - timedelta(days=1) - local)
    return planner.propose(
        first_day=local,
        last_day=last_day,
        duration=duration,
        venues=[venue_info(venue, local, last_day + timedelta(days=1))],
        invitees=[],
        country=venue.municipality.country,
        avoid=venue.municipality.days_without_meetings,
        now=max(now, starts_at - timedelta(minutes=1)),
        limit=limit,
    )


def venue_info(venue: Venue, first_day, last_day) -> planner.VenueInfo:
    return venue_infos([venue], first_day, last_day)[0]


def venue_infos(venues: list[Venue], first_day: date, last_day: date) -> list[planner.VenueInfo]:
    """Each venue's opening hours and the bookings that touch the days [first_day, last_day]
    (local days), for the planner: the bookings of all venues in one query, over an index
    range of start times (a query per venue, each comparing every meeting's local date, before
    issue #24)."""
    zone = timezone.get_current_timezone()
    margin = timedelta(days=1)  # at the ends of the calendar, no instant before or after a day
    if first_day > date.min + margin:
        first = datetime.combine(first_day, time.min, tzinfo=zone)
        # A meeting is at most MAX_DURATION long: an index range of start times.
        during = Q(ends_at__gte=first, starts_at__gte=first - MAX_DURATION)
    else:
        during = Q(ends_at__date__gte=first_day)
    if last_day < date.max - margin:
        during &= Q(starts_at__lt=datetime.combine(last_day + margin, time.min, tzinfo=zone))
    else:
        during &= Q(starts_at__date__lte=last_day)
    bookings: dict[int, list[planner.Interval]] = {}
    for venue_id, start, end in Meeting.objects.filter(
        during, venue__in=[venue.pk for venue in venues], status__in=Meeting.HOLDS_VENUE
    ).values_list("venue_id", "starts_at", "ends_at"):
        bookings.setdefault(venue_id, []).append(planner.Interval(start, end))
    infos = []
    for venue in venues:
        openings: dict[int, list] = {}
        for opening in venue.openings.all():
            openings.setdefault(opening.weekday, []).append((opening.opens_at, opening.closes_at))
        infos.append(
            planner.VenueInfo(
                id=venue.pk,
                name=str(venue),
                openings=openings,
                bookings=bookings.get(venue.pk, []),
            )
        )
    return infos


def _check_capacity(venue: Venue | None, capacity: int | None) -> None:
    if venue is not None and capacity and capacity > venue.capacity:
        raise ValidationError(
            {
                "capacity": _("%(venue)s has room for %(max)d people.")
                % {"venue": venue, "max": venue.capacity}
            }
        )


def _check_venue(venue: Venue | None, starts: list[datetime], duration, *, exclude=(), now) -> None:
    if venue is None:
        return
    if not venue.is_active:
        raise ValidationError({"venue": _("%(venue)s is no longer in use.") % {"venue": venue}})
    for start in starts:
        info = venue_info(venue, start.date(), start.date())
        if not info.is_open(start, start + duration):
            raise ValidationError(
                {"venue": _("%(venue)s is closed at that time.") % {"venue": venue}}
            )
        if venue_clashes(venue, start, start + duration, exclude=exclude):
            free = next_free_slots(venue, start, duration, now=now)
            offer = ", ".join(
                timezone.localtime(p.start).strftime("%d.%m %H:%M") for p in free
            ) or _("none in the next two weeks")
            raise ValidationError(
                {
                    "venue": _("%(venue)s is already booked on %(when)s. Free times: %(free)s.")
                    % {
                        "venue": venue,
                        "when": timezone.localtime(start).strftime("%d.%m.%Y %H:%M"),
                        "free": offer,
                    }
                }
            )


def _check_municipality(
    municipality, *, venue: Venue | None, organizations: Iterable[Organization] = ()
) -> None:
    """A meeting's venue and invited organisations belong to its municipality (the tenant): a
    meeting never books another municipality's venue nor invites organisations not active in it."""
    errors = {}
    if venue is not None and venue.municipality_id != municipality.pk:
        errors["venue"] = _("%(venue)s is in %(other)s; the meeting is in %(municipality)s.") % {
            "venue": venue,
            "other": venue.municipality,
            "municipality": municipality,
        }
    outside = [
        o.name
        for o in organizations
        if municipality.pk not in {m.pk for m in o.municipalities.all()}
    ]
    if outside:
        errors["organizations"] = _("Not active in %(municipality)s: %(names)s.") % {
            "municipality": municipality,
            "names": ", ".join(outside),
        }
    if errors:
        raise ValidationError(errors)


def _check_lent(organizer_organization: Organization | None, venue: Venue | None) -> None:
    """An organisation books the municipality's venues only through a granted request for
    premises (dashboard: `venue_series_book`); its own venues stay its own (R16, W22)."""
    if organizer_organization is not None and venue is not None and venue.organization_id is None:
        raise ValidationError(
            {
                "venue": _(
                    "%(venue)s is the municipality's: organisations ask for it as premises on "
                    "the municipality's page, and a granted request books it."
                )
                % {"venue": venue}
            }
        )


def _save_booking(meeting: Meeting) -> None:
    """Validates and saves the meeting; a concurrent booking of the venue that the exclusion
    constraint catches becomes a ValidationError on the venue (a savepoint keeps the caller's
    transaction usable)."""
    meeting.full_clean(exclude=["series"])
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:
        raise ValidationError(
            {"venue": _("The venue was booked by someone else just now.")}
        ) from error


@transaction.atomic
def meeting_create(
    *,
    by: User,
    municipality,
    organizer_organization: Organization | None,
    fields: dict[str, Any],
    starts_at: datetime,
    ends_at: datetime,
    organizations: Iterable[Organization] = (),
    people: Iterable[User] = (),
    repeat: dict[str, Any] | None = None,
    draft: bool = False,
    invite_group: bool = False,
    now: datetime | None = None,
) -> Meeting:
    """Create a meeting, or a series of meetings, with invitations. Nothing is saved when any
    occurrence is invalid (a venue clash, a closed venue, a time in the past). A draft is seen
    only by its organisers and its invitations wait until it is published (`meeting_publish`).
    `invite_group`: the municipality's coordinating group is invited as one (R30), each member
    with an invitation of their own, and later gets the minutes."""
    now = now or timezone.now()
    probe = Meeting(municipality=municipality, organizer_organization=organizer_organization)
    if not by.has_perm("meetings.change_meeting", probe):
        raise PermissionDenied
    if organizer_organization is not None and not organizer_organization.is_verified_in(
        municipality.pk
    ):
        raise ValidationError(_("The organisation organises meetings only where it is verified."))
    organizations = list(organizations)
    _check_municipality(municipality, venue=fields.get("venue"), organizations=organizations)
    _check_lent(organizer_organization, fields.get("venue"))
    _validate_times(starts_at, ends_at, now=now)
    duration = ends_at - starts_at
    series = None
    starts = [starts_at]
    if repeat:
        rule = recurrence.build_rrule(first_start=starts_at, **repeat)
        starts = recurrence.occurrences(rule, starts_at)
        series = MeetingSeries.objects.create(rrule=rule, dtstart=starts_at, duration=duration)
    venue = fields.get("venue")
    _check_capacity(venue, fields.get("capacity"))
    _check_venue(venue, starts, duration, now=now)
    people = list(people)
    if invite_group:
        if organizer_organization is not None:
            raise ValidationError(
                {"invite_group": _("Only the municipality invites its coordinating group.")}
            )
        members = group_member_users(municipality.pk)
        if not members:
            raise ValidationError(
                {"invite_group": _("The municipality's coordinating group has no members yet.")}
            )
        invited = {user.pk for user in people}
        people += [user for user in members if user.pk not in invited]
    first = None
    for start in starts:
        meeting = Meeting(
            municipality=municipality,
            organizer_organization=organizer_organization,
            created_by=by,
            minute_taker=fields.pop("minute_taker", None) or by,
            starts_at=start,
            ends_at=start + duration,
            series=series,
            recurrence_id=start if series else None,
            status=Meeting.Status.DRAFT if draft else Meeting.Status.SCHEDULED,
            group_invited=invite_group,
            **fields,
        )
        _save_booking(meeting)
        Participation.objects.bulk_create(
            [Participation(meeting=meeting, organization=o) for o in organizations]
            + [Participation(meeting=meeting, user=u) for u in people]
        )
        first = first or meeting
    if not draft:
        _notify_invitees(first, kind="meeting_invitation", now=now)
    return first


@transaction.atomic
def meeting_publish(*, by: User, meeting: Meeting, now: datetime | None = None) -> int:
    """Publish a draft (for a series: every draft occurrence of it): from now on those invited
    see it, it appears in calendars and feeds (and the public calendar when it is public), and
    the invitations go out. A draft whose time has passed is moved first. Returns how many
    meetings were published."""
    now = now or timezone.now()
    if not by.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    rows = Meeting.objects.select_for_update().filter(status=Meeting.Status.DRAFT)
    rows = list(
        rows.filter(series=meeting.series_id) if meeting.series_id else rows.filter(pk=meeting.pk)
    )
    if not rows:
        raise ValidationError(_("This meeting is already published."))
    if min(row.starts_at for row in rows) < now:
        raise ValidationError(_("The meeting's time has passed. Choose a new time first."))
    for row in sorted(rows, key=lambda r: r.starts_at):
        row.status = Meeting.Status.SCHEDULED
        row.sequence += 1
        row.save(update_fields=["status", "sequence", "updated_at"])
    _notify_invitees(min(rows, key=lambda r: r.starts_at), kind="meeting_invitation", now=now)
    return len(rows)


EVALUATION_LEAD = timedelta(days=14)
EVALUATION_START = time(17)  # after working hours: volunteers can come (R32)
EVALUATION_DURATION = timedelta(minutes=90)


def _evaluation_agenda(agreement, template: str) -> str:
    """The evaluation agenda (R36): the municipality's evaluation template, then one item per
    row of the agreement's responsibility matrix (who does what) to mark done, partly or not."""
    lines = [template.strip(), "", _("Responsibility matrix: done / partly / not done, comment")]
    for row in agreement.rows.select_related("organization"):
        if row.responsible == "organization" and row.organization_id:
            who = row.organization.name
        else:
            who = row.get_responsible_display()
        lines.append(f"- {row.task} ({who}): " + _("done / partly / not done"))
    return "\n".join(lines).strip()


@transaction.atomic
def evaluation_meeting_create(*, by: User, agreement, now: datetime | None = None) -> Meeting:
    """Plan the evaluation meeting of an agreement (R27, R36): the municipality organises it,
    the organisations party to the agreement are invited, and the agenda lists each row of the
    responsibility matrix to review. It is proposed on the review date (or in two weeks when
    that has passed) at 17:00; the coordinator then sets the time on the meeting's form."""
    now = now or timezone.now()
    if not by.has_perm("meetings.plan_evaluation_meeting", agreement):
        raise PermissionDenied
    if agreement.status not in ("active", "revision"):
        raise ValidationError(_("Only an agreement in force is evaluated."))
    # A draft: the coordinator checks the proposed time and the place, then publishes it and the
    # invitations go out.
    zone = zone_for(agreement.municipality.country)
    today = timezone.localdate(now, zone)
    day = agreement.review_on
    if day is None or day <= today:
        day = today + EVALUATION_LEAD
    starts_at = datetime.combine(day, EVALUATION_START, tzinfo=zone)
    organizations = [
        party.organization
        for party in agreement.parties.select_related("organization").prefetch_related(
            "organization__municipalities"
        )
        if party.organization_id
    ]
    template = agenda_templates_of(agreement.municipality)[Kind.EVALUATION]
    meeting = meeting_create(
        by=by,
        municipality=agreement.municipality,
        organizer_organization=None,
        fields={
            "kind": Kind.EVALUATION,
            "title": _("Evaluation: %(agreement)s") % {"agreement": agreement.title},
            "agenda": _evaluation_agenda(agreement, template),
        },
        starts_at=starts_at,
        ends_at=starts_at + EVALUATION_DURATION,
        organizations=organizations,
        draft=True,
        now=now,
    )
    meeting.evaluated_agreement = agreement
    meeting.save(update_fields=["evaluated_agreement", "updated_at"])
    return meeting


def _recipients(participation: Participation) -> list[User]:
    if participation.user_id:
        return [participation.user]
    return admins_and_contacts(participation.organization_id)


def _notify_invitees(
    meeting: Meeting, *, kind: str, now: datetime, answered_only: bool = False
) -> None:
    participations = meeting.participations.select_related("user", "organization")
    if answered_only:
        participations = participations.filter(response__in=["yes", "maybe"])
    _notify(meeting, participations, kind=kind, now=now)


def _notify(meeting: Meeting, participations, *, kind: str, now: datetime) -> None:
    """Tell each participation's people (`_recipients`) about this version of the meeting."""
    for participation in participations:
        notification_schedule_each(
            _recipients(participation),
            kind=kind,
            subject=meeting,
            due_at=now,
            context={"meeting_id": meeting.pk, "sequence": meeting.sequence},
        )


def reminders_reschedule(*, meeting: Meeting, now: datetime) -> int:
    """Drop the unsent reminders of a meeting and schedule them anew from its current time and
    answers. Called in the same transaction as every change, so a stale reminder never goes out."""
    Notification.objects.filter(
        kind=REMINDER_KIND,
        subject_type__model="meeting",
        subject_type__app_label="meetings",
        subject_id=meeting.pk,
        sent_at__isnull=True,
    ).delete()
    if meeting.status != Meeting.Status.SCHEDULED:
        return 0
    count = 0
    for participation in meeting.participations.filter(response__in=["yes", "maybe"]):
        if participation.waitlisted:
            continue
        for user in _recipients(participation):
            for minutes in meeting.reminder_minutes:
                due = meeting.starts_at - timedelta(minutes=int(minutes))
                if due <= now:
                    continue
                notification_schedule(
                    recipient=user,
                    kind=REMINDER_KIND,
                    subject=meeting,
                    due_at=due,
                    context={"meeting_id": meeting.pk, "sequence": meeting.sequence},
                )
                count += 1
    return count


def _scope_rows(meeting: Meeting, scope: str, *, include_detached: bool = False) -> list[Meeting]:
    """The occurrences a change applies to. A change to the series leaves the occurrences that
    were edited on their own; cancelling the series (`include_detached`) takes them too."""
    if not meeting.series_id or scope == "one":
        return [meeting]
    rows = Meeting.objects.select_for_update().filter(series=meeting.series_id)
    if scope == "following":
        rows = rows.filter(recurrence_id__gte=meeting.recurrence_id)
    if not include_detached:
        rows = rows.exclude(Q(detached=True) & ~Q(pk=meeting.pk))
    return list(rows.order_by("starts_at"))


def _wall_clock(moment: datetime) -> datetime:
    """The naive Oslo time, so that "a day later" means the same time on the next day even when
    summer time begins or ends in between."""
    return moment.astimezone(planner.OSLO).replace(tzinfo=None)


@transaction.atomic
def meeting_update(
    *,
    by: User,
    meeting: Meeting,
    fields: dict[str, Any],
    starts_at: datetime,
    ends_at: datetime,
    scope: str = "one",
    now: datetime | None = None,
) -> Meeting:
    """Change one occurrence, this and the following ones, or the whole series.

    A new start or end moves each chosen occurrence by the same amount of Oslo wall-clock time.
    Invitees who said yes or maybe are told of a time change at once, and their reminders follow
    the new time. The series keeps its rule and first start: each occurrence keeps its original
    start (`recurrence_id`), and the calendar feed shows a moved one as an override of it."""
    now = now or timezone.now()
    if not by.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    _validate_times(starts_at, ends_at, now=now)
    shift = _wall_clock(starts_at) - _wall_clock(meeting.starts_at)
    duration = ends_at - starts_at
    rows = _scope_rows(meeting, scope)
    venue = fields.get("venue", meeting.venue)
    _check_municipality(meeting.municipality, venue=venue)
    if venue != meeting.venue or shift or duration != meeting.duration:
        # A booking granted at a municipal venue keeps its times; another venue is not lent.
        _check_lent(meeting.organizer_organization, venue)
    _check_minute_taker(meeting, fields.get("minute_taker", meeting.minute_taker))
    _check_capacity(venue, fields.get("capacity", meeting.capacity))
    new_starts = [recurrence.local_moment(_wall_clock(row.starts_at) + shift) for row in rows]
    _check_venue(venue, new_starts, duration, exclude=[r.pk for r in rows], now=now)
    # Moving later, the last occurrence moves first: none lands on one not yet moved (the
    # database refuses two bookings of a venue at once, even for a moment).
    moves = sorted(
        zip(rows, new_starts, strict=True),
        key=lambda pair: pair[0].starts_at,
        reverse=shift > timedelta(0),
    )
    for row, start in moves:
        time_changed = row.starts_at != start or row.ends_at != start + duration
        for name, value in fields.items():
            setattr(row, name, value)
        row.starts_at, row.ends_at = start, start + duration
        row.sequence += 1
        if scope == "one" and row.series_id:
            row.detached = True
        # created_by is empty once its author's account is deleted: still a valid meeting.
        _save_booking(row)
        reminders_reschedule(meeting=row, now=now)
        if time_changed and row.status == Meeting.Status.SCHEDULED:
            _notify_invitees(row, kind="meeting_changed", now=now, answered_only=True)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def meeting_cancel(
    *, by: User, meeting: Meeting, scope: str = "one", now: datetime | None = None
) -> int:
    now = now or timezone.now()
    if not by.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    rows = [r for r in _scope_rows(meeting, scope, include_detached=True) if not r.is_cancelled]
    drafts = [r for r in rows if r.is_draft]
    if drafts:  # no one has heard of a draft: it is deleted, with its unsent invitations
        Meeting.objects.filter(pk__in=[r.pk for r in drafts]).delete()
        if meeting.series_id and not Meeting.objects.filter(series=meeting.series_id).exists():
            MeetingSeries.objects.filter(pk=meeting.series_id).delete()
        rows = [r for r in rows if not r.is_draft]
    for row in rows:
        row.status = Meeting.Status.CANCELLED
        row.sequence += 1
        row.save(update_fields=["status", "sequence", "updated_at"])
        reminders_reschedule(meeting=row, now=now)
        if row.ends_at > now:
            _notify_invitees(row, kind="meeting_cancelled", now=now)
    return len(rows) + len(drafts)


@transaction.atomic
def meeting_save_minutes(
    *, by: User, meeting: Meeting, agenda: str, minutes: str, now: datetime | None = None
) -> Meeting:
    """Save the agenda and minutes. When minutes are written for the first time, they are sent
    (R37, R73): to the municipality's leaders; to the leaders (admins) and contact persons of the
    organisations party to the agreement the meeting belongs to (its recurring meeting, or its
    evaluation meeting); to the members of the coordinating group when it was invited (R30); and
    to everyone invited, whatever they answered, with a link to read them. Each person gets one
    e-mail; corrections later do not send again."""
    if not by.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    first_minutes = not meeting.minutes.strip() and bool(minutes.strip())
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.save(update_fields=["agenda", "minutes", "updated_at"])
    if first_minutes:
        _minutes_send(meeting, now=now or timezone.now())
    return meeting


def _minutes_recipients(meeting: Meeting) -> list[tuple[str, list[User]]]:
    """Who gets the first minutes, by the e-mail they get (the first reason wins)."""
    parties = dict.fromkeys(
        party_organization_ids_for_series(meeting.series_id)
        + party_organization_ids_of(meeting.evaluated_agreement_id)
    )
    invitees = [
        user
        for participation in meeting.participations.select_related("user")
        for user in _recipients(participation)
        if user.is_active
    ]
    return [
        ("meeting_minutes", _leaders_of(meeting.municipality_id)),
        ("meeting_minutes_party", _answerers(*parties) if parties else []),
        (
            "meeting_minutes_group",
            group_member_users(meeting.municipality_id) if meeting.group_invited else [],
        ),
        ("meeting_minutes_invitee", invitees),
    ]


def _minutes_send(meeting: Meeting, *, now: datetime) -> None:
    told: set[int] = set()
    for kind, users in _minutes_recipients(meeting):
        for user in users:
            if user.pk in told:
                continue
            told.add(user.pk)
            notification_schedule(
                recipient=user,
                kind=kind,
                subject=meeting,
                due_at=now,
                context={"meeting_id": meeting.pk},
            )


def _leaders_of(municipality_id: int) -> list[User]:
    memberships = MunicipalityMembership.objects.filter(
        municipality=municipality_id,
        role=MunicipalityMembership.Role.LEADER,
        user__is_active=True,
    ).select_related("user")
    return [m.user for m in memberships]


@transaction.atomic
def attendance_record(*, by: User, meeting: Meeting, attended: Iterable[int]) -> None:
    if not by.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    present = set(attended)
    for participation in meeting.participations.all():
        participation.attended = participation.pk in present
        participation.save(update_fields=["attended"])


# -- answers --------------------------------------------------------------------------------------


def _free_seats(meeting: Meeting, *, exclude: int | None = None) -> int | None:
    if not meeting.capacity:
        return None
    taken = (
        meeting.participations.filter(response__in=["yes", "maybe"], waitlisted=False)
        .exclude(pk=exclude)
        .aggregate(n=Sum("party_size"))["n"]
        or 0
    )
    return meeting.capacity - taken


@transaction.atomic
def participation_answer(
    *,
    by: User,
    participation: Participation,
    response: str,
    party_size: int = 1,
    now: datetime | None = None,
) -> Participation:
    """Yes, maybe or no, with how many come. A full public event puts new yeses on the waiting
    list; an invitation-only meeting that is full refuses them."""
    now = now or timezone.now()
    if not by.has_perm("meetings.answer_participation", participation):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().get(pk=participation.meeting_id)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    if meeting.is_draft:
        raise ValidationError(_("This meeting is not published yet."))
    if meeting.ends_at < now:
        raise ValidationError(_("This meeting is over."))
    if response not in Participation.Response.values or response == "pending":
        raise ValidationError({"response": _("Answer yes, maybe or no.")})
    if party_size < 1 or party_size > 50:
        raise ValidationError({"party_size": _("Say how many come: 1 to 50.")})
    was_counting = participation.counts_towards_capacity
    participation.waitlisted = False
    if response in ("yes", "maybe"):
        free = _free_seats(meeting, exclude=participation.pk)
        if free is not None and party_size > free:
            if not meeting.is_public:
                raise ValidationError(
                    {"party_size": _("Only %(free)d places are left.") % {"free": max(free, 0)}}
                )
            participation.waitlisted = True
    participation.response = response
    participation.party_size = party_size
    participation.answered_by = by
    participation.answered_at = now
    participation.save()
    reminders_reschedule(meeting=meeting, now=now)
    if was_counting and not participation.counts_towards_capacity:
        _promote_waiting_list(meeting, now=now)
    return participation


def _promote_waiting_list(meeting: Meeting, *, now: datetime) -> None:
    for waiting in meeting.participations.filter(waitlisted=True).order_by("answered_at"):
        free = _free_seats(meeting)
        if free is not None and waiting.party_size > free:
            break
        waiting.waitlisted = False
        waiting.save(update_fields=["waitlisted"])
        notification_schedule_each(
            _recipients(waiting),
            kind="meeting_place_free",
            subject=meeting,
            due_at=now,
            context={"meeting_id": meeting.pk},
        )
    reminders_reschedule(meeting=meeting, now=now)


@transaction.atomic
def public_event_register(
    *, by: User, meeting: Meeting, party_size: int = 1, now: datetime | None = None
) -> Participation:
    """A signed-in person signs up for a public event (waiting list when it is full)."""
    if not meeting.is_public:
        raise PermissionDenied
    participation, _created = Participation.objects.get_or_create(
        meeting=meeting, user=by, organization=None
    )
    return participation_answer(
        by=by, participation=participation, response="yes", party_size=party_size, now=now
    )


# -- feeds and digests ----------------------------------------------------------------------------


def feed_for(*, user: User | None = None, organization: Organization | None = None) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user, organization=organization)
    return feed


@transaction.atomic
def feed_regenerate(*, feed: CalendarFeed) -> CalendarFeed:
    """A new secret token: the old subscription address stops working at once."""
    feed.token = secrets.token_urlsafe()
    feed.save(update_fields=["token"])
    return feed


def feed_set_digest(*, feed: CalendarFeed, weekly_digest: bool) -> CalendarFeed:
    feed.weekly_digest = weekly_digest
    feed.save(update_fields=["weekly_digest"])
    return feed


def weekly_digests_schedule(*, now: datetime) -> int:
    """On Sunday evening: one e-mail per person who asked, listing next week's meetings."""
    local = timezone.localtime(now)
    week_start = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    due = local.replace(hour=18, minute=0, second=0, microsecond=0)
    count = 0
    from meetings.selectors import meetings_of_user

    for feed in CalendarFeed.objects.filter(weekly_digest=True, user__isnull=False).select_related(
        "user"
    ):
        upcoming = [
            {
                "title": m.title,
                "start": f"{timezone.localtime(m.starts_at):%d.%m.%Y %H:%M}",
                "id": m.pk,
            }
            for m in meetings_of_user(feed.user)
            .filter(
                status=Meeting.Status.SCHEDULED,
                starts_at__gte=week_start,
                starts_at__lt=week_start + timedelta(days=7),
            )
            .order_by("starts_at")
        ]
        if not upcoming:
            continue
        notification_schedule(
            recipient=feed.user,
            kind="meeting_digest",
            subject=feed,
            due_at=due,
            context={"meetings": upcoming, "week_start": week_start.date().isoformat()},
        )
        count += 1
    return count


# -- agenda templates -----------------------------------------------------------------------------


@transaction.atomic
def agenda_templates_save(*, by: User, municipality, texts: dict[str, str]) -> int:
    """Save the municipality's own agenda per kind of meeting. An empty text, or the shipped
    one, goes back to the shipped template. Returns how many of its own the municipality has."""
    if not by.has_perm("meetings.edit_agenda_templates", municipality):
        raise PermissionDenied
    shipped = shipped_for(municipality.country)
    for kind, text in texts.items():
        if kind not in shipped:
            raise ValidationError(_("There is no agenda template for this kind of meeting."))
        text = (text or "").strip()
        if not text or text == shipped[kind].strip():
            AgendaTemplate.objects.filter(municipality=municipality, kind=kind).delete()
            continue
        AgendaTemplate.objects.update_or_create(
            municipality=municipality, kind=kind, defaults={"text": text}
        )
    return AgendaTemplate.objects.filter(municipality=municipality).count()


# -- time polls (R33) -----------------------------------------------------------------------------


def _answerers(*organization_ids: int) -> list[User]:
    return admins_and_contacts(*organization_ids, active_only=True)


@transaction.atomic
def time_poll_create(
    *,
    by: User,
    municipality,
    fields: dict[str, Any],
    duration: timedelta,
    starts: Iterable[datetime],
    organizations: Iterable[Organization],
    now: datetime | None = None,
) -> TimePoll:
    """Offer 3–6 times to the invited organisations; their admins and contact persons get an
    e-mail with a link to mark each time (no sign-in needed)."""
    now = now or timezone.now()
    poll = TimePoll(municipality=municipality, created_by=by, duration=duration, **fields)
    if not by.has_perm("meetings.change_time_poll", poll):
        raise PermissionDenied
    starts = sorted(set(starts))
    if not TimePoll.MIN_OPTIONS <= len(starts) <= TimePoll.MAX_OPTIONS:
        raise ValidationError({"starts": _("Offer between 3 and 6 different times.")})
    for start in starts:
        _validate_times(start, start + duration, now=now)
    organizations = list(organizations)
    if not organizations:
        raise ValidationError({"organizations": _("Invite at least one organisation.")})
    _check_municipality(municipality, venue=None, organizations=organizations)
    poll.full_clean()
    poll.save()
    TimePollOption.objects.bulk_create(TimePollOption(poll=poll, starts_at=s) for s in starts)
    invitees = TimePollInvitee.objects.bulk_create(
        TimePollInvitee(poll=poll, organization=o) for o in organizations
    )
    for invitee in invitees:
        notification_schedule_each(
            _answerers(invitee.organization_id),
            kind="meeting_time_poll",
            subject=poll,
            due_at=now,
            context={"poll_id": poll.pk},
        )
    return poll


@transaction.atomic
def time_poll_answer(
    *,
    by: User,
    invitee: TimePollInvitee,
    answers: dict[int, str],
    now: datetime | None = None,
) -> TimePollInvitee:
    """One organisation's answer: yes, if need be or no for every time offered. Answering again
    replaces the earlier answer."""
    now = now or timezone.now()
    if not by.has_perm("meetings.answer_time_poll", invitee):
        raise PermissionDenied
    poll = TimePoll.objects.select_for_update().get(pk=invitee.poll_id)
    if not poll.is_open:
        raise ValidationError(_("The time is already fixed; the poll is closed."))
    option_ids = set(poll.options.values_list("pk", flat=True))
    if set(answers) != option_ids or not set(answers.values()) <= set(TimePollVote.Answer.values):
        raise ValidationError(_("Answer yes, if need be or no for every time."))
    invitee.votes.all().delete()
    TimePollVote.objects.bulk_create(
        TimePollVote(invitee=invitee, option_id=option_id, answer=answer)
        for option_id, answer in answers.items()
    )
    invitee.answered_by = by
    invitee.answered_at = now
    invitee.save(update_fields=["answered_by", "answered_at"])
    return invitee


@transaction.atomic
def time_poll_decide(
    *,
    by: User,
    poll: TimePoll,
    option: TimePollOption,
    working_hours_reason: str = "",
    now: datetime | None = None,
) -> Meeting:
    """Fix one of the times: the poll becomes a meeting and the invited organisations get the
    invitation (with the agenda and the answer links). A time in working hours needs a reason
    (R32), shown to those invited."""
    now = now or timezone.now()
    if not by.has_perm("meetings.change_time_poll", poll):
        raise PermissionDenied
    poll = TimePoll.objects.select_for_update().get(pk=poll.pk)
    if not poll.is_open:
        raise ValidationError(_("The time is already fixed; the poll is closed."))
    if option.poll_id != poll.pk:
        raise ValidationError(_("Choose one of the times offered."))
    working_hours_reason = working_hours_reason.strip()
    if (
        planner.in_working_hours(option.starts_at, poll.municipality.country)
        and not working_hours_reason
    ):
        raise ValidationError(
            {
                "working_hours_reason": _(
                    "This is a weekday before 17:00, when most volunteers are at work. Choose "
                    "a time after 17:00 or at the weekend, or say here why the meeting must be "
                    "in working hours; those invited see the reason."
                )
            }
        )
    meeting = meeting_create(
        by=by,
        municipality=poll.municipality,
        organizer_organization=poll.organizer_organization,
        fields={
            "kind": poll.kind,
            "title": poll.title,
            "agenda": poll.agenda,
            "working_hours_reason": working_hours_reason,
        },
        starts_at=option.starts_at,
        ends_at=option.starts_at + poll.duration,
        organizations=[i.organization for i in poll.invitees.select_related("organization")],
        now=now,
    )
    poll.status = TimePoll.Status.DECIDED
    poll.meeting = meeting
    poll.save(update_fields=["status", "meeting"])
    return meeting


# -- the agenda, N days before (R34) --------------------------------------------------------------

AGENDA_KIND = "meeting_agenda"
AGENDA_MAX_DAYS = 14


@transaction.atomic
def agenda_schedule_set(*, by: User, municipality, days_before: int) -> AgendaSchedule:
    if not by.has_perm("meetings.edit_agenda_templates", municipality):
        raise PermissionDenied
    if not 1 <= days_before <= AGENDA_MAX_DAYS:
        raise ValidationError(
            {"days_before": _("Choose between 1 and %(max)d days.") % {"max": AGENDA_MAX_DAYS}}
        )
    schedule, _created = AgendaSchedule.objects.update_or_create(
        municipality=municipality, defaults={"days_before": days_before}
    )
    return schedule


@transaction.atomic
def agendas_send_due(*, now: datetime) -> int:
    """Send the agenda of each meeting whose day has come (its municipality's number of days
    before the start) to those invited who have not said no. Once per meeting: the meeting is
    locked and marked sent in the same transaction as the notifications are stored, and a
    second run (or a second worker) skips it. Returns how many meetings were sent."""
    candidates = (
        Meeting.objects.select_for_update(skip_locked=True)
        .filter(
            status=Meeting.Status.SCHEDULED,
            agenda_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=AGENDA_MAX_DAYS),
        )
        .exclude(agenda="")
    )
    candidates = list(candidates)
    from meetings.selectors import agenda_days_before

    days = agenda_days_before({m.municipality_id for m in candidates})
    sent = 0
    for meeting in candidates:
        if meeting.starts_at - timedelta(days=days[meeting.municipality_id]) > now:
            continue
        participations = meeting.participations.exclude(
            response=Participation.Response.NO
        ).select_related("user", "organization")
        _notify(meeting, participations, kind=AGENDA_KIND, now=now)
        meeting.agenda_sent_at = now
        meeting.save(update_fields=["agenda_sent_at"])
        sent += 1
    return sent


# -- the minute-taker (R25) -----------------------------------------------------------------------

# The minute-taker is reminded the day after the meeting (R25), from this hour of the morning.
MINUTES_REMINDER_HOUR = 8
MINUTES_REMINDER_KIND = "meeting_minutes_reminder"


def _check_minute_taker(meeting: Meeting, minute_taker: User | None) -> None:
    """The minute-taker writes the minutes on the meeting's page: one of its organisers."""
    if minute_taker is not None and not minute_taker.has_perm("meetings.change_meeting", meeting):
        raise ValidationError(
            {"minute_taker": _("The minute-taker must be one of the meeting's organisers.")}
        )


@transaction.atomic
def minutes_reminders_send_due(*, now: datetime) -> int:
    """The day after a meeting without minutes (from 08:00), its minute-taker is reminded, once:
    the meeting is locked and marked in the same transaction as the notification is stored."""
    local = timezone.localtime(now)
    cutoff = timezone.make_aware(datetime.combine(local.date(), time()))  # this midnight
    if local.hour < MINUTES_REMINDER_HOUR:
        cutoff = timezone.make_aware(datetime.combine(local.date() - timedelta(days=1), time()))
    due = Meeting.objects.select_for_update(skip_locked=True).filter(
        status=Meeting.Status.SCHEDULED,
        minute_taker__isnull=False,
        minute_taker__is_active=True,
        minutes="",
        minutes_reminded_at__isnull=True,
        ends_at__lt=cutoff,
        ends_at__gt=cutoff - timedelta(days=14),
    )
    count = 0
    for meeting in due.select_related("minute_taker"):
        notification_schedule(
            recipient=meeting.minute_taker,
            kind=MINUTES_REMINDER_KIND,
            subject=meeting,
            due_at=now,
            context={"meeting_id": meeting.pk},
        )
        meeting.minutes_reminded_at = now
        meeting.save(update_fields=["minutes_reminded_at"])
        count += 1
    return count


# -- the logistics checklist (R39) ----------------------------------------------------------------


@transaction.atomic
def logistics_save(
    *, by: User, meeting: Meeting, items: dict[str, tuple[str, User | None, str]]
) -> int:
    """Save the checklist: kind -> (status, who takes it, note). Whoever takes a line must be
    one of the meeting's organisers. Returns how many lines are done."""
    if not by.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    errors = {}
    for kind, (status, taken_by, _note) in items.items():
        if kind not in LogisticsItem.Kind.values or status not in LogisticsItem.Status.values:
            raise ValidationError(_("The checklist was changed meanwhile. Try again."))
        if taken_by is not None and not taken_by.has_perm("meetings.change_meeting", meeting):
            errors[f"taken_by_{kind}"] = _("Choose one of the meeting's organisers.")
    if errors:
        raise ValidationError(errors)
    for kind, (status, taken_by, note) in items.items():
        LogisticsItem.objects.update_or_create(
            meeting=meeting,
            kind=kind,
            defaults={"status": status, "taken_by": taken_by, "note": note.strip()},
        )
    return meeting.logistics.filter(status=LogisticsItem.Status.DONE).count()


# -- a venue lent for a term (R16, W22) ---------------------------------------------------------


def _first_after(now: datetime, weekday: int, starts: time, zone) -> datetime:
    """The first `weekday` at `starts` (wall clock in `zone`) after `now`."""
    today = now.astimezone(zone).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    first = datetime.combine(day, starts, tzinfo=zone)
    return first if first > now else first + timedelta(days=7)


@transaction.atomic
def venue_series_book(
    *,
    by: User,
    organization: Organization,
    venue: Venue,
    title: str,
    weekly: Iterable[tuple[int, time, time]],
    until: date,
    now: datetime | None = None,
) -> list[MeetingSeries]:
    """Book `venue` for `organization` every week at each (weekday, from, to) of `weekly`, from
    now until `until`: one series per weekly time, organised by the organisation, so that its
    calendar shows them and its admins may cancel a day. The caller has decided that it may be
    booked (a coordinator granting a request for the municipality's premises: dashboard).
    Nothing is booked when any occurrence clashes; the error names the venue's next free times."""
    now = now or timezone.now()
    municipality = venue.municipality
    zone = zone_for(municipality.country)
    booked = []
    for weekday, starts, ends in weekly:
        first = _first_after(now, weekday, starts, zone)
        if first.date() > until:
            continue
        duration = datetime.combine(first.date(), ends) - datetime.combine(first.date(), starts)
        rule = recurrence.build_rrule(
            frequency="WEEKLY", interval=1, first_start=first, until=until, count=None
        )
        starts_list = recurrence.occurrences(rule, first)
        _check_venue(venue, starts_list, duration, now=now)
        series = MeetingSeries.objects.create(rrule=rule, dtstart=first, duration=duration)
        for start in starts_list:
            _save_booking(
                Meeting(
                    municipality=municipality,
                    organizer_organization=organization,
                    created_by=by,
                    kind=Kind.OTHER,
                    title=title,
                    venue=venue,
                    starts_at=start,
                    ends_at=start + duration,
                    series=series,
                    recurrence_id=start,
                )
            )
        booked.append(series)
    return booked


@transaction.atomic
def venue_series_release(*, series_ids: Iterable[int], now: datetime | None = None) -> int:
    """The coming occurrences of series booked by `venue_series_book` are cancelled (a
    withdrawn request): the venue is free again from now on; what has been stays."""
    now = now or timezone.now()
    rows = list(
        Meeting.objects.select_for_update().filter(
            series__in=list(series_ids), starts_at__gt=now, status__in=Meeting.HOLDS_VENUE
        )
    )
    for row in rows:
        row.status = Meeting.Status.CANCELLED
        row.sequence += 1
        row.save(update_fields=["status", "sequence", "updated_at"])
    return len(rows)


# -- the coordinating group (R30) -----------------------------------------------------------------


@transaction.atomic
def group_member_add(
    *, by: User, municipality, candidate: str, role_title: str, name_shown: bool = False
) -> GroupMember:
    """Add someone to the municipality's coordinating group: one of its staff or leaders, or a
    person of an organisation verified there (`candidate` is a value of `group_candidates`)."""
    if not by.has_perm("meetings.manage_coordinating_group", municipality):
        raise PermissionDenied
    if candidate not in dict(group_candidates(municipality)):
        raise ValidationError(
            {"candidate": _("Choose someone from the municipality or an organisation active here.")}
        )
    organization_id = None
    if candidate.startswith("o"):
        organization_id, user_id = (int(part) for part in candidate[1:].split("-"))
    else:
        user_id = int(candidate[1:])
    role_title = required_text(
        role_title, "role_title", _("Say what the person does in the group.")
    )
    return GroupMember.objects.create(
        municipality=municipality,
        user_id=user_id,
        organization_id=organization_id,
        role_title=role_title,
        name_shown=name_shown,
        name_set_by=by,
        name_set_at=timezone.now(),
    )


@transaction.atomic
def group_member_set_name_shown(*, by: User, member: GroupMember, shown: bool) -> GroupMember:
    """Show or hide a member's name on the municipality's public page. The member sets it for
    themselves (on their profile); a coordinator records what the person said. Whichever was
    last wins, and the group page shows who set it and when. Saving the row renews the public
    pages at once (accounts.page_cache)."""
    if not (
        by.has_perm("meetings.set_own_group_name", member)
        or by.has_perm("meetings.manage_coordinating_group", member.municipality)
    ):
        raise PermissionDenied
    member.name_shown = shown
    member.name_set_by = by
    member.name_set_at = timezone.now()
    member.save(update_fields=["name_shown", "name_set_by", "name_set_at"])
    return member


@transaction.atomic
def group_member_remove(*, by: User, member: GroupMember) -> None:
    """Take someone out of the group: later invitations and minutes leave them out."""
    if not by.has_perm("meetings.manage_coordinating_group", member.municipality):
        raise PermissionDenied
    member.delete()
