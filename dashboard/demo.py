"""The demo municipalities' public pages (issue #18): their texts and the contacts they publish,
in each municipality's own language (Drammen bokmål, Voss nynorsk, Næstved Danish), made through
the services. `manage.py demo_data` (the demo app) puts every app's demo data together."""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from accounts.models import MunicipalityMembership
from dashboard.models import Arena, PublishedContact
from dashboard.services import (
    arena_create,
    guide_note_save,
    municipality_page_update,
    place_request_answer,
    place_request_create,
    premises_create,
    published_contact_create,
)
from meetings.models import Venue
from organizations.models import OrganizationMembership

Kind = PublishedContact.Kind

# language → the page: texts, switchboard, website and contacts (kind, name, role, phone, e-mail).
PAGES = {
    "nb": {
        "cooperation": (
            "Kommunen og de frivillige organisasjonene møtes i frivillighetsforum fire ganger i "
            "året. Vi lager samarbeidsavtaler med dem som vil, og legger ut det vi trenger hjelp "
            "til her.\n\n"
            "Er du ny i kommunen eller vil bidra som frivillig? Ta kontakt med en av personene på "
            "denne siden, så hjelper vi deg videre."
        ),
        "supplements": (
            "Frivilligheten supplerer, den erstatter ikke. Kommunen har ansvaret for "
            "introduksjonsprogrammet, bolig og helse; de frivillige gir nettverk, språktrening og "
            "fritid."
        ),
        "guide": {
            "language_cafe": "Språkkafeene er gratis og uten påmelding. Bare møt opp.",
            "homework_help": "Leksehjelpen er for elever i grunnskolen; foreldre er velkomne.",
        },
        "switchboard": "+47 32 04 00 00",
        "website": "https://www.drammen.kommune.no/",
        "contacts": [
            (
                Kind.COORDINATOR,
                "Ingrid Berg",
                "Frivillighetskoordinator",
                "+47 32 00 00 10",
                "frivillighet@demo.brobygger.no",
            ),
            (
                Kind.MUNICIPAL_CONTACT,
                "Per Haugen",
                "Kontaktperson for frivillige i flyktningarbeidet",
                "+47 32 00 00 11",
                "kontakt.flyktning@demo.brobygger.no",
            ),
            (
                Kind.ADULT_EDUCATION,
                "Siri Dahl",
                "Rådgiver, voksenopplæringen",
                "+47 32 00 00 12",
                "voksenopplaering@demo.brobygger.no",
            ),
            (
                Kind.REFUGEE_SERVICE,
                "Ali Rahimi",
                "Programrådgiver",
                "+47 32 00 00 13",
                "flyktningtjenesten@demo.brobygger.no",
            ),
            (Kind.NAV, "Tone Lund", "Veileder", "+47 32 00 00 14", ""),
        ],
    },
    "nn": {
        "cooperation": (
            "Heradet og dei frivillige laga møtest i frivilligforum to gonger i året. Vi lagar "
            "samarbeidsavtalar med dei som vil, og legg ut her kva vi treng hjelp til.\n\n"
            "Er du ny på Voss eller vil du vere frivillig? Ta kontakt med ein av personane på "
            "denne sida, så hjelper vi deg vidare."
        ),
        "supplements": (
            "Frivilligheita supplerer, ho erstattar ikkje. Heradet har ansvaret for "
            "introduksjonsprogrammet, bustad og helse; dei frivillige gir nettverk, språktrening "
            "og fritid."
        ),
        "guide": {
            "language_cafe": "Språkkafeen er gratis og utan påmelding. Berre møt opp.",
        },
        "switchboard": "+47 56 51 94 00",
        "website": "https://www.voss.herad.no/",
        "contacts": [
            (
                Kind.COORDINATOR,
                "Sigrid Lid",
                "Frivilligkoordinator",
                "+47 56 00 00 10",
                "frivilligheit.voss@demo.brobygger.no",
            ),
            (
                Kind.ADULT_EDUCATION,
                "Eirik Mo",
                "Rådgjevar, vaksenopplæringa",
                "+47 56 00 00 12",
                "vaksenopplaering.voss@demo.brobygger.no",
            ),
            (
                Kind.REFUGEE_SERVICE,
                "Astrid Bø",
                "Programrådgjevar, flyktningtenesta",
                "+47 56 00 00 13",
                "flyktningtenesta.voss@demo.brobygger.no",
            ),
            (Kind.NAV, "Olav Nes", "Rettleiar", "+47 56 00 00 14", ""),
        ],
    },
    "da": {
        "cooperation": (
            "Kommunen og foreningerne mødes i frivilligforum fire gange om året. Vi laver "
            "samarbejdsaftaler med dem, der vil, og lægger det ud her, vi har brug for hjælp "
            "til.\n\n"
            "Er du ny i kommunen, eller vil du være frivillig? Kontakt en af personerne på denne "
            "side, så hjælper vi dig videre."
        ),
        "supplements": (
            "Frivilligheden supplerer, den erstatter ikke. Kommunen har ansvaret for "
            "integrationsprogrammet, bolig og sundhed; de frivillige giver netværk, sprogtræning "
            "og fritid."
        ),
        "guide": {
            "language_cafe": "Sprogcaféen er gratis og uden tilmelding. Mød bare op.",
            "homework_help": "Lektiehjælpen er for elever i folkeskolen; forældre er velkomne.",
        },
        "switchboard": "+45 55 88 55 88",
        "website": "https://www.naestved.dk/",
        "contacts": [
            (
                Kind.COORDINATOR,
                "Mette Kjær",
                "Frivilligkoordinator",
                "+45 55 00 00 10",
                "frivillighed.naestved@demo.brobygger.no",
            ),
            (
                Kind.MUNICIPAL_CONTACT,
                "Jens Lund",
                "Kontaktperson for frivillige på flygtningeområdet",
                "+45 55 00 00 11",
                "kontakt.flygtning.naestved@demo.brobygger.no",
            ),
            (
                Kind.ADULT_EDUCATION,
                "Hanne Friis",
                "Vejleder, sprogcentret",
                "+45 55 00 00 12",
                "sprogcenter.naestved@demo.brobygger.no",
            ),
            (
                Kind.REFUGEE_SERVICE,
                "Ahmad Nouri",
                "Integrationskonsulent",
                "+45 55 00 00 13",
                "integration.naestved@demo.brobygger.no",
            ),
        ],
    },
}


