"""The meeting calendar's demo data: two venues with opening hours, past meetings with minutes
and attendance, and coming ones (a monthly series among them). `manage.py demo_data` (the demo
app) puts every app's demo data together."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.time import OSLO
from meetings.agenda_templates import SHIPPED
from meetings.models import Kind, Meeting, MeetingSeries, Participation, Venue, VenueOpening
from meetings.recurrence import build_rrule, occurrences

# The standing items of the cooperation meeting as Næstved holds it every second month (the
# shipped agenda template): new volunteers, newly arrived refugees (numbers, no names), the
# organisations' activities, challenges and experience.
COOPERATION_AGENDA = SHIPPED["NO"][Kind.COOPERATION]


def seed(municipality, organizations) -> None:
    """Venues, past meetings with minutes and attendance, and upcoming (recurring) ones."""
    if Venue.objects.filter(municipality=municipality).exists():
        return
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
    # The immigrant council is invited to the dialogue meetings too (R03: a stakeholder group).
    invited = organizations[:6] + [o for o in organizations if o.name == "Drammen innvandrerråd"]

    def at(days: int, hour: int, minute: int = 0) -> datetime:
        day = today + timedelta(days=days)
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)

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
    # The cooperation routine of Næstved (every second month, the standing agenda, coffee), and
    # a daytime meeting that says why it is in working hours (R32).
    cooperation = Meeting.objects.create(
        municipality=municipality,
        kind=Kind.COOPERATION,
        title="Samarbeidsmøte med de frivillige organisasjonene",
        agenda=COOPERATION_AGENDA,
        description="Kommunen sørger for rom og kaffe.",
        venue=town_hall,
        starts_at=at((3 - today.weekday()) % 7 + 14, 18),  # a Thursday evening
        ends_at=at((3 - today.weekday()) % 7 + 14, 20),
    )
    Participation.objects.bulk_create(
        Participation(meeting=cooperation, organization=o) for o in invited
    )
    daytime = Meeting.objects.create(
        municipality=municipality,
        kind=Kind.START_UP,
        title="Oppstartsmøte flyktningguide",
        agenda="1. Forventninger til hverandre\n2. Kontaktliste\n3. Hvem kaller inn og skriver "
        "referat",
        working_hours_reason="Tolketjenesten er bare åpen på dagtid.",
        venue=town_hall,
        starts_at=at((1 - today.weekday()) % 7 + 14, 10),
        ends_at=at((1 - today.weekday()) % 7 + 14, 11, 30),
    )
    Participation.objects.create(meeting=daytime, organization=invited[0])
    Meeting.objects.create(
        municipality=municipality,
        kind=Kind.INTERNAL_FOLLOW_UP,
        title="Intern oppfølging: henvisninger siste kvartal",
        online_url="https://meet.example.no/intern",
        starts_at=at((2 - today.weekday()) % 7 + 7, 13),  # a Wednesday, staff only
        ends_at=at((2 - today.weekday()) % 7 + 7, 14),
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
