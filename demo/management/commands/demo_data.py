"""Demo data: one municipality, a dozen organisations with activities, a user for every role.

Safe to run again: it finds what it made before. Prints the logins and the TOTP secrets so that a
person can add them to an authenticator app.
"""

from datetime import time

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, MunicipalityMembership, User
from accounts.services import municipality_membership_create, user_enable_totp
from organizations.models import (
    Activity,
    ActivitySchedule,
    CategoryTerm,
    LanguageTerm,
    Organization,
    OrganizationMembership,
    TargetGroupTerm,
)
from organizations.services import organization_refresh_search
from organizations.validators import NO_WEIGHTS
from referrals import demo as referrals_demo

DEMO_PASSWORD = "brobygger-demo-2026"  # noqa: S105 - printed on purpose; demo only


def demo_org_number(serial: int) -> str:
    """A made-up Norwegian organisation number that passes the MOD11 check and belongs to nobody.

    The Brønnøysund Register Centre gives out organisation numbers that begin with 8 or 9; these
    begin with 1000, so no real organisation has one, and a real organisation can still register
    with its own number on a demo site. (The demo once used real numbers, among them Norges
    Kristne Råd's 971273577, for invented organisations.)
    """
    for candidate in range(10_000_000 + serial * 10, 10_000_000 + serial * 10 + 10):
        digits = f"{candidate:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, NO_WEIGHTS, strict=True)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            return digits + str(check)
    raise ValueError(serial)  # pragma: no cover - ten candidates always give one


# name, org number, categories, languages, description (nb), description (en), activities
# activity: title, type, weekday, start, end, free, target groups
ORGANIZATIONS = [
    (
        "Drammen Frivilligsentral",
        "",
        ["volunteer_centre"],
        ["nb", "en"],
        "Frivilligsentralen kobler frivillige og nye innbyggere, og driver språkkafé hver tirsdag.",
        "The volunteer centre connects volunteers and newcomers; language café every Tuesday.",
        [
            (
                "Språkkafé på frivilligsentralen",
                "language_cafe",
                1,
                "18:00",
                "20:00",
                True,
                ["adults"],
            )
        ],
    ),
    (
        "Røde Kors Drammen",
        demo_org_number(1),
        ["large"],
        ["nb", "en", "ar"],
        "Flyktningguide og leksehjelp for barn og unge.",
        "Refugee guides and homework help for children and young people.",
        [
            ("Flyktningguide", "refugee_guide", 3, "17:30", "19:30", True, ["newly_arrived"]),
            ("Leksehjelp", "homework_help", 2, "17:00", "19:00", True, ["children", "youth"]),
        ],
    ),
    (
        "Norsk Folkehjelp Drammen",
        demo_org_number(2),
        ["large"],
        ["nb", "so"],
        "Norsktrening og sosiale aktiviteter i helgene.",
        "Norwegian practice and social activities at weekends.",
        [("Norsktrening lørdag", "language_cafe", 5, "11:00", "13:00", True, ["adults"])],
    ),
    (
        "Drammen Turlag",
        "",
        ["outdoor"],
        ["no"],
        "Ferskingkurs og turer for nye i friluftslivet.",
        "Beginners' courses and hikes for people new to outdoor life.",
        [("Ferskingkurs i friluftsliv", "outdoor_course", 6, "10:00", "15:00", True, ["families"])],
    ),
    (
        "Strømsgodset IF Integrering",
        "",
        ["sports"],
        ["nb", "en"],
        "Aktivitetsguider som følger barn inn i idrettslaget.",
        "Activity guides who bring children into the sports club.",
        [
            (
                "Aktivitetsguide for barn 6–18",
                "children_activity_guide",
                0,
                "17:00",
                "18:30",
                True,
                ["children"],
            )
        ],
    ),
    (
        "Somalisk kvinneforening i Drammen",
        "",
        ["minority"],
        ["so", "no"],
        "Kvinnegruppe med matlaging og samtaler på somali og norsk.",
        "A women's group with cooking and conversation in Somali and Norwegian.",
        [("Kvinnegruppe", "womens_group", 4, "18:00", "21:00", True, ["women"])],
    ),
    (
        "Ukrainsk forening Buskerud",
        "",
        ["minority"],
        ["uk", "ru", "no"],
        "Møteplass for ukrainske familier og informasjonsmøter.",
        "A meeting place for Ukrainian families and information meetings.",
        [
            (
                "Informasjonsmøte for nyankomne",
                "information_meeting",
                3,
                "18:00",
                "19:30",
                True,
                ["newly_arrived", "families"],
            )
        ],
    ),
    (
        "Drammen Moské – frivillighetsgruppen",
        "",
        ["faith"],
        ["ar", "ur", "no"],
        "Frivillighetsgruppen tilbyr leksehjelp og nettverk for familier.",
        "The volunteer group offers homework help and a network for families.",
        [("Leksehjelp i moskeen", "homework_help", 5, "12:00", "14:00", True, ["children"])],
    ),
    (
        "Bragernes menighet",
        "",
        ["faith"],
        ["nb", "en"],
        "Åpent hus og nettverksfamilier for nyankomne.",
        "Open house and network families for newcomers.",
        [
            (
                "Nettverksfamilier",
                "network_family",
                6,
                "13:00",
                "16:00",
                True,
                ["families", "newly_arrived"],
            )
        ],
    ),
    (
        "Språkkafé Drammen bibliotek",
        "",
        ["other"],
        ["no"],
        "Språkkafé i biblioteket, også digitalt.",
        "A language café in the library, also online.",
        [("Digital språkkafé", "language_cafe", 2, "19:00", "20:00", True, ["adults"])],
    ),
    (
        "Nettverksfamilier Drammen (Facebook-gruppe)",
        "",
        ["network"],
        ["nb", "en", "fa"],
        "Et løst nettverk av familier som blir kjent med nyankomne.",
        "A loose network of families who get to know newcomers.",
        [],
    ),
    (
        "Sosialt entreprenørskap Drammen AS",
        demo_org_number(3),
        ["social_entrepreneur", "umbrella"],
        ["nb", "ti"],
        "Arbeidspraksis gjennom dugnad to dager i uka.",
        "Work practice through volunteering two days a week.",
        [("Dugnad som arbeidspraksis", "work_practice", 1, "09:00", "15:00", False, ["adults"])],
    ),
]