# language → premises lent at fixed times (name, address, capacity, note, weekdays, from, to) and
# arenas where newcomers are (kind, name, how to get access). Seed 002 §5.2: "hver tirsdag og
# torsdag fra kl. 17-20".
PRACTICAL = {
    "nb": {
        "premises": [
            (
                "Fjell bydelshus, sal 2",
                "Fjellveien 1, 3024 Drammen",
                40,
                "Nøkkel i resepsjonen. Kaffetrakter og prosjektor.",
                [1, 3],
                time(17),
                time(20),
            ),
        ],
        "arenas": [
            (
                Arena.Kind.ADULT_EDUCATION,
                "Drammen voksenopplæring",
                "Organisasjoner kan presentere seg i klassene første mandag i måneden. "
                "Avtal med Siri Dahl.",
            ),
            (
                Arena.Kind.NAV,
                "NAV Drammen",
                "Informasjonsmøte for nye i introduksjonsprogrammet annenhver torsdag.",
            ),
        ],
    },
    "nn": {
        "premises": [
            (
                "Voss kulturhus, møterom 1",
                "Uttrågata 41, 5700 Voss",
                20,
                "Spør i resepsjonen etter nøkkel.",
                [0, 2],
                time(18),
                time(21),
            ),
        ],
        "arenas": [
            (
                Arena.Kind.REFUGEE_SERVICE,
                "Flyktningtenesta på Voss",
                "Organisasjonar kan helse på i opne kontortider tysdagar. Avtal med Astrid Bø.",
            ),
        ],
    },
    "da": {
        "premises": [
            (
                "Kulturhuset, lokale 3",
                "Farimagsvej 1, 4700 Næstved",
                30,
                "Nøglen hentes i Borgerservice.",
                [1, 3],
                time(17),
                time(20),
            ),
        ],
        "arenas": [
            (
                Arena.Kind.ADULT_EDUCATION,
                "Sprogcenter Næstved",
                "Foreninger kan præsentere sig for kursisterne i frokostpausen. "
                "Aftal med Hanne Friis.",
            ),
        ],
    },
}


