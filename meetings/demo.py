"""The meeting calendar's demo data: two venues with opening hours, past meetings with minutes
and attendance, and coming ones (a monthly series among them). `manage.py demo_data` (the demo
app) puts every app's demo data together."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from meetings.models import Kind, Meeting, MeetingSeries, Participation, Venue, VenueOpening
from meetings.recurrence import build_rrule, occurrences


def seed(municipality, organizations) -> None:
    """Venues, past meetings with minutes and attendance, and upcoming (recurring) ones."""
    if Venue.objects.filter(municipality=municipality).exists():
        return
    oslo = ZoneInfo("Europe/Oslo")
    town_hall = Venue.objects.create(
        municipality=municipality,
        name="Drammen rådhus",
        room="Bystyresalen",
        address="Engene 1",
        postal_code="3015",
        city="Drammen",
        capacity=60,
        step_free=True,
        accessibility_notes="Heis og teleslynge.",
        equipment="Projektor, kaffetrakter",
        contact="Servicetorget, 32 04 00 00",
    )
    library = Venue.objects.create(
        municipality=municipality,
        organization=organizations[9],
        name="Drammensbiblioteket",
        room="Møterom 2",
        address="Grønland 32",
        postal_code="3045",
        city="Drammen",
        capacity=25,
        step_free=True,
    )
    for venue, days, opens, closes in [
        (town_hall, range(5), 8, 22),
        (town_hall, [5], 10, 16),
        (library, range(6), 10, 20),
    ]:
        for day in days:
            VenueOpening.objects.create(
                venue=venue,
                weekday=day,
                opens_at=time(opens),
                closes_at=time(closes),
            )
    today = timezone.localdate()
    invited = organizations[:6]

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        day = today + timedelta(days=days)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=oslo)

    past = Meeting.objects.create(
        municipality=municipality,
        kind=Kind.DIALOGUE,
        title="Dialogmøte om høstens bosetting",
        agenda="1. Nye bosettinger\n2. Runden rundt bordet\n3. Eventuelt",
        minutes="Kommunen bosetter 40 personer i høst. Røde Kors tar flere flyktningguider.",
        venue=town_hall,
        starts_at=at(-20, 18),
        ends_at=at(-20, 20),
    )
    for n, organization in enumerate(invited):
        Participation.objects.create(
            meeting=past,
            organization=organization,
            response="yes" if n < 4 else "no",
            party_size=2 if n < 2 else 1,
            attended=n < 4,
        )
    first = at((1 - today.weekday()) % 7 + 7, 18)  # a Tuesday evening, one to two weeks ahead
    rule = build_rrule(frequency="MONTHLY", interval=2, first_start=first, until=None, count=6)
    series = MeetingSeries.objects.create(rrule=rule, dtstart=first, duration=timedelta(hours=2))
    for start in occurrences(rule, first):
        meeting = Meeting.objects.create(
            municipality=municipality,
            kind=Kind.DIALOGUE,
            title="Dialogmøte frivillighet og integrering",
            agenda="Nytt fra kommunen, nytt fra organisasjonene, felles aktiviteter.",
            venue=town_hall,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            series=series,
            recurrence_id=start,
        )
        Participation.objects.bulk_create(
            Participation(meeting=meeting, organization=o) for o in invited
        )
    Meeting.objects.create(
        municipality=municipality,
        kind=Kind.PUBLIC_EVENT,
        title="Frivilligbørs på biblioteket",
        description="Møt organisasjonene og finn en aktivitet for deg.",
        venue=library,
        starts_at=at((5 - today.weekday()) % 7 + 7, 11),
        ends_at=at((5 - today.weekday()) % 7 + 7, 15),
        capacity=25,
        is_public=True,
    )
    Meeting.objects.create(
        municipality=municipality,
        kind=Kind.GRANT_INFORMATION,
        title="Informasjonsmøte om tilskudd",
        description="Hvilke tilskudd kan dere søke, og hvordan skriver dere en god søknad?",
        online_url="https://meet.example.no/tilskudd",
        starts_at=at(10, 19),
        ends_at=at(10, 20, 30),
        is_public=True,
    )
