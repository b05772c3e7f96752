"""A national-scale data set for benchmarks: bulk inserts, deterministic (one random seed).

At scale 1: 50 municipalities, 10,000 organisations, 30,000 activities, 10,000 meetings (about a
third of them occurrences of weekly series), 100,000 referrals in every status (with their
persons, consents that cover them and audit events), 2,000 agreements, 200 grant schemes (once
the grants app has its models). Every count is multiplied by `scale`; each table gets at least a
few rows so that a tiny scale still touches everything.

Bulk inserts bypass services and signals on purpose: no history rows, no notifications, no
e-mail. What the services would derive (the search document, an activity's evening and weekend
flags, consents that cover each referral) is derived here the same way.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Municipality, MunicipalityMembership, User
from accounts.services import user_enable_totp
from agreements.models import Agreement, Party, Row, Section
from agreements.models import Kind as AgreementKind
from core.time import OSLO
from meetings.models import CalendarFeed, Kind, Meeting, MeetingSeries, Participation, Venue
from organizations import choices
from organizations.models import (
    Activity,
    ActivitySchedule,
    CategoryTerm,
    LanguageTerm,
    Organization,
    OrganizationMembership,
    TargetGroupTerm,
)
from referrals.choices import Interest, Offer, SharedField
from referrals.models import AuditEvent, Consent, InformationSheet, Person, Referral

PASSWORD = "bench-password-2026"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
EMAIL_DOMAIN = "bench.brobygger.invalid"
BATCH = 5000

BASE_COUNTS = {
    "municipalities": 50,
    "organizations": 10_000,
    "activities": 30_000,
    "meetings": 10_000,
    "referrals": 100_000,
    "agreements": 2_000,
    "grant_schemes": 200,
}
# Issue #24: every Norwegian and Danish municipality, ten times the organisations, and a
# million referrals of which most were erased by the purge years ago (the rows stay for the
# statistics). `--profile nordic`; the scale multiplies these counts as it does the national ones.
NORDIC_COUNTS = {
    "municipalities": 454,
    "organizations": 100_000,
    "activities": 300_000,
    "meetings": 100_000,
    "referrals": 1_000_000,
    "agreements": 20_000,
    "grant_schemes": 500,
}
PROFILES = {"national": BASE_COUNTS, "nordic": NORDIC_COUNTS}
# Share of the referrals that are erased (closed long ago, the person's data purged). They are
# written by INSERT ... SELECT over generate_series, not row by row from Python.
ERASED_SHARE = {"national": 0.0, "nordic": 0.9}
NORWEGIAN_MUNICIPALITIES = 357  # in the Nordic profile, the rest (97) are Danish
MINIMUM = {  # so that a tiny scale still has every kind of row
    "municipalities": 2,
    "organizations": 12,
    "activities": 24,
    "meetings": 24,
    "referrals": 3 * len(Referral.Status),
    "agreements": 4,
    "grant_schemes": 2,
}
MUNICIPALITY_NAMES = [
    "Oslo", "Bergen", "Trondheim", "Stavanger", "Drammen", "Fredrikstad", "Kristiansand",
    "Sandnes", "Tromsø", "Sarpsborg", "Skien", "Ålesund", "Sandefjord", "Haugesund", "Tønsberg",
    "Moss", "Porsgrunn", "Bodø", "Arendal", "Hamar", "Larvik", "Halden", "Lillehammer", "Molde",
    "Harstad", "Gjøvik", "Kongsberg", "Horten", "Ringsaker", "Askøy", "Kristiansund", "Steinkjer",
    "Elverum", "Lillestrøm", "Asker", "Bærum", "Lørenskog", "Ullensaker", "Nordre Follo",
    "Sola", "Karmøy", "Gran", "Narvik", "Alta", "Hammerfest", "Kongsvinger", "Levanger",
    "Namsos", "Ringerike", "Vestvågøy",
]  # fmt: skip
WORDS = [
    "leksehjelp", "språkkafé", "turgruppe", "fotball", "nettverk", "kvinnegruppe", "dugnad",
    "familie", "barn", "ungdom", "norsktrening", "flyktningguide", "svømming", "matlaging",
    "sykkel", "strikking", "sjakk", "kor", "teater", "friluftsliv", "jobbtrening", "data",
    "samtalegruppe", "lekegruppe", "basket", "volleyball", "ski", "fiske", "hage", "bibliotek",
]  # fmt: skip
ORG_KINDS = [
    "Frivilligsentral", "Røde Kors", "Idrettslag", "Turlag", "Menighet", "Kvinneforening",
    "Innvandrerforening", "Sjakklubb", "Kor", "Bibliotekvenner", "Sanitetsforening", "Ungdomsklubb",
]  # fmt: skip
# Ordinary prose around the topic words: most of an organisation's text is not a search term.
FILLER = (
    "Vi er en frivillig organisasjon som samler folk i nærmiljøet. Alle er velkomne, uansett "
    "bakgrunn og språk. Vi møtes jevnlig og tar godt imot nye deltakere. Ta kontakt for å høre "
    "mer om hva vi gjør og hvordan du kan bli med."
)
GIVEN = ["Samir", "Olena", "Yonas", "Farida", "Amina", "Omar", "Iryna", "Dawit", "Leila", "Ali"]
FAMILY = ["Haddad", "Kovalenko", "Tesfaye", "Rahimi", "Mohamed", "Hassan", "Shevchenko", "Bekele"]

# Referral status: share of referrals, and the timestamps a referral in that status has.
STATUS_MIX = {
    Referral.Status.SUBMITTED: 12,
    Referral.Status.ROUTED: 5,
    Referral.Status.ACCEPTED: 15,
    Referral.Status.DECLINED: 6,
    Referral.Status.CONTACT_MADE: 20,
    Referral.Status.UNREACHABLE: 4,
    Referral.Status.CLOSED: 28,
    Referral.Status.WITHDRAWN: 5,
    Referral.Status.EXPIRED: 5,
}


@dataclass
class SeedResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def scaled_counts(scale: float, profile: str = "national") -> dict[str, int]:
    base = PROFILES[profile]
    return {name: max(MINIMUM[name], round(n * scale)) for name, n in base.items()}


def bench_email(role: str, slug: str) -> str:
    return f"{role}-{slug}@{EMAIL_DOMAIN}"


def seed(
    *, scale: float = 1.0, random_seed: int = 9, log=print, profile: str = "national"
) -> SeedResult:
    """Fill an empty database (after `migrate`). Refuses to run twice."""
    if Municipality.objects.filter(slug__startswith="bench-").exists():
        raise RuntimeError("The database already holds benchmark data; seed a fresh one.")
    return _Seeder(scale=scale, rng=random.Random(random_seed), log=log, profile=profile).run()


class _Seeder:
    def __init__(self, *, scale: float, rng: random.Random, log, profile: str = "national"):
        self.profile = profile
        self.counts = scaled_counts(scale, profile)
        # The erased referrals are counted apart: the rest go through the ordinary step.
        total = self.counts["referrals"]
        self.erased = round(total * ERASED_SHARE[profile])
        self.counts["referrals"] = max(MINIMUM["referrals"], total - self.erased)
        self.rng = rng
        self.log = log
        self.result = SeedResult()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.password = make_password(PASSWORD)  # hashed once: PBKDF2 per user would take minutes

    def run(self) -> SeedResult:
        steps = [
            ("municipalities and staff", self.municipalities),
            ("organisations and activities", self.organizations),
            ("venues and meetings", self.meetings),
            ("persons, consents and referrals", self.referrals),
            ("erased referrals (generate_series)", self.erased_referrals),
            ("agreements", self.agreements),
            ("grant schemes", self.grant_schemes),
        ]
        for name, step in steps:
            started = time.perf_counter()
            with transaction.atomic():
                step()
            self.result.seconds[name] = time.perf_counter() - started
            self.log(f"  {name}: {self.result.seconds[name]:.1f} s")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.result.seconds["analyze"] = time.perf_counter() - started
        return self.result

    def _count(self, name: str, n: int) -> None:
        self.result.counts[name] = self.result.counts.get(name, 0) + n

    def _bulk(self, model, objects, name: str | None = None) -> list:
        objects = list(objects)
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self._count(name or model._meta.label, len(created))
        return created

    def _analyze(self, *models) -> None:
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')

    # -- municipalities, their coordinator and caseworker ---------------------------------------

    def municipalities(self) -> None:
        n = self.counts["municipalities"]
        self.munis = self._bulk(
            Municipality,
            (
                Municipality(
                    name=MUNICIPALITY_NAMES[i % len(MUNICIPALITY_NAMES)]
                    + ("" if i < len(MUNICIPALITY_NAMES) else f" {i}"),
                    number=f"{3001 + i}",
                    slug=f"bench-{i}",
                    country=Municipality.Country.DENMARK
                    if self.profile == "nordic" and i >= NORWEGIAN_MUNICIPALITIES
                    else Municipality.Country.NORWAY,
                )
                for i in range(n)
            ),
        )
        # A few big cities and a long tail, as in the real country.
        self.muni_weights = [1 / (i + 1) ** 0.8 for i in range(n)]
        self.coordinators, self.caseworkers = {}, {}
        users = []
        for m in self.munis:
            for role, bucket in (
                ("coordinator", self.coordinators),
                ("caseworker", self.caseworkers),
            ):
                user = User(
                    email=bench_email(role, m.slug),
                    full_name=f"{role.capitalize()} {m.name}",
                    password=self.password,
                )
                bucket[m.pk] = user
                users.append((user, m, role))
        self._bulk(User, (u for u, _m, _r in users), "accounts.User")
        # Bulk, not `municipality_membership_create`: only the bench municipalities made just
        # above get staff, on the command line, with no coordinator before them to tell.
        self._bulk(
            MunicipalityMembership,
            (MunicipalityMembership(user=u, municipality=m, role=r) for u, m, r in users),
        )
        self._bulk(
            EmailAddress,
            (
                EmailAddress(user=u, email=u.email, verified=True, primary=True)
                for u, _m, _r in users
            ),
        )
        for user, _m, _r in users:  # staff must have two-factor; the service does it properly
            user_enable_totp(user=user, secret=TOTP_SECRET)

    # -- organisations, activities, weekly times, members, calendar feeds ------------------------

    def organizations(self) -> None:
        rng = self.rng
        n_orgs, n_activities = self.counts["organizations"], self.counts["activities"]
        categories = list(CategoryTerm.objects.all())
        languages = list(LanguageTerm.objects.all())
        groups = list(TargetGroupTerm.objects.all())
        norwegian = next(lang for lang in languages if lang.code == "nb")
        types = choices.ActivityType.values

        # Plan first, so that each organisation's search document includes its activities.
        per_org = [1] * n_orgs
        for _ in range(n_activities - n_orgs):
            per_org[min(int(rng.expovariate(1 / (n_orgs / 3))), n_orgs - 1)] += 1
        rng.shuffle(per_org)
        orgs, plans = [], []
        for i in range(n_orgs):
            home = rng.choices(self.munis, weights=self.muni_weights)[0]
            name = f"{home.name} {rng.choice(ORG_KINDS)} {i}"
            topics = " ".join(rng.sample(WORDS, rng.randint(1, 3)))  # about 7 % per word
            description = f"{FILLER} Vi driver med {topics}."
            looking = (
                f"{rng.choice(WORDS)} på {rng.choice(['tirsdager', 'lørdager', 'kveldene'])}"
                if rng.random() < 0.1
                else ""
            )
            titles = [
                f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}" for _ in range(per_org[i])
            ]
            status = rng.choices(["pending", "verified", "rejected"], weights=[8, 88, 4])[
                0
            ]  # pending, verified, rejected
            orgs.append(
                Organization(
                    name=name,
                    org_number=f"{900_000_000 + i}" if rng.random() < 0.7 else "",
                    description_nb=description,
                    description_en="An organisation in the benchmark data." if i % 3 == 0 else "",
                    email=f"post{i}@org.{EMAIL_DOMAIN}",
                    website=f"https://org{i}.example.invalid/",
                    postal_address=f"Storgata {i % 200 + 1}",
                    postal_code=f"{(i * 7) % 9000 + 1000}",
                    postal_city=home.name,
                    looking_for_partners=looking,
                    status=status,
                    verified_at=self.now - timedelta(days=rng.randint(1, 700))
                    if status == Organization.Status.VERIFIED
                    else None,
                    rejection_reason="Ikke en frivillig organisasjon."
                    if status == Organization.Status.REJECTED
                    else "",
                    search_document="\n".join(
                        p for p in [name, description, *titles, looking] if p
                    ),
                )
            )
            extra = [m for m in rng.sample(self.munis, min(2, len(self.munis))) if m != home]
            plans.append((home, [home, *extra[: rng.choice((0, 0, 0, 1, 2))]], titles))
        self.orgs = self._bulk(Organization, orgs)
        self.verified = [o for o in self.orgs if o.status == Organization.Status.VERIFIED]
        self.orgs_in = defaultdict(list)  # verified organisations active in each municipality
        through = Organization.municipalities.through
        links = []
        for org, (_home, munis, _titles) in zip(self.orgs, plans, strict=True):
            for m in munis:
                links.append(  # verification per municipality: as the organisation's status
                    through(
                        organization_id=org.pk,
                        municipality_id=m.pk,
                        status=org.status,
                        verified_at=org.verified_at,
                    )
                )
                if org.status == Organization.Status.VERIFIED:
                    self.orgs_in[m.pk].append(org)
        self._bulk(through, links, "organizations.Organization_municipalities")
        self._m2m(Organization.categories.through, "categoryterm_id", categories, (1, 2))
        self._m2m(Organization.languages.through, "languageterm_id", languages, (1, 3), norwegian)
        self._m2m(Organization.target_groups.through, "targetgroupterm_id", groups, (1, 3))

        activities, slots = [], []
        for org, (home, munis, titles) in zip(self.orgs, plans, strict=True):
            for title in titles:
                days = sorted(rng.sample(range(7), rng.choice((1, 1, 1, 2))))
                hour = rng.choice((10, 12, 16, 17, 18, 19))
                free = rng.random() < 0.85
                activities.append(
                    Activity(
                        organization=org,
                        title_nb=title,
                        type=rng.choice(types),
                        description_nb=" ".join(rng.choices(WORDS, k=rng.randint(8, 25))),
                        is_free=free,
                        price=None if free else rng.choice((50, 100, 250)),
                        registration_required=rng.random() < 0.3,
                        online=rng.random() < 0.05,
                        address=f"Storgata {rng.randint(1, 200)}",
                        city=home.name,
                        municipality=rng.choice(munis),
                        is_active=rng.random() < 0.95,
                        has_evening=hour >= choices.EVENING_STARTS_HOUR,
                        has_weekend=any(d in choices.WEEKEND_DAYS for d in days),
                        weekdays="".join(str(d) for d in days),
                        search_document=title,
                    )
                )
                slots.append((days, hour))
        self.activities = self._bulk(Activity, activities)
        self._bulk(
            ActivitySchedule,
            (
                ActivitySchedule(
                    activity=a, weekday=d, starts_at=clock(hour), ends_at=clock(hour + 2)
                )
                for a, (days, hour) in zip(self.activities, slots, strict=True)
                for d in days
            ),
        )
        self.objects_m2m(
            Activity.languages.through,
            "activity_id",
            self.activities,
            "languageterm_id",
            languages,
            (1, 2),
        )
        self.objects_m2m(
            Activity.target_groups.through,
            "activity_id",
            self.activities,
            "targetgroupterm_id",
            groups,
            (1, 2),
        )
        self.activities_of = defaultdict(list)
        for a in self.activities:
            self.activities_of[a.organization_id].append(a)

        # One admin and contact person for every fifth organisation; feeds for every tenth.
        members = []
        for i, org in enumerate(self.orgs[::5]):
            members.append(
                (
                    User(
                        email=f"contact-{i}@{EMAIL_DOMAIN}",
                        full_name=f"Kontakt {i}",
                        password=self.password,
                    ),
                    org,
                )
            )
        self.org_users = self._bulk(User, (u for u, _o in members), "accounts.User")
        self._bulk(
            OrganizationMembership,
            (
                OrganizationMembership(user=u, organization=o, role=role)
                for u, o in members
                for role in (OrganizationMembership.Role.ADMIN, OrganizationMembership.Role.CONTACT)
            ),
        )
        feeds = [
            CalendarFeed(organization=o, token=f"bench-org-{o.pk}") for o in self.verified[::10]
        ]
        feeds += [
            CalendarFeed(user=u, token=f"bench-user-{u.pk}") for u in self.coordinators.values()
        ]
        self._bulk(CalendarFeed, feeds)

    def _m2m(self, through, target_column, terms, how_many, always=None) -> None:
        self.objects_m2m(
            through, "organization_id", self.orgs, target_column, terms, how_many, always
        )

    def objects_m2m(
        self, through, source_column, objects, target_column, terms, how_many, always=None
    ):
        rows = []
        for obj in objects:
            chosen = set(self.rng.sample(terms, self.rng.randint(*how_many)))
            if always is not None:
                chosen.add(always)
            rows += [through(**{source_column: obj.pk, target_column: t.pk}) for t in chosen]
        self._bulk(through, rows, f"{through._meta.label}")

    # -- venues, meetings (single and weekly series), invitations -------------------------------

    def meetings(self) -> None:
        rng = self.rng
        venues = []
        for m in self.munis:
            for j in range(4):
                org = rng.choice(self.orgs_in[m.pk]) if j == 3 and self.orgs_in[m.pk] else None
                venues.append(
                    Venue(
                        municipality=m,
                        organization=org,
                        name=f"{m.name} {['rådhus', 'bibliotek', 'kulturhus', 'lokale'][j]}",
                        address=f"Torget {j + 1}",
                        room=f"Rom {j + 1}",
                        capacity=rng.choice((20, 40, 80, 150)),
                        step_free=rng.random() < 0.7,
                    )
                )
        venues = self._bulk(Venue, venues)
        venues_in = defaultdict(list)
        for v in venues:
            venues_in[v.municipality_id].append(v)
        taken: set[tuple[int, date, int]] = set()  # (venue, day, hour): no double booking

        def slot(venue, days: list[date], hour: int) -> bool:
            keys = [(venue.pk, d, hour) for d in days]
            if any(k in taken for k in keys):
                return False
            taken.update(keys)
            return True

        total = self.counts["meetings"]
        n_series = max(1, total * 3 // 100)  # 3 % are series of 10: ~30 % of meetings recur
        plans = []  # (municipality, venue, [days], hour, series_index)
        for s in range(n_series + (total - n_series * 10)):
            in_series = s < n_series
            m = rng.choices(self.munis, weights=self.muni_weights)[0]
            first = self.today + timedelta(days=rng.randint(-180, 150 if in_series else 180))
            days = [first + timedelta(weeks=w) for w in range(10)] if in_series else [first]
            hour = rng.choice((10, 12, 14, 16, 18))
            venue = None
            if rng.random() < 0.8:
                for _ in range(5):
                    candidate = rng.choice(venues_in[m.pk])
                    if slot(candidate, days, hour):
                        venue = candidate
                        break
            plans.append((m, venue, days, hour, s if in_series else None))
        series = self._bulk(
            MeetingSeries,
            (
                MeetingSeries(
                    rrule="FREQ=WEEKLY;COUNT=10",
                    dtstart=datetime.combine(days[0], clock(hour), OSLO),
                    duration=timedelta(hours=2),
                )
                for _m, _v, days, hour, s in plans
                if s is not None
            ),
        )
        meetings = []
        for m, venue, days, hour, s in plans:
            org = (
                rng.choice(self.orgs_in[m.pk])
                if self.orgs_in[m.pk] and rng.random() < 0.3
                else None
            )
            kind = rng.choice(Kind.values)
            public = kind in (Kind.PUBLIC_EVENT, Kind.VOLUNTEER_FAIR) or rng.random() < 0.25
            title = f"{Kind(kind).label} {m.name}"
            for day in days:
                start = datetime.combine(day, clock(hour), OSLO)
                meetings.append(
                    Meeting(
                        municipality=m,
                        organizer_organization=org,
                        created_by=self.coordinators[m.pk],
                        kind=kind,
                        title=str(title),
                        description=" ".join(rng.choices(WORDS, k=20)),
                        agenda="1. Velkommen\n2. Runde rundt bordet\n3. Eventuelt",
                        venue=venue,
                        online_url="" if venue else "https://meet.example.invalid/bench",
                        starts_at=start,
                        ends_at=start + timedelta(hours=2),
                        capacity=venue.capacity if venue and public else None,
                        is_public=public,
                        status=Meeting.Status.CANCELLED
                        if rng.random() < 0.04
                        else Meeting.Status.SCHEDULED,
                        series=series[s] if s is not None else None,
                        recurrence_id=start if s is not None else None,
                    )
                )
        self.meeting_rows = self._bulk(Meeting, meetings)
        responses = Participation.Response.values
        participations = []
        for meeting in self.meeting_rows:
            local = self.orgs_in[meeting.municipality_id]
            for org in rng.sample(local, min(len(local), rng.randint(1, 4))):
                response = rng.choices(responses, weights=[3, 5, 1, 1])[0]
                participations.append(
                    Participation(
                        meeting=meeting,
                        organization=org,
                        response=response,
                        party_size=rng.randint(1, 3),
                        answered_at=None
                        if response == "pending"
                        else meeting.starts_at - timedelta(days=3),
                    )
                )
        self._bulk(Participation, participations)

    # -- persons, consents, referrals, the time line ---------------------------------------------

    def referrals(self) -> None:
        rng = self.rng
        total = self.counts["referrals"]
        sheet = InformationSheet.objects.get(municipality=None, language="nb", version=1)
        statuses = [s for s, w in STATUS_MIX.items() for _ in range(w)]
        # Every status at least three times, then the realistic mix.
        plan = [s for s in Referral.Status.values for _ in range(3)]
        plan += rng.choices(statuses, k=total - len(plan))
        # A person has one consent and one to three referrals; withdrawn and expired referrals
        # belong to persons whose consent is withdrawn or expired, and only those.
        groups: list[list[str]] = []
        ordinary = [
            s for s in plan if s not in (Referral.Status.WITHDRAWN, Referral.Status.EXPIRED)
        ]
        for ending in (Referral.Status.WITHDRAWN, Referral.Status.EXPIRED):
            ended = [s for s in plan if s == ending]
            while ended:
                take = min(len(ended), rng.choice((1, 1, 2)))
                groups.append([ended.pop() for _ in range(take)])
        while ordinary:
            take = min(len(ordinary), rng.choice((1, 1, 2, 3)))
            groups.append([ordinary.pop() for _ in range(take)])
        rng.shuffle(groups)

        persons, consents, person_plans = [], [], []
        for i, group in enumerate(groups):
            m = rng.choices(self.munis, weights=self.muni_weights)[0]
            if not self.orgs_in[m.pk]:
                m = next(x for x in self.munis if self.orgs_in[x.pk])
            household = rng.choice(["single", "couple", "family"])
            persons.append(
                Person(
                    municipality=m,
                    given_name=rng.choice(GIVEN),
                    family_name=f"{rng.choice(FAMILY)}-{i}",
                    phone=f"+47 4{i:07d}"[:20],
                    email=f"person{i}@example.invalid",
                    postal_code=f"{rng.randint(1000, 9999)}",
                    postal_area=m.name,
                    languages=rng.sample(["ar", "uk", "ti", "fa", "so", "en"], 2),
                    interests=rng.sample(Interest.values, 2),
                    household=household,
                    wants_family_offer=household == "family",
                    children_age_bands=["6-12"] if household == "family" else [],
                    created_by=self.caseworkers[m.pk],
                )
            )
            valid_from = self.today - timedelta(days=rng.randint(0, 170))
            consents.append(
                Consent(
                    informed_on=valid_from,
                    recorded_by=self.caseworkers[m.pk],
                    information_language="nb",
                    information_sheet=sheet,
                    interpreter_present=rng.random() < 0.4,
                    shared_fields=rng.sample(SharedField.values, 5),
                    municipality_chooses=rng.random() < 0.5,
                    offer=rng.choice(Offer.values),
                    signed_how=rng.choice(["paper", "screen"]),
                    person_confirmed=True,
                    valid_from=valid_from,
                    valid_until=valid_from + timedelta(days=182),
                )
            )
            person_plans.append((m, group))
        persons = self._bulk(Person, persons)
        for person, consent in zip(persons, consents, strict=True):
            consent.person = person
        consents = self._bulk(Consent, consents)

        referrals, covered = [], []
        through = Consent.organizations.through
        for person, consent, (m, group) in zip(persons, consents, person_plans, strict=True):
            for status in group:
                routing = status == Referral.Status.SUBMITTED and rng.random() < 0.3
                org = None if routing else rng.choice(self.orgs_in[m.pk])
                if org is not None and not consent.municipality_chooses:
                    covered.append(through(consent_id=consent.pk, organization_id=org.pk))
                activity = (
                    rng.choice(self.activities_of[org.pk])
                    if org is not None and self.activities_of[org.pk] and rng.random() < 0.5
                    else None
                )
                created = min(
                    self.now,
                    max(
                        datetime.combine(consent.valid_from, clock(9), OSLO),
                        self.now - timedelta(days=rng.randint(0, 170), hours=rng.randint(0, 8)),
                    ),
                )
                referrals.append(self._referral(person, consent, m, org, activity, status, created))
        if any(c for c in consents if not c.municipality_chooses):
            # routing referrals need a consent that names at least one organisation
            for consent, (m, _group) in zip(consents, person_plans, strict=True):
                if not consent.municipality_chooses:
                    covered.append(
                        through(consent_id=consent.pk, organization_id=self.orgs_in[m.pk][0].pk)
                    )
        unique = {(c.consent_id, c.organization_id): c for c in covered}
        self._bulk(through, unique.values(), "referrals.Consent_organizations")
        # The trigger checks every referral's consent with a cached plan: without statistics on
        # the tables just filled, PostgreSQL plans a sequential scan and the insert turns
        # quadratic (minutes at 100,000 referrals).
        self._analyze(Consent, through)
        referrals = self._bulk(Referral, referrals)

        # Now end the consents of withdrawn and expired referrals (the trigger looks at inserts).
        withdrawn = {r.consent_id for r in referrals if r.status == Referral.Status.WITHDRAWN}
        expired = {r.consent_id for r in referrals if r.status == Referral.Status.EXPIRED}
        Consent.objects.filter(pk__in=withdrawn).update(
            withdrawn_on=self.today - timedelta(days=5), withdrawn_at=self.now - timedelta(days=5)
        )
        Consent.objects.filter(pk__in=expired).update(
            valid_from=self.today - timedelta(days=200), valid_until=self.today - timedelta(days=18)
        )
        events = [
            AuditEvent(
                person_id=c.person_id,
                consent=c,
                action=AuditEvent.Action.CONSENT_RECORDED,
                by=c.recorded_by,
                at=datetime.combine(c.valid_from, clock(9), OSLO),
            )
            for c in consents
        ]
        events += [
            AuditEvent(
                person_id=r.person_id,
                consent_id=r.consent_id,
                referral=r,
                action=AuditEvent.Action.REFERRAL_STATUS,
                status=r.status,
                by=r.created_by,
                by_organization=r.organization
                if r.status in ("accepted", "declined", "contact_made")
                else None,
                at=r.answered_at or r.created_at,
            )
            for r in referrals
        ]
        self._bulk(AuditEvent, events)

    def erased_referrals(self) -> None:
        """Referrals closed long ago whose person the purge has erased: one person, one consent
        and one referral per row, written by three INSERT ... SELECT over generate_series (a
        million rows would take most of an hour from Python). Each is a copy of one template
        row made here the ordinary way; only the ids, the municipality, the organisation and
        the dates vary. The consents are valid when the referrals go in (the trigger checks),
        and ended afterwards, as the purge finds them."""
        n = self.erased
        if not n:
            return
        rng = self.rng
        sheet = InformationSheet.objects.get(municipality=None, language="nb", version=1)
        # Who: a fixed cycle of (municipality, organisation, caseworker), drawn with the weights
        # of the ordinary referrals.
        places = [m for m in self.munis if self.orgs_in[m.pk]]
        weights = [w for m, w in zip(self.munis, self.muni_weights, strict=True) if m in places]
        cycle = rng.choices(places, weights=weights, k=min(n, 4096))
        munis = [m.pk for m in cycle]
        orgs = [rng.choice(self.orgs_in[m.pk]).pk for m in cycle]
        caseworkers = [self.caseworkers[m.pk].pk for m in cycle]
        created = self.now - timedelta(days=4 * 365)
        template_person = Person(
            municipality=cycle[0], created_by=self.caseworkers[cycle[0].pk], erased_at=self.now
        )
        for name in Person.PERSONAL_FIELDS:  # as the purge leaves them
            setattr(template_person, name, Person._meta.get_field(name).get_default())
        template_consent = Consent(
            person=None,
            informed_on=self.today,
            recorded_by=self.caseworkers[cycle[0].pk],
            information_language="nb",
            information_sheet=sheet,
            shared_fields=list(SharedField.values[:3]),
            municipality_chooses=True,
            offer=Offer.values[0],
            signed_how="paper",
            person_confirmed=True,
            valid_from=self.today,
            valid_until=self.today + timedelta(days=182),
        )
        template_referral = self._referral(
            template_person, template_consent, cycle[0], None, None,
            Referral.Status.CLOSED, created,
        )  # fmt: skip
        template_referral.note = ""
        template_referral.personal_data_erased_at = created + timedelta(days=400)
        dated = (
            "created_at", "answered_at", "accepted_at", "contact_at", "ended_at",
            "personal_data_erased_at",
        )  # fmt: skip
        cycle_sql = {
            "municipality_id": "(%(munis)s::bigint[])[1 + (g - 1) %% %(k)s]",
            "created_by_id": "(%(caseworkers)s::bigint[])[1 + (g - 1) %% %(k)s]",
            "organization_id": "(%(orgs)s::bigint[])[1 + (g - 1) %% %(k)s]",
        }
        params = {"munis": munis, "orgs": orgs, "caseworkers": caseworkers, "k": len(cycle)}
        # Dates spread over a year, four to five years ago (by the row number).
        spread = "(((g::bigint * 7919) %% 365) || ' days')::interval"
        persons = self._series(
            template_person,
            n,
            {
                "municipality_id": cycle_sql["municipality_id"],
                "created_by_id": cycle_sql["created_by_id"],
            },
            params,
        )
        consents = self._series(
            template_consent,
            n,
            {"person_id": f"{persons} + g", "recorded_by_id": cycle_sql["created_by_id"]},
            params,
        )
        self._series(
            template_referral,
            n,
            {
                "person_id": f"{persons} + g",
                "consent_id": f"{consents} + g",
                "municipality_id": cycle_sql["municipality_id"],
                "created_by_id": cycle_sql["created_by_id"],
                "organization_id": cycle_sql["organization_id"],
                **{column: f"%(t_{column})s::timestamptz - {spread}" for column in dated},
            },
            {
                **params,
                **{f"t_{column}": getattr(template_referral, column) for column in dated},
            },
        )
        with connection.cursor() as cursor:  # ended years ago, as the purge finds them
            cursor.execute(
                "UPDATE referrals_consent SET valid_from = %s, valid_until = %s "
                "WHERE id > %s AND id <= %s",
                [created.date(), created.date() + timedelta(days=182), consents, consents + n],
            )
        self._count("referrals.Person", n)
        self._count("referrals.Consent", n)
        self._count("referrals.Referral", n)
        self._count("referrals.Referral (erased)", n)

    def _series(self, template, n: int, varying: dict[str, str], params: dict) -> int:
        """Insert `n` copies of the unsaved `template` in one INSERT ... SELECT over
        generate_series(1, n) AS g, with `varying` columns computed in SQL from g. Their ids are
        reserved in one block first: returns the id before the first (row g has id base + g)."""
        model = type(template)
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            # Reserve n ids: nobody else writes during the seed, but the sequence must move on.
            cursor.execute("SELECT nextval(%s)", [sequence])
            (first,) = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
            base = first - 1
            columns, values = ["id"], [f"{base} + g"]
            constants = {}
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                column = field.column
                columns.append(f'"{column}"')
                if column in varying:
                    values.append(varying[column])
                else:
                    key = f"c_{column}"
                    constants[key] = field.get_db_prep_save(
                        field.pre_save(template, True), connection
                    )
                    values.append(f"%({key})s")
            sql = (  # the names are the model's own, the values parameters
                f'INSERT INTO "{table}" ({", ".join(columns)}) '  # noqa: S608
                f"SELECT {', '.join(values)} FROM generate_series(1, %(n)s) AS g"
            )
            cursor.execute(sql, {**params, **constants, "n": n})
        return base

    def _referral(self, person, consent, m, org, activity, status, created) -> Referral:
        s = Referral.Status
        later = [created + timedelta(days=d) for d in (1, 3, 10, 40)]
        answered = status in (s.ACCEPTED, s.DECLINED, s.CONTACT_MADE, s.UNREACHABLE, s.CLOSED)
        ended = status in (s.CLOSED, s.WITHDRAWN, s.EXPIRED, s.DECLINED)
        return Referral(
            municipality=m,
            person=person,
            consent=consent,
            organization=org,
            activity=activity,
            offer=consent.offer,
            note="Ønsker å øve norsk på kveldstid.",
            status=status,
            created_by=self.caseworkers[m.pk],
            created_at=created,
            routed_at=later[0] if status == s.ROUTED else None,
            answered_at=later[1] if answered else None,
            accepted_at=later[1]
            if status in (s.ACCEPTED, s.CONTACT_MADE, s.UNREACHABLE, s.CLOSED)
            else None,
            contact_at=later[2] if status in (s.CONTACT_MADE, s.UNREACHABLE, s.CLOSED) else None,
            ended_at=min(later[3], self.now) if ended else None,
            decline_category="no_capacity" if status == s.DECLINED else "",
            decline_reason="Ingen frivillige ledige før mars." if status == s.DECLINED else "",
        )

    # -- agreements ------------------------------------------------------------------------------

    def agreements(self) -> None:
        rng = self.rng
        n = self.counts["agreements"]
        frameworks_per_muni = {}
        agreements, party_plans = [], []
        for i in range(n):
            m = (
                self.munis[i % len(self.munis)]
                if i < len(self.munis)
                else rng.choices(self.munis, weights=self.muni_weights)[0]
            )
            local = self.orgs_in[m.pk] or self.verified
            framework = i < len(self.munis)  # one framework agreement per municipality first
            status = rng.choices(Agreement.Status.values, weights=[15, 10, 55, 5, 15])[0]
            starts = self.today - timedelta(days=rng.randint(0, 900))
            agreements.append(
                Agreement(
                    municipality=m,
                    kind=AgreementKind.FRAMEWORK if framework else AgreementKind.INITIATIVE,
                    title=f"{'Rammeavtale' if framework else 'Samarbeidsavtale'} {m.name} {i}",
                    purpose=" ".join(rng.choices(WORDS, k=25)),
                    target_group="Nyankomne flyktninger",
                    starts_on=starts,
                    ends_on=starts + timedelta(days=730) if rng.random() < 0.7 else None,
                    review_on=starts + timedelta(days=365),
                    meeting_frequency="To ganger i året",
                    status=status,
                    is_public=rng.random() < 0.5,
                    revision=rng.randint(0, 5),
                    created_by=self.coordinators[m.pk],
                    approval_requested_at=self.now if status == Agreement.Status.APPROVAL else None,
                )
            )
            party_plans.append(rng.sample(local, min(len(local), rng.randint(1, 3))))
        agreements = self._bulk(Agreement, agreements)
        for a in agreements:
            if a.kind == AgreementKind.FRAMEWORK:
                frameworks_per_muni[a.municipality_id] = a
        initiatives = [a for a in agreements if a.kind == AgreementKind.INITIATIVE]
        for a in initiatives:
            a.framework = frameworks_per_muni.get(a.municipality_id)
        Agreement.objects.bulk_update(initiatives, ["framework"], batch_size=BATCH)
        self._bulk(
            Party,
            [Party(agreement=a, contact_person="Koordinator") for a in agreements]
            + [
                Party(agreement=a, organization=o, contact_person="Kontaktperson")
                for a, orgs in zip(agreements, party_plans, strict=True)
                for o in orgs
            ],
        )
        responsible = ["municipality", "organization", "shared"]
        self._bulk(
            Row,
            (
                Row(
                    agreement=a,
                    position=p,
                    task=f"Oppgave {p + 1}: {rng.choice(WORDS)}",
                    responsible=rng.choice(responsible),
                    organization=orgs[0] if orgs and p == 1 else None,
                    description=" ".join(rng.choices(WORDS, k=10)),
                )
                for a, orgs in zip(agreements, party_plans, strict=True)
                for p in range(4)
            ),
        )
        self._bulk(
            Section,
            (
                Section(agreement=a, position=p, heading=h, body=" ".join(rng.choices(WORDS, k=40)))
                for a in agreements
                for p, h in enumerate(["Formål", "Taushetsplikt", "Oppsigelse"])
            ),
        )
        through = Agreement.activities.through
        self._bulk(
            through,
            {
                (a.pk, act.pk): through(agreement_id=a.pk, activity_id=act.pk)
                for a, orgs in zip(agreements, party_plans, strict=True)
                for o in orgs
                for act in self.activities_of[o.pk][:1]
            }.values(),
            "agreements.Agreement_activities",
        )

    # -- grant schemes (the grants app is built in parallel) -------------------------------------

    def grant_schemes(self) -> None:
        count = self.counts["grant_schemes"]
        try:
            created = seed_grant_schemes(count, seeder=self)
        except LookupError:
            created = 0
            note = (
                f"grant schemes: skipped, the grants app has no scheme model yet ({count} planned)"
            )
            self.result.notes.append(note)
            self.log(f"  {note}")
        if created:
            self._count("grants.Scheme", created)


def seed_grant_schemes(count: int, *, seeder: _Seeder) -> int:
    """Seed `count` published grant schemes: a fifth in the shared catalogue, the rest the
    municipalities' own; deadline rules of every kind the parser reads (yearly and dated)."""
    Scheme = apps.get_model("grants", "Scheme")
    rng = seeder.rng
    activity_types = ["language_cafe", "refugee_guide", "sports", "homework_help", "other"]
    rows = []
    for n in range(count):
        shared = n % 5 == 0
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        rule = f"yearly {month:02d}-{day:02d}" if n % 3 else f"2027-{month:02d}-{day:02d}"
        rows.append(
            Scheme(
                municipality=None if shared else rng.choice(seeder.munis),
                slug=f"bench-scheme-{n}",
                name=f"Tilskudd til inkludering {n}",
                administrator="national" if shared else "municipality",
                administrator_name="IMDi" if shared else "Kommunen",
                summary="Støtte til frivillige organisasjoners integreringsarbeid.",
                deadline_rule=rule,
                requires_org_number=bool(n % 2),
                activity_types=rng.sample(activity_types, 2),
                target_groups=["newly_arrived"],
                status="published",
            )
        )
    Scheme.objects.bulk_create(rows, batch_size=500)
    return len(rows)