# The resource library (R74) and a request to present at an arena (R17, W21), in bokmål: title,
# category, link, who sees it, description.
RESOURCES = {
    "nb": [
        (
            "Mal for samarbeidsavtale med frivillige organisasjoner",
            "template",
            "https://www.regjeringen.no/no/tema/kultur-idrett-og-frivillighet/frivillighet/id1248/",
            "members",
            "Utgangspunkt for avtaler mellom kommunen og en forening.",
        ),
        (
            "Veileder: Frivillighet og integrering",
            "guide",
            "https://www.imdi.no/frivillighet/",
            "public",
            "IMDis veileder om hvordan frivillige kan bidra i bosetting og integrering.",
        ),
        (
            "Gode eksempler fra flyktningguideprogrammet",
            "good_practice",
            "https://www.rodekors.no/tilbudene/flyktningguide/",
            "public",
            "Erfaringer fra Røde Kors' flyktningguider.",
        ),
    ]
}
ARENA_REQUEST = {
    "nb": "Vi vil gjerne presentere språkkafeen og frivilligsentralen for deltakerne en tirsdag.",
}


def seed_library_and_arena_request(municipality) -> None:
    """A few documents in the library, and one organisation waiting to present its offer at an
    arena (once each; only where there are texts in the municipality's language)."""
    from dashboard.services import resource_save

    coordinator = (
        MunicipalityMembership.objects.filter(
            municipality=municipality, role=MunicipalityMembership.Role.COORDINATOR
        )
        .select_related("user")
        .first()
    )
    if coordinator is None:
        return
    if not municipality.resources.exists():
        for title, category, url, audience, description in RESOURCES.get(municipality.language, []):
            resource_save(
                by=coordinator.user,
                municipality=municipality,
                title=title,
                category=category,
                url=url,
                audience=audience,
                description=description,
                language=municipality.language,
                published_on=timezone.localdate(),
            )
    message = ARENA_REQUEST.get(municipality.language)
    arena = municipality.arenas.order_by("kind", "name").first()
    if message is None or arena is None or arena.requests.exists():
        return
    admin = _first_admin(municipality)
    if admin is not None:
        place_request_create(
            by=admin.user,
            municipality=municipality,
            organization=admin.organization,
            message=message,
            arena=arena,
        )


def seed(municipality) -> None:
    """The texts of the page and its published contacts, in the municipality's language (once)."""
    if municipality.published_contacts.exists():
        seed_practical(municipality)
        seed_library_and_arena_request(municipality)
        return
    page = PAGES[municipality.language]
    municipality_page_update(
        municipality=municipality,
        cooperation=page["cooperation"],
        supplements=page["supplements"],
        switchboard=page["switchboard"],
        website=page["website"],
    )
    for topic, note in page["guide"].items():
        guide_note_save(municipality=municipality, topic=topic, note=note)
    for kind, name, role, phone, email in page["contacts"]:
        published_contact_create(
            municipality=municipality, kind=kind, name=name, role=role, phone=phone, email=email
        )
    seed_practical(municipality)
    seed_library_and_arena_request(municipality)


def _first_admin(municipality) -> OrganizationMembership | None:
    """The admin of the first (by name) organisation the municipality has verified."""
    return (
        OrganizationMembership.objects.filter(
            role=OrganizationMembership.Role.ADMIN,
            organization__municipality_links__municipality=municipality,
            organization__municipality_links__status="verified",
        )
        .select_related("user", "organization")
        .order_by("organization__name")
        .first()
    )


