"""The registry's demo data: sixteen organisations of every kind of actor (an umbrella and its
local branch among them) with weekly activities, in one municipality. `manage.py demo_data` (the
demo app) puts every app's demo data together."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from core.countries import search_config_for
from organizations.choices import UNREGISTERED_KINDS
from organizations.models import (
    Activity,
    ActivitySchedule,
    CategoryTerm,
    LanguageTerm,
    NeedTerm,
    OfferTerm,
    Organization,
    TargetGroupTerm,
)
from organizations.services import organization_refresh_search
from organizations.validators import NO_WEIGHTS


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
    # Every kind of actor the sources name (R02–R04, issue #18): a national umbrella whose local
    # branch is Røde Kors Drammen, an immigrant council, an informal network that is verified
    # and a single enthusiast ("ildsjel"). Added last: other apps' demo data picks by position.
    (
        "Norges Røde Kors",
        demo_org_number(4),
        ["large", "umbrella"],
        ["nb", "en"],
        "Landsforeningen for Røde Kors' lokalforeninger, med flyktningguide og leksehjelp.",
        "The national society of the local Red Cross branches: refugee guides, homework help.",
        [],
    ),
    (
        "Drammen innvandrerråd",
        "",
        ["minority"],
        ["nb", "ar", "so", "uk"],
        "Innvandrerrådet gir kommunen råd og holder åpne møter for nye innbyggere.",
        "The immigrant council advises the municipality and holds open meetings for newcomers.",
        [
            (
                "Åpent møte i innvandrerrådet",
                "information_meeting",
                0,
                "18:00",
                "20:00",
                True,
                ["newly_arrived", "adults"],
            )
        ],
    ),
    (
        "Turvenner på Konnerud",
        "",
        ["network", "outdoor"],
        ["nb", "en"],
        "Et uformelt nettverk som går søndagsturer med nye i byen. Ta med matpakke.",
        "An informal network taking Sunday walks with newcomers. Bring a packed lunch.",
        [("Søndagstur på Konnerud", "outdoor_course", 6, "11:00", "14:00", True, ["families"])],
    ),
    (
        "Fatima Ali (ildsjel)",
        "",
        ["other"],
        ["so", "ar", "nb"],
        "Fatima holder sykafé for kvinner to formiddager i uka, med barnepass.",
        "Fatima runs a sewing café for women two mornings a week, with childcare.",
        [("Sykafé for kvinner", "womens_group", 2, "10:00", "13:00", True, ["women"])],
    ),
]

# Organisations that wait for the coordinator's verification in the demo.
WAITING = {"Nettverksfamilier Drammen (Facebook-gruppe)"}


def hm(value: str) -> time:
    """ "18:30" as a time."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def demo_organization(
    municipality, name: str, *, categories, languages, **defaults
) -> tuple[Organization, bool]:
    """A demo organisation found by its name, or made with `defaults` in the municipality (with
    its status there as its own) and its categories and languages; and whether it was made."""
    organization, created = Organization.objects.get_or_create(name=name, defaults=defaults)
    if created:
        organization.municipalities.add(  # verified by this municipality, or waiting for it
            municipality,
            through_defaults={
                "status": organization.status,
                "verified_at": organization.verified_at,
            },
        )
        organization.categories.set(CategoryTerm.objects.filter(code__in=categories))
        organization.languages.set(LanguageTerm.objects.filter(code__in=languages))
    return organization, created


def demo_activity(
    organization, *, weekday: int, start: str, end: str, languages, groups, **fields
) -> Activity:
    """A weekly demo activity (`start` and `end` as "18:30") with its languages and groups."""
    activity = Activity.objects.create(
        organization=organization,
        has_evening=hm(start).hour >= 17,
        has_weekend=weekday >= 5,
        weekdays=str(weekday),
        **fields,
    )
    ActivitySchedule.objects.create(
        activity=activity, weekday=weekday, starts_at=hm(start), ends_at=hm(end)
    )
    activity.languages.set(LanguageTerm.objects.filter(code__in=languages))
    activity.target_groups.set(TargetGroupTerm.objects.filter(code__in=groups))
    return activity