# name, e-mail, municipal role, organisation role, staff, TOTP secret (base32)
USERS = [
    (
        "Kari Nordmann",
        "koordinator@demo.brobygger.no",
        "coordinator",
        None,
        False,
        "JBSWY3DPEHPK3PXPJBSWY3DP",
    ),
    (
        "Ola Hansen",
        "saksbehandler@demo.brobygger.no",
        "caseworker",
        None,
        False,
        "KRSXG5CTMVRXEZLUKRSXG5CT",
    ),
    ("Amina Yusuf", "leder@demo.brobygger.no", None, "admin", False, None),
    (
        "Jonas Berg",
        "kontakt@demo.brobygger.no",
        None,
        "contact",
        False,
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",  # contact persons see referral contact details
    ),
    ("Olena Kovalenko", "frivillig@demo.brobygger.no", None, "member", False, None),
    (
        "Plattformadministrator",
        "admin@demo.brobygger.no",
        None,
        None,
        True,
        "MFRGGZDFMZTWQ2LKNNWG23TP",
    ),
]

# Contact persons who approve the demo agreements for their organisations: name, e-mail, org
SIGNATORIES = [
    ("Hanne Lie", "rodekors@demo.brobygger.no", "Røde Kors Drammen"),
    ("Abdi Warsame", "folkehjelp@demo.brobygger.no", "Norsk Folkehjelp Drammen"),
    ("Marte Solberg", "menighet@demo.brobygger.no", "Bragernes menighet"),
]