def _granted_request(municipality, premises) -> None:
    """A verified organisation asked for the first weekly time and the coordinator granted it:
    the series is booked at the venue until the end of the term."""
    coordinator = (
        MunicipalityMembership.objects.filter(
            municipality=municipality, role=MunicipalityMembership.Role.COORDINATOR
        )
        .select_related("user")
        .first()
    )
    admin = _first_admin(municipality)
    if coordinator is None or admin is None:
        return
    place_request = place_request_create(
        by=admin.user,
        municipality=municipality,
        organization=admin.organization,
        message=str(premises.note or premises.name),
        premises=premises,
        slots=list(premises.slots.all())[:1],
    )
    place_request_answer(
        by=coordinator.user, place_request=place_request, status="granted", reply=""
    )


def seed_practical(municipality) -> None:
    """Premises to borrow and arenas where newcomers are, in the municipality's language (once)."""
    if municipality.premises.exists() or municipality.arenas.exists():
        return
    practical = PRACTICAL[municipality.language]
    for index, row in enumerate(practical["premises"]):
        name, address, capacity, note, weekdays, starts_at, ends_at = row
        # The first premises are a venue of the booking calendar too (R16, W22).
        venue = (
            Venue.objects.create(
                municipality=municipality, name=name, address=address, capacity=capacity or 20
            )
            if index == 0
            else None
        )
        premises = premises_create(
            municipality=municipality,
            name=name,
            address=address,
            capacity=capacity,
            note=note,
            weekdays=weekdays,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue,
        )
        if venue is not None:
            _granted_request(municipality, premises)
    for index, (kind, name, access) in enumerate(practical["arenas"]):
        # The first arena has its own contact person, told when an organisation asks (W21).
        contact = (
            {
                "contact_name": "Demo Kontakt",
                "contact_email": f"arena-{municipality.slug}@example.org",
                "contact_public": True,
            }
            if index == 0
            else {}
        )
        arena_create(municipality=municipality, kind=kind, name=name, access=access, **contact)


def seed_group_and_story(municipality, organization) -> None:
    """Drammen's coordinating group (R30: its coordinator and the organisation's admin, who
    agreed to be named) and one published good story (R72), once."""
    from django.utils import timezone

    from accounts.models import MunicipalityMembership
    from dashboard.models import Story
    from meetings.models import GroupMember
    from organizations.models import OrganizationMembership

    coordinator = (
        municipality.memberships.filter(role=MunicipalityMembership.Role.COORDINATOR)
        .select_related("user")
        .first()
    )
    admin = (
        OrganizationMembership.objects.filter(
            organization=organization, role=OrganizationMembership.Role.ADMIN
        )
        .select_related("user")
        .first()
    )
    if coordinator:
        GroupMember.objects.get_or_create(
            municipality=municipality,
            user=coordinator.user,
            defaults={"role_title": "Frivillighetskoordinator"},
        )
    if admin:
        GroupMember.objects.get_or_create(
            municipality=municipality,
            user=admin.user,
            defaults={
                "organization": organization,
                "role_title": "Leder for de frivillige",
                "name_shown": True,
            },
        )
    if not Story.objects.filter(municipality=municipality).exists():
        Story.objects.create(
            municipality=municipality,
            organization=organization,
            title="Torsdagsmiddag på biblioteket",
            text=(
                "Hver torsdag lager frivillige og familier som er nye i byen middag sammen. "
                "Etter et halvt år er flere av de voksne med og planlegger menyen, og barna "
                "har fått venner å gå på fotballtrening med. Alle som er med, ble spurt før "
                "vi skrev dette."
            ),
            people_asked=True,
            status=Story.Status.PUBLISHED,
            submitted_by=admin.user if admin else None,
            decided_by=coordinator.user if coordinator else None,
            decided_at=timezone.now(),
        )