def seed_organization(municipality, name, number, categories, languages, nb, en, activities):
    """One demo organisation with its activities in the municipality (found again if it exists)."""
    verified = name not in WAITING
    organization, created = demo_organization(
        municipality,
        name,
        categories=categories,
        languages=languages,
        org_number=number,
        description_nb=nb,
        description_en=en,
        status=Organization.Status.VERIFIED if verified else Organization.Status.PENDING,
        verified_at=timezone.now() if verified else None,
        email="post@" + name.split()[0].lower().replace("ø", "o") + ".example.no",
        postal_city="Drammen",
    )
    if not created:
        return organization
    for title, kind, weekday, start, end, free, groups in activities:
        demo_activity(
            organization,
            weekday=weekday,
            start=start,
            end=end,
            languages=languages,
            groups=groups,
            title_nb=title,
            type=kind,
            description_nb=nb,
            municipality=municipality,
            address="Grønland 32",
            postal_code="3045",
            city="Drammen",
            is_free=free,
            price=None if free else 50,
            search_document=f"{title}\n{nb}\n{name}",
            search_config=search_config_for(municipality.country),
            # The facts newcomers ask about (R06, R09, R18), from whom the activity is for.
            children=(
                ("under_18" if "youth" in groups else "under_15") if "children" in groups else "no"
            ),
            # One shows the warning of an activity for children without police certificates.
            police_certificates="children" in groups and title != "Leksehjelp i moskeen",
            age_to=(18 if "youth" in groups else 15) if "children" in groups else None,
            age_from=18 if "women" in groups else None,
            childcare="women" in groups,
            insured=True,
        )
    organization_refresh_search(organization=organization)
    return organization


# Kinds of actors, orientation and what each offers and needs (R02–R04, R08, issue #18), by
# name: kind, orientation, offers, about the offers, needs, about the needs.
KINDS_OFFERS_AND_NEEDS = {
    "Drammen Frivilligsentral": (
        "association",
        "society",
        ["rooms", "language_skills"],
        "Møterom på hverdagskvelder; frivillige som snakker arabisk og tigrinja.",
        ["interpreters"],
        "Tolk på somali til foreldremøter.",
    ),
    "Drammen Turlag": (
        "association",
        "members",
        ["equipment"],
        "Turutstyr til låns: sekker, sko og sovebager.",
        ["volunteers"],
        "To turledere til ferskingturer om høsten.",
    ),
    "Somalisk kvinneforening i Drammen": (
        "association",
        "members",
        ["language_skills"],
        "Somali og norsk.",
        ["premises"],
        "Et kjøkken en kveld i uka.",
    ),
    "Nettverksfamilier Drammen (Facebook-gruppe)": ("network", "society", [], "", [], ""),
    "Sosialt entreprenørskap Drammen AS": ("business", "society", ["rooms"], "", [], ""),
    "Norges Røde Kors": ("association", "society", [], "", [], ""),
    "Røde Kors Drammen": ("association", "society", [], "", ["volunteers"], ""),
    "Drammen innvandrerråd": ("council", "society", ["language_skills"], "", [], ""),
    "Turvenner på Konnerud": ("network", "society", [], "", [], ""),
    "Fatima Ali (ildsjel)": (
        "enthusiast",
        "society",
        ["language_skills"],
        "Somali og arabisk.",
        ["premises"],
        "Et rom med plass til fem symaskiner, to formiddager i uka.",
    ),
}

# A local branch and the national organisation it belongs to (R04): name, umbrella's name.
BRANCHES = {"Røde Kors Drammen": "Norges Røde Kors"}