def _hm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        municipality, _ = Municipality.objects.get_or_create(
            slug="drammen", defaults={"name": "Drammen kommune", "number": "3301"}
        )
        organizations = [self._organization(municipality, *row) for row in ORGANIZATIONS]

        rows = []
        for full_name, email, municipal_role, org_role, staff, secret in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=full_name,
                    is_staff=staff,
                    is_superuser=staff,
                )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if (
                municipal_role
                and not user.municipality_memberships.filter(
                    municipality=municipality, role=municipal_role
                ).exists()
            ):
                # Given as on the command line (by=None): the coordinators are told of it.
                municipality_membership_create(
                    municipality=municipality, user=user, role=municipal_role, by=None
                )
            if org_role:
                OrganizationMembership.objects.get_or_create(
                    user=user,
                    organization=organizations[0],
                    role=org_role,
                    defaults={"phone": "+4791234567" if org_role == "contact" else ""},
                )
            if secret:
                user_enable_totp(user=user, secret=secret)
            role = municipal_role or (org_role and f"organisation {org_role}") or "platform admin"
            rows.append((role, email, secret or "-"))

        for full_name, email, organization_name in SIGNATORIES:
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=full_name
            )
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            OrganizationMembership.objects.get_or_create(
                user=user,
                organization=Organization.objects.get(name=organization_name),
                role=OrganizationMembership.Role.CONTACT,
            )
            rows.append(("organisation contact", email, "-"))

        self._meetings(municipality, organizations)
        self._agreements(municipality)
        referrals_demo.seed(municipality)
        from grants import demo as grants_demo

        grants_demo.load(
            municipality=municipality,
            organization=organizations[0],
            coordinator=User.objects.filter(
                municipality_memberships__municipality=municipality,
                municipality_memberships__role=MunicipalityMembership.Role.COORDINATOR,
            ).first(),
            admin=User.objects.filter(email="leder@demo.brobygger.no").first(),
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):")
        )
        for role, email, secret in rows:
            self.stdout.write(f"  {role:<22} {email:<34} TOTP secret: {secret}")

    def _organization(self, municipality, name, number, categories, languages, nb, en, activities):
        # One organisation (the informal network) waits for the coordinator's verification.
        verified = bool(activities)
        organization, created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "org_number": number,
                "description_nb": nb,
                "description_en": en,
                "status": Organization.Status.VERIFIED if verified else Organization.Status.PENDING,
                "verified_at": timezone.now() if verified else None,
                "email": "post@" + name.split()[0].lower().replace("ø", "o") + ".example.no",
                "postal_city": "Drammen",
            },
        )
        if not created:
            return organization
        organization.municipalities.add(  # verified by this municipality, or waiting for it
            municipality,
            through_defaults={
                "status": organization.status,
                "verified_at": organization.verified_at,
            },
        )
        organization.categories.set(CategoryTerm.objects.filter(code__in=categories))
        organization.languages.set(LanguageTerm.objects.filter(code__in=languages))
        for title, kind, weekday, start, end, free, groups in activities:
            activity = Activity.objects.create(
                organization=organization,
                title=title,
                type=kind,
                description=nb,
                municipality=municipality,
                address="Grønland 32",
                postal_code="3045",
                city="Drammen",
                is_free=free,
                price=None if free else 50,
                has_evening=_hm(start).hour >= 17,
                has_weekend=weekday >= 5,
                weekdays=str(weekday),
                search_document=f"{title}\n{nb}\n{name}",
            )
            ActivitySchedule.objects.create(
                activity=activity, weekday=weekday, starts_at=_hm(start), ends_at=_hm(end)
            )
            activity.languages.set(LanguageTerm.objects.filter(code__in=languages))
            activity.target_groups.set(TargetGroupTerm.objects.filter(code__in=groups))
        organization_refresh_search(organization=organization)
        return organization

    def _meetings(self, municipality, organizations):
        """Venues, past meetings with minutes and attendance, and upcoming (recurring) ones."""
        from datetime import datetime, timedelta
        from zoneinfo import ZoneInfo

        from meetings.models import Kind, Meeting, MeetingSeries, Participation, Venue, VenueOpening
        from meetings.recurrence import build_rrule, occurrences

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
                    opens_at=_hm(f"{opens}:00"),
                    closes_at=_hm(f"{closes}:00"),
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
        series = MeetingSeries.objects.create(
            rrule=rule, dtstart=first, duration=timedelta(hours=2)
        )
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

    def _agreements(self, municipality):
        """Through the services, as people would: a draft, an active framework agreement approved
        by all, one waiting for an organisation, one active under revision, and a need with two
        answers."""
        from datetime import timedelta

        from agreements.models import Agreement, Template
        from agreements.services import (
            agreement_approve,
            agreement_create,
            agreement_send_for_approval,
            agreement_start_revision,
            agreement_update,
            need_respond,
            need_save,
        )

        if Agreement.objects.filter(municipality=municipality).exists():
            return
        # Fresh objects: the roles cached on a user (accounts.selectors.user_roles) were read
        # before the memberships above were made.
        person = {u.email: u for u in User.objects.filter(email__endswith="@demo.brobygger.no")}
        coordinator = person["koordinator@demo.brobygger.no"]
        org = {o.name: o for o in Organization.objects.filter(municipalities=municipality)}
        frivilligsentral, rode_kors = org["Drammen Frivilligsentral"], org["Røde Kors Drammen"]
        folkehjelp, menighet = org["Norsk Folkehjelp Drammen"], org["Bragernes menighet"]
        befriending = Template.objects.get(
            municipality=None, language="nb", name="Nettverks- og vennetilbud for flyktninger"
        )
        framework = Template.objects.get(
            municipality=None, language="nb", name="Rammeavtale mellom kommunen og frivilligheten"
        )
        now = timezone.now()
        today = timezone.localdate()

        def create(template, organizations, title="", starts_on=today):
            return agreement_create(
                by=coordinator,
                municipality=municipality,
                template=template,
                organizations=organizations,
                title=title,
                starts_on=starts_on,
            )

        def edit(agreement, **fields):
            agreement.refresh_from_db()
            sections = [{"heading": s.heading, "body": s.body} for s in agreement.sections.all()]
            rows = [
                {
                    "task": r.task,
                    "responsible": r.responsible,
                    "organization": r.organization,
                    "description": r.description,
                }
                for r in agreement.rows.all()
            ]
            extra_rows = fields.pop("extra_rows", [])
            agreement_update(
                by=coordinator,
                agreement=agreement,
                revision=agreement.revision,
                fields=fields,
                sections=sections,
                rows=rows + extra_rows,
                now=now,
            )

        def approve(agreement, *emails):
            number = agreement.versions.order_by("-number").first().number
            for email in emails:
                agreement_approve(
                    by=person[email], agreement=agreement, version_number=number, now=now
                )

        # 1. A draft from the befriending template, with Røde Kors.
        create(befriending, [rode_kors], starts_on=today + timedelta(days=30))

        # 2. An active framework agreement with three organisations, approved by all (version 1).
        active = create(
            framework,
            [frivilligsentral, rode_kors, folkehjelp],
            starts_on=today - timedelta(days=60),
        )
        agreement_send_for_approval(by=coordinator, agreement=active, now=now)
        approve(
            active,
            "koordinator@demo.brobygger.no",
            "leder@demo.brobygger.no",
            "rodekors@demo.brobygger.no",
            "folkehjelp@demo.brobygger.no",
        )

        # 3. Sent for approval: the municipality approved, Drammen Frivilligsentral has not yet.
        waiting = create(
            befriending,
            [frivilligsentral],
            title="Samarbeidsavtale om språkvenner",
            starts_on=today + timedelta(days=14),
        )
        edit(waiting, ends_on=today + timedelta(days=380), review_on=today + timedelta(days=200))
        agreement_send_for_approval(by=coordinator, agreement=waiting, now=now)
        approve(waiting, "koordinator@demo.brobygger.no")

        # 4. Active, with a revision in progress (version 1 stays in force meanwhile).
        revised = create(
            befriending,
            [menighet],
            title="Samarbeidsavtale om nettverksfamilier",
            starts_on=today - timedelta(days=300),
        )
        edit(revised, ends_on=today + timedelta(days=430), review_on=today + timedelta(days=30))
        agreement_send_for_approval(by=coordinator, agreement=revised, now=now)
        approve(revised, "koordinator@demo.brobygger.no", "menighet@demo.brobygger.no")
        agreement_start_revision(by=coordinator, agreement=revised)
        edit(
            revised,
            meeting_frequency="Hver måned det første året, deretter annenhver måned",
            extra_rows=[
                {
                    "task": "Invitere familiene til en felles sommeravslutning",
                    "responsible": "shared",
                    "organization": None,
                    "description": "",
                }
            ],
        )

        # A published cooperation need with two answers.
        need = need_save(
            by=coordinator,
            need=None,
            municipality=municipality,
            fields={
                "title": "Nettverksfamilier for 12 nyankomne husstander i vår",
                "description": "Kommunen bosetter 12 husstander i vår og ønsker at hver får en "
                "nettverksfamilie som kan møte dem et par ganger i måneden det første halvåret.",
                "target_group": "Nyankomne flyktningfamilier",
                "quantity": 12,
                "starts_on": today + timedelta(days=14),
                "ends_on": today + timedelta(days=200),
                "help_wanted": "Familier som vil bli kjent med en nyankommen husstand",
                "is_published": True,
            },
        )
        need_respond(
            by=person["menighet@demo.brobygger.no"],
            need=need,
            organization=menighet,
            note="Vi har åtte familier i menigheten som gjerne vil være nettverksfamilier.",
        )
        need_respond(
            by=person["leder@demo.brobygger.no"],
            need=need,
            organization=frivilligsentral,
            note="Vi kan rekruttere og kurse fire familier gjennom frivilligsentralen.",
        )
