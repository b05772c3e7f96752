"""What the meeting tests share: a fixed "now" and the times they plan around, a staff meeting
made through the service, moving one, and an agreement whose evaluation meeting is due."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from agreements.models import Agreement
from core.time import OSLO
from meetings import services
from meetings.models import Meeting
from tests.factories import AgreementFactory, PartyFactory, RowFactory

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=OSLO)  # a Tuesday
TUESDAY = date(2026, 9, 8)


def at(day: date, hour: int = 18, minute: int = 0) -> datetime:
    """`day` at `hour`:`minute`, Oslo time."""
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


def staff_meeting(
    coordinator, municipality, kind, title, start, *, hours=1, details=None, **more
) -> Meeting:
    """A meeting the municipality's coordinator plans, organised by no organisation; `details`
    are more of its fields (agenda, address online ...), `more` more arguments of the service."""
    return services.meeting_create(
        by=coordinator,
        municipality=municipality,
        organizer_organization=None,
        fields={"kind": kind, "title": title, **(details or {})},
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        **more,
    )


def move(
    by, meeting: Meeting, start: datetime, scope: str = "one", *, now: datetime = NOW, **fields
) -> Meeting:
    """`by` moves `meeting` (or its series, by `scope`) to `start` at `now`, keeping its length."""
    return services.meeting_update(
        by=by,
        meeting=meeting,
        fields=fields,
        starts_at=start,
        ends_at=start + meeting.duration,
        scope=scope,
        now=now,
    )


def agreement_due_for_review(municipality, organization, title, room_task) -> Agreement:
    """An agreement in force between `municipality` and `organization`, to be reviewed in 30
    days: the organisation finds the volunteers, the municipality lends a room (`room_task`)."""
    agreement = AgreementFactory(
        municipality=municipality,
        title=title,
        status=Agreement.Status.ACTIVE,
        review_on=timezone.localdate() + timedelta(days=30),
    )
    PartyFactory(agreement=agreement, organization=organization)
    RowFactory(
        agreement=agreement,
        task="Skaffe frivillige leksehjelpere",
        responsible="organization",
        organization=organization,
    )
    RowFactory(agreement=agreement, task=room_task, responsible="municipality")
    return agreement


def online_cooperation_meeting(
    coordinator, municipality, organization, *, days, title, agenda, online_url
) -> Meeting:
    """An online cooperation meeting in `days` days, 17 to 19 (UTC), the coordinator invites
    `organization` to."""
    start = (timezone.now() + timedelta(days=days)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    return staff_meeting(
        coordinator,
        municipality,
        "cooperation",
        title,
        start,
        hours=2,
        details={"agenda": agenda, "online_url": online_url},
        organizations=[organization],
    )