# The facts newcomers ask about, beyond those `seed_organization` derives from the target
# groups (R06, R09, R10, R18), by activity title.
ACTIVITY_FACTS = {
    "Norsktrening lørdag": {"level": "beginner", "introduction_programme": True},
    "Flyktningguide": {"introduction_programme": True, "transport_help": True},
    "Ferskingkurs i friluftsliv": {"level": "beginner", "transport_help": True},
    "Digital språkkafé": {"level": "advanced", "open_on_holidays": True},
    "Nettverksfamilier": {"open_on_holidays": True},
    "Kvinnegruppe": {"transport_help": True},
    "Åpent møte i innvandrerrådet": {"introduction_programme": True, "age_from": 16},
    "Søndagstur på Konnerud": {"open_on_holidays": True, "level": "beginner"},
    "Sykafé for kvinner": {"level": "beginner", "transport_help": True},
}


def seed_kinds_offers_and_needs(organizations: list[Organization]) -> None:
    """The demo's kinds of actors and its offers and needs, on the organisations just made."""
    for organization in organizations:
        facts = KINDS_OFFERS_AND_NEEDS.get(organization.name)
        if facts is None or organization.offers.exists() or organization.needs.exists():
            continue
        kind, orientation, offers, offers_text, needs, needs_text = facts
        Organization.objects.filter(pk=organization.pk).update(
            kind=kind,
            orientation=orientation,
            offers_text=offers_text,
            needs_text=needs_text,
            # Networks, enthusiasts and councils have no number; a demo business a made-up one.
            org_number="" if kind in UNREGISTERED_KINDS else organization.org_number,
        )
        organization.offers.set(OfferTerm.objects.filter(code__in=offers))
        organization.needs.set(NeedTerm.objects.filter(code__in=needs))


# R13, W23: organisations that may be contacted at once in a crisis, with what they could do.
CRISIS_CONTACTS = {
    "Røde Kors Drammen": "20 frivillige på 24 timer: mottak, klær og følge til legevakt.",
    "Drammen Frivilligsentral": "Lokaler hele døgnet; frivillige som snakker arabisk og tigrinja.",
}
# Profiles nobody has confirmed lately (issue #18), by name: days since they were confirmed.
# One is on the coordinator's list; one is also marked "not confirmed since" in the directory.
UNCONFIRMED = {"Bragernes menighet": 400, "Drammen Moské – frivillighetsgruppen": 800}


def seed_crisis_contacts_and_confirmations(organizations: list[Organization]) -> None:
    """Crisis contacts, and when the profiles were last confirmed: the others today, the ones
    of UNCONFIRMED long ago. Only profiles never confirmed, so a demo confirmation stays."""
    ids = [organization.pk for organization in organizations]
    for name, capacity in CRISIS_CONTACTS.items():
        Organization.objects.filter(pk__in=ids, name=name).update(
            crisis_contact=True, crisis_capacity=capacity
        )
    now = timezone.now()
    for name, days in UNCONFIRMED.items():
        Organization.objects.filter(pk__in=ids, name=name, confirmed_at__isnull=True).update(
            confirmed_at=now - timedelta(days=days)
        )
    Organization.objects.filter(pk__in=ids, confirmed_at__isnull=True).update(confirmed_at=now)


def seed_branches_and_facts(organizations: list[Organization]) -> None:
    """The umbrella links (the branch stays verified with it) and the activities' facts. Each
    run sets the same values, so a demo site seeded before these existed gets them too."""
    by_name = {organization.name: organization for organization in organizations}
    for branch, umbrella in BRANCHES.items():
        Organization.objects.filter(pk=by_name[branch].pk).update(parent=by_name[umbrella])
    for title, facts in ACTIVITY_FACTS.items():
        Activity.objects.filter(organization__in=organizations, title=title).update(**facts)


def seed(municipality) -> list[Organization]:
    """Every demo organisation, the first (the volunteer centre) first."""
    organizations = [seed_organization(municipality, *row) for row in ORGANIZATIONS]
    seed_kinds_offers_and_needs(organizations)
    seed_branches_and_facts(organizations)
    seed_crisis_contacts_and_confirmations(organizations)
    return organizations
