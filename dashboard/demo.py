"""The demo municipality's public page (issue #18): its texts and the contacts it publishes,
made through the services. `manage.py demo_data` (the demo app) puts every app's demo data
together."""

from __future__ import annotations

from dashboard.models import PublishedContact
from dashboard.services import municipality_page_update, published_contact_create

COOPERATION = (
    "Kommunen og de frivillige organisasjonene møtes i frivillighetsforum fire ganger i året. "
    "Vi lager samarbeidsavtaler med dem som vil, og legger ut det vi trenger hjelp til her.\n\n"
    "Er du ny i kommunen eller vil bidra som frivillig? Ta kontakt med en av personene på "
    "denne siden, så hjelper vi deg videre."
)
SUPPLEMENTS = (
    "Frivilligheten supplerer, den erstatter ikke. Kommunen har ansvaret for "
    "introduksjonsprogrammet, bolig og helse; de frivillige gir nettverk, språktrening og "
    "fritid."
)
CONTACTS = [
    # kind, name, role, phone, e-mail
    (
        PublishedContact.Kind.COORDINATOR,
        "Ingrid Berg",
        "Frivillighetskoordinator",
        "+47 32 00 00 10",
        "frivillighet@demo.brobygger.no",
    ),
    (
        PublishedContact.Kind.MUNICIPAL_CONTACT,
        "Per Haugen",
        "Kontaktperson for frivillige i flyktningarbeidet",
        "+47 32 00 00 11",
        "kontakt.flyktning@demo.brobygger.no",
    ),
    (
        PublishedContact.Kind.ADULT_EDUCATION,
        "Siri Dahl",
        "Rådgiver, voksenopplæringen",
        "+47 32 00 00 12",
        "voksenopplaering@demo.brobygger.no",
    ),
    (
        PublishedContact.Kind.REFUGEE_SERVICE,
        "Ali Rahimi",
        "Programrådgiver",
        "+47 32 00 00 13",
        "flyktningtjenesten@demo.brobygger.no",
    ),
    (PublishedContact.Kind.NAV, "Tone Lund", "Veileder", "+47 32 00 00 14", ""),
]


def seed(municipality) -> None:
    """The texts of the page and five published contacts (once)."""
    if municipality.published_contacts.exists():
        return
    municipality_page_update(
        municipality=municipality, cooperation=COOPERATION, supplements=SUPPLEMENTS
    )
    for kind, name, role, phone, email in CONTACTS:
        published_contact_create(
            municipality=municipality, kind=kind, name=name, role=role, phone=phone, email=email
        )