# -- sign-ins for the load tool ---------------------------------------------------------------


def session_for(user: User) -> str:
    """A database session signed in as `user` after password and TOTP, as allauth leaves it.

    The load tool sends its key as the session cookie; no login form, no rate limits.
    """
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # allauth's, as a login sets
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": None, "type": "totp"},
    ]
    store.create()
    return store.session_key


def manifest(
    *, seconds: float, result: SeedResult, scale: float, profile: str = "national"
) -> dict:
    """What the load benchmark requests: typical objects of the biggest municipality and
    sessions of its coordinator and caseworker."""
    from django.db.models import Count

    biggest = Municipality.objects.get(slug="bench-0")
    organization = (
        Organization.objects.filter(status=Organization.Status.VERIFIED, municipalities=biggest)
        .annotate(n=Count("activities"))
        .filter(n__gte=3)
        .order_by("n", "pk")
        .first()
    ) or Organization.objects.filter(status=Organization.Status.VERIFIED).first()
    feed = (
        CalendarFeed.objects.filter(organization__isnull=False)
        .annotate(n=Count("organization__participations"))
        .order_by("-n", "pk")
        .first()
    )
    coordinator = User.objects.get(email=bench_email("coordinator", biggest.slug))
    caseworker = User.objects.get(email=bench_email("caseworker", biggest.slug))
    return {
        "scale": scale,
        "profile": profile,
        "seed_seconds": round(seconds, 1),
        "seed_steps": {k: round(v, 1) for k, v in result.seconds.items()},
        "counts": result.counts,
        "notes": result.notes,
        "municipality": biggest.slug,
        "organization_id": organization.pk,
        "feed_token": feed.token,
        "activity_id": organization.activities.order_by("pk").values_list("pk", flat=True).first(),
        "scheme_slug": apps.get_model("grants", "Scheme")
        .objects.filter(status="published")
        .order_by("pk")
        .values_list("slug", flat=True)
        .first(),
        "agreement_id": Agreement.objects.filter(municipality=biggest)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        "meeting_id": Meeting.objects.filter(municipality=biggest, starts_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .first()
        or Meeting.objects.filter(municipality=biggest).values_list("pk", flat=True).first(),
        "coordinator_session": session_for(coordinator),
        "caseworker_session": session_for(caseworker),
        "password": PASSWORD,
        "totp_secret": TOTP_SECRET,
    }
